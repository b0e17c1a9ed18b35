"""Writes to the catalogue: opportunities, sessions, and the booking rules that never overbook.

Every change to a session's places runs in one transaction that first locks the session's row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions take the write lock),
then reads and writes its counts. Concurrent bookings on one session queue on that lock, so
``taken`` never passes ``capacity`` and waitlist positions stay 1..N without gaps; the database's
constraints (``session_not_overbooked``, one live booking per person, unique positions) are the
last guard.

Rules that say no raise ``DomainError`` with a message in the user's language and the field it
is about. What a person should be told is queued in the same transaction (``catalogue.notify``)
and sent by the worker after it commits.
"""

from __future__ import annotations

import datetime
import itertools
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import notify
from catalogue.models import (
    HOLDS_PLACE,
    LIVE,
    Audience,
    Booking,
    BookingRules,
    BookingStatus,
    Decision,
    Endorsement,
    EndorsementCriteria,
    Enrolment,
    Evaluation,
    Facet,
    Format,
    Interest,
    Judgement,
    LearningRecord,
    Meeting,
    Opportunity,
    Review,
    Session,
    SessionStatus,
    Status,
    Submission,
)
from core.errors import DomainError
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import above, below
from people.models import Employment, Person, User
from standards.models import Element, Standard, Term

# Waitlist positions are parked above this while the waitlist closes a gap.
_PARKED = 1_000_000_000
CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


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


# Opportunities.


def _region_of(organisation: Organisation, day: datetime.date) -> Organisation | None:
    if organisation.kind == OrganisationKind.REGION:
        return organisation
    ancestors = above([organisation.pk], day)
    return Organisation.objects.filter(pk__in=ancestors, kind=OrganisationKind.REGION).first()


def _check_audience(provider: Organisation, audience: Organisation, day: datetime.date) -> None:
    """Providers and the nation offer to anyone; an LA, region, cluster or school offers to
    itself and what lies below it."""
    if provider.kind in (OrganisationKind.PROVIDER, OrganisationKind.NATION):
        return
    if not below([provider.pk], day).filter(descendant_id=audience.pk).exists():
        raise DomainError(
            _("%(provider)s can offer learning only within its own area.")
            % {"provider": provider.name},
            field="audience",
        )


MAPPINGS = ("priority_areas", "topics", "sectors", "career_stages")
_VOCABULARY = {
    "priority_areas": "priority-area",
    "topics": "topic",
    "sectors": "school-sector",
    "career_stages": "career-stage",
}
_FIELDS = (
    "title_en", "title_cy", "summary_en", "summary_cy", "description_en", "description_cy",
    "format", "language", "hours", "cost", "cover_days", "approval_required", "resource_url",
)  # fmt: skip


def _term(vocabulary: str, code: str | None) -> Term | None:
    if not code:
        return None
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


@transaction.atomic
def opportunity_save(
    *, by: User, data: dict[str, Any], opportunity: Opportunity | None = None
) -> Opportunity:
    """Create or change an opportunity from a valid ``OpportunityForm``'s cleaned data."""
    now = timezone.now()
    day = timezone.localdate(now)
    provider, audience = data["provider"], data["audience"]
    _check_audience(provider, audience, day)
    creating = opportunity is None
    if opportunity is None:
        opportunity = Opportunity(created_by=by, created_at=now)
    if (
        not creating
        and data["format"] == Format.SELF_PACED
        and opportunity.format != Format.SELF_PACED
        and opportunity.sessions.exists()
    ):
        raise DomainError(_("It has sessions, so it cannot become self-paced."), field="format")
    for name in _FIELDS:
        setattr(opportunity, name, data[name])
    opportunity.provider = provider
    opportunity.audience_organisation = audience
    opportunity.region = _region_of(audience, day)
    opportunity.level = _term("provision-level", data["level"])
    opportunity.delivery = _term("delivery-method", data["delivery"])
    opportunity.pathway = _term("pathway", data.get("pathway"))
    opportunity.pathway_level = _term("pathway-level", data.get("pathway_level"))
    was = opportunity.status
    opportunity.status = data["status"]
    if opportunity.status == Status.PUBLISHED and not opportunity.published_at:
        opportunity.published_at = now
    opportunity.updated_at = now
    opportunity.save()
    opportunity.standards.set(Standard.objects.filter(code__in=data.get("standards") or []))
    opportunity.elements.set(Element.objects.filter(code__in=data.get("elements") or []))
    for name in MAPPINGS:
        getattr(opportunity, name).set(
            Term.objects.filter(vocabulary__code=_VOCABULARY[name], code__in=data.get(name) or [])
        )
    wanted = set(data.get("audiences") or [])
    opportunity.audiences.exclude(role_type__in=wanted).delete()
    have = set(opportunity.audiences.values_list("role_type", flat=True))
    Audience.objects.bulk_create(
        Audience(opportunity=opportunity, role_type=role) for role in sorted(wanted - have)
    )
    facets_rebuild(ids=[opportunity.pk])  # after the audiences' bulk insert, which signals nothing
    if was != Status.PUBLISHED and opportunity.status == Status.PUBLISHED:
        notify.opportunity_published(opportunity)
    return opportunity


