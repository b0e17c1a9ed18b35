from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import access
from core.pagination import page_numbers
from core.panels import panels_for, tasks_for
from core.tables import Cell, Column, Table
from organisations import selectors as organisation_selectors
from organisations.models import Organisation
from people import selectors, services
from people.forms import AccountForm
from people.models import Employment, User


def _when(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def _work_table(employments: list[Employment], *, user: User, caption: str, name: str) -> Table:
    table = Table(
        caption,
        [
            Column(_("School")),
            Column(_("Role")),
            Column(_("Job title")),
            Column(_("FTE"), numeric=True),
            Column(_("Since")),
            Column(_("Until")),
        ],
        name=name,
    )
    roles = selectors.roles_by_school(
        user=user, school_ids=[employment.school_id for employment in employments]
    )
    for employment in employments:
        table.add(
            Cell(
                employment.school.name,
                href=reverse("organisations:school", args=[employment.school.code]),
            ),
            ", ".join(roles.get(employment.school_id, [])) or employment.get_role_type_display(),
            employment.job_title,
            Cell(employment.fte, numeric=True),
            _when(employment.starts_on),
            _when(employment.ends_on),
        )
    return table


@access.public
def home(request: HttpRequest) -> HttpResponse:
    """What this person can do in Hawl now, where they work and the roles they hold."""
    if not request.user.is_authenticated:
        return render(request, "people/home.html", {"summary": None})
    summary = selectors.home_summary(user=request.user)
    return render(
        request,
        "people/home.html",
        {
            "summary": summary,
            "tasks": tasks_for(request),
            "panels": panels_for("home", request),
            "work": _work_table(
                summary.employments, user=request.user, caption=_("Where you work"), name="work"
            ),
            "is_practitioner": hasattr(request.user, "person"),
        },
    )


def _staff_table(page: Page, school: Organisation) -> Table:
    employments = list(page)
    roles = selectors.school_roles(
        school=school, user_ids=[employment.person.user_id for employment in employments]
    )
    table = Table(
        _("Staff"),
        [
            Column(_("Name")),
            Column(_("Role")),
            Column(_("Job title")),
            Column(_("FTE"), numeric=True),
            Column(_("Since")),
        ],
        name="staff",
    )
    for employment in employments:
        user = employment.person.user
        table.add(
            Cell(user.display_name, href=reverse("people:person", args=[user.username])),
            ", ".join(roles.get(user.pk, [])) or employment.get_role_type_display(),
            employment.job_title,
            Cell(employment.fte, numeric=True),
            _when(employment.starts_on),
        )
    return table


@access.rule("people.staff.view")
def school_staff(request: HttpRequest, school_number: str) -> HttpResponse:
    found = organisation_selectors.school_get(user=request.user, school_number=school_number)
    staff = selectors.staff_list(user=request.user, school=found)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/staff.html",
        {
            "school": found,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "table": _staff_table(page, found),
            "can_import_staff": access.can(request.user, "people.staff.import", found),
        },
    )


@access.rule("people.staff.view")
def person(request: HttpRequest, username: str) -> HttpResponse:
    """One person as a leader or officer sees them: only the jobs and roles in their reach."""
    detail = selectors.person_get(viewer=request.user, username=username)
    return render(
        request,
        "people/person.html",
        {
            "detail": detail,
            "work": _work_table(
                detail.employments, user=detail.user, caption=_("Jobs"), name="jobs"
            ),
        },
    )


@access.signed_in
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(
        request.POST or None, initial={"preferred_language": user.preferred_language}
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        services.user_set_preferred_language(user=user, language=language)
        with translation.override(language):
            messages.success(request, _("Your preferred language has been saved."))
        response = redirect(translate_url(request.path, language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return response
    return render(
        request, "people/account.html", {"form": form, "panels": panels_for("account", request)}
    )
