"""What the catalogue tells people: in their own language, with calendar invitations, queued
with the change and sent by the worker; reminders withdrawn when a place is given up."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from catalogue import notify, services
from catalogue.models import Booking, BookingStatus, Interest, Status
from notifications.models import Message, MessageStatus
from notifications.services import rendered
from notifications.signals import tick
from tests.catalogue.support import make_opportunity, make_session
from tests.concurrency import reference_data
from tests.factories import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db
__all__ = ["reference_data"]


def messages_to(user):
    return Message.objects.filter(recipient=user).order_by("pk")


def test_a_booking_is_confirmed_in_the_persons_language_with_an_invitation(world):
    teacher = world.users["teacher"]
    teacher.preferred_language = "cy"
    teacher.save()
    session = make_session(capacity=3, days=10)
    booking = services.booking_create(session=session, person=teacher.person, by=teacher).booking
    confirmation = rendered(messages_to(teacher).get(key=f"booking-{booking.pk}-booked"))
    assert confirmation.language == "cy"
    assert confirmation.subject.startswith("Mae gennych le")
    assert confirmation.attachments[0]["mimetype"].startswith("text/calendar")
    assert "METHOD:REQUEST" in confirmation.attachments[0]["content"]


def test_the_reminder_is_queued_once_the_session_is_the_rules_days_away(world):
    """Two days before (the rules' number): not a moment earlier, once, in the person's
    language; never for a place booked inside those two days."""
    teacher = world.users["teacher"]
    teacher.preferred_language = "cy"
    teacher.save()
    session = make_session(capacity=3, days=10)
    booking = services.booking_create(session=session, person=teacher.person, by=teacher).booking
    late = make_session(capacity=3, days=10)
    two_days_before = session.starts_at - datetime.timedelta(days=2)
    booked_late = services.booking_create(
        session=late, person=teacher.person, by=teacher, now=two_days_before
    ).booking
    key = f"booking-{booking.pk}-reminder"

    assert notify.reminders_due(now=two_days_before - datetime.timedelta(seconds=1)) == 0
    assert not Message.objects.filter(key=key).exists()

    assert notify.reminders_due(now=two_days_before) == 1
    reminder = Message.objects.get(key=key)
    assert reminder.language == "cy"
    assert reminder.status == MessageStatus.PENDING
    assert not Message.objects.filter(key=f"booking-{booked_late.pk}-reminder").exists()
    # Queued once, however often the worker asks.
    assert notify.reminders_due(now=two_days_before + datetime.timedelta(hours=1)) == 0


def test_the_worker_queues_reminders_on_its_tick(world):
    teacher = world.users["teacher"]
    session = make_session(capacity=3, days=1)
    Booking.objects.create(
        session=session,
        person=teacher.person,
        status=BookingStatus.BOOKED,
        updated_at=timezone.now() - datetime.timedelta(days=5),
    )
    tick.send(sender=None)
    assert messages_to(teacher).filter(key__endswith="-reminder").count() == 1


def test_cancelling_withdraws_the_reminder_and_sends_a_cancellation(world):
    teacher = world.users["teacher"]
    session = make_session(capacity=3, days=10)
    booking = services.booking_create(session=session, person=teacher.person, by=teacher).booking
    notify.reminders_due(now=session.starts_at - datetime.timedelta(days=1))
    services.booking_cancel(booking=booking, by=teacher)
    statuses = {m.key: m.status for m in messages_to(teacher)}
    assert statuses[f"booking-{booking.pk}-reminder"] == MessageStatus.CANCELLED
    cancellation = messages_to(teacher).get(key=f"booking-{booking.pk}-cancelled")
    assert "METHOD:CANCEL" in cancellation.attachments[0]["content"]


def test_a_request_tells_the_schools_leaders(world):
    session = make_session(make_opportunity(approval_required=True), capacity=3)
    teacher = world.users["teacher"]
    services.booking_create(session=session, person=teacher.person, by=teacher, reason="ALN")
    [request] = messages_to(world.users["head"]).filter(template="request_to_decide")
    assert "asks for a place" in rendered(request).subject
    assert messages_to(world.users["pllead"]).exists()
    assert not messages_to(world.users["head_c"]).exists()


def test_an_offer_from_the_waitlist_is_emailed_and_expires_on_its_own(
    world, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    first, second = PersonFactory(), PersonFactory()
    for person in (first, second):
        EmploymentFactory(person=person, school=world.school_a)
    booked = services.booking_create(session=session, person=first, by=first.user).booking
    waiting = services.booking_create(session=session, person=second, by=second.user).booking
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booked, by=first.user)
    offer = rendered(messages_to(second.user).get(key=f"booking-{waiting.pk}-offered"))
    assert "Accept" in offer.body
    task = DBTaskResult.objects.get(task_path="catalogue.notify.expire_offers")
    waiting.refresh_from_db()
    assert task.run_after > waiting.offer_expires_at


def test_session_cancelled_and_interest_emails(world):
    session = make_session(capacity=3)
    teacher = world.users["teacher"]
    services.booking_create(session=session, person=teacher.person, by=teacher)
    services.session_cancel(session=session, reason="The presenter is ill")
    cancelled = rendered(messages_to(teacher).get(template="session_cancelled"))
    assert cancelled.subject.startswith("Session cancelled")
    assert "The presenter is ill" in cancelled.body

    coming = make_opportunity(status=Status.IN_DEVELOPMENT)
    Interest.objects.create(opportunity=coming, person=world.users["assistant"].person)
    coming.status = Status.PUBLISHED
    coming.save()
    make_session(coming)
    subjects = [rendered(m).subject for m in messages_to(world.users["assistant"])]
    assert any(s.startswith("New session") for s in subjects)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_was_queued(reference_data, world):
    """The worker in its own transactions, as in production (it closes connections between
    tasks), so the bookings commit first."""
    teacher = world.users["teacher"]
    session = make_session(capacity=3, days=10)
    booking = services.booking_create(session=session, person=teacher.person, by=teacher)
    call_command("worker", "--once")
    confirmation = messages_to(teacher).get(key=f"booking-{booking.booking.pk}-booked")
    assert [m.subject for m in mail.outbox] == [confirmation.subject]
    assert confirmation.status == MessageStatus.SENT
    # The reminder waits for its day.
    assert not messages_to(teacher).filter(key__endswith="-reminder").exists()


def test_a_new_venue_or_link_is_sent_to_everyone_with_a_place(world):
    teacher = world.users["teacher"]
    teacher.preferred_language = "cy"
    teacher.save()
    session = make_session(capacity=1, days=10)
    booked = services.booking_create(session=session, person=teacher.person, by=teacher).booking
    waiting = PersonFactory()
    EmploymentFactory(person=waiting, school=world.school_a)
    services.booking_create(session=session, person=waiting, by=waiting.user)

    services.session_update(session=session, capacity=1)  # not where it meets: nobody told
    assert not Message.objects.filter(template="session_moved").exists()

    services.session_update(session=session, venue="Neuadd y Dref, Aberystwyth")
    [moved] = Message.objects.filter(template="session_moved")
    assert moved.recipient == teacher
    invitation = moved.attachments[0]["content"]
    assert "METHOD:REQUEST" in invitation
    assert "Aberystwyth" in invitation
    first = messages_to(teacher).get(key=f"booking-{booked.pk}-booked").attachments[0]["content"]
    sequence = int(re.search(r"SEQUENCE:(\d+)", invitation).group(1))
    assert sequence >= int(re.search(r"SEQUENCE:(\d+)", first).group(1))
    moved = rendered(moved)
    assert "Aberystwyth" in moved.body
    assert moved.subject.startswith("Mae’r lle")