# Sessions.


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


def _locked(session: Session) -> Session:
    """The session, re-read under its row lock: the one way its counts change."""
    return Session.objects.select_for_update().get(pk=session.pk)


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
    session = _locked(session)
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
    _promote(session, now=now)
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str, by: User | None = None) -> Session:
    """Cancel a session: every live booking is cancelled and its person told why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the session is cancelled."), field="reason")
    session = _locked(session)
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


# Bookings.


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


def clashes_for(person: Person, session: Session) -> list[Booking]:
    """The person's live bookings on other sessions whose meetings overlap this one's."""
    meetings = list(session.meetings.all())
    if not meetings:
        return []
    overlap = Q()
    for meeting in meetings:
        overlap |= Q(
            session__meetings__starts_at__lt=meeting.ends_at,
            session__meetings__ends_at__gt=meeting.starts_at,
        )
    return list(
        Booking.objects.filter(person=person, status__in=LIVE)
        .exclude(session=session)
        .filter(overlap)
        .select_related("session__opportunity")
        .distinct()
    )


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
    try:
        with transaction.atomic():
            session = _locked(session)
            opportunity = session.opportunity
            _check_bookable(session, now=now)
            if Booking.objects.filter(session=session, person=person, status__in=LIVE).exists():
                raise DomainError(
                    _("This person already has a booking on this session."), field="person"
                )
            booking = Booking(
                session=session,
                person=person,
                school=_school_of(person, preferred=school, day=timezone.localdate(now)),
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
        # Only reachable if the rules above were bypassed: the database refused, nothing saved.
        raise DomainError(
            _("This person already has a booking on this session."), field="person"
        ) from error
    return BookingOutcome(booking, clashes_for(person, session))


def _locked_booking(booking: Booking) -> tuple[Booking, Session]:
    session = _locked(booking.session)
    booking = Booking.objects.select_for_update().select_related("person__user").get(pk=booking.pk)
    booking.session = session
    return booking, session


def _close_gap(session: Session, position: int, count: int = 1) -> None:
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


def _promote(session: Session, *, now: datetime.datetime) -> list[Booking]:
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
    _close_gap(session, len(offered), len(offered))
    session.taken += len(offered)
    Session.objects.filter(pk=session.pk).update(taken=session.taken)
    for booking in offered:
        booking.status = BookingStatus.OFFERED
        booking.waitlist_position = None
        booking.offer_expires_at = until
        notify.booking_changed(booking)
    return offered


def _settle(
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
        _close_gap(session, position)
    elif previous in HOLDS_PLACE:
        session.taken -= 1
        Session.objects.filter(pk=session.pk).update(taken=session.taken)
        _promote(session, now=now)
    notify.booking_changed(booking)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User, now: datetime.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking, session = _locked_booking(booking)
    if booking.status not in (
        BookingStatus.REQUESTED,
        BookingStatus.BOOKED,
        BookingStatus.WAITLISTED,
        BookingStatus.OFFERED,
    ):
        raise DomainError(_("This booking cannot be cancelled now."), field="booking")
    if now >= session.starts_at and booking.status != BookingStatus.WAITLISTED:
        raise DomainError(_("The session has started: it is too late to cancel."), field="booking")
    return _settle(booking, session, BookingStatus.CANCELLED, now=now)


@transaction.atomic
def booking_approve(*, booking: Booking, by: User, now: datetime.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking, _session = _locked_booking(booking)
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
    booking, session = _locked_booking(booking)
    if booking.status != BookingStatus.REQUESTED:
        raise DomainError(
            _("Only a request waiting for approval can be declined."), field="booking"
        )
    return _settle(
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
        booking, session = _locked_booking(booking)
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
        _settle(booking, session, BookingStatus.EXPIRED, now=now)
    raise DomainError(_("The offer of a place has expired."), field="booking")


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Expire the offers whose time is up, each moving its place on to the next in line."""
    now = now or timezone.now()
    expired = 0
    due = Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lt=now)
    for pk in due.values_list("pk", flat=True).order_by("offer_expires_at")[:1000]:
        with transaction.atomic():
            booking = Booking.objects.select_related("session").get(pk=pk)
            booking, session = _locked_booking(booking)
            if booking.status == BookingStatus.OFFERED and booking.offer_expires_at < now:
                _settle(booking, session, BookingStatus.EXPIRED, now=now)
                expired += 1
    return expired


