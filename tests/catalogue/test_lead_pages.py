"""School leaders: requests to decide, the staff's learning by term, booking staff at once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from catalogue import services
from catalogue.models import Booking, BookingStatus
from tests.catalogue.support import make_opportunity, make_session
from tests.factories import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def requested(world, person=None, **fields):
    session = make_session(
        make_opportunity(approval_required=True, cost=90, cover_days=1), **fields
    )
    person = person or world.users["teacher"].person
    return services.booking_create(
        session=session, person=person, by=person.user, reason="For our ALN plan"
    ).booking


def test_a_head_sees_requests_with_cost_and_cover_and_approves(world):
    booking = requested(world)
    head = world.client("head")
    page = head.get(f"/en/schools/{world.school_a.code}/learning/requests/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "For our ALN plan" in text
    assert "£90.00" in text
    response = head.post(
        f"/en/schools/{world.school_a.code}/learning/requests/{booking.pk}/approve/", follow=True
    )
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert booking.decided_by == world.users["head"]


def test_declining_needs_a_reason_in_the_users_language(world):
    booking = requested(world)
    path = f"/cy/schools/{world.school_a.code}/learning/requests/{booking.pk}/decline/"
    response = world.client("head").post(path, {"reason": "  "})
    assert response.status_code == 200
    assert "Dywedwch pam" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    world.client("head").post(path, {"reason": "Dim cyflenwi'r wythnos honno"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert booking.decision_reason == "Dim cyflenwi'r wythnos honno"


def test_another_schools_leader_gets_404(world):
    booking = requested(world)
    other = world.client("head_c")
    assert other.get(f"/en/schools/{world.school_a.code}/learning/requests/").status_code == 404
    path = f"/en/schools/{world.school_c.code}/learning/requests/{booking.pk}/approve/"
    assert other.post(path).status_code == 404
    # A teacher cannot approve, even their own request.
    mine = f"/en/schools/{world.school_a.code}/learning/requests/{booking.pk}/approve/"
    assert world.client("teacher").post(mine).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_the_staff_learning_page_shows_figures_by_term(world):
    booking = requested(world)
    response = world.client("head").get(f"/en/schools/{world.school_a.code}/learning/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Autumn term" in text
    assert booking.person.user.display_name in text
    assert (
        world.client("laofficer").get(f"/en/schools/{world.school_a.code}/learning/").status_code
        == 200
    )
    assert (
        world.client("head_c").get(f"/en/schools/{world.school_a.code}/learning/").status_code
        == 404
    )


def test_figures_by_term_count_places_cover_and_cost(world):
    from catalogue import selectors

    booking = requested(world)
    year = selectors.academic_year_of(timezone.localdate(booking.session.starts_at))
    figures = selectors.school_learning_by_term(
        user=world.users["head"], school=world.school_a, year=year
    )
    total = sum(item.bookings for item in figures)
    assert total == 1
    assert sum(item.requested for item in figures) == 1
    assert sum(item.cover_days for item in figures) == 1
    assert sum(item.cost for item in figures) == 90


def test_a_leader_books_several_staff_at_once(world):
    session = make_session(capacity=2)
    extra = PersonFactory()
    EmploymentFactory(person=extra, school=world.school_a)
    people = [world.users["teacher"].person, world.users["assistant"].person, extra]
    response = world.client("head").post(
        f"/en/catalogue/sessions/{session.pk}/book-staff/",
        {"school": world.school_a.code, "people": [str(p.pk) for p in people]},
    )
    assert response.status_code == 200
    statuses = dict(Booking.objects.filter(session=session).values_list("person_id", "status"))
    assert sorted(statuses.values()) == ["booked", "booked", "waitlisted"]
    # Someone from another school is not a choice.
    outsider = world.users["teacher_c"].person
    again = world.client("head").post(
        f"/en/catalogue/sessions/{session.pk}/book-staff/",
        {"school": world.school_a.code, "people": [str(outsider.pk)]},
    )
    assert again.status_code == 200
    assert not Booking.objects.filter(person=outsider).exists()
    # A teacher cannot book for others.
    assert (
        world.client("teacher").get(f"/en/catalogue/sessions/{session.pk}/book-staff/").status_code
        == 404
    )


def test_the_requests_page_costs_the_same_queries_for_more_requests(
    world, django_assert_max_num_queries
):
    for _ in range(3):
        person = PersonFactory()
        EmploymentFactory(person=person, school=world.school_a)
        requested(world, person)
    head = world.client("head")
    path = f"/en/schools/{world.school_a.code}/learning/requests/"
    head.get(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        head.get(path)
    for _ in range(6):
        person = PersonFactory()
        EmploymentFactory(person=person, school=world.school_a)
        requested(world, person)
    with CaptureQueriesContext(connection) as more:
        head.get(path)
    assert len(more) == len(few)


def test_a_leader_is_sent_from_home_and_the_school_page_to_the_requests_waiting(world):
    requested(world)
    requests = f"/en/schools/{world.school_a.code}/learning/requests/"
    learning = f"/en/schools/{world.school_a.code}/learning/"
    for leader in ("head", "pllead"):
        home = world.client(leader).get("/en/").content.decode()
        assert "Decide 1 request for a place from the staff of" in home
        assert requests in home
        assert learning in home
        school = world.client(leader).get(f"/en/schools/{world.school_a.code}/").content.decode()
        assert "1 request for a place is waiting for a decision." in school
        assert requests in school
    welsh = world.client("head").get("/cy/").content.decode()
    assert f"/cy/schools/{world.school_a.code}/learning/requests/" in welsh
    assert "Penderfynu ar 1 cais am le gan staff" in welsh
    # Nothing waiting at another school; a teacher decides nothing.
    assert "Decide" not in world.client("head_c").get("/en/").content.decode()
    teacher_home = world.client("teacher").get("/en/").content.decode()
    assert requests not in teacher_home
    assert learning not in teacher_home
