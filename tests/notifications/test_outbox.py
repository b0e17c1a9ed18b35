"""The outbox: emails written with the change they report, in the person's language, and sent by
the worker once, whatever happens to the worker or the mail server on the way.

These run the real database task queue and ``hawl worker``, in transactions that commit (as in
production), so they are transactional tests.
"""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications import calendar, services
from notifications.models import Message, MessageStatus
from tests.factories import UserFactory
from tests.notifications.mail_backends import FailsOnce

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", "--once")


def queue_for(user, **options) -> Message:
    with transaction.atomic():
        message = services.queue(user, "calendar_feed_created", {}, **options)
    message.refresh_from_db()
    return message


@pytest.fixture
def ffion():
    return UserFactory(
        username="ffion", first_name="Ffion", email="ffion@example.test", preferred_language="cy"
    )


def test_an_email_is_sent_by_the_worker_never_by_the_code_that_queues_it(ffion, mailoutbox):
    message = queue_for(ffion)

    assert mailoutbox == []
    assert message.status == MessageStatus.PENDING
    assert DBTaskResult.objects.get(id=message.task_id).status == TaskResultStatus.READY

    run_worker()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [email] = mailoutbox
    assert email.to == ["ffion@example.test"]
    assert email.subject == message.subject
    assert email.extra_headers["Content-Language"] == "cy"


def test_an_email_is_in_the_recipients_language_with_a_way_to_change_it(ffion, mailoutbox):
    english = UserFactory(username="rhys", email="rhys@example.test", preferred_language="en")

    welsh_message = services.rendered(queue_for(ffion))
    english_message = services.rendered(queue_for(english))

    assert welsh_message.language == "cy"
    assert welsh_message.subject == "Gwnaed dolen calendr ar gyfer eich cyfrif Hawl"
    assert "http://127.0.0.1:8000/cy/account/" in welsh_message.body
    assert "http://127.0.0.1:8000/cy/account/calendar/" in welsh_message.html_body
    assert english_message.language == "en"
    assert english_message.subject == "A calendar link was made for your Hawl account"
    assert "http://127.0.0.1:8000/en/account/" in english_message.body


def test_plain_text_is_not_html_escaped_and_html_is(mailoutbox):
    user = UserFactory(username="tom", first_name="Tom & Jerry", email="tom@example.test")

    message = services.rendered(queue_for(user))

    assert "Tom & Jerry" in message.body
    assert "Tom &amp; Jerry" in message.html_body


def test_every_copy_of_a_message_carries_the_same_message_id(ffion, mailoutbox):
    message = queue_for(ffion)
    run_worker()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
    services.message_retry(message=message)
    run_worker()

    first, second = mailoutbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith(f"<{message.pk}.")


def test_a_rolled_back_transaction_queues_and_sends_nothing(ffion, mailoutbox):
    def change_that_fails() -> None:
        with transaction.atomic():
            services.queue(ffion, "calendar_feed_created", {})
            raise RuntimeError("the change the email was about failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    run_worker()

    assert Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert mailoutbox == []


def test_the_same_event_queues_one_message(ffion, mailoutbox):
    first = queue_for(ffion, key="calendar-feed-1")
    second = queue_for(ffion, key="calendar-feed-1")
    run_worker()

    assert first.pk == second.pk
    assert len(mailoutbox) == 1


def test_a_killed_worker_loses_no_email(ffion, mailoutbox):
    """What a worker killed in the middle of a send leaves behind: its task claimed and never
    finished, the message taken, and the lease on it run out. The next worker sends it once."""
    message = queue_for(ffion)
    claimed_at = timezone.now() - services.LEASE - datetime.timedelta(seconds=1)
    DBTaskResult.objects.filter(id=message.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=claimed_at, worker_ids=["killed"]
    )
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_until=claimed_at + services.LEASE
    )

    run_worker()
    run_worker()

    message.refresh_from_db()
    assert len(mailoutbox) == 1
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    # The dead task was not run again: the sweep queued a new one, which sent the email.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1


def test_a_message_another_worker_is_sending_is_left_to_it(ffion, mailoutbox):
    message = queue_for(ffion)
    DBTaskResult.objects.filter(id=message.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["busy"]
    )
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_until=timezone.now() + services.LEASE
    )

    assert services.sweep() == 0
    run_worker()

    assert mailoutbox == []


def test_two_tasks_for_one_message_send_it_once(ffion, mailoutbox):
    message = queue_for(ffion)
    services.deliver.enqueue(message.pk)

    run_worker()

    assert len(mailoutbox) == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2


@override_settings(EMAIL_BACKEND="tests.notifications.mail_backends.FailsOnce")
def test_a_send_the_mail_server_refuses_is_retried_and_sent_once(ffion, monkeypatch, mailoutbox):
    monkeypatch.setattr(FailsOnce, "failures_left", 1)
    message = queue_for(ffion)

    run_worker()

    message.refresh_from_db()
    assert mailoutbox == []
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert message.not_before > timezone.now()  # it waits before trying again

    later = message.not_before + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    run_worker()
    run_worker()

    message.refresh_from_db()
    assert len(mailoutbox) == 1
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    assert message.last_error == ""


