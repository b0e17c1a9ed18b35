"""A person's private calendar feed: made on their calendar page, shown once, revocable."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import calendar, services
from notifications.models import CalendarFeed, Message
from tests.factories import UserFactory

FEED_URL = re.compile(r'value="(http://testserver/calendar/[\w-]+\.ics)"')


@pytest.fixture
def ffion(db):
    return UserFactory(username="ffion", email="ffion@example.test", preferred_language="cy")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_link(client: Client, lang: str = "en") -> str:
    response = client.post(f"/{lang}/account/calendar/", {"action": "create"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return FEED_URL.search(response.content.decode()).group(1)


def test_the_calendar_page_asks_you_to_sign_in(client, db):
    response = client.get("/en/account/calendar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize(
    ("lang", "button"), [("en", "Make a calendar link"), ("cy", "Gwneud dolen calendr")]
)
def test_the_page_offers_a_link_in_either_language(ffion, lang, button):
    response = signed_in(ffion).get(f"/{lang}/account/calendar/")

    assert response.status_code == 200
    assert button in response.content.decode()


def test_the_account_page_leads_to_the_calendar_page(ffion):
    html = signed_in(ffion).get("/en/account/").content.decode()
    assert 'href="/en/account/calendar/"' in html


def test_a_new_link_is_shown_once_in_full_and_serves_an_empty_calendar(ffion, client):
    person = signed_in(ffion)
    url = make_link(person)

    assert url not in person.get("/en/account/calendar/").content.decode()
    response = client.get(url.removeprefix("http://testserver"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    parsed = icalendar.Calendar.from_ical(response.content)
    assert parsed.walk("VEVENT") == []
    assert CalendarFeed.objects.get(user=ffion).last_used_on == timezone.localdate()


def test_only_the_digest_of_the_token_is_kept(ffion):
    url = make_link(signed_in(ffion))
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    feed = CalendarFeed.objects.get(user=ffion)
    assert token not in feed.digest
    assert len(feed.digest) == 64


def test_making_a_link_tells_the_person_by_email_in_their_language(ffion, mailoutbox):
    make_link(signed_in(ffion), lang="en")

    message = services.rendered(Message.objects.get(recipient=ffion))
    assert message.language == "cy"
    assert "/cy/account/calendar/" in message.body
    assert mailoutbox == []  # sent by the worker, not during the request


def test_a_new_link_replaces_the_old_one(ffion, client):
    person = signed_in(ffion)
    old = make_link(person).removeprefix("http://testserver")
    new = make_link(person).removeprefix("http://testserver")

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_revoked_link_stops_working(ffion, client):
    person = signed_in(ffion)
    url = make_link(person).removeprefix("http://testserver")

    response = person.post("/en/account/calendar/", {"action": "revoke"})

    assert response.status_code == 302
    assert client.get(url).status_code == 404
    html = person.get("/en/account/calendar/").content.decode()
    assert "You turned off your calendar link on" in html
    assert "Your calendar link has been turned off." in html


def test_unknown_tokens_and_closed_accounts_are_not_found(ffion, client):
    url = make_link(signed_in(ffion)).removeprefix("http://testserver")
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404

    ffion.is_active = False
    ffion.save()

    assert client.get(url).status_code == 404


def test_each_person_sees_only_their_own_link(ffion):
    rhys = UserFactory(username="rhys")
    make_link(signed_in(ffion))

    html = signed_in(rhys).get("/en/account/calendar/").content.decode()

    assert "Make a calendar link" in html
    assert "You made your calendar link on" not in html


def test_an_unknown_action_changes_nothing(ffion):
    response = signed_in(ffion).post("/en/account/calendar/", {"action": "delete-everything"})

    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()


def test_the_feed_gathers_every_source_in_the_persons_language(ffion, client, monkeypatch):
    starts = timezone.now() + datetime.timedelta(days=7)

    def sessions(user):
        return [
            calendar.Event(f"later-{user.pk}@hawl.example", _("Your calendar"), starts, starts),
            calendar.Event(
                f"sooner-{user.pk}@hawl.example",
                _("My account"),
                starts - datetime.timedelta(days=1),
                starts,
            ),
        ]

    monkeypatch.setattr(calendar, "_SOURCES", [sessions])
    url = make_link(signed_in(ffion)).removeprefix("http://testserver")

    parsed = icalendar.Calendar.from_ical(client.get(url).content)

    assert [str(event["summary"]) for event in parsed.walk("VEVENT")] == [
        "Fy nghyfrif",
        "Eich calendr",
    ]
