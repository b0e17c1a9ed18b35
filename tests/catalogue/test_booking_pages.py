"""Booking from the pages: approval, the waitlist, cancelling, offers, checking in, evaluating."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from catalogue import services
from catalogue.models import Booking, BookingStatus, Evaluation, LearningRecord
from tests.catalogue.support import LANGUAGES, attended, book, make_session, other_staff, page

pytestmark = pytest.mark.django_db


def test_booking_a_place_redirects_to_the_booking_with_what_happens_next(world, offer):
    session = offer["coaching"].sessions.get()
    client = world.client("teacher")
    response = client.post(f"/en/catalogue/sessions/{session.pk}/book/")
    booking = Booking.objects.get(session=session, person=world.users["teacher"].person)
    assert booking.status == BookingStatus.BOOKED
    assert response.status_code == 302
    assert response["Location"] == f"/en/bookings/{booking.pk}/"
    html = page(client, f"/bookings/{booking.pk}/")
    assert "You have a place on Coaching for learning." in html
    assert "What happens next" in html
    welsh = page(client, f"/bookings/{booking.pk}/", "cy")
    assert "Beth sy’n digwydd nesaf" in welsh


@pytest.mark.parametrize("language", LANGUAGES)
def test_booking_that_needs_approval_asks_why(world, offer, language):
    leading = offer["leading"]
    leading.approval_required = True
    leading.cost = Decimal("75.50")
    leading.cover_days = Decimal("0.5")
    leading.save()
    session = leading.sessions.get()
    client = world.client("teacher")
    asked = client.post(f"/{language}/catalogue/sessions/{session.pk}/book/")
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "£75.50" in html
    assert "0.5" in html
    assert 'name="reason"' in html
    assert "<title>Error:" not in html
    assert not Booking.objects.exists()
    empty = client.post(f"/{language}/catalogue/sessions/{session.pk}/book/", {"reason": " "})
    html = empty.content.decode()
    assert "govuk-error-summary" in html
    message = "Rhowch y rheswm" if language == "cy" else "Enter why you want to take part"
    assert f'href="#id_reason">{message}' in html
    assert 'class="govuk-error-message"' in html
    sent = client.post(
        f"/{language}/catalogue/sessions/{session.pk}/book/",
        {"reason": "It fits our school development plan."},
    )
    booking = Booking.objects.get()
    assert sent["Location"] == f"/{language}/bookings/{booking.pk}/"
    assert booking.status == BookingStatus.REQUESTED
    assert booking.reason == "It fits our school development plan."
    assert booking.cost == Decimal("75.50")


def test_a_full_session_puts_you_on_the_waitlist_with_your_number(world, offer):
    session = offer["leading"].sessions.get()
    book(session, other_staff(world)[0])
    client = world.client("teacher")
    response = client.post(f"/en/catalogue/sessions/{session.pk}/book/", follow=True)
    html = response.content.decode()
    assert "You are number 1 on the waitlist for Leading a team." in html
    assert "If a place comes up, we will offer it to you by email and hold it for 48 hours." in html
    detail = page(client, f"/catalogue/{offer['leading'].pk}/")
    assert "Number 1" in detail


def test_a_refusal_is_shown_as_an_error_summary(world, offer):
    session = offer["coaching"].sessions.get()
    client = world.client("teacher")
    client.post(f"/en/catalogue/sessions/{session.pk}/book/")
    again = client.post(f"/en/catalogue/sessions/{session.pk}/book/")
    html = again.content.decode()
    assert again.status_code == 200
    assert "govuk-error-summary" in html
    assert "This person already has a booking on this session." in html
    assert Booking.objects.count() == 1


def test_a_clash_is_warned_about(world, offer):
    teacher = world.users["teacher"].person
    first = offer["coaching"].sessions.get()
    same_time = make_session(offer["leading"], days=14)
    book(first, teacher)
    client = world.client("teacher")
    response = client.post(f"/en/catalogue/sessions/{same_time.pk}/book/", follow=True)
    html = response.content.decode()
    assert "This session is at the same time as:" in html
    assert "Coaching for learning" in html


def test_people_cannot_book_what_is_not_offered_to_them(world, offer):
    session = make_session(offer["newport"])
    assert (
        world.client("teacher").post(f"/en/catalogue/sessions/{session.pk}/book/").status_code
        == 404
    )
    assert (
        world.client("laofficer").post(f"/en/catalogue/sessions/{session.pk}/book/").status_code
        == 404
    )
    assert not Booking.objects.exists()


def test_a_booking_page_is_only_for_its_person(world, offer):
    booking = book(offer["coaching"].sessions.get(), world.users["teacher"].person)
    assert world.client("teacher").get(f"/en/bookings/{booking.pk}/").status_code == 200
    for role in ("assistant", "head", "teacher_c"):
        assert world.client(role).get(f"/en/bookings/{booking.pk}/").status_code == 404
        assert world.client(role).post(f"/en/bookings/{booking.pk}/cancel/").status_code == 404
    assert Booking.objects.get().status == BookingStatus.BOOKED


# Cancel, accept an offer.


def test_cancelling_asks_first_then_gives_the_place_to_the_waitlist(world, offer):
    session = offer["leading"].sessions.get()
    teacher = world.users["teacher"].person
    booking = book(session, teacher)
    (waiting,) = other_staff(world)
    queued = book(session, waiting)
    client = world.client("teacher")
    html = page(client, f"/bookings/{booking.pk}/cancel/")
    assert "Cancel your booking?" in html
    assert "Your place will go to the next person on the waitlist." in html
    assert "Canslo eich archeb?" in page(client, f"/bookings/{booking.pk}/cancel/", "cy")
    response = client.post(f"/en/bookings/{booking.pk}/cancel/")
    assert response["Location"] == "/en/bookings/"
    booking.refresh_from_db()
    queued.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert queued.status == BookingStatus.OFFERED
    assert "Your booking on Leading a team is cancelled." in page(client, "/bookings/")


def test_an_offered_place_is_accepted_from_my_bookings(world, offer):
    session = offer["leading"].sessions.get()
    (holder,) = other_staff(world)
    held = book(session, holder)
    waiting = book(session, world.users["teacher"].person)
    services.booking_cancel(booking=held, by=holder.user)
    client = world.client("teacher")
    html = page(client, "/bookings/")
    assert "Places offered to you" in html
    assert f'action="/en/bookings/{waiting.pk}/accept/"' in html
    assert "Lleoedd a gynigir i chi" in page(client, "/bookings/", "cy")
    response = client.post(f"/en/bookings/{waiting.pk}/accept/")
    assert response["Location"] == f"/en/bookings/{waiting.pk}/"
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED


def test_an_expired_offer_says_so(world, offer):
    session = offer["leading"].sessions.get()
    (holder,) = other_staff(world)
    held = book(session, holder)
    waiting = book(session, world.users["teacher"].person)
    services.booking_cancel(booking=held, by=holder.user)
    Booking.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = world.client("teacher").post(f"/en/bookings/{waiting.pk}/accept/")
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The offer of a place has expired." in html
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.EXPIRED


# Check in, evaluate.


def test_checking_in_with_the_sessions_code(world, offer):
    starts = timezone.now() + datetime.timedelta(minutes=30)
    session = services.session_create(
        opportunity=offer["coaching"],
        meetings=[services.MeetingTimes(starts, starts + datetime.timedelta(hours=2))],
        capacity=5,
        language="cy",
        venue="Ysgol",
    )
    booking = book(session, world.users["teacher"].person)
    client = world.client("teacher")
    assert f"/en/bookings/{booking.pk}/check-in/" in page(client, f"/bookings/{booking.pk}/")
    wrong = client.post(f"/cy/bookings/{booking.pk}/check-in/", {"code": "NOPE99"})
    html = wrong.content.decode()
    assert 'href="#id_code"' in html
    assert "Nid dyna god cofrestru’r sesiwn hon." in html
    right = client.post(
        f"/en/bookings/{booking.pk}/check-in/", {"code": session.check_in_code.lower()}
    )
    assert right["Location"] == f"/en/bookings/{booking.pk}/"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    assert LearningRecord.objects.filter(booking=booking).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_evaluating_attended_learning(world, offer, language):
    booking = attended(offer["coaching"].sessions.get(), world.users["teacher"].person)
    client = world.client("teacher")
    path = f"/{language}/bookings/{booking.pk}/evaluate/"
    html = client.get(path).content.decode()
    assert ("Myfyriol" if language == "cy" else "Reflective") in html
    missing = client.post(path, {"comment": "Useful"}).content.decode()
    message = "Dewiswch sgôr o 1 i 5" if language == "cy" else "Choose a rating from 1 to 5"
    assert f'href="#id_rating">{message}' in missing
    assert "Useful" in missing  # the input is kept
    saved = client.post(
        path,
        {"rating": "4", "characteristics": ["reflective", "collaborative"], "comment": "Useful"},
    )
    assert saved["Location"] == f"/{language}/bookings/"
    evaluation = Evaluation.objects.get(booking=booking)
    assert evaluation.rating == 4
    assert sorted(t.code for t in evaluation.characteristics.all()) == [
        "collaborative",
        "reflective",
    ]
    again = client.get(path).content.decode()
    assert 'value="4" checked' in again
    assert 'value="reflective" checked' in again


def test_learning_not_attended_cannot_be_evaluated(world, offer):
    booking = book(offer["coaching"].sessions.get(), world.users["teacher"].person)
    response = world.client("teacher").post(f"/en/bookings/{booking.pk}/evaluate/", {"rating": "5"})
    assert "You can evaluate a session after you attend it." in response.content.decode()
    assert not Evaluation.objects.exists()
