"""The offer as officers see it: the mapping matrix and its gaps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    F,
    Q,
    Sum,
)
from django.utils import timezone

from catalogue.models import (
    Audience,
    DeliveryLanguage,
    Opportunity,
    Session,
    SessionStatus,
    Status,
)
from catalogue.selectors.offer import (
    _term_labels,
    standard_order,
)
from core import access
from organisations.models import Organisation, OrganisationKind
from people.models import RoleType
from standards.models import Standard


@dataclass
class Figures:
    opportunities: int = 0
    places: int = 0
    welsh: int = 0  # delivered in Welsh or bilingually
    assistants: int = 0  # meant for teaching assistants

    def add(self, places: int, welsh: bool, assistants: bool) -> None:
        self.opportunities += 1
        self.places += places
        self.welsh += welsh
        self.assistants += assistants


@dataclass
class OfferMatrix:
    standards: list[tuple[str, Any]]
    priorities: list[tuple[str, Any]]
    # (standard code, priority code or "") → figures; "" is "no priority area".
    cells: dict[tuple[str, str], Figures]
    by_region: list[tuple[Any, Figures]]
    by_language: list[tuple[Any, Figures]]
    total: Figures


def offer_matrix(
    *, user: Any, region: str = "", now: datetime.datetime | None = None
) -> OfferMatrix:
    """Listed opportunities and their open places by standard × priority area, by region and
    by language of delivery: a fixed number of queries, summed here."""
    now = now or timezone.now()
    offer = access.visible(user, Opportunity.objects.all(), action="catalogue.offer.report")
    offer = offer.filter(status__in=(Status.PUBLISHED, Status.IN_DEVELOPMENT))
    if region:
        # A region's offer: what is offered in it, and what is offered to all of Wales.
        offer = offer.filter(Q(region__code=region) | Q(region__isnull=True))
    ids = offer.values("pk")
    rows = list(offer.values_list("pk", "language", "region_id"))
    places = dict(
        Session.objects.filter(
            opportunity__in=ids, status=SessionStatus.SCHEDULED, starts_at__gte=now
        )
        .values_list("opportunity_id")
        .annotate(places=Sum(F("capacity") - F("taken")))
        .order_by()
    )
    standards_of: dict[int, set[str]] = {}
    for pk, code in Opportunity.standards.through.objects.filter(
        opportunity_id__in=ids
    ).values_list("opportunity_id", "standard__code"):
        standards_of.setdefault(pk, set()).add(code)
    priorities_of: dict[int, set[str]] = {}
    for pk, code in Opportunity.priority_areas.through.objects.filter(
        opportunity_id__in=ids
    ).values_list("opportunity_id", "term__code"):
        priorities_of.setdefault(pk, set()).add(code)
    for_assistants = set(
        Audience.objects.filter(
            opportunity_id__in=ids, role_type__in=(RoleType.TEACHING_ASSISTANT, RoleType.HLTA)
        ).values_list("opportunity_id", flat=True)
    )
    standard_names = {}
    for standard in Standard.objects.order_by("-framework__starts_on", "order"):
        standard_names.setdefault(standard.code, standard.name)
    standards = sorted(standard_names.items(), key=lambda item: standard_order(item[0]))
    priorities = [(t.code, t.name) for t in _term_labels("priority-area").values()]
    cells = {(s, p): Figures() for s, _n in standards for p in [*(c for c, _ in priorities), ""]}
    regions = {o.pk: o for o in Organisation.objects.filter(kind=OrganisationKind.REGION)}
    by_region: dict[int | None, Figures] = {}
    by_language: dict[str, Figures] = {code: Figures() for code, _label in DeliveryLanguage.choices}
    total = Figures()
    for pk, language, region_id in rows:
        open_places = places.get(pk, 0) or 0
        welsh = language in (DeliveryLanguage.WELSH, DeliveryLanguage.BILINGUAL)
        assistants = pk in for_assistants
        total.add(open_places, welsh, assistants)
        by_region.setdefault(region_id, Figures()).add(open_places, welsh, assistants)
        by_language[language].add(open_places, welsh, assistants)
        for standard in standards_of.get(pk, ()):
            for priority in priorities_of.get(pk) or {""}:
                if (standard, priority) in cells:
                    cells[(standard, priority)].add(open_places, welsh, assistants)
    region_rows = sorted(
        ((regions[k].name if k in regions else None, cell) for k, cell in by_region.items()),
        key=lambda item: (item[0] is None, str(item[0] or "")),
    )
    return OfferMatrix(
        standards=standards,
        priorities=priorities,
        cells=cells,
        by_region=region_rows,
        by_language=[(label, by_language[code]) for code, label in DeliveryLanguage.choices],
        total=total,
    )


@dataclass(frozen=True)
class Gap:
    standard: Any
    priority: Any
    what: str  # "provision", "welsh", "assistants"
    found: int


def offer_gaps(matrix: OfferMatrix, *, below: int = 3) -> list[Gap]:
    """The cells of the matrix with little or no provision: fewer than ``below`` opportunities
    in all, in Welsh, or for teaching assistants."""
    names = dict(matrix.standards)
    priority_names = dict(matrix.priorities)
    gaps = []
    for (standard, priority), cell in matrix.cells.items():
        if not priority:
            continue
        for what, found in (
            ("provision", cell.opportunities),
            ("welsh", cell.welsh),
            ("assistants", cell.assistants),
        ):
            if found < below:
                gaps.append(Gap(names[standard], priority_names[priority], what, found))
    order = {"provision": 0, "welsh": 1, "assistants": 2}
    return sorted(gaps, key=lambda gap: (order[gap.what], gap.found))
