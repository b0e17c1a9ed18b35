"""The booking rules: places, approval, the waitlist and its offers, deadlines, clashes."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue import services
from catalogue.models import Booking, BookingStatus, Session, Status
from core.errors import DomainError
from tests.catalogue.support import book, in_days, make_opportunity, make_session
from tests.catalogue.support import other_staff as staff

pytestmark = pytest.mark.django_db


def positions(session: Session) -> list[int]:
    return list(
        Booking.objects.filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )


def fresh(session: Session) -> Session:
    return Session.objects.get(pk=session.pk)


def test_a_free_place_is_booked_and_counted(world):
    session = make_session(capacity=2)
    booking = book(session, world.users["teacher"].person)
    assert booking.status == BookingStatus.BOOKED
    assert booking.school == world.school_a
    assert fresh(session).taken == 1


def test_a_full_session_waitlists_in_order(world):
    session = make_session(capacity=2)
    people = staff(world, 5)
    statuses = [book(session, person).status for person in people]
    assert statuses == ["booked", "booked", "waitlisted", "waitlisted", "waitlisted"]
    assert positions(session) == [1, 2, 3]
    session = fresh(session)
    assert (session.taken, session.waitlisted) == (2, 3)


def test_a_freed_place_is_offered_to_the_first_in_line_for_the_hold_time(world):
    session = make_session(capacity=1)
    first, second, third = staff(world, 3)
    booked = book(session, first)
    waiting = book(session, second)
    book(session, third)
    before = timezone.now()
    services.booking_cancel(booking=booked, by=first.user)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.OFFERED
    assert waiting.waitlist_position is None
    hold = waiting.offer_expires_at - before
    assert (
        datetime.timedelta(hours=47, minutes=59) < hold <= datetime.timedelta(hours=48, minutes=1)
    )
    assert positions(session) == [1]
    assert fresh(session).taken == 1


def test_the_hold_time_is_data(world):
    from catalogue.models import BookingRules

    BookingRules.objects.create(starts_on=timezone.localdate(), offer_hold_hours=6)
    session = make_session(capacity=1)
    first, second = staff(world, 2)
    booked = book(session, first)
    waiting = book(session, second)
    services.booking_cancel(booking=booked, by=first.user)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at - timezone.now() < datetime.timedelta(hours=6, minutes=1)


def test_leaving_the_waitlist_closes_the_gap(world):
    session = make_session(capacity=1)
    people = staff(world, 5)
    bookings = [book(session, person) for person in people]
    services.booking_cancel(booking=bookings[2], by=people[2].user)  # position 2
    assert positions(session) == [1, 2, 3]
    order = list(
        Booking.objects.filter(session=session, status="waitlisted")
        .order_by("waitlist_position")
        .values_list("person_id", flat=True)
    )
    assert order == [people[1].pk, people[3].pk, people[4].pk]
    assert fresh(session).waitlisted == 3


def test_an_expired_offer_moves_on_to_the_next_in_line(world):
    session = make_session(capacity=1)
    first, second, third = staff(world, 3)
    booked = book(session, first)
    offered = book(session, second)
    nextone = book(session, third)
    services.booking_cancel(booking=booked, by=first.user)
    later = timezone.now() + datetime.timedelta(hours=49)
    assert services.offers_expire(now=later) == 1
    offered.refresh_from_db()
    nextone.refresh_from_db()
    assert offered.status == BookingStatus.EXPIRED
    assert nextone.status == BookingStatus.OFFERED
    assert positions(session) == []
    assert fresh(session).taken == 1


def test_accepting_an_offer_books_the_place_and_a_late_acceptance_expires(world):
    session = make_session(capacity=1)
    first, second, third = staff(world, 3)
    booked = book(session, first)
    offered = book(session, second)
    book(session, third)
    services.booking_cancel(booking=booked, by=first.user)
    accepted = services.booking_accept_offer(booking=offered, by=second.user)
    assert accepted.status == BookingStatus.BOOKED
    services.booking_cancel(booking=accepted, by=second.user)
    late = Booking.objects.get(person=third, session=session)
    assert late.status == BookingStatus.OFFERED
    with pytest.raises(DomainError, match="expired"):
        services.booking_accept_offer(
            booking=late, by=third.user, now=timezone.now() + datetime.timedelta(days=3)
        )
    late.refresh_from_db()
    assert late.status == BookingStatus.EXPIRED


def test_raising_capacity_offers_the_new_places_in_waitlist_order(world):
    session = make_session(capacity=1)
    people = staff(world, 4)
    for person in people:
        book(session, person)
    services.session_update(session=session, capacity=3)
    offered = list(
        Booking.objects.filter(session=session, status="offered").values_list(
            "person_id", flat=True
        )
    )
    assert sorted(offered) == sorted([people[1].pk, people[2].pk])
    assert positions(session) == [1]
    assert Booking.objects.get(session=session, waitlist_position=1).person == people[3]
    session = fresh(session)
    assert (session.capacity, session.taken, session.waitlisted) == (3, 3, 1)


def test_lowering_capacity_below_the_places_taken_is_refused(world):
    session = make_session(capacity=3)
    for person in staff(world, 2):
        book(session, person)
    with pytest.raises(DomainError) as error:
        services.session_update(session=session, capacity=1)
    assert error.value.field == "capacity"
    assert fresh(session).capacity == 3
    services.session_update(session=session, capacity=2)
    assert fresh(session).capacity == 2


def test_approval_requests_hold_a_place_and_a_decline_needs_a_reason(world):
    opportunity = make_opportunity(approval_required=True, cost=120, cover_days=1)
    session = make_session(opportunity, capacity=1)
    teacher, other = staff(world, 2)
    request = book(session, teacher, reason="Our ALN plan")
    assert request.status == BookingStatus.REQUESTED
    assert (request.cost, request.cover_days) == (120, 1)
    with pytest.raises(DomainError) as why:
        book(session, other)
    assert why.value.field == "reason"
    waiting = book(session, other, reason="Our new ALN role")
    assert waiting.status == BookingStatus.WAITLISTED
    head = world.users["head"]
    with pytest.raises(DomainError) as error:
        services.booking_decline(booking=request, by=head, reason="  ")
    assert error.value.field == "reason"
    declined = services.booking_decline(booking=request, by=head, reason="No cover that week")
    assert declined.status == BookingStatus.DECLINED
    assert declined.decision_reason == "No cover that week"
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.OFFERED
    # Accepting an offer on an opportunity that needs approval makes a request.
    assert services.booking_accept_offer(booking=waiting, by=other.user).status == "requested"
    approved = services.booking_approve(booking=waiting, by=head)
    assert approved.status == BookingStatus.BOOKED
    assert approved.decided_by == head


def test_no_booking_after_the_deadline_or_on_an_unbookable_opportunity(world):
    teacher = world.users["teacher"].person
    session = make_session(capacity=5, booking_deadline=in_days(3))
    with pytest.raises(DomainError, match="closed"):
        services.booking_create(session=session, person=teacher, by=teacher.user, now=in_days(4))
    for status in (Status.DRAFT, Status.IN_DEVELOPMENT, Status.ARCHIVED):
        opportunity = make_opportunity(status=Status.PUBLISHED)
        unbookable = make_session(opportunity)
        opportunity.status = status
        opportunity.save()
        with pytest.raises(DomainError, match="not open for booking"):
            book(unbookable, teacher)
    assert not Booking.objects.exists()


def test_no_double_booking_of_the_same_person(world):
    session = make_session(capacity=5)
    teacher = world.users["teacher"].person
    booking = book(session, teacher)
    with pytest.raises(DomainError) as error:
        book(session, teacher)
    assert error.value.field == "person"
    assert fresh(session).taken == 1
    # Once cancelled, booking again is allowed.
    services.booking_cancel(booking=booking, by=teacher.user)
    assert book(session, teacher).status == BookingStatus.BOOKED


def test_a_clash_with_another_booking_is_a_warning_not_a_refusal(world):
    teacher = world.users["teacher"].person
    first = make_session(capacity=5, days=10)
    book(first, teacher)
    same_time = make_session(capacity=5, days=10)
    outcome = services.booking_create(session=same_time, person=teacher, by=teacher.user)
    assert outcome.booking.status == BookingStatus.BOOKED
    assert [clash.session_id for clash in outcome.clashes] == [first.pk]
    other_day = make_session(capacity=5, days=11)
    assert services.booking_create(session=other_day, person=teacher, by=teacher.user).clashes == []


def test_a_clash_is_found_meeting_by_meeting(world):
    """A course meeting on days 10 and 20 clashes with a session on day 20, not with one on
    day 15 that falls between its meetings."""
    teacher = world.users["teacher"].person
    opportunity = make_opportunity()
    course = services.session_create(
        opportunity=opportunity,
        meetings=[
            services.MeetingTimes(in_days(10), in_days(10) + datetime.timedelta(hours=2)),
            services.MeetingTimes(in_days(20), in_days(20) + datetime.timedelta(hours=2)),
        ],
        capacity=5,
        language="en",
        venue="Bangor",
    )
    book(course, teacher)
    between = make_session(capacity=5, days=15)
    assert services.booking_create(session=between, person=teacher, by=teacher.user).clashes == []
    on_the_second_day = make_session(capacity=5, days=20)
    outcome = services.booking_create(session=on_the_second_day, person=teacher, by=teacher.user)
    assert [clash.session_id for clash in outcome.clashes] == [course.pk]


def test_cancelling_a_session_cancels_every_live_booking(world):
    session = make_session(capacity=1)
    bookings = [book(session, person) for person in staff(world, 3)]
    with pytest.raises(DomainError):
        services.session_cancel(session=session, reason="")
    services.session_cancel(session=session, reason="The presenter is ill")
    assert set(Booking.objects.filter(session=session).values_list("status", flat=True)) == {
        "cancelled"
    }
    session = fresh(session)
    assert (session.status, session.taken, session.waitlisted) == ("cancelled", 0, 0)
    with pytest.raises(DomainError, match="cancelled"):
        book(session, bookings[0].person)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts": -1}, "starts_at"),
        ({"hours": -2}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"venue": ""}, "venue"),
        ({"deadline": 20}, "booking_deadline"),
    ],
)
def test_session_input_is_checked(world, change, field):
    starts = in_days(change.get("starts", 10))
    ends = starts + datetime.timedelta(hours=change.get("hours", 2))
    with pytest.raises(DomainError) as error:
        services.session_create(
            opportunity=make_opportunity(),
            meetings=[services.MeetingTimes(starts, ends)],
            capacity=change.get("capacity", 5),
            language="cy",
            venue=change.get("venue", "Bangor"),
            booking_deadline=in_days(change["deadline"]) if "deadline" in change else None,
        )
    assert error.value.field == field
    assert not Session.objects.exists()


def test_self_paced_opportunities_have_no_sessions(world):
    opportunity = make_opportunity(format="self_paced")
    with pytest.raises(DomainError) as error:
        make_session(opportunity)
    assert error.value.field == "opportunity"


def test_duplicating_a_session_copies_it_without_bookings(world):
    session = make_session(capacity=4)
    book(session, world.users["teacher"].person)
    copy = services.session_duplicate(session=session, shift=datetime.timedelta(days=7))
    assert copy.starts_at == session.starts_at + datetime.timedelta(days=7)
    assert (copy.capacity, copy.taken, copy.venue) == (4, 0, session.venue)
    assert copy.booking_deadline == copy.starts_at


def test_a_session_across_the_clock_change_keeps_its_wall_clock_times(world):
    """Meetings are stored in UTC; 09:00 in London is 09:00 UTC in winter, 08:00 in summer."""
    import zoneinfo

    london = zoneinfo.ZoneInfo("Europe/London")
    year = timezone.localdate().year + 1
    winter = datetime.datetime(year, 3, 20, 9, tzinfo=london)
    summer = datetime.datetime(year, 4, 3, 9, tzinfo=london)
    session = services.session_create(
        opportunity=make_opportunity(),
        meetings=[
            services.MeetingTimes(winter, winter + datetime.timedelta(hours=2)),
            services.MeetingTimes(summer, summer + datetime.timedelta(hours=2)),
        ],
        capacity=5,
        language="en",
        online_url="https://meet.example/abc",
    )
    hours_utc = [m.starts_at.astimezone(datetime.UTC).hour for m in session.meetings.all()]
    assert hours_utc == [9, 8]
    assert [m.starts_at.astimezone(london).hour for m in session.meetings.all()] == [9, 9]


def test_the_database_refuses_an_overbooked_session(world):
    session = make_session(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(taken=2)


def test_the_database_refuses_two_live_bookings_of_one_person(world):
    session = make_session(capacity=3)
    teacher = world.users["teacher"].person
    book(session, teacher)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(session=session, person=teacher, status="booked")
