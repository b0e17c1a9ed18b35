"""One opportunity's page: its details and sessions, who sees it, self-paced learning, interest."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue.models import Enrolment, Evaluation, Interest, LearningRecord, Status
from tests.catalogue.support import (
    LANGUAGES,
    book,
    make_opportunity,
    make_session,
    other_staff,
    page,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_opportunity_shows_its_details_and_sessions(world, offer, language):
    coaching = offer["coaching"]
    coaching.description_en = "First paragraph.\n\nSecond paragraph."
    coaching.cost = Decimal("120")
    coaching.cover_days = Decimal("1")
    coaching.save()
    html = page(world.client("teacher"), f"/catalogue/{coaching.pk}/", language)
    words = text(html)
    assert '<p class="govuk-body">First paragraph.</p>' in html
    assert '<div lang="en">' not in html if language == "en" else '<div lang="en">' in html
    if language == "cy":
        assert "Saesneg yn unig" in words
        assert "Wedi’i ardystio" in words
        assert "£120.00 y lle" in words
        assert "Archebu" in words
    else:
        assert "Endorsed" in words
        assert "£120.00 a place" in words
        assert "Cardiff City Hall" in words
        assert "5 places left" in words
    assert f'action="/{language}/catalogue/sessions/' in html


def test_an_opportunity_not_offered_to_the_user_is_not_found(world, offer):
    newport = offer["newport"]
    assert world.client("teacher").get(f"/en/catalogue/{newport.pk}/").status_code == 404
    assert world.client("teacher_c").get(f"/en/catalogue/{newport.pk}/").status_code == 200
    draft = make_opportunity(title_en="Draft", status=Status.DRAFT)
    assert world.client("teacher").get(f"/en/catalogue/{draft.pk}/").status_code == 404


def test_the_online_link_only_for_people_with_a_place(world, offer):
    session = make_session(offer["coaching"], online_url="https://meet.example/abc", days=20)
    path = f"/catalogue/{offer['coaching'].pk}/"
    assert "https://meet.example/abc" not in page(world.client("teacher"), path)
    book(session, world.users["teacher"].person)
    assert "https://meet.example/abc" in page(world.client("teacher"), path)
    assert "https://meet.example/abc" not in page(world.client("assistant"), path)


@pytest.mark.parametrize("sessions", [1, 6])
def test_opportunity_page_query_count_does_not_grow(world, sessions, django_assert_num_queries):
    opportunity = make_opportunity(title_en="Counted", standards=["pedagogy", "innovation"])
    for number in range(sessions):
        session = make_session(opportunity, days=10 + number)
        if number < 2:
            book(session, other_staff(world)[0])
    for _ in range(sessions * 5):
        make_opportunity(title_en="Another")
    book(opportunity.sessions.first(), world.users["teacher"].person)
    client = world.client("teacher")
    client.get(f"/en/catalogue/{opportunity.pk}/")
    # Session, user, roles and the footer's API token; the opportunity and 7 mappings; the
    # sessions and their meetings; the person, their bookings, enrolment, interest, evaluations.
    with django_assert_num_queries(4 + 8 + 2 + 5):
        assert client.get(f"/en/catalogue/{opportunity.pk}/").status_code == 200


# Self-paced learning, interest.


def test_self_paced_learning_is_started_completed_and_evaluated(world, offer):
    aln = offer["aln"]
    client = world.client("assistant")
    path = f"/catalogue/{aln.pk}/"
    assert f'action="/en/catalogue/{aln.pk}/start/"' in page(client, path)
    assert client.post(f"/en/catalogue/{aln.pk}/start/")["Location"] == f"/en{path}"
    html = page(client, path)
    assert "https://example.org/aln" in html
    assert "Mark as complete" in html
    client.post(f"/en/catalogue/{aln.pk}/complete/")
    enrolment = Enrolment.objects.get()
    assert enrolment.completed_at is not None
    assert LearningRecord.objects.filter(enrolment=enrolment).exists()
    html = page(client, path)
    assert f"/en/catalogue/{aln.pk}/evaluate/" in html
    client.post(f"/en/catalogue/{aln.pk}/evaluate/", {"rating": "5"})
    assert Evaluation.objects.get(enrolment=enrolment).rating == 5
    assert "Self-paced learning" in page(client, "/bookings/")


def test_starting_a_scheduled_opportunity_is_refused_on_its_page(world, offer):
    response = world.client("teacher").post(f"/en/catalogue/{offer['coaching'].pk}/start/")
    html = response.content.decode()
    assert "This opportunity runs in sessions: book a place on one." in html
    assert "govuk-error-summary" in html


def test_interest_in_learning_coming_soon(world):
    soon = make_opportunity(title_en="Coming later", status=Status.IN_DEVELOPMENT)
    client = world.client("teacher")
    html = page(client, f"/catalogue/{soon.pk}/")
    assert "Coming soon" in html
    assert f'action="/en/catalogue/{soon.pk}/interest/"' in html
    client.post(f"/en/catalogue/{soon.pk}/interest/")
    assert Interest.objects.filter(opportunity=soon).exists()
    html = page(client, f"/catalogue/{soon.pk}/")
    assert f'action="/en/catalogue/{soon.pk}/interest/withdraw/"' in html
    assert "Registered interest" in page(client, "/bookings/")
    client.post(f"/en/catalogue/{soon.pk}/interest/withdraw/")
    assert not Interest.objects.exists()
