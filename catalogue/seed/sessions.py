"""Sessions: spread over the scheduled offer (published or archived) on school days of the
seeded academic years, each with its meetings (a twilight series meets three weeks running)."""

from __future__ import annotations

import datetime
import random

from catalogue.models import Format, Opportunity, Session, Status
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

Meetings = list[tuple[int, datetime.datetime, datetime.datetime]]


def _when(
    rng: random.Random, day: datetime.date, hour: int, hours: int
) -> tuple[datetime.datetime, datetime.datetime]:
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
) -> tuple[list[Session], list[int], Meetings]:
    """The sessions (not yet inserted), the index of each one's opportunity, and the meetings
    as (session index, start, end)."""
    rng = context.rng
    sessions_wanted = SIZES[context.scale.name][1]
    scheduled = [
        i
        for i, o in enumerate(opportunities)
        if o.format == Format.SCHEDULED and o.status in (Status.PUBLISHED, Status.ARCHIVED)
    ]
    per = max(1, sessions_wanted // max(1, len(scheduled)))
    sessions: list[Session] = []
    session_opportunity: list[int] = []
    meetings: Meetings = []
    for index in scheduled:
        opportunity = opportunities[index]
        count = rng.randint(max(1, per - 2), per + 2) if index >= len(PROGRAMMES) else per + 4
        for _ in range(count):
            day = _school_day(rng)
            if opportunity.status == Status.ARCHIVED:
                day = min(day, today - datetime.timedelta(days=30))
            twilight = opportunity.delivery.code == "live" and rng.random() < 0.25
            hour, hours = (16, 2) if twilight or opportunity.delivery.code == "webinar" else (9, 6)
            days = [day + datetime.timedelta(weeks=w) for w in range(3)] if twilight else [day]
            online = (
                opportunity.delivery.code in ("webinar", "network-meeting") or rng.random() < 0.2
            )
            first_start, _ = _when(rng, days[0], hour, hours)
            _, last_end = _when(rng, days[-1], hour, hours)
            for meeting_day in days:
                meetings.append((len(sessions), *_when(rng, meeting_day, hour, hours)))
            sessions.append(
                Session(
                    opportunity=opportunity,
                    language=opportunity.language,
                    venue=""
                    if online
                    else f"{rng.choice(VENUES)}, {opportunity.audience_organisation.name_en}",
                    online_url=f"https://meet.hawl.example/{len(sessions) + 1}" if online else "",
                    capacity=rng.choice([12, 16, 20, 24, 30, 40, 60]),
                    booking_deadline=first_start - datetime.timedelta(days=rng.choice([0, 2, 7])),
                    starts_at=first_start,
                    ends_at=last_end,
                    check_in_code=f"{len(sessions) + 1:06d}"[-6:].translate(
                        str.maketrans("0123456789", "ABCDEFGHJK")
                    ),
                    created_at=PUBLISHED_AT,
                )
            )
            session_opportunity.append(index)

    return sessions, session_opportunity, meetings
