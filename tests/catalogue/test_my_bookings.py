"""A person's bookings: how they are grouped, the bookings page, home and the navigation."""

from __future__ import annotations

import re

import pytest

from catalogue import selectors, services
from tests.catalogue.support import (
    LANGUAGES,
    attended,
    book,
    in_days,
    make_opportunity,
    make_session,
    other_staff,
    page,
    text,
)

pytestmark = pytest.mark.django_db


def test_my_learning_groups_a_persons_bookings(world, offer):
    teacher = world.users["teacher"].person
    booked = book(offer["coaching"].sessions.get(), teacher)
    full = offer["leading"].sessions.get()
    book(full, other_staff(world)[0])
    waiting = book(full, teacher)
    done = attended(make_session(offer["coaching"], days=20), teacher)
    services.enrolment_start(opportunity=offer["aln"], person=teacher)
    learning = selectors.my_learning(person=teacher)
    assert learning.upcoming == [booked]
    assert learning.waitlisted == [waiting]
    assert learning.past == [done]
    assert learning.to_evaluate == [done]
    assert [e.opportunity for e in learning.in_progress] == [offer["aln"]]
    services.evaluation_save(rating=4, booking=done)
    assert selectors.my_learning(person=teacher).to_evaluate == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_bookings_groups_what_is_coming_and_what_is_past(world, offer, language):
    teacher = world.users["teacher"].person
    book(offer["coaching"].sessions.get(), teacher)
    full = offer["leading"].sessions.get()
    book(full, other_staff(world)[0])
    book(full, teacher)
    past = attended(make_session(offer["coaching"], days=20), teacher)
    past.session.__class__.objects.filter(pk=past.session_id).update(
        starts_at=in_days(-3), ends_at=in_days(-3, hour=12)
    )
    html = page(world.client("teacher"), "/bookings/", language)
    words = text(html)
    if language == "cy":
        assert "Ar y gweill" in words
        assert "Ar y rhestr aros" in words
        assert "Wedi bod" in words
    else:
        assert "Coming up" in words
        assert "On the waitlist" in words
        assert "Past" in words
        assert "Leave the waitlist" in words
        assert "Evaluate" in words


def test_my_bookings_says_when_there_is_nothing_yet(world):
    assert "You have no bookings" in page(world.client("teacher"), "/bookings/")


@pytest.mark.parametrize("count", [1, 6])
def test_my_bookings_query_count_does_not_grow(world, count, django_assert_num_queries):
    teacher = world.users["teacher"].person
    for number in range(count):
        book(make_session(make_opportunity(title_en=f"Booked {number}")), teacher)
    client = world.client("teacher")
    client.get("/en/bookings/")
    # Session, user, roles and the footer's API token; the person, their bookings, enrolments
    # and interests.
    with django_assert_num_queries(4 + 4):
        assert client.get("/en/bookings/").status_code == 200


def test_home_shows_offers_evaluations_and_next_bookings(world, offer):
    teacher = world.users["teacher"].person
    session = offer["leading"].sessions.get()
    (holder,) = other_staff(world)
    held = book(session, holder)
    book(session, teacher)
    services.booking_cancel(booking=held, by=holder.user)
    attended(make_session(offer["coaching"], days=3), teacher)
    html = page(world.client("teacher"), "/")
    words = text(html)
    assert "Accept your place on Leading a team" in words
    assert "Evaluate Coaching for learning" in words
    assert "Your next professional learning" in words
    welsh = text(page(world.client("teacher"), "/", "cy"))
    assert "Derbyn eich lle ar Arwain tîm" in welsh
    assert "Dod o hyd i ddysgu proffesiynol" in welsh


def test_navigation_offers_find_and_bookings_to_those_who_use_them(world):
    teacher = page(world.client("teacher"), "/")
    assert 'href="/en/catalogue/"' in teacher
    assert 'href="/en/bookings/"' in teacher
    officer = page(world.client("laofficer"), "/")
    assert 'href="/en/catalogue/"' in officer
    assert 'href="/en/bookings/"' not in officer
    assert world.client("laofficer").get("/en/bookings/").status_code == 404
    nobody = page(world.client("nobody"), "/")
    assert 'href="/en/catalogue/"' not in nobody
    current = page(world.client("teacher"), "/catalogue/")
    assert re.search(r'aria-current="page"><strong[^>]*>Find learning', current)
