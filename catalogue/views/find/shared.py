"""What the practitioner's pages share: the person, a refusal on a form, what a booking offers."""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpRequest

from catalogue.models import Booking, BookingStatus
from core.errors import DomainError
from people.models import Person


def person_of(request: HttpRequest) -> Person:
    """The signed-in practitioner (404 for accounts that are not one)."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return person


def refused(error: DomainError, form: forms.Form | None = None) -> forms.Form:
    """A bound form carrying a service's refusal: at its field if the form has one, else above
    it, so the error summary shows it."""
    form = form if form is not None else forms.Form(data={})
    form.is_valid()
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return form


CANCELLABLE = (
    BookingStatus.REQUESTED,
    BookingStatus.BOOKED,
    BookingStatus.WAITLISTED,
    BookingStatus.OFFERED,
)


def mark_booking(booking: Booking, now: datetime.datetime) -> Booking:
    """What a page may offer to do with a booking (the services have the last word)."""
    session = booking.session
    booking.cancellable = booking.status in CANCELLABLE and (
        now < session.starts_at or booking.status == BookingStatus.WAITLISTED
    )
    booking.can_check_in = (
        booking.status == BookingStatus.BOOKED
        and session.starts_at - datetime.timedelta(hours=1)
        <= now
        <= session.ends_at + datetime.timedelta(days=1)
    )
    return booking
