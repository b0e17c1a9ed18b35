"""Bookings for every session as the booking rules would leave them, with the learning records
of those attended and the evaluations some of them wrote."""

from __future__ import annotations

import datetime

from django.utils import timezone

from catalogue.models import Booking, BookingStatus, Evaluation, LearningRecord, Meeting, Session
from catalogue.seed.content import COMMENTS, SIZES
from catalogue.seed.offer import Offer
from catalogue.seed.sessions import Meetings
from core.seeding import SeedContext, bulk
from standards.models import Term


def bookings_seed(
    context: SeedContext,
    sessions: list[Session],
    session_opportunity: list[int],
    meetings: Meetings,
    offer: Offer,
    school_of_person: dict[int, int],
    terms: dict[tuple[str, str], Term],
    now: datetime.datetime,
) -> list[Session]:
    """Insert the sessions, their meetings and bookings; returns the sessions with their pk."""
    bookings_wanted = SIZES[context.scale.name][2]
    bookings, learning, evaluations = _bookings_plan(
        context,
        sessions,
        session_opportunity,
        offer,
        school_of_person,
        bookings_wanted,
        now,
    )
    sessions = bulk(Session, sessions, "sessions", context)
    bulk(
        Meeting,
        [Meeting(session=sessions[i], starts_at=s, ends_at=e) for i, s, e in meetings],
        "meetings",
        context,
    )
    for booking, session_index in bookings:
        booking.session = sessions[session_index]
    created = bulk(Booking, [b for b, _ in bookings], "bookings", context)
    bulk(
        LearningRecord,
        [
            LearningRecord(
                person_id=created[i].person_id,
                opportunity=sessions[s].opportunity,
                booking=created[i],
                completed_on=timezone.localdate(sessions[s].ends_at),
                title_en=sessions[s].opportunity.title_en,
                title_cy=sessions[s].opportunity.title_cy,
                hours=sessions[s].opportunity.hours,
                created_at=sessions[s].ends_at,
            )
            for i, s in learning
        ],
        "learning records",
        context,
    )
    _evaluations_seed(context, created, evaluations, terms)
    return sessions


def _bookings_plan(
    context: SeedContext,
    sessions: list[Session],
    session_opportunity: list[int],
    offer: Offer,
    school_of_person: dict[int, int],
    wanted: int,
    now: datetime.datetime,
) -> tuple[list[tuple[Booking, int]], list[tuple[int, int]], list[int]]:
    """Bookings for each session, as the rules would leave them: places taken up to capacity,
    then a waitlist in order on the full future ones; past ones attended or absent."""
    rng = context.rng
    per_session = max(1, wanted // max(1, len(sessions)))
    bookings: list[tuple[Booking, int]] = []
    learning: list[tuple[int, int]] = []
    evaluations: list[int] = []
    for index, session in enumerate(sessions):
        opportunity = session.opportunity
        pool = offer.audience_people[session_opportunity[index]]
        if not pool:
            continue
        past = session.ends_at < now
        # Demand is uneven: most sessions half full, a popular few with a waitlist.
        demand = rng.choices([0.3, 0.6, 1.0, 1.5, 3.0], [2, 3, 3, 1, 1])[0] * 1.18
        want = min(len(pool), max(0, int(rng.gauss(per_session * demand, per_session / 4))))
        chosen = rng.sample(pool, k=want) if want < len(pool) else list(pool)
        taken = waitlisted = 0
        for person_id in chosen:
            created = session.booking_deadline - datetime.timedelta(days=rng.randint(1, 40))
            booking = Booking(
                person_id=person_id,
                school_id=school_of_person.get(person_id),
                cost=opportunity.cost,
                cover_days=opportunity.cover_days,
                created_at=created,
                updated_at=created,
            )
            if taken < session.capacity:
                taken += 1
                if past:
                    booking.status = (
                        BookingStatus.ATTENDED if rng.random() < 0.87 else BookingStatus.ABSENT
                    )
                elif opportunity.approval_required and rng.random() < 0.4:
                    booking.status = BookingStatus.REQUESTED
                    booking.reason = "It is in our school development plan."
                else:
                    booking.status = BookingStatus.BOOKED
            elif past:
                continue  # a past session's waitlist has gone
            else:
                waitlisted += 1
                booking.status = BookingStatus.WAITLISTED
                booking.waitlist_position = waitlisted
            if booking.status == BookingStatus.ATTENDED:
                learning.append((len(bookings), index))
                if rng.random() < 0.25:
                    evaluations.append(len(bookings))
            bookings.append((booking, index))
        if session.status == "scheduled" and past is False and rng.random() < 0.05 and taken:
            # A few people cancelled: their rows stay, their places are taken by others.
            pass
        session.taken = taken
        session.waitlisted = waitlisted
    return bookings, learning, evaluations


def _evaluations_seed(
    context: SeedContext,
    bookings: list[Booking],
    chosen: list[int],
    terms: dict[tuple[str, str], Term],
) -> None:
    rng = context.rng
    characteristics = [t for (v, _c), t in terms.items() if v == "estyn-characteristic"]
    rows = []
    for i in chosen:
        booking = bookings[i]
        session = booking.session
        rows.append(
            Evaluation(
                booking=booking,
                opportunity_id=session.opportunity_id,
                session=session,
                rating=rng.choices([1, 2, 3, 4, 5], [2, 5, 18, 45, 30])[0],
                comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                created_at=session.ends_at,
            )
        )
    evaluations = bulk(Evaluation, rows, "evaluations", context)
    through = Evaluation.characteristics.through
    bulk(
        through,
        [
            through(evaluation_id=e.pk, term_id=t.pk)
            for e in evaluations
            for t in rng.sample(characteristics, k=rng.randint(1, 3))
        ],
        "evaluation characteristics",
        context,
    )
