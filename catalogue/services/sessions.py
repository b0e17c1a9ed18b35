"""Sessions: create, change (capacity against the waitlist), cancel, duplicate."""

from __future__ import annotations

import datetime
import itertools
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import notify
from catalogue.models import (
    LIVE,
    Booking,
    BookingStatus,
    Meeting,
    Opportunity,
    Session,
    SessionStatus,
    Status,
)
from catalogue.services.places import (
    locked,
    promote,
)
from core.errors import DomainError
from people.models import User

CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@dataclass(frozen=True)
class MeetingTimes:
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def _check_meetings(meetings: Sequence[MeetingTimes], *, now: datetime.datetime) -> None:
    if not meetings:
        raise DomainError(_("Add at least one meeting."), field="starts_at")
    for meeting in meetings:
        if meeting.ends_at <= meeting.starts_at:
            raise DomainError(_("The end must be after the start."), field="ends_at")
        if meeting.starts_at <= now:
            raise DomainError(_("The start must be in the future."), field="starts_at")
    ordered = sorted(meetings, key=lambda m: m.starts_at)
    for before, after in itertools.pairwise(ordered):
        if after.starts_at < before.ends_at:
            raise DomainError(_("Two meetings of a session overlap."), field="starts_at")


def _check_can_schedule(opportunity: Opportunity) -> None:
    if opportunity.self_paced:
        raise DomainError(
            _("A self-paced opportunity has no sessions: people start it when they choose."),
            field="opportunity",
        )
    if opportunity.status == Status.ARCHIVED:
        raise DomainError(_("This opportunity is archived."), field="opportunity")


def _check_capacity(capacity: int) -> None:
    if capacity < 1:
        raise DomainError(_("A session needs at least 1 place."), field="capacity")
    if capacity > 10_000:
        raise DomainError(_("A session can have at most 10,000 places."), field="capacity")


def _check_deadline(deadline: datetime.datetime, starts_at: datetime.datetime) -> None:
    if deadline > starts_at:
        raise DomainError(
            _("Booking must close before the session starts."), field="booking_deadline"
        )


def _new_check_in_code() -> str:
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(6))


