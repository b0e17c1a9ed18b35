"""Bookings: made, requested, approved, declined, cancelled, offered, accepted, expired; a
leader's booking of several staff."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import notify
from catalogue.models import (
    LIVE,
    Booking,
    BookingStatus,
    Meeting,
    Session,
    Status,
)
from catalogue.services.places import (
    locked,
    locked_booking,
    settle,
)
from core.errors import DomainError
from organisations.models import Organisation
from people.models import Employment, Person, User


@dataclass
class BookingOutcome:
    booking: Booking
    # Other bookings of the same person whose meetings overlap this session's.
    clashes: list[Booking] = field(default_factory=list)


def _school_of(
    person: Person, *, preferred: Organisation | None, day: datetime.date
) -> Organisation | None:
    """The school a person books through: the one asked for if they work there, else the
    school of their current employment with the most hours."""
    employments = list(
        Employment.objects.on(day)
        .filter(person=person)
        .select_related("school")
        .order_by("-fte", "pk")
    )
    if preferred is not None:
        for employment in employments:
            if employment.school_id == preferred.pk:
                return employment.school
    return employments[0].school if employments else None


def _overlap(a: Sequence[tuple[datetime.datetime, datetime.datetime]], b: Sequence[tuple]) -> bool:
    return any(
        start < other_end and other_start < end for start, end in a for other_start, other_end in b
    )


def clashes_for(person: Person, session: Session) -> list[Booking]:
    """The person's live bookings on other sessions whose meetings overlap this one's.

    First the bookings whose session's span overlaps this one's (one indexed query, usually
    empty); only then their meetings, compared meeting by meeting."""
    candidates = list(
        Booking.objects.filter(
            person=person,
            status__in=LIVE,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        ).exclude(session_id=session.pk)
    )
    if not candidates:
        return []
    prefetch_related_objects(candidates, "session__opportunity")
    times: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    for meeting in Meeting.objects.filter(
        session_id__in={session.pk, *(booking.session_id for booking in candidates)}
    ).only("session_id", "starts_at", "ends_at"):
        times.setdefault(meeting.session_id, []).append((meeting.starts_at, meeting.ends_at))
    mine = times.get(session.pk, [])
    return [booking for booking in candidates if _overlap(times.get(booking.session_id, []), mine)]


def _check_bookable(session: Session, *, now: datetime.datetime) -> None:
    opportunity = session.opportunity
    if opportunity.status != Status.PUBLISHED:
        raise DomainError(_("This opportunity is not open for booking."), field="session")
    if session.cancelled:
        raise DomainError(_("This session is cancelled."), field="session")
    if now > session.booking_deadline:
        raise DomainError(_("Booking for this session has closed."), field="session")


def booking_create(
    *,
    session: Session,
    person: Person,
    by: User,
    reason: str = "",
    cost: Decimal | None = None,
    cover_days: Decimal | None = None,
    school: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> BookingOutcome:
    """Book ``person`` on ``session``: booked, requested (approval needed) or waitlisted."""
    now = now or timezone.now()
    school = _school_of(person, preferred=school, day=timezone.localdate(now))
    try:
        with transaction.atomic():
            session = locked(session)
            opportunity = session.opportunity
            _check_bookable(session, now=now)
            booking = Booking(
                session=session,
                person=person,
                school=school,
                booked_by=by,
                reason=(reason or "").strip(),
                cost=opportunity.cost if cost is None else cost,
                cover_days=opportunity.cover_days if cover_days is None else cover_days,
                created_at=now,
                updated_at=now,
            )
            if opportunity.approval_required and not booking.reason:
                raise DomainError(
                    _("Say why this learning is needed: a leader reads it to decide."),
                    field="reason",
                )
            if booking.cost < 0 or booking.cover_days < 0:
                raise DomainError(_("Cost and cover cannot be negative."), field="cost")
            if session.taken < session.capacity:
                booking.status = (
                    BookingStatus.REQUESTED
                    if opportunity.approval_required
                    else BookingStatus.BOOKED
                )
                session.taken += 1
            else:
                booking.status = BookingStatus.WAITLISTED
                booking.waitlist_position = session.waitlisted + 1
                session.waitlisted += 1
            session.save(update_fields=["taken", "waitlisted"])
            booking.save()
            notify.booking_changed(booking)
    except IntegrityError as error:
        # One live booking per person and session (``booking_one_live_per_person``): the
        # database refused the second, and nothing of it was saved.
        raise DomainError(
            _("This person already has a booking on this session."), field="person"
        ) from error
    return BookingOutcome(booking, clashes_for(person, session))


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User, now: datetime.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking, session = locked_booking(booking)
    if booking.status not in (
        BookingStatus.REQUESTED,
        BookingStatus.BOOKED,
        BookingStatus.WAITLISTED,
        BookingStatus.OFFERED,
    ):
        raise DomainError(_("This booking cannot be cancelled now."), field="booking")
    if now >= session.starts_at and booking.status != BookingStatus.WAITLISTED:
        raise DomainError(_("The session has started: it is too late to cancel."), field="booking")
    return settle(booking, session, BookingStatus.CANCELLED, now=now)


@transaction.atomic
def booking_approve(*, booking: Booking, by: User, now: datetime.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking, _session = locked_booking(booking)
    if booking.status != BookingStatus.REQUESTED:
        raise DomainError(
            _("Only a request waiting for approval can be approved."), field="booking"
        )
    booking.status = BookingStatus.BOOKED
    booking.decided_by = by
    booking.decided_at = now
    booking.updated_at = now
    booking.save()
    notify.booking_changed(booking)
    return booking


@transaction.atomic
def booking_decline(
    *, booking: Booking, by: User, reason: str, now: datetime.datetime | None = None
) -> Booking:
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the request is declined."), field="reason")
    booking, session = locked_booking(booking)
    if booking.status != BookingStatus.REQUESTED:
        raise DomainError(
            _("Only a request waiting for approval can be declined."), field="booking"
        )
    return settle(
        booking,
        session,
        BookingStatus.DECLINED,
        now=now,
        decided_by=by,
        decided_at=now,
        decision_reason=reason,
    )


def booking_accept_offer(
    *, booking: Booking, by: User, now: datetime.datetime | None = None
) -> Booking:
    """Take up an offered place: booked, or a request where the opportunity needs approval.
    Too late, the offer expires (and moves on) and the person is told so."""
    now = now or timezone.now()
    with transaction.atomic():
        booking, session = locked_booking(booking)
        if booking.status != BookingStatus.OFFERED:
            raise DomainError(_("There is no place on offer for this booking."), field="booking")
        if booking.offer_expires_at is None or now <= booking.offer_expires_at:
            booking.status = (
                BookingStatus.REQUESTED
                if session.opportunity.approval_required
                else BookingStatus.BOOKED
            )
            booking.offer_expires_at = None
            booking.updated_at = now
            booking.save()
            notify.booking_changed(booking)
            return booking
        settle(booking, session, BookingStatus.EXPIRED, now=now)
    raise DomainError(_("The offer of a place has expired."), field="booking")


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Expire the offers whose time is up, each moving its place on to the next in line."""
    now = now or timezone.now()
    expired = 0
    due = Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lt=now)
    for pk in due.values_list("pk", flat=True).order_by("offer_expires_at")[:1000]:
        with transaction.atomic():
            booking = Booking.objects.select_related("session").get(pk=pk)
            booking, session = locked_booking(booking)
            if booking.status == BookingStatus.OFFERED and booking.offer_expires_at < now:
                settle(booking, session, BookingStatus.EXPIRED, now=now)
                expired += 1
    return expired


def staff_person(*, school: Organisation, person_id: int, day: datetime.date) -> Person:
    """A member of ``school``'s staff on ``day``, or DomainError (callers scope first)."""
    person = Person.objects.filter(
        pk=person_id, employments__in=Employment.objects.on(day).filter(school=school)
    ).first()
    if person is None:
        raise DomainError(_("This person does not work at your school."), field="person")
    return person


@dataclass
class StaffBooking:
    person: Person
    outcome: BookingOutcome | None = None
    error: str = ""


def bookings_for_staff(
    *,
    session: Session,
    people: Sequence[Person],
    by: User,
    school: Organisation,
    reason: str = "",
) -> list[StaffBooking]:
    """A leader books several of their staff onto a session: each person's booking stands on
    its own (a full session waitlists the rest in the order given; one refusal stops nobody
    else)."""
    results = []
    for person in people:
        try:
            outcome = booking_create(
                session=session, person=person, by=by, reason=reason, school=school
            )
        except DomainError as error:
            results.append(StaffBooking(person, error=error.message))
        else:
            results.append(StaffBooking(person, outcome))
    return results
