"""A person's bookings page: offers, what is coming up, the waitlist, self-paced, the past."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalogue import selectors
from catalogue.models import Booking, BookingStatus, Status
from catalogue.views.find.shared import mark_booking, person_of
from core import access
from core.tables import Cell, Column, Table


def _when(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i") if moment else ""


def _day(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y") if moment else ""


def _title_cell(booking: Booking) -> Cell:
    return Cell(
        booking.session.opportunity.title, href=reverse("catalogue:booking", args=[booking.pk])
    )


def _my_tables(learning: selectors.MyLearning) -> list[tuple[Any, Table]]:
    """The sections of a person's bookings page, each a table (offers are drawn apart: they
    have a button)."""
    sections: list[tuple[Any, Table]] = []
    upcoming = Table(
        _("Coming up"),
        [Column(_("Learning")), Column(_("When")), Column(_("Status")), Column(_("What next"))],
        name="upcoming",
    )
    for booking in learning.upcoming:
        if booking.can_check_in:
            action = Cell(_("Check in"), href=reverse("catalogue:check_in", args=[booking.pk]))
        elif booking.cancellable:
            action = Cell(_("Cancel"), href=reverse("catalogue:booking_cancel", args=[booking.pk]))
        else:
            action = Cell("")
        upcoming.add(
            _title_cell(booking),
            _when(booking.session.starts_at),
            booking.get_status_display(),
            action,
        )
    waitlist = Table(
        _("On the waitlist"),
        [
            Column(_("Learning")),
            Column(_("When")),
            Column(_("Place on the waitlist"), numeric=True),
            Column(_("What next")),
        ],
        name="waitlist",
    )
    for booking in learning.waitlisted:
        waitlist.add(
            _title_cell(booking),
            _when(booking.session.starts_at),
            Cell(booking.waitlist_position, numeric=True),
            Cell(
                _("Leave the waitlist"),
                href=reverse("catalogue:booking_cancel", args=[booking.pk]),
            ),
        )
    self_paced = Table(
        _("Self-paced learning"),
        [
            Column(_("Learning")),
            Column(_("Started")),
            Column(_("Completed")),
            Column(_("What next")),
        ],
        name="self-paced",
    )
    for enrolment in (*learning.in_progress, *learning.completed):
        pk = enrolment.opportunity_id
        if enrolment.completed_at is None:
            action = Cell(_("Mark as complete"), href=reverse("catalogue:opportunity", args=[pk]))
        elif enrolment.evaluated:
            action = Cell(
                _("Change your evaluation"),
                href=reverse("catalogue:enrolment_evaluate", args=[pk]),
            )
        else:
            action = Cell(_("Evaluate"), href=reverse("catalogue:enrolment_evaluate", args=[pk]))
        self_paced.add(
            Cell(enrolment.opportunity.title, href=reverse("catalogue:opportunity", args=[pk])),
            _day(enrolment.started_at),
            _day(enrolment.completed_at),
            action,
        )
    interests = Table(
        _("Registered interest"),
        [Column(_("Learning")), Column(_("Registered")), Column(_("Now"))],
        name="interests",
    )
    for interest in learning.interests:
        found = interest.opportunity
        interests.add(
            Cell(found.title, href=reverse("catalogue:opportunity", args=[found.pk])),
            _day(interest.created_at),
            _("Coming soon") if found.status == Status.IN_DEVELOPMENT else _("Open for booking"),
        )
    past = Table(
        _("Past"),
        [Column(_("Learning")), Column(_("When")), Column(_("Status")), Column(_("What next"))],
        name="past",
    )
    for booking in learning.past:
        if booking.status != BookingStatus.ATTENDED:
            action = Cell("")
        elif booking.evaluated:
            action = Cell(
                _("Change your evaluation"),
                href=reverse("catalogue:booking_evaluate", args=[booking.pk]),
            )
        else:
            action = Cell(
                _("Evaluate"), href=reverse("catalogue:booking_evaluate", args=[booking.pk])
            )
        status = (
            _("Not marked yet")
            if booking.status == BookingStatus.BOOKED
            else booking.get_status_display()
        )
        past.add(_title_cell(booking), _when(booking.session.starts_at), status, action)
    ended = Table(
        _("Cancelled, declined or expired"),
        [Column(_("Learning")), Column(_("When")), Column(_("Status")), Column(_("Reason"))],
        name="ended",
    )
    for booking in learning.ended:
        ended.add(
            _title_cell(booking),
            _when(booking.session.starts_at),
            booking.get_status_display(),
            booking.decision_reason,
        )
    for table in (upcoming, waitlist, self_paced, interests, past, ended):
        if table.rows:
            sections.append((table.caption, table))
    return sections


@access.rule("catalogue.booking.book")
def my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    learning = selectors.my_learning(person=person_of(request), now=now)
    for booking in (*learning.offers, *learning.upcoming, *learning.waitlisted, *learning.past):
        mark_booking(booking, now)
    return render(
        request,
        "catalogue/find/my_bookings.html",
        {"learning": learning, "sections": _my_tables(learning)},
    )


urlpatterns = [
    path("bookings/", my_bookings, name="my_bookings"),
]
