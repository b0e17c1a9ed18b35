"""Registers, check-in codes, self-paced learning and evaluations: attending makes a record."""

from __future__ import annotations

import datetime

import pytest

from catalogue import services
from catalogue.models import BookingStatus, LearningRecord, Status
from core.errors import DomainError
from tests.catalogue.support import make_opportunity, make_session

pytestmark = pytest.mark.django_db


def booked(world, **session_fields):
    session = make_session(capacity=5, **session_fields)
    teacher = world.users["teacher"].person
    booking = services.booking_create(session=session, person=teacher, by=teacher.user).booking
    return session, booking


def test_attending_makes_a_learning_record_with_hours_and_mappings(world):
    session, booking = booked(world)
    during = session.starts_at + datetime.timedelta(minutes=30)
    assert services.register_mark(session=session, attended=[booking.pk], now=during) == 1
    record = LearningRecord.objects.get(booking=booking)
    assert record.person == booking.person
    assert record.hours == session.opportunity.hours
    assert {s.code for s in record.opportunity.standards.all()} == {"pedagogy"}
    assert record.completed_on == session.ends_at.date()
    # Marking again changes nothing; marking absent takes the record away.
    assert services.register_mark(session=session, attended=[booking.pk], now=during) == 0
    services.register_mark(session=session, absent=[booking.pk], now=during)
    assert not LearningRecord.objects.exists()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ABSENT


def test_the_register_opens_when_the_session_starts(world):
    session, booking = booked(world)
    with pytest.raises(DomainError, match="register opens"):
        services.register_mark(session=session, attended=[booking.pk])


def test_checking_in_with_the_code(world):
    session, booking = booked(world)
    person = booking.person
    on_the_day = session.starts_at - datetime.timedelta(minutes=10)
    with pytest.raises(DomainError) as error:
        services.check_in(session=session, person=person, code="WRONG1", now=on_the_day)
    assert error.value.field == "code"
    with pytest.raises(DomainError, match="on the day"):
        services.check_in(
            session=session,
            person=person,
            code=session.check_in_code,
            now=session.starts_at - datetime.timedelta(days=2),
        )
    code = " " + session.check_in_code.lower() + " "
    checked = services.check_in(session=session, person=person, code=code, now=on_the_day)
    assert checked.status == BookingStatus.ATTENDED
    assert LearningRecord.objects.filter(booking=booking).count() == 1
    stranger = world.users["assistant"].person
    with pytest.raises(DomainError, match="do not have a place"):
        services.check_in(
            session=session, person=stranger, code=session.check_in_code, now=on_the_day
        )


def test_completing_self_paced_learning_makes_one_record(world):
    opportunity = make_opportunity(format="self_paced", resource_url="https://hwb.example/pod")
    person = world.users["teacher"].person
    enrolment = services.enrolment_start(opportunity=opportunity, person=person)
    assert services.enrolment_start(opportunity=opportunity, person=person) == enrolment
    services.enrolment_complete(enrolment=enrolment)
    assert LearningRecord.objects.get(enrolment=enrolment).hours == opportunity.hours
    with pytest.raises(DomainError):
        services.enrolment_complete(enrolment=enrolment)
    with pytest.raises(DomainError, match="sessions"):
        services.enrolment_start(opportunity=make_opportunity(), person=person)


def test_an_evaluation_comes_after_attending(world):
    session, booking = booked(world)
    with pytest.raises(DomainError, match="after you attend"):
        services.evaluation_save(booking=booking, rating=4)
    services.register_mark(
        session=session, attended=[booking.pk], now=session.starts_at + datetime.timedelta(hours=1)
    )
    booking.refresh_from_db()
    with pytest.raises(DomainError) as error:
        services.evaluation_save(booking=booking, rating=6)
    assert error.value.field == "rating"
    evaluation = services.evaluation_save(
        booking=booking, rating=4, comment="Useful", characteristics=["reflective", "collaborative"]
    )
    assert sorted(t.code for t in evaluation.characteristics.all()) == [
        "collaborative",
        "reflective",
    ]
    again = services.evaluation_save(booking=booking, rating=5)
    assert again.pk == evaluation.pk
    assert again.rating == 5


def test_interest_only_in_what_is_listed(world):
    person = world.users["teacher"].person
    coming = make_opportunity(status=Status.IN_DEVELOPMENT)
    services.interest_register(opportunity=coming, person=person)
    services.interest_register(opportunity=coming, person=person)
    assert coming.interests.count() == 1
    with pytest.raises(DomainError):
        services.interest_register(opportunity=make_opportunity(status=Status.DRAFT), person=person)
