"""What the catalogue tells people, queued in the transaction that changed their booking.

Filled in with the notifications outbox (emails in each person's language, with an iCalendar
attachment) once that kit lands; the services already call these at every change.
"""

from __future__ import annotations

from catalogue.models import Booking, Session


def booking_changed(booking: Booking) -> None:
    """A booking was made, approved, declined, offered, expired or cancelled."""


def session_cancelled(booking: Booking, *, reason: str) -> None:
    """The session of a live booking was cancelled."""


def session_added(session: Session) -> None:
    """A session was added: tell those who registered interest in its opportunity."""


def opportunity_published(opportunity: object) -> None:
    """An opportunity was published: tell those who registered interest in it."""


def endorsement_decided(submission: object) -> None:
    """The panel decided: tell the provider who submitted it."""
