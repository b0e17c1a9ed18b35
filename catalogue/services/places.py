"""The engine of places: the booking rules in force, the session's row lock, the waitlist's
positions and its offers. Everything here runs under the lock."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import notify
from catalogue.models import (
    HOLDS_PLACE,
    Booking,
    BookingRules,
    BookingStatus,
    Session,
)
from core.errors import DomainError

# Waitlist positions are parked above this while the waitlist closes a gap.
_PARKED = 1_000_000_000


# Rules.


def rules_on(moment: datetime.datetime | None = None) -> BookingRules:
    """The booking rules in force at ``moment``; a clear error when none are loaded."""
    day = timezone.localdate(moment or timezone.now())
    rules = BookingRules.objects.filter(starts_on__lte=day).order_by("-starts_on").first()
    if rules is None:
        raise DomainError(
            _("No booking rules are in force on %(day)s. An administrator must load them.")
            % {"day": day.isoformat()}
        )
    return rules


def locked(session: Session) -> Session:
    """The session, re-read under its row lock (its opportunity read with it, not locked): the
    one way its counts change."""
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("opportunity")
        .get(pk=session.pk)
    )


def locked_booking(booking: Booking) -> tuple[Booking, Session]:
    session = locked(booking.session)
    booking = Booking.objects.select_for_update().select_related("person__user").get(pk=booking.pk)
    booking.session = session
    return booking, session


def close_gap(session: Session, position: int, count: int = 1) -> None:
    """``count`` people left the waitlist at positions ``position - count + 1`` to
    ``position``: everyone behind moves up. In two steps, through positions far above any real
    one, so no two rows ever share a position (the unique constraint is checked row by row)."""
    behind = Booking.objects.filter(session=session, waitlist_position__gt=position)
    behind.update(waitlist_position=F("waitlist_position") + _PARKED)
    Booking.objects.filter(session=session, waitlist_position__gt=_PARKED).update(
        waitlist_position=F("waitlist_position") - _PARKED - count
    )
    session.waitlisted -= count
    Session.objects.filter(pk=session.pk).update(waitlisted=session.waitlisted)


def promote(session: Session, *, now: datetime.datetime) -> list[Booking]:
    """Offer free places to the waitlist, first come first served. Runs under the lock."""
    free = session.capacity - session.taken
    if session.cancelled or free <= 0 or session.waitlisted == 0:
        return []
    until = now + rules_on(now).offer_hold
    offered = list(
        Booking.objects.filter(session=session, status=BookingStatus.WAITLISTED)
        .select_related("person__user")
        .order_by("waitlist_position")[:free]
    )
    Booking.objects.filter(pk__in=[b.pk for b in offered]).update(
        status=BookingStatus.OFFERED, waitlist_position=None, offer_expires_at=until, updated_at=now
    )
    close_gap(session, len(offered), len(offered))
    session.taken += len(offered)
    Session.objects.filter(pk=session.pk).update(taken=session.taken)
    for booking in offered:
        booking.status = BookingStatus.OFFERED
        booking.waitlist_position = None
        booking.offer_expires_at = until
        notify.booking_changed(booking)
    return offered


def settle(
    booking: Booking, session: Session, status: str, *, now: datetime.datetime, **changes: Any
) -> Booking:
    """Move ``booking`` out of a live state, give back what it held, promote the waitlist."""
    previous = booking.status
    position = booking.waitlist_position
    booking.status = status
    booking.waitlist_position = None
    booking.offer_expires_at = None
    booking.updated_at = now
    for name, value in changes.items():
        setattr(booking, name, value)
    booking.save()
    if previous == BookingStatus.WAITLISTED and position is not None:
        close_gap(session, position)
    elif previous in HOLDS_PLACE:
        session.taken -= 1
        Session.objects.filter(pk=session.pk).update(taken=session.taken)
        promote(session, now=now)
    notify.booking_changed(booking)
    return booking
