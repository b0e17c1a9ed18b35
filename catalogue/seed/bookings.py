"""Bookings for every session as the booking rules would leave them, with the learning records
of those attended and the evaluations some of them wrote.

Sessions, meetings, bookings and learning records are built and inserted a chunk at a time
(``chunks.Inserts``); each session's ``taken`` and ``waitlisted`` are counted from the very rows
inserted with it. The evaluations are drawn after every booking (so the same seed gives the
same rows as it always has): until then, the bookings chosen for one wait as four numbers each.
"""

from __future__ import annotations

import datetime
import random
from array import array
from collections.abc import Iterator

from django.utils import timezone

from catalogue.models import (
    Booking,
    BookingStatus,
    Evaluation,
    LearningRecord,
    Meeting,
    Opportunity,
    Session,
)
from catalogue.seed.chunks import Inserts, insert_all
from catalogue.seed.content import COMMENTS, SIZES
from catalogue.seed.offer import Offer
from catalogue.seed.sessions import Planned, session_build
from core.seeding import SeedContext
from standards.models import Term


def bookings_seed(
    context: SeedContext,
    planned: list[Planned],
    opportunities: list[Opportunity],
    offer: Offer,
    school_of_person: dict[int, int],
    terms: dict[tuple[str, str], Term],
    now: datetime.datetime,
) -> None:
    """Insert the sessions with their meetings, bookings and learning records, then the
    evaluations."""
    per_session = max(1, SIZES[context.scale.name][2] // max(1, len(planned)))
    inserts = Inserts(
        context,
        {
            Session: "sessions",
            Meeting: "meetings",
            Booking: "bookings",
            LearningRecord: "learning records",
        },
    )
    to_evaluate = _ToEvaluate()
    chosen: list[Booking] = []  # for an evaluation, since the last insert
    for number, item in enumerate(planned, start=1):
        session, meetings = session_build(item, number, opportunities[item.opportunity])
        bookings = _bookings_plan(
            context.rng,
            session,
            offer.audience_people[item.opportunity],
            school_of_person,
            per_session,
            now,
            chosen,
        )
        inserts.add(Session, [session])
        inserts.add(Meeting, meetings)
        inserts.add(Booking, bookings)
        inserts.add(
            LearningRecord,
            (
                _record(booking, session)
                for booking in bookings
                if booking.status == BookingStatus.ATTENDED
            ),
        )
        if inserts.full:
            inserts.flush()
            to_evaluate.extend(chosen)
            chosen = []
    inserts.done()
    to_evaluate.extend(chosen)
    _evaluations_seed(context, to_evaluate, terms)


def _bookings_plan(
    rng: random.Random,
    session: Session,
    pool: list[int],
    school_of_person: dict[int, int],
    per_session: int,
    now: datetime.datetime,
    chosen: list[Booking],
) -> list[Booking]:
    """A session's bookings, as the rules would leave them: places taken up to capacity, then a
    waitlist in order on the full future ones; past ones attended or absent. Sets the session's
    counts; adds the attended bookings chosen for an evaluation to ``chosen``."""
    if not pool:
        return []
    opportunity = session.opportunity
    past = session.ends_at < now
    # Demand is uneven: most sessions half full, a popular few with a waitlist.
    demand = rng.choices([0.3, 0.6, 1.0, 1.5, 3.0], [2, 3, 3, 1, 1])[0] * 1.18
    want = min(len(pool), max(0, int(rng.gauss(per_session * demand, per_session / 4))))
    people = rng.sample(pool, k=want) if want < len(pool) else list(pool)
    bookings = []
    taken = waitlisted = 0
    for person_id in people:
        created = session.booking_deadline - datetime.timedelta(days=rng.randint(1, 40))
        booking = Booking(
            session=session,
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
        if booking.status == BookingStatus.ATTENDED and rng.random() < 0.25:
            chosen.append(booking)
        bookings.append(booking)
    if not past:
        # A draw once made for cancellations the seed never made: still drawn, so that a seed
        # gives the rows it always has.
        rng.random()
    session.taken = taken
    session.waitlisted = waitlisted
    return bookings


def _record(booking: Booking, session: Session) -> LearningRecord:
    opportunity = session.opportunity
    return LearningRecord(
        person_id=booking.person_id,
        opportunity=opportunity,
        booking=booking,
        completed_on=timezone.localdate(session.ends_at),
        title_en=opportunity.title_en,
        title_cy=opportunity.title_cy,
        hours=opportunity.hours,
        created_at=session.ends_at,
    )


class _ToEvaluate:
    """Inserted bookings chosen for an evaluation, as (booking, session, opportunity, the
    session's end as a timestamp): 150,000 of them at Wales scale."""

    def __init__(self) -> None:
        self.numbers: array[int] = array("q")

    def extend(self, bookings: list[Booking]) -> None:
        for booking in bookings:
            session = booking.session
            self.numbers.extend(
                (booking.pk, session.pk, session.opportunity_id, int(session.ends_at.timestamp()))
            )

    def __iter__(self) -> Iterator[tuple[int, int, int, datetime.datetime]]:
        numbers = self.numbers
        for i in range(0, len(numbers), 4):
            ends_at = datetime.datetime.fromtimestamp(numbers[i + 3], tz=datetime.UTC)
            yield numbers[i], numbers[i + 1], numbers[i + 2], ends_at


def _evaluations_seed(
    context: SeedContext, to_evaluate: _ToEvaluate, terms: dict[tuple[str, str], Term]
) -> None:
    """Every evaluation's rating and comment are drawn before any of their characteristics."""
    rng = context.rng
    characteristics = [t for (v, _c), t in terms.items() if v == "estyn-characteristic"]
    evaluations = insert_all(
        context,
        Evaluation,
        (
            Evaluation(
                booking_id=booking_id,
                opportunity_id=opportunity_id,
                session_id=session_id,
                rating=rng.choices([1, 2, 3, 4, 5], [2, 5, 18, 45, 30])[0],
                comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                created_at=ends_at,
            )
            for booking_id, session_id, opportunity_id, ends_at in to_evaluate
        ),
        "evaluations",
    )
    through = Evaluation.characteristics.through
    insert_all(
        context,
        through,
        (
            through(evaluation_id=evaluation_id, term_id=term.pk)
            for evaluation_id in evaluations
            for term in rng.sample(characteristics, k=rng.randint(1, 3))
        ),
        "evaluation characteristics",
    )
