"""A provider's sessions: adding, changing, copying and cancelling them; a session's page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue import selectors, services
from catalogue.forms import (
    SessionCancelForm,
    SessionChangeForm,
    SessionDuplicateForm,
    SessionPageForm,
)
from catalogue.models import LIVE, BookingStatus, Format
from catalogue.views.provide.register import register_marked
from catalogue.views.provide.shared import REGISTER, SESSIONS, field_for, managed_session
from core import access
from core.errors import DomainError


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


_SESSION_FIELDS = {"starts_at": "date", "ends_at": "end_time", "opportunity": ""}


@access.rule(SESSIONS)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.managed_opportunity_get(user=request.user, pk=pk)
    if found.format != Format.SCHEDULED:
        raise Http404
    if request.method == "POST":
        form = SessionPageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    opportunity=found,
                    meetings=[services.MeetingTimes(data["starts_at"], data["ends_at"])],
                    capacity=data["capacity"],
                    language=data["language"],
                    venue=data["venue"],
                    online_url=data["online_url"],
                    booking_deadline=data.get("booking_deadline_at"),
                )
            except DomainError as error:
                form.add_error(field_for(error, form, _SESSION_FIELDS), error.message)
            else:
                messages.success(request, _("The session has been added."))
                return redirect("catalogue:manage_session", session.pk)
    else:
        form = SessionPageForm(initial={"language": found.language})
    return render(
        request,
        "catalogue/provide/session_form.html",
        {"form": form, "opportunity": found, "session": None},
    )


@access.rule(SESSIONS)
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session as its provider runs it: meetings, counts, check-in code, the register."""
    found = managed_session(request, pk)
    register = selectors.session_register(session=found)
    register_error = None
    if request.method == "POST":
        if not access.can(request.user, REGISTER, found):
            raise Http404
        register_error = register_marked(request, found, register)
        if register_error is None:
            return redirect(reverse("catalogue:manage_session", args=[found.pk]) + "#register")
    counts = selectors.booking_counts(found)
    opens = found.starts_at
    return render(
        request,
        "catalogue/provide/session.html",
        {
            "session": found,
            "opportunity": found.opportunity,
            "meetings": list(found.meetings.all()),
            "counts": counts,
            "places_left": found.places_left,
            "register": register,
            "register_open": not found.cancelled and timezone.now() >= opens,
            "register_error": register_error,
            "unmarked": sum(1 for b in register if b.status == BookingStatus.BOOKED),
            "summary": selectors.evaluation_summary(session=found),
        },
    )


@access.rule(SESSIONS)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = managed_session(request, pk)
    if found.cancelled:
        messages.error(request, _("This session is cancelled."))
        return redirect("catalogue:manage_session", found.pk)
    if request.method == "POST":
        form = SessionChangeForm(request.POST, starts_at=found.starts_at)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.session_update(
                    session=found,
                    capacity=data["capacity"],
                    language=data["language"],
                    venue=data["venue"],
                    online_url=data["online_url"],
                    booking_deadline=data["booking_deadline_at"],
                )
            except DomainError as error:
                form.add_error(field_for(error, form), error.message)
            else:
                messages.success(request, _("The session has been changed."))
                return redirect("catalogue:manage_session", found.pk)
    else:
        deadline = timezone.localtime(found.booking_deadline)
        form = SessionChangeForm(
            initial={
                "capacity": found.capacity,
                "language": found.language,
                "venue": found.venue,
                "online_url": found.online_url,
                "booking_deadline": None
                if found.booking_deadline >= found.starts_at
                else deadline.date(),
            },
            starts_at=found.starts_at,
        )
    return render(
        request,
        "catalogue/provide/session_form.html",
        {"form": form, "opportunity": found.opportunity, "session": found},
    )


@access.rule(SESSIONS)
def session_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """The same session on another day: times, places, venue and link copied, no bookings."""
    found = managed_session(request, pk)
    form = SessionDuplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.session_duplicate_to(session=found, day=form.cleaned_data["date"])
        except DomainError as error:
            form.add_error("date", error.message)
        else:
            messages.success(
                request,
                _("The session has been copied to %(day)s.") % {"day": _when(copy.starts_at)},
            )
            return redirect("catalogue:manage_session", copy.pk)
    return render(
        request,
        "catalogue/provide/session_duplicate.html",
        {
            "form": form,
            "session": found,
            "opportunity": found.opportunity,
            "meetings": list(found.meetings.all()),
        },
    )


@access.rule(SESSIONS)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask why, and say how many people will be told, before cancelling."""
    found = managed_session(request, pk)
    if found.cancelled:
        messages.error(request, _("This session is already cancelled."))
        return redirect("catalogue:manage_session", found.pk)
    counts = selectors.booking_counts(found)
    told = sum(counts[status] for status in LIVE)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=found, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as error:
            form.add_error(field_for(error, form), error.message)
        else:
            text = ngettext(
                "The session has been cancelled. %(count)s person is being told.",
                "The session has been cancelled. %(count)s people are being told.",
                told,
            )
            messages.success(request, text % {"count": told})
            return redirect("catalogue:manage_session", found.pk)
    return render(
        request,
        "catalogue/provide/session_cancel.html",
        {
            "form": form,
            "session": found,
            "opportunity": found.opportunity,
            "told": told,
            "with_place": told - counts[BookingStatus.WAITLISTED],
            "waitlisted": counts[BookingStatus.WAITLISTED],
        },
    )


urlpatterns: list[URLPattern] = [
    path("catalogue/manage/<int:pk>/sessions/new/", session_new, name="manage_session_new"),
    path("catalogue/manage/sessions/<int:pk>/", session, name="manage_session"),
    path("catalogue/manage/sessions/<int:pk>/edit/", session_edit, name="manage_session_edit"),
    path(
        "catalogue/manage/sessions/<int:pk>/copy/",
        session_duplicate,
        name="manage_session_duplicate",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/cancel/",
        session_cancel,
        name="manage_session_cancel",
    ),
]
