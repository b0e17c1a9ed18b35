"""Building opportunities, sessions and bookings for catalogue tests, and reading pages."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from catalogue import services
from catalogue.models import Booking, Opportunity, Session, Status
from organisations.models import Organisation, OrganisationKind
from standards.models import Standard, Term
from tests.factories import EmploymentFactory, PersonFactory


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


def national_body() -> Organisation:
    return Organisation.objects.get(kind=OrganisationKind.PROVIDER, code="NPLLEW")


def make_opportunity(
    *, provider: Organisation | None = None, audience: Organisation | None = None, **fields: Any
) -> Opportunity:
    nation = Organisation.objects.get(kind=OrganisationKind.NATION)
    values: dict[str, Any] = {
        "provider": provider or national_body(),
        "audience_organisation": audience or nation,
        "title_en": "Leading learning in the classroom",
        "title_cy": "Arwain dysgu yn yr ystafell ddosbarth",
        "summary_en": "Three twilights on pedagogy.",
        "summary_cy": "Tri sesiwn cyfnos ar addysgeg.",
        "level": term("provision-level", "national"),
        "delivery": term("delivery-method", "live"),
        "language": "bilingual",
        "hours": 6,
        "status": Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    values.update(fields)
    standards = values.pop("standards", ["pedagogy"])
    opportunity = Opportunity.objects.create(**values)
    opportunity.standards.set(Standard.objects.filter(code__in=standards))
    return opportunity


def in_days(days: float, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=int(days))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_session(
    opportunity: Opportunity | None = None, *, capacity: int = 10, days: int = 14, **fields: Any
) -> Session:
    opportunity = opportunity or make_opportunity()
    starts = in_days(days)
    return services.session_create(
        opportunity=opportunity,
        meetings=[services.MeetingTimes(starts, starts + datetime.timedelta(hours=3))],
        capacity=capacity,
        language=fields.pop("language", "en"),
        venue=fields.pop("venue", "Cardiff City Hall"),
        **fields,
    )


LANGUAGES = ["en", "cy"]


def page(client, path: str, language: str = "en") -> str:
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, without tags or runs of white space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def book(session, person, **kwargs) -> Booking:
    return services.booking_create(session=session, person=person, by=person.user, **kwargs).booking


def other_staff(world, count: int = 1):
    people = []
    for _ in range(count):
        person = PersonFactory()
        EmploymentFactory(person=person, school=world.school_a)
        people.append(person)
    return people


def attended(session, person) -> Booking:
    booking = book(session, person)
    services.register_mark(
        session=session, attended=[booking.pk], now=session.starts_at + datetime.timedelta(hours=1)
    )
    booking.refresh_from_db()
    return booking