@transaction.atomic
def session_create(
    *,
    opportunity: Opportunity,
    meetings: Sequence[MeetingTimes],
    capacity: int,
    language: str,
    venue: str = "",
    online_url: str = "",
    booking_deadline: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Session:
    now = now or timezone.now()
    _check_can_schedule(opportunity)
    _check_meetings(meetings, now=now)
    _check_capacity(capacity)
    if not venue and not online_url:
        raise DomainError(_("Give a venue, an online meeting link, or both."), field="venue")
    starts_at = min(m.starts_at for m in meetings)
    ends_at = max(m.ends_at for m in meetings)
    deadline = booking_deadline or starts_at
    _check_deadline(deadline, starts_at)
    session = Session.objects.create(
        opportunity=opportunity,
        language=language,
        venue=venue,
        online_url=online_url,
        capacity=capacity,
        booking_deadline=deadline,
        starts_at=starts_at,
        ends_at=ends_at,
        check_in_code=_new_check_in_code(),
    )
    Meeting.objects.bulk_create(
        Meeting(session=session, starts_at=m.starts_at, ends_at=m.ends_at) for m in meetings
    )
    notify.session_added(session)
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    capacity: int | None = None,
    venue: str | None = None,
    online_url: str | None = None,
    booking_deadline: datetime.datetime | None = None,
    language: str | None = None,
    now: datetime.datetime | None = None,
) -> Session:
    """Change a session. Raising capacity offers the new places to the waitlist in order;
    lowering it below the places taken is refused."""
    now = now or timezone.now()
    session = locked(session)
    if session.cancelled:
        raise DomainError(_("This session is cancelled."), field="session")
    if capacity is not None:
        _check_capacity(capacity)
        if capacity < session.taken:
            raise DomainError(
                _("%(taken)s places are taken: the session cannot have fewer places than that.")
                % {"taken": session.taken},
                field="capacity",
            )
        session.capacity = capacity
    where = (session.venue, session.online_url)
    if venue is not None:
        session.venue = venue
    if online_url is not None:
        session.online_url = online_url
    if not session.venue and not session.online_url:
        raise DomainError(_("Give a venue, an online meeting link, or both."), field="venue")
    if booking_deadline is not None:
        _check_deadline(booking_deadline, session.starts_at)
        session.booking_deadline = booking_deadline
    if language is not None:
        session.language = language
    session.save()
    promote(session, now=now)
    if (session.venue, session.online_url) != where:
        notify.session_moved(session)
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str, by: User | None = None) -> Session:
    """Cancel a session: every live booking is cancelled and its person told why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the session is cancelled."), field="reason")
    session = locked(session)
    if session.cancelled:
        raise DomainError(_("This session is already cancelled."), field="session")
    bookings = list(
        Booking.objects.filter(session=session, status__in=LIVE).select_related("person__user")
    )
    now = timezone.now()
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
        status=BookingStatus.CANCELLED,
        waitlist_position=None,
        offer_expires_at=None,
        decision_reason=reason,
        updated_at=now,
    )
    session.status = SessionStatus.CANCELLED
    session.cancelled_reason = reason
    session.taken = 0
    session.waitlisted = 0
    session.save()
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        notify.session_cancelled(booking, reason=reason)
    return session


def session_duplicate(
    *, session: Session, shift: datetime.timedelta, now: datetime.datetime | None = None
) -> Session:
    """A copy of the session ``shift`` later (a week, a term …), with no bookings."""
    meetings = [
        MeetingTimes(m.starts_at + shift, m.ends_at + shift) for m in session.meetings.all()
    ]
    deadline_before_start = session.starts_at - session.booking_deadline
    return session_create(
        opportunity=session.opportunity,
        meetings=meetings,
        capacity=session.capacity,
        language=session.language,
        venue=session.venue,
        online_url=session.online_url,
        booking_deadline=min(m.starts_at for m in meetings) - deadline_before_start,
        now=now,
    )


def session_duplicate_to(
    *, session: Session, day: datetime.date, now: datetime.datetime | None = None
) -> Session:
    """A copy of the session on another day, with no bookings: each meeting at the same time of
    day in Wales (whatever the clocks did in between), and booking closing as many days before
    the start, at the same time, as it did."""
    moved = day - timezone.localtime(session.starts_at).date()

    def shifted(moment: datetime.datetime) -> datetime.datetime:
        local = timezone.localtime(moment)
        return timezone.make_aware(
            datetime.datetime.combine(local.date() + moved, local.time().replace(tzinfo=None))
        )

    meetings = [
        MeetingTimes(shifted(m.starts_at), shifted(m.ends_at)) for m in session.meetings.all()
    ]
    return session_create(
        opportunity=session.opportunity,
        meetings=meetings,
        capacity=session.capacity,
        language=session.language,
        venue=session.venue,
        online_url=session.online_url,
        booking_deadline=shifted(session.booking_deadline),
        now=now,
    )


def next_sessions_refresh(
    *, ids: Iterable[int] | None = None, now: datetime.datetime | None = None
) -> int:
    """Write each opportunity's next session open for booking (``next_starts_at``,
    ``next_deadline``): of the given opportunities, or all; one UPDATE, however many."""
    now = now or timezone.now()
    first = Session.objects.filter(
        opportunity=OuterRef("pk"), status=SessionStatus.SCHEDULED, booking_deadline__gte=now
    ).order_by("starts_at", "pk")
    opportunities = Opportunity.objects.all()
    if ids is not None:
        opportunities = opportunities.filter(pk__in=list(ids))
    return opportunities.update(
        next_starts_at=Subquery(first.values("starts_at")[:1]),
        next_deadline=Subquery(first.values("booking_deadline")[:1]),
    )


def next_sessions_due(*, now: datetime.datetime | None = None) -> int:
    """Move on the opportunities whose next session has closed for booking."""
    now = now or timezone.now()
    closed = Opportunity.objects.filter(next_deadline__lt=now).values_list("pk", flat=True)
    return next_sessions_refresh(ids=list(closed), now=now)
