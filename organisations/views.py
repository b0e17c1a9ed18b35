from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access
from core.i18n import localise
from core.pagination import page_numbers
from core.panels import panels_for
from core.tables import Cell, Column, Table
from organisations import selectors
from organisations.forms import SchoolFilterForm


def _schools_table(page: Page) -> Table:
    table = Table(
        _("Schools"),
        [
            Column(_("School")),
            Column(_("Local authority")),
            Column(_("Sector")),
            Column(_("Language category")),
        ],
        name="schools",
    )
    for found in page:
        profile = found.school_profile
        table.add(
            Cell(
                found.name, href=reverse("organisations:school", args=[found.code]), hint=found.code
            ),
            Cell(localise(found, "la_name")),
            Cell(profile.sector.name),
            Cell(profile.language_category.name),
        )
    return table


@access.rule("organisations.school.view")
def schools(request: HttpRequest) -> HttpResponse:
    options = selectors.school_filter_options(user=request.user)
    form = SchoolFilterForm(request.GET or None, options=options)
    queryset = selectors.school_list(user=request.user, filters=form.filters())
    page = Paginator(queryset, settings.HAWL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/schools.html",
        {
            "form": form,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "table": _schools_table(page),
            "filtered": form.is_bound and any(form.data.get(name) for name in form.fields),
            "can_import_schools": access.reach(request.user).allows("organisations.school.import"),
        },
    )


@access.rule("organisations.school.view")
def school(request: HttpRequest, school_number: str) -> HttpResponse:
    found = selectors.school_get(user=request.user, school_number=school_number)
    detail = selectors.school_detail(school=found)
    return render(
        request,
        "organisations/school.html",
        {"detail": detail, "school": found, "panels": panels_for("school", request, school=found)},
    )
