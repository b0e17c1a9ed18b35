"""The outbox and the feeds in Django's admin: platform administrators only, read and restart."""

from __future__ import annotations

import pytest

from notifications import services
from notifications.models import CalendarFeed, Message, MessageStatus


@pytest.fixture
def failed(world) -> Message:
    message = services.queue(world.users["teacher"], "calendar_feed_created", {})
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=10)
    return message


def test_administrators_see_the_outbox_and_others_do_not(world, failed):
    assert world.client("admin").get("/en/admin/notifications/message/").status_code == 200
    page = world.client("admin").get(f"/en/admin/notifications/message/{failed.pk}/change/")
    assert page.status_code == 200
    assert world.client("national").get("/en/admin/notifications/message/").status_code == 302


def test_an_administrator_sends_failed_emails_again(
    world, failed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("admin").post(
            "/en/admin/notifications/message/",
            {"action": "send_again", "_selected_action": [failed.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    assert "1 failed email will be sent again." in response.content.decode()
    assert failed.status == MessageStatus.PENDING
    assert failed.attempts == 0
    assert failed.task_id is not None


def test_an_administrator_turns_off_a_calendar_link(world):
    services.calendar_feed_create(user=world.users["teacher"])
    feed = CalendarFeed.objects.get()

    world.client("admin").post(
        "/en/admin/notifications/calendarfeed/",
        {"action": "revoke", "_selected_action": [feed.pk]},
    )

    feed.refresh_from_db()
    assert feed.revoked_at is not None
