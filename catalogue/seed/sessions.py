"""Sessions: spread over the scheduled offer (published or archived) on school days of the
seeded academic years, each with its meetings (a twilight series meets three weeks running).
All are drawn first, as a few numbers each, then built into rows a chunk at a time."""

from __future__ import annotations

import datetime
import random
from typing import NamedTuple

from catalogue.models import Format, Meeting, Opportunity, Session, Status
from catalogue.seed.content import (
    FIRST_DAY,
    LAST_DAY,
    LONDON,
    PROGRAMMES,
    PUBLISHED_AT,
    SIZES,
    VENUES,
)
from core.seeding import SeedContext


class Planned(NamedTuple):
    """A session as drawn, in a few numbers: it becomes rows only when its turn to be inserted
    comes, so that 100,000 of them are waiting as a few megabytes."""

    opportunity: int  # its index in the offer
    day: datetime.date  # of its first meeting
    twilight: bool  # a twilight series meets three weeks running
    hour: int
    hours: int
    venue: str  # "" online
    capacity: int
    notice: int  # days before the first meeting that booking closes


def _when(day: datetime.date, hour: int, hours: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)
    return start, start + datetime.timedelta(hours=hours)


def _school_day(rng: random.Random) -> datetime.date:
    span = (LAST_DAY - FIRST_DAY).days
    while True:
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        if day.weekday() < 5 and day.month != 8:
            return day


def sessions_plan(
    context: SeedContext, opportunities: list[Opportunity], today: datetime.date
) -> list[Planned]:
    """Every session, drawn in the order they are inserted."""
    rng = context.rng
    sessions_wanted = SIZES[context.scale.name][1]
    scheduled = [
        i
        for i, o in enumerate(opportunities)
        if o.format == Format.SCHEDULED and o.status in (Status.PUBLISHED, Status.ARCHIVED)
    ]
    per = max(1, sessions_wanted // max(1, len(scheduled)))
    planned: list[Planned] = []
    for index in scheduled:
        opportunity = opportunities[index]
        count = rng.randint(max(1, per - 2), per + 2) if index >= len(PROGRAMMES) else per + 4
        for _ in range(count):
            day = _school_day(rng)
            if opportunity.status == Status.ARCHIVED:
                day = min(day, today - datetime.timedelta(days=30))
            twilight = opportunity.delivery.code == "live" and rng.random() < 0.25
            hour, hours = (16, 2) if twilight or opportunity.delivery.code == "webinar" else (9, 6)
            online = (
                opportunity.delivery.code in ("webinar", "network-meeting") or rng.random() < 0.2
            )
            venue = "" if online else rng.choice(VENUES)
            capacity = rng.choice([12, 16, 20, 24, 30, 40, 60])
            notice = rng.choice([0, 2, 7])
            planned.append(Planned(index, day, twilight, hour, hours, venue, capacity, notice))
    return planned


def session_build(
    planned: Planned, number: int, opportunity: Opportunity
) -> tuple[Session, list[Meeting]]:
    """The ``number``th session (from 1) and its meetings, not yet inserted."""
    days = (
        [planned.day + datetime.timedelta(weeks=w) for w in range(3)]
        if planned.twilight
        else [planned.day]
    )
    times = [_when(day, planned.hour, planned.hours) for day in days]
    first_start, last_end = times[0][0], times[-1][1]
    session = Session(
        opportunity=opportunity,
        language=opportunity.language,
        venue=f"{planned.venue}, {opportunity.audience_organisation.name_en}"
        if planned.venue
        else "",
        online_url="" if planned.venue else f"https://meet.hawl.example/{number}",
        capacity=planned.capacity,
        booking_deadline=first_start - datetime.timedelta(days=planned.notice),
        starts_at=first_start,
        ends_at=last_end,
        check_in_code=f"{number:06d}"[-6:].translate(str.maketrans("0123456789", "ABCDEFGHJK")),
        created_at=PUBLISHED_AT,
    )
    return session, [Meeting(session=session, starts_at=s, ends_at=e) for s, e in times]