# Registers and learning records.


def _record_learning(
    *,
    person: Person,
    opportunity: Opportunity,
    on: datetime.date,
    booking: Booking | None = None,
    enrolment: Enrolment | None = None,
) -> LearningRecord:
    """The person's record of learning they took part in (mapped through the opportunity)."""
    return LearningRecord.objects.create(
        person=person,
        opportunity=opportunity,
        booking=booking,
        enrolment=enrolment,
        completed_on=on,
        title_en=opportunity.title_en,
        title_cy=opportunity.title_cy,
        hours=opportunity.hours,
    )


@transaction.atomic
def register_mark(
    *,
    session: Session,
    attended: Iterable[int] = (),
    absent: Iterable[int] = (),
    by: User | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Mark people with a place attended or absent (ids of their bookings on this session).
    Attending makes a learning record; marking someone absent after all removes it."""
    now = now or timezone.now()
    session = _locked(session)
    if session.cancelled:
        raise DomainError(_("This session is cancelled."), field="session")
    if now < session.starts_at:
        raise DomainError(_("The register opens when the session starts."), field="session")
    marked = 0
    markable = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.ABSENT)
    for status, ids in ((BookingStatus.ATTENDED, attended), (BookingStatus.ABSENT, absent)):
        bookings = list(
            Booking.objects.filter(session=session, pk__in=list(ids), status__in=markable)
            .exclude(status=status)
            .select_related("person")
        )
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
            status=status, updated_at=now
        )
        for booking in bookings:
            if status == BookingStatus.ATTENDED:
                _record_learning(
                    person=booking.person,
                    opportunity=session.opportunity,
                    on=timezone.localdate(session.ends_at),
                    booking=booking,
                )
            else:
                LearningRecord.objects.filter(booking=booking).delete()
        marked += len(bookings)
    return marked


def check_in(
    *, session: Session, person: Person, code: str, now: datetime.datetime | None = None
) -> Booking:
    """An attendee enters the session's short code: they are marked attended."""
    now = now or timezone.now()
    given = "".join((code or "").split()).upper()
    if not given:
        raise DomainError(_("Enter the check-in code you were given."), field="code")
    if not secrets.compare_digest(given, session.check_in_code):
        raise DomainError(_("That is not this session’s check-in code."), field="code")
    if (
        not session.starts_at - datetime.timedelta(hours=1)
        <= now
        <= session.ends_at + datetime.timedelta(days=1)
    ):
        raise DomainError(
            _("Check in on the day of the session, from an hour before it starts."), field="code"
        )
    booking = Booking.objects.filter(
        session=session,
        person=person,
        status__in=(BookingStatus.BOOKED, BookingStatus.ATTENDED),
    ).first()
    if booking is None:
        raise DomainError(_("You do not have a place on this session."), field="code")
    if booking.status != BookingStatus.ATTENDED:
        register_mark(session=session, attended=[booking.pk], now=max(now, session.starts_at))
        booking.refresh_from_db()
    return booking


# Self-paced learning, interest, evaluation.


def _check_listed(opportunity: Opportunity) -> None:
    if opportunity.status != Status.PUBLISHED:
        raise DomainError(_("This opportunity is not open yet."), field="opportunity")


def enrolment_start(*, opportunity: Opportunity, person: Person) -> Enrolment:
    if not opportunity.self_paced:
        raise DomainError(
            _("This opportunity runs in sessions: book a place on one."), field="opportunity"
        )
    _check_listed(opportunity)
    enrolment, _created = Enrolment.objects.get_or_create(opportunity=opportunity, person=person)
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, now: datetime.datetime | None = None) -> Enrolment:
    """Completing self-paced learning makes a learning record (once)."""
    now = now or timezone.now()
    enrolment = (
        Enrolment.objects.select_for_update().select_related("opportunity").get(pk=enrolment.pk)
    )
    if enrolment.completed_at is not None:
        raise DomainError(_("You have already completed this."), field="enrolment")
    enrolment.completed_at = now
    enrolment.save(update_fields=["completed_at"])
    _record_learning(
        person=enrolment.person,
        opportunity=enrolment.opportunity,
        on=timezone.localdate(now),
        enrolment=enrolment,
    )
    return enrolment


