"""Pages for officers: the offer mapped to the standards and priorities, and its gaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue import selectors
from core import access
from core.tables import Cell, Column, Table
from organisations.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class Bar:
    label: Any
    value: int


@dataclass(frozen=True)
class Chart:
    """Bars drawn with ``<meter>``: no inline style, read out as values; a table of the same
    figures follows each chart."""

    title: str
    bars: list[Bar]

    @property
    def largest(self) -> int:
        return max((bar.value for bar in self.bars), default=0) or 1


def _figures(cell: selectors.Figures) -> str:
    return ngettext(
        "%(count)s (%(places)s places)", "%(count)s (%(places)s places)", cell.opportunities
    ) % {"count": cell.opportunities, "places": cell.places}


def _matrix_table(matrix: selectors.OfferMatrix) -> Table:
    table = Table(
        _("Opportunities (and open places) by standard and national priority area"),
        [
            Column(_("Standard")),
            *(Column(name) for _code, name in matrix.priorities),
            Column(_("No priority area")),
        ],
        name="matrix",
        caption_visible=True,
    )
    for code, name in matrix.standards:
        table.add(
            Cell(name, header=True),
            *(
                _figures(matrix.cells[(code, priority)])
                for priority in [*(c for c, _n in matrix.priorities), ""]
            ),
        )
    return table


def _split_table(caption: str, rows: list[tuple[Any, selectors.Figures]], name: str) -> Table:
    table = Table(
        caption,
        [
            Column(_("Where") if name == "regions" else _("Language")),
            Column(_("Opportunities"), numeric=True),
            Column(_("Open places"), numeric=True),
            Column(_("In Welsh or bilingual"), numeric=True),
            Column(_("For teaching assistants"), numeric=True),
        ],
        name=name,
    )
    for label, cell in rows:
        table.add(
            Cell(label or _("All of Wales"), header=True),
            Cell(cell.opportunities, numeric=True),
            Cell(cell.places, numeric=True),
            Cell(cell.welsh, numeric=True),
            Cell(cell.assistants, numeric=True),
        )
    return table


def _region_choice(request: HttpRequest) -> tuple[str, list[Organisation]]:
    regions = list(Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("name_en"))
    wanted = request.GET.get("region", "")
    return (wanted if wanted in {r.code for r in regions} else ""), regions


@access.rule("catalogue.offer.report")
def offer(request: HttpRequest) -> HttpResponse:
    region, regions = _region_choice(request)
    matrix = selectors.offer_matrix(user=request.user, region=region)
    return render(
        request,
        "catalogue/report/offer.html",
        {
            "region": region,
            "regions": regions,
            "matrix": matrix,
            "table": _matrix_table(matrix),
            "region_chart": Chart(
                _("Opportunities by region"),
                [Bar(label or _("All of Wales"), c.opportunities) for label, c in matrix.by_region],
            ),
            "regions_table": _split_table(
                _("Opportunities by region"), matrix.by_region, "regions"
            ),
            "language_chart": Chart(
                _("Opportunities by language of delivery"),
                [Bar(label, c.opportunities) for label, c in matrix.by_language],
            ),
            "languages_table": _split_table(
                _("Opportunities by language of delivery"), matrix.by_language, "languages"
            ),
        },
    )


WHAT = {
    "provision": lambda: _("Little or no provision"),
    "welsh": lambda: _("Little or no provision in Welsh"),
    "assistants": lambda: _("Little or no provision for teaching assistants"),
}


@access.rule("catalogue.offer.report")
def gaps(request: HttpRequest) -> HttpResponse:
    region, regions = _region_choice(request)
    try:
        below = min(max(int(request.GET.get("below", 3)), 1), 100)
    except ValueError:
        below = 3
    matrix = selectors.offer_matrix(user=request.user, region=region)
    found = selectors.offer_gaps(matrix, below=below)
    table = Table(
        _("Gaps in the offer"),
        [
            Column(_("Standard")),
            Column(_("Priority area")),
            Column(_("What is missing")),
            Column(_("Opportunities found"), numeric=True),
        ],
        name="gaps",
    )
    for gap in found:
        table.add(gap.standard, gap.priority, WHAT[gap.what](), Cell(gap.found, numeric=True))
    return render(
        request,
        "catalogue/report/gaps.html",
        {"region": region, "regions": regions, "below": below, "table": table, "gaps": found},
    )


urlpatterns: list[URLPattern] = [
    path("catalogue/offer/", offer, name="offer_report"),
    path("catalogue/offer/gaps/", gaps, name="offer_gaps"),
]
