"""School leaders' reads: requests to decide, the staff's bookings and figures by term."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
    Sum,
)

from catalogue.models import (
    Booking,
    BookingStatus,
)
from core import access
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import below
from people.models import Employment


def school_requests(*, user: Any, school: Organisation) -> QuerySet:
    """Requests from the school's staff waiting for a leader's decision, oldest first."""
    return (
        access.visible(user, Booking.objects.all(), action="catalogue.booking.approve")
        .filter(school=school, status=BookingStatus.REQUESTED)
        .select_related("person__user", "session__opportunity__provider")
        .order_by("created_at", "pk")
    )


def school_bookings(
    *, user: Any, school: Organisation, status: str = "", since: datetime.date | None = None
) -> QuerySet:
    """Bookings made through the school, newest session first."""
    bookings = access.visible(user, Booking.objects.all(), action="catalogue.booking.oversee")
    bookings = bookings.filter(school=school)
    if status:
        bookings = bookings.filter(status=status)
    if since:
        bookings = bookings.filter(session__starts_at__date__gte=since)
    return bookings.select_related("person__user", "session__opportunity").order_by(
        "-session__starts_at", "pk"
    )


def academic_year_of(day: datetime.date) -> int:
    """The calendar year an academic year (September to August) starts in."""
    return day.year if day.month >= 9 else day.year - 1


# Terms by month until the INSET work brings each local authority's term dates as data:
# autumn September to December, spring January to April, summer May to August.
TERMS = (("autumn", (9, 10, 11, 12)), ("spring", (1, 2, 3, 4)), ("summer", (5, 6, 7, 8)))


@dataclass
class TermFigures:
    term: str
    bookings: int = 0
    requested: int = 0
    attended: int = 0
    absent: int = 0
    cover_days: Any = 0
    cost: Any = 0


def school_learning_by_term(*, user: Any, school: Organisation, year: int) -> list[TermFigures]:
    """The school's staff bookings, attendance, cover and cost by term of one academic year:
    one grouped query."""
    start = datetime.date(year, 9, 1)
    end = datetime.date(year + 1, 8, 31)
    rows = (
        access.visible(user, Booking.objects.all(), action="catalogue.booking.oversee")
        .filter(
            school=school,
            session__starts_at__date__gte=start,
            session__starts_at__date__lte=end,
            status__in=(*HOLDS_PLACE_STATUSES,),
        )
        .values("session__starts_at__month", "status")
        .annotate(count=Count("pk"), cover=Sum("cover_days"), cost=Sum("cost"))
        .order_by()
    )
    figures = {name: TermFigures(name) for name, _months in TERMS}
    month_term = {month: name for name, months in TERMS for month in months}
    for row in rows:
        item = figures[month_term[row["session__starts_at__month"]]]
        item.bookings += row["count"]
        if row["status"] == BookingStatus.REQUESTED:
            item.requested += row["count"]
        elif row["status"] == BookingStatus.ATTENDED:
            item.attended += row["count"]
        elif row["status"] == BookingStatus.ABSENT:
            item.absent += row["count"]
        if row["status"] != BookingStatus.ABSENT:
            item.cover_days += row["cover"] or 0
            item.cost += row["cost"] or 0
    return list(figures.values())


HOLDS_PLACE_STATUSES = (
    BookingStatus.REQUESTED,
    BookingStatus.BOOKED,
    BookingStatus.OFFERED,
    BookingStatus.ATTENDED,
    BookingStatus.ABSENT,
)


def bookable_staff(
    *, user: Any, school: Organisation, day: datetime.date | None = None
) -> list[Any]:
    """The school's staff a leader may book onto sessions, by name."""
    day = day or access.today()
    employments = (
        access.visible(user, Employment.objects.on(day), action="catalogue.booking.book_staff")
        .filter(school=school)
        .select_related("person__user")
        .order_by("person__user__last_name", "person__user__first_name", "pk")
    )
    seen: dict[int, Any] = {}
    for employment in employments:
        seen.setdefault(employment.person_id, employment.person)
    return list(seen.values())


def led_schools(*, user: Any, action: str, day: datetime.date | None = None) -> list[Organisation]:
    """Schools where the user holds ``action`` through a grant on the school itself."""
    day = day or access.today()
    roots = access.reach(user, on=day).roots(access.roles_for(action))
    if roots is None:
        return []
    return list(
        Organisation.objects.filter(pk__in=roots, kind=OrganisationKind.SCHOOL).order_by("name_en")
    )


def holds_at(*, user: Any, action: str, organisation: Organisation) -> bool:
    """The user holds ``action`` on ``organisation`` (granted on it or above it)."""
    reach = access.reach(user)
    roots = reach.roots(access.roles_for(action))
    if roots is None:
        return True
    return below(roots, reach.day).filter(descendant_id=organisation.pk).exists()
