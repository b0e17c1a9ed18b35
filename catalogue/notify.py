"""What the catalogue tells people: queued in the transaction that changed their booking, sent
by ``hawl worker`` in each person's own language, with an iCalendar invitation (or its
cancellation) where a place is won or lost.

Reminders are queued by the worker (on each ``notifications.signals.tick``) once a booked
session is the rules' number of days away, for the session's time then; withdrawn if the booking
ends before they are sent. An offer from the waitlist enqueues the task that expires it
when its time is up, so the place moves on even if nobody looks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from catalogue.models import (
    Booking,
    BookingStatus,
    Interest,
    Opportunity,
    Session,
    SessionStatus,
    Submission,
)
from core.roles import SCHOOL_LEADERS
from notifications import calendar
from notifications import services as outbox
from people.models import RoleGrant, User

# Templates by the status a booking reached.
BY_STATUS = {
    BookingStatus.BOOKED: "booking_confirmed",
    BookingStatus.REQUESTED: "booking_requested",
    BookingStatus.WAITLISTED: "booking_waitlisted",
    BookingStatus.OFFERED: "place_offered",
    BookingStatus.DECLINED: "booking_declined",
    BookingStatus.CANCELLED: "booking_cancelled",
    BookingStatus.EXPIRED: "offer_expired",
}


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0] or 'hawl'}"


def _sequence(booking: Booking) -> int:
    """An invitation's version: seconds since the booking was made, so each update or
    cancellation is newer than the one before it."""
    return max(int((timezone.now() - booking.created_at).total_seconds()), 0)


def _invitation(booking: Booking, *, cancel: bool = False) -> list[outbox.Attachment]:
    session = booking.session
    opportunity = session.opportunity
    ics = calendar.event_ics(
        uid=booking_uid(booking),
        summary=opportunity.title_cy
        if booking.person.user.preferred_language == "cy" and opportunity.title_cy
        else opportunity.title_en or opportunity.title_cy,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.venue or (session.online_url if not cancel else ""),
        method="CANCEL" if cancel else "REQUEST",
        sequence=_sequence(booking),
        attendee=booking.person.user.email,
    )
    return [calendar.ics_attachment(ics)]


def _context(booking: Booking, **extra: Any) -> dict[str, Any]:
    return {
        "booking": booking,
        "session": booking.session,
        "opportunity": booking.session.opportunity,
        "recipient": booking.person.user,
        **extra,
    }


def _reminder_key(booking: Booking) -> str:
    return f"booking-{booking.pk}-reminder"


def booking_changed(booking: Booking) -> None:
    """A booking was made, approved, declined, offered, expired or cancelled: tell its person."""
    template = BY_STATUS.get(booking.status)
    if template is None:
        return
    user = booking.person.user
    attachments: list[outbox.Attachment] = []
    if booking.status == BookingStatus.BOOKED:
        if booking.decided_by_id:
            template = "booking_approved"
        attachments = _invitation(booking)
    elif booking.status == BookingStatus.CANCELLED:
        attachments = _invitation(booking, cancel=True)
        outbox.cancel(key=_reminder_key(booking))
    elif booking.status == BookingStatus.OFFERED and booking.offer_expires_at:
        until = booking.offer_expires_at
        transaction.on_commit(
            lambda: expire_offers.using(run_after=until + datetime.timedelta(seconds=1)).enqueue()
        )
    outbox.queue(
        user,
        template,
        _context(booking),
        key=f"booking-{booking.pk}-{booking.status}",
        attachments=attachments,
    )
    if booking.status == BookingStatus.REQUESTED and booking.school_id:
        _tell_leaders(booking)


def _tell_leaders(booking: Booking) -> None:
    """The school's headteacher and professional learning leads have a request to decide."""
    leaders = User.objects.filter(
        pk__in=RoleGrant.objects.on(timezone.localdate())
        .filter(organisation_id=booking.school_id, role__in=SCHOOL_LEADERS)
        .values("user_id"),
        is_active=True,
    ).exclude(pk=booking.person.user_id)
    for leader in leaders:
        outbox.queue(
            leader,
            "request_to_decide",
            _context(booking, recipient=leader, person=booking.person.user),
            key=f"booking-{booking.pk}-request-{leader.pk}",
        )


REMINDER_CHUNK = 500


def reminders_due(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminder of every place booked before its session came within the rules'
    number of days, once that session is that near; how many were queued."""
    from catalogue.services import rules_on

    now = now or timezone.now()
    days = rules_on(now).reminder_days
    window = datetime.timedelta(days=days)
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminded_at__isnull=True,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + window,
        # Booked inside the window: the confirmation was the reminder.
        updated_at__lt=F("session__starts_at") - window,
    )
    queued = 0
    while True:
        with transaction.atomic():
            chunk = list(
                due.select_related("session__opportunity", "person__user")
                .select_for_update(of=("self",), skip_locked=True)
                .order_by("pk")[:REMINDER_CHUNK]
            )
            for booking in chunk:
                outbox.queue(
                    booking.person.user,
                    "booking_reminder",
                    _context(booking, days=days),
                    key=_reminder_key(booking),
                )
            Booking.objects.filter(pk__in=[booking.pk for booking in chunk]).update(reminded_at=now)
        queued += len(chunk)
        if len(chunk) < REMINDER_CHUNK:
            return queued


def session_cancelled(booking: Booking, *, reason: str) -> None:
    """The session of a live booking was cancelled: tell its person why."""
    outbox.cancel(key=_reminder_key(booking))
    outbox.queue(
        booking.person.user,
        "session_cancelled",
        _context(booking, reason=reason),
        key=f"booking-{booking.pk}-session-cancelled",
        attachments=_invitation(booking, cancel=True),
    )


def session_moved(session: Session) -> None:
    """Its venue or online link changed: tell everyone with a place, with a new invitation."""
    now = timezone.now()
    bookings = Booking.objects.filter(
        session=session, status__in=(BookingStatus.BOOKED, BookingStatus.OFFERED)
    ).select_related("person__user")
    for booking in bookings:
        booking.session = session
        outbox.queue(
            booking.person.user,
            "session_moved",
            _context(booking),
            key=f"booking-{booking.pk}-moved-{now:%Y%m%d%H%M%S%f}",
            attachments=_invitation(booking),
        )


def _tell_interested(opportunity: Opportunity, template: str, key: str, **extra: Any) -> None:
    interests = Interest.objects.filter(opportunity=opportunity).select_related("person__user")
    for interest in interests:
        user = interest.person.user
        outbox.queue(
            user,
            template,
            {"opportunity": opportunity, "recipient": user, **extra},
            key=f"interest-{interest.pk}-{key}",
        )
    interests.update(notified_at=timezone.now())


def session_added(session: Session) -> None:
    """A session was added: tell those who registered interest in its opportunity."""
    _tell_interested(
        session.opportunity, "interest_session_added", f"session-{session.pk}", session=session
    )


def opportunity_published(opportunity: Opportunity) -> None:
    """An opportunity was published: tell those who registered interest in it."""
    _tell_interested(opportunity, "interest_published", "published")


def endorsement_decided(submission: Submission) -> None:
    """The panel decided: tell the provider who submitted it."""
    if submission.submitted_by is None:
        return
    outbox.queue(
        submission.submitted_by,
        "endorsement_decided",
        {
            "submission": submission,
            "opportunity": submission.opportunity,
            "recipient": submission.submitted_by,
        },
        key=f"submission-{submission.pk}-decided",
    )


@task()
def expire_offers() -> int:
    """Offers whose time is up move on to the next in line (run when each offer ends)."""
    from catalogue.services import offers_expire

    return offers_expire()
