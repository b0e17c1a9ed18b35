"""The demo sign-ins' own bookings: the teacher has bookings past and future, the head has
requests to approve, and the national body's programmes have sessions with registers to keep."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from catalogue.models import (
    Booking,
    BookingStatus,
    Interest,
    LearningRecord,
    Opportunity,
    Session,
    Status,
)
from catalogue.seed.content import PROGRAMMES
from core.seeding import SeedContext
from people.models import Employment, Person


def demo_seed(
    context: SeedContext, opportunities: list[Opportunity], now: datetime.datetime
) -> None:
    """The demo sign-ins' own bookings: something to see and do on first sign-in."""
    users = {u.username: u for u in context.shared.get("demo_users", [])}
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    teacher = people.get(users["teacher"].pk) if "teacher" in users else None
    if teacher is None:
        return
    home = Employment.objects.filter(person=teacher).values_list("school_id", flat=True).first()
    staff = list(
        Person.objects.filter(employments__school_id=home).exclude(pk=teacher.pk).order_by("pk")[:6]
    )
    national = opportunities[: len(PROGRAMMES)]
    sessions = list(
        Session.objects.filter(opportunity__in=national)
        .select_related("opportunity")
        .order_by("pk")
    )
    future = {
        o.pk: [s for s in sessions if s.opportunity_id == o.pk and s.starts_at > now]
        for o in national
    }
    past = [s for s in sessions if s.opportunity_id == national[0].pk and s.ends_at < now]
    rows = []

    def place(session: Session, person: Person, status: str, **extra: Any) -> None:
        if Booking.objects.filter(session=session, person=person).exists():
            return
        rows.append(
            Booking(
                session=session,
                person=person,
                school_id=home,
                status=status,
                cost=session.opportunity.cost,
                cover_days=session.opportunity.cover_days,
                created_at=now - datetime.timedelta(days=3),
                updated_at=now,
                **extra,
            )
        )

    core, intermediate = future[national[0].pk], future[national[1].pk]
    if core:
        place(core[0], teacher, BookingStatus.BOOKED)
    if past:
        place(past[-1], teacher, BookingStatus.ATTENDED)
    if intermediate:
        for person in staff[:3]:
            place(
                intermediate[0],
                person,
                BookingStatus.REQUESTED,
                reason="Our ALN lead is retiring next year.",
            )
    Booking.objects.bulk_create(rows)
    for session in {b.session_id for b in rows}:
        live = Booking.objects.filter(
            session_id=session, status__in=("booked", "requested", "attended", "absent", "offered")
        ).count()
        capacity = Session.objects.filter(pk=session).values_list("capacity", flat=True).get()
        Session.objects.filter(pk=session).update(taken=live, capacity=max(capacity, live))
    attended = [b for b in rows if b.status == BookingStatus.ATTENDED]
    for booking in attended:
        session = booking.session
        LearningRecord.objects.create(
            person=booking.person,
            opportunity=session.opportunity,
            booking=booking,
            completed_on=timezone.localdate(session.ends_at),
            title_en=session.opportunity.title_en,
            title_cy=session.opportunity.title_cy,
            hours=session.opportunity.hours,
        )
    coming = next((o for o in opportunities if o.status == Status.IN_DEVELOPMENT), None)
    if coming is not None:
        Interest.objects.get_or_create(opportunity=coming, person=teacher)
    context.log(f"  demo bookings: {len(rows)}")