def interest_register(*, opportunity: Opportunity, person: Person) -> Interest:
    """Ask to be told when the opportunity gets a session or is published."""
    if opportunity.status not in (Status.IN_DEVELOPMENT, Status.PUBLISHED):
        raise DomainError(_("This opportunity is not open yet."), field="opportunity")
    interest, _created = Interest.objects.get_or_create(opportunity=opportunity, person=person)
    return interest


def interest_withdraw(*, opportunity: Opportunity, person: Person) -> None:
    Interest.objects.filter(opportunity=opportunity, person=person).delete()


@transaction.atomic
def evaluation_save(
    *,
    rating: int,
    comment: str = "",
    characteristics: Iterable[str] = (),
    booking: Booking | None = None,
    enrolment: Enrolment | None = None,
) -> Evaluation:
    """Evaluate learning the person attended or completed: once, and changeable after."""
    if booking is not None and booking.status != BookingStatus.ATTENDED:
        raise DomainError(_("You can evaluate a session after you attend it."), field="booking")
    if enrolment is not None and enrolment.completed_at is None:
        raise DomainError(_("You can evaluate this after you complete it."), field="enrolment")
    if booking is None and enrolment is None:
        raise DomainError(_("There is nothing to evaluate."), field="booking")
    if not 1 <= int(rating) <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating")
    opportunity = booking.session.opportunity if booking else enrolment.opportunity  # type: ignore[union-attr]
    evaluation, _created = Evaluation.objects.update_or_create(
        booking=booking,
        enrolment=enrolment,
        defaults={
            "opportunity": opportunity,
            "session": booking.session if booking else None,
            "rating": int(rating),
            "comment": (comment or "").strip(),
        },
    )
    evaluation.characteristics.set(
        Term.objects.filter(vocabulary__code="estyn-characteristic", code__in=list(characteristics))
    )
    return evaluation


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


# Endorsement.


def criteria_in_force(*, day: datetime.date | None = None) -> EndorsementCriteria:
    day = day or timezone.localdate()
    criteria = EndorsementCriteria.objects.filter(starts_on__lte=day).order_by("-starts_on").first()
    if criteria is None:
        raise DomainError(
            _("No endorsement criteria are in force. An administrator must load them.")
        )
    return criteria


@transaction.atomic
def submission_create(*, opportunity: Opportunity, by: User, statement: str) -> Submission:
    """A provider submits an opportunity for national endorsement against the criteria in
    force."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    statement = (statement or "").strip()
    if not statement:
        raise DomainError(_("Say how the opportunity meets the criteria."), field="statement")
    if opportunity.status not in (Status.PUBLISHED, Status.IN_DEVELOPMENT):
        raise DomainError(
            _("Publish the opportunity, or show it as coming soon, before you submit it."),
            field="statement",
        )
    if opportunity.endorsement == Endorsement.SUBMITTED:
        raise DomainError(_("It is already waiting for the panel."), field="statement")
    if opportunity.endorsement == Endorsement.ENDORSED:
        raise DomainError(_("It is already endorsed."), field="statement")
    submission = Submission.objects.create(
        opportunity=opportunity,
        criteria=criteria_in_force(),
        statement=statement,
        submitted_by=by,
    )
    opportunity.endorsement = Endorsement.SUBMITTED
    opportunity.save(update_fields=["endorsement"])
    return submission


@transaction.atomic
def review_save(
    *, submission: Submission, reviewer: User, judgements: dict[str, tuple[str, str]]
) -> list[Review]:
    """A panel member's judgement of each criterion (``{code: (judgement, comment)}``)."""
    if submission.decision:
        raise DomainError(_("The panel has already decided."), field="submission")
    criteria = {c.code: c for c in submission.criteria.items.all()}
    saved = []
    for code, (judgement, comment) in judgements.items():
        if code not in criteria:
            raise DomainError(_("That is not one of the criteria."), field=code)
        if judgement not in Judgement.values:
            raise DomainError(_("Choose met, partly met or not met."), field=code)
        review, _created = Review.objects.update_or_create(
            submission=submission,
            criterion=criteria[code],
            reviewer=reviewer,
            defaults={
                "judgement": judgement,
                "comment": (comment or "").strip(),
                "updated_at": timezone.now(),
            },
        )
        saved.append(review)
    return saved