@override_settings(EMAIL_BACKEND="tests.notifications.mail_backends.AlwaysFails")
def test_a_message_that_keeps_failing_fails_for_good_and_says_so(ffion, caplog, mailoutbox):
    message = queue_for(ffion)
    Message.objects.filter(pk=message.pk).update(attempts=services.MAX_ATTEMPTS - 1)

    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        run_worker()

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert "SMTPRecipientsRefused" in message.last_error
    assert f"Email {message.pk} to ffion@example.test failed for good" in caplog.text
    assert services.sweep() == 0


def test_a_lost_task_is_queued_again_by_the_sweep(ffion, mailoutbox):
    """The process died between committing the message and enqueueing its task."""
    message = queue_for(ffion)
    DBTaskResult.objects.all().delete()
    Message.objects.filter(pk=message.pk).update(
        not_before=timezone.now() - services.GRACE - datetime.timedelta(seconds=1)
    )

    run_worker()

    assert len(mailoutbox) == 1


def test_the_sweep_leaves_a_message_whose_task_is_still_queued(ffion):
    message = queue_for(ffion)
    Message.objects.filter(pk=message.pk).update(
        not_before=timezone.now() - services.GRACE - datetime.timedelta(seconds=1)
    )

    assert services.sweep() == 0
    assert DBTaskResult.objects.count() == 1


def test_a_message_for_later_waits_until_then_and_can_be_cancelled(ffion, monkeypatch, mailoutbox):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    kept = queue_for(ffion, key="reminder-1", on=tomorrow)
    queue_for(ffion, key="reminder-2", on=tomorrow)

    run_worker()
    assert mailoutbox == []

    assert services.cancel(key="reminder-2") is True
    monkeypatch.setattr(timezone, "now", lambda: tomorrow + datetime.timedelta(seconds=1))
    run_worker()

    [email] = mailoutbox
    assert email.extra_headers["Message-ID"].startswith(f"<{kept.pk}.")
    assert Message.objects.get(key="reminder-2").status == MessageStatus.CANCELLED


def test_nobody_is_written_to_without_an_address_or_an_open_account(db):
    no_address = UserFactory(username="noaddress", email="")
    closed = UserFactory(username="closed", is_active=False)

    assert services.queue(no_address, "calendar_feed_created", {}) is None
    assert services.queue(closed, "calendar_feed_created", {}) is None
    assert Message.objects.count() == 0


def test_an_invitation_travels_as_a_calendar_attachment(ffion, mailoutbox):
    starts = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    ics = calendar.event_ics(
        uid="booking-1@hawl.example",
        summary="Cwrs",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        attendee="ffion@example.test",
    )

    queue_for(ffion, attachments=[calendar.ics_attachment(ics)])
    run_worker()

    [email] = mailoutbox
    [part] = email.attachments
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"
    assert part.get_payload(decode=True).decode() == ics


def test_the_worker_stops_after_its_maximum_number_of_tasks(ffion, mailoutbox):
    queue_for(ffion)
    queue_for(ffion)

    call_command("worker", "--max-tasks", "1", "--interval", "0")

    assert len(mailoutbox) == 1
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 1


def test_nothing_is_rendered_until_the_worker_sends_it(ffion, mailoutbox):
    """The request writes one row; the worker renders it, in the recipient's language, from the
    records as they are then, and keeps what it sent."""
    with transaction.atomic():
        message = services.queue(ffion, "calendar_feed_created", {"about": ffion}, key="k-1")
    message.refresh_from_db()
    assert (message.subject, message.body, message.template) == ("", "", "calendar_feed_created")
    assert message.context == {"about": {"$model": "people.user", "pk": ffion.pk}}

    ffion.first_name = "Ffion Haf"
    ffion.save()
    run_worker()

    message.refresh_from_db()
    [email] = mailoutbox
    assert message.status == MessageStatus.SENT
    assert email.subject == message.subject == "Gwnaed dolen calendr ar gyfer eich cyfrif Hawl"
    assert "Ffion Haf" in email.body
    assert email.body == message.body


def test_a_message_about_a_record_since_deleted_fails_at_once(ffion, mailoutbox):
    other = UserFactory(username="gone", email="gone@example.test")
    with transaction.atomic():
        message = services.queue(ffion, "calendar_feed_created", {"about": other})
    other.delete()

    run_worker()

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert message.last_error.startswith("Gone")
    assert mailoutbox == []


def test_a_context_holds_records_and_plain_values_only(ffion):
    with pytest.raises(TypeError):
        services.queue(ffion, "calendar_feed_created", {"when": datetime.date(2026, 1, 1)})
