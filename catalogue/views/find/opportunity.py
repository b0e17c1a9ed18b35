"""One opportunity's page, and its buttons: start and complete self-paced learning, interest."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import selectors, services
from catalogue.models import Booking, BookingStatus, Opportunity, Session, Status
from catalogue.views.find.shared import mark_booking, person_of, refused
from core import access
from core.errors import DomainError
from people.models import Person, RoleType


@dataclass
class SessionRow:
    session: Session
    booking: Booking | None
    online_link: str
    closed: bool  # booking has closed, or the session is cancelled

    @property
    def full(self) -> bool:
        return self.session.places_left == 0


def _opportunity_page(
    request: HttpRequest, found: Opportunity, *, refusal: forms.Form | None = None
) -> HttpResponse:
    user = request.user
    now = timezone.now()
    sessions = selectors.sessions_of(opportunity=found)
    person = getattr(user, "person", None)
    books = person is not None and access.reach(user).allows("catalogue.booking.book")
    state = (
        selectors.learner_state(person=person, opportunity=found, sessions=sessions)
        if books
        else None
    )
    held = state.bookings if state else {}
    rows = []
    for session in sessions:
        booking = held.get(session.pk)
        if booking is None and (session.cancelled or session.ends_at <= now):
            continue
        link = ""
        if (
            booking is not None
            and booking.status in (BookingStatus.BOOKED, BookingStatus.ATTENDED)
            and selectors.sees_online_link(user=user, session=session)
        ):
            link = session.online_url
        if booking is not None:
            booking.session = session
            booking.evaluated = booking.pk in state.evaluated_bookings
            mark_booking(booking, now)
        rows.append(
            SessionRow(session, booking, link, session.cancelled or now > session.booking_deadline)
        )
    open_rows = [row for row in rows if not row.closed]
    coming_soon = found.status == Status.IN_DEVELOPMENT
    return render(
        request,
        "catalogue/find/opportunity.html",
        {
            "form": refusal,
            "opportunity": found,
            "paragraphs": _paragraphs(str(found.description)),
            "standards": found.unique_standards,
            "elements": _elements_by_standard(found),
            "roles": [RoleType(a.role_type).label for a in found.audiences.all()],
            "rows": rows,
            "bookings": [row.booking for row in rows if row.booking is not None],
            "books": books,
            "bookable": books and found.status == Status.PUBLISHED,
            "state": state,
            "coming_soon": coming_soon,
            "offers_interest": books
            and not held
            and (coming_soon or (not found.self_paced and not open_rows)),
        },
    )


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def _elements_by_standard(opportunity: Opportunity) -> list[tuple[str, list[Any]]]:
    grouped: dict[str, list[Any]] = {}
    for element in opportunity.elements.all():
        names = grouped.setdefault(element.standard.code, [])
        if element.name not in names:
            names.append(element.name)
    return list(grouped.items())


@access.rule("catalogue.opportunity.view")
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    return _opportunity_page(request, selectors.opportunity_detail(user=request.user, pk=pk))


def _act(request: HttpRequest, pk: int, act: Callable[..., object], done: str) -> HttpResponse:
    """A button on an opportunity's page (post/redirect/get): ``act`` on the opportunity for
    the person, then ``done`` (with the title) on the page; a link shows the page, a service's
    refusal is shown on it."""
    if request.method != "POST":
        return redirect("catalogue:opportunity", pk)
    person = person_of(request)
    found = selectors.opportunity_detail(user=request.user, pk=pk)
    try:
        act(opportunity=found, person=person)
    except DomainError as error:
        return _opportunity_page(request, found, refusal=refused(error))
    messages.success(request, done % {"title": found.title})
    return redirect("catalogue:opportunity", pk)


@access.rule("catalogue.booking.book")
def enrolment_start(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("You have started %(title)s. Mark it as complete here when you finish.")
    return _act(request, pk, services.enrolment_start, done)


def _complete(*, opportunity: Opportunity, person: Person) -> None:
    enrolment = selectors.enrolment_of(person=person, opportunity=opportunity)
    if enrolment is None:
        raise Http404
    services.enrolment_complete(enrolment=enrolment)


@access.rule("catalogue.booking.book")
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("You have completed %(title)s. It is on your learning record.")
    return _act(request, pk, _complete, done)


@access.rule("catalogue.booking.book")
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("We will tell you when you can book %(title)s.")
    return _act(request, pk, services.interest_register, done)


@access.rule("catalogue.booking.book")
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("You have withdrawn your interest in %(title)s.")
    return _act(request, pk, services.interest_withdraw, done)


urlpatterns = [
    path("catalogue/<int:pk>/", opportunity, name="opportunity"),
    path("catalogue/<int:pk>/start/", enrolment_start, name="enrolment_start"),
    path("catalogue/<int:pk>/complete/", enrolment_complete, name="enrolment_complete"),
    path("catalogue/<int:pk>/interest/", interest, name="interest"),
    path("catalogue/<int:pk>/interest/withdraw/", interest_withdraw, name="interest_withdraw"),
]