@transaction.atomic
def submission_decide(
    *, submission: Submission, by: User, decision: str, reasons: str
) -> Submission:
    """The panel's decision: endorsed, returned for changes, or not endorsed (with reasons)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    reasons = (reasons or "").strip()
    if submission.decision:
        raise DomainError(_("The panel has already decided."), field="decision")
    if decision not in Decision.values:
        raise DomainError(_("Choose a decision."), field="decision")
    if decision != Decision.ENDORSED and not reasons:
        raise DomainError(
            _("Give the reasons, so the provider knows what to change."), field="reasons"
        )
    reviews = Review.objects.filter(submission=submission)
    judged = set(reviews.values_list("criterion__code", flat=True))
    wanted = set(submission.criteria.items.values_list("code", flat=True))
    if wanted - judged:
        raise DomainError(
            _("Review every criterion before deciding: %(missing)s.")
            % {"missing": ", ".join(sorted(wanted - judged))},
            field="decision",
        )
    if decision == Decision.ENDORSED and reviews.filter(judgement=Judgement.NOT_MET).exists():
        raise DomainError(
            _("A criterion is judged not met: it cannot be endorsed."), field="decision"
        )
    submission.decision = decision
    submission.reasons = reasons
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.save()
    Opportunity.objects.filter(pk=submission.opportunity_id).update(endorsement=decision)
    facets_rebuild(ids=[submission.opportunity_id])
    notify.endorsement_decided(submission)
    return submission


# Facets.


def facets_rebuild(*, ids: Iterable[int] | None = None, batch: int = 5000) -> int:
    """Write the facet rows of the given opportunities (all of them when ``ids`` is None) from
    the opportunities and their mappings, in bulk: a few queries for any number."""
    opportunities = Opportunity.objects.all()
    if ids is not None:
        ids = list(ids)
        opportunities = opportunities.filter(pk__in=ids)
    written = 0
    with transaction.atomic():
        (
            Facet.objects.all() if ids is None else Facet.objects.filter(opportunity_id__in=ids)
        ).delete()
        chosen = opportunities.values("pk")
        rows: set[tuple[int, str, str]] = set()
        for (
            pk,
            delivery,
            level,
            language,
            provider,
            region,
            endorsement,
        ) in opportunities.values_list(
            "pk",
            "delivery__code",
            "level__code",
            "language",
            "provider__code",
            "region__code",
            "endorsement",
        ):
            rows.update(
                {
                    (pk, "delivery", delivery),
                    (pk, "level", level),
                    (pk, "language", language),
                    (pk, "provider", provider),
                }
            )
            if region:
                rows.add((pk, "region", region))
            if endorsement == Endorsement.ENDORSED:
                rows.add((pk, "endorsed", "1"))
        for facet, through, column in (
            ("standard", Opportunity.standards.through, "standard__code"),
            ("priority", Opportunity.priority_areas.through, "term__code"),
            ("topic", Opportunity.topics.through, "term__code"),
        ):
            rows.update(
                (pk, facet, code)
                for pk, code in through.objects.filter(opportunity_id__in=chosen).values_list(
                    "opportunity_id", column
                )
            )
        rows.update(
            (pk, "audience", code)
            for pk, code in Audience.objects.filter(opportunity_id__in=chosen).values_list(
                "opportunity_id", "role_type"
            )
        )
        created = Facet.objects.bulk_create(
            (Facet(opportunity_id=pk, facet=facet, code=code) for pk, facet, code in sorted(rows)),
            batch_size=batch,
        )
        written = len(created)
    return written


# Provider pages.


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
