"""The catalogue's part of a person's calendar feed: their places to come (and recent ones)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from catalogue.models import Booking, BookingStatus
from catalogue.notify import booking_uid
from notifications import calendar
from people.models import User


@calendar.calendar_source
def bookings_calendar(user: User) -> list[calendar.Event]:
    """A person's places, requests and waitlist places to come, for their calendar feed."""
    bookings = (
        Booking.objects.filter(
            person__user=user,
            status__in=(
                BookingStatus.BOOKED,
                BookingStatus.REQUESTED,
                BookingStatus.OFFERED,
                BookingStatus.ATTENDED,
            ),
            session__ends_at__gte=timezone.now() - datetime.timedelta(days=90),
        )
        .select_related("session__opportunity")
        .order_by("session__starts_at")[:500]
    )
    welsh = user.preferred_language == "cy"
    events = []
    for booking in bookings:
        opportunity = booking.session.opportunity
        title = (
            opportunity.title_cy if welsh and opportunity.title_cy else opportunity.title_en
        ) or opportunity.title_cy
        events.append(
            calendar.Event(
                uid=booking_uid(booking),
                summary=title,
                starts_at=booking.session.starts_at,
                ends_at=booking.session.ends_at,
                location=booking.session.venue,
            )
        )
    return events
