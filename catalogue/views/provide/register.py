"""A session's register: marked on the session's page; it and the bookings as CSV files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue import selectors, services
from catalogue.models import BookingStatus, Session
from catalogue.views.provide.shared import REGISTER, managed_session
from core import access
from core.csvkit import write_csv
from core.errors import DomainError


def register_marked(request: HttpRequest, session: Session, register: list) -> str | None:
    """Mark the register from the page's form; an error message, or ``None`` when done."""
    mark = request.POST.get("mark", "")
    if mark == "all":
        chosen = [b.pk for b in register if b.status == BookingStatus.BOOKED]
        mark = "attended"
    else:
        chosen = [int(v) for v in request.POST.getlist("booking") if v.isdigit()]
    if mark not in ("attended", "absent"):
        return _("Choose whether to mark people as attended or absent")
    if not chosen and request.POST.get("mark") != "all":
        return _("Select the people to mark")
    try:
        marked = services.register_mark(
            session=session,
            attended=chosen if mark == "attended" else (),
            absent=chosen if mark == "absent" else (),
            by=request.user,
        )
    except DomainError as error:
        return error.message
    if mark == "attended":
        text = ngettext(
            "%(count)s person marked as attended.", "%(count)s people marked as attended.", marked
        )
    else:
        text = ngettext(
            "%(count)s person marked as absent.", "%(count)s people marked as absent.", marked
        )
    messages.success(request, text % {"count": marked})
    return None


def _csv(rows: list[list[Any]], name: str, session: Session) -> HttpResponse:
    day = timezone.localtime(session.starts_at).date().isoformat()
    response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}-{session.pk}-{day}.csv"
    )
    return response


def _person_cells(booking: Any) -> list[Any]:
    user = booking.person.user
    return [
        user.last_name,
        user.first_name,
        user.email,
        booking.school.name if booking.school_id else "",
    ]


@access.rule(REGISTER)
def register_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The register, to print or to keep: everyone with a place and whether they came."""
    found = managed_session(request, pk, REGISTER)
    header = [_("Last name"), _("First name"), _("Email address"), _("School"), _("Status")]
    rows = [
        [*_person_cells(b), b.get_status_display()]
        for b in selectors.session_register(session=found)
    ]
    # Translators: the start of a file name: lower case, no spaces or accents.
    return _csv([header, *rows], _("register"), found)


@access.rule(REGISTER)
def bookings_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every booking on the session, whatever became of it."""
    found = managed_session(request, pk, REGISTER)
    header = [
        _("Last name"),
        _("First name"),
        _("Email address"),
        _("School"),
        _("Status"),
        _("Place on the waitlist"),
        _("Booked"),
        _("Cost (£)"),
    ]
    rows = [
        [
            *_person_cells(b),
            b.get_status_display(),
            b.waitlist_position or "",
            timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M"),
            b.cost,
        ]
        for b in selectors.session_bookings(session=found)
    ]
    # Translators: the start of a file name: lower case, no spaces or accents.
    return _csv([header, *rows], _("bookings"), found)


urlpatterns: list[URLPattern] = [
    path(
        "catalogue/manage/sessions/<int:pk>/register.csv",
        register_csv,
        name="manage_register_csv",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/bookings.csv",
        bookings_csv,
        name="manage_bookings_csv",
    ),
]
