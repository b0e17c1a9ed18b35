"""iCalendar: invitations and cancellations for emails, and the feed, as calendars read them."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest

from notifications import calendar

LONDON = zoneinfo.ZoneInfo("Europe/London")
# 09:00 on a summer morning in Wales is 08:00 UTC.
STARTS = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)
ENDS = datetime.datetime(2026, 6, 1, 15, 30, tzinfo=LONDON)


def invitation(**changes) -> icalendar.Calendar:
    fields = {
        "uid": "booking-42@hawl.example",
        "summary": "Arwain dysgu proffesiynol",
        "description": "Diwrnod un; dewch â’ch cynllun, os gwelwch yn dda",
        "starts_at": STARTS,
        "ends_at": ENDS,
        "location": "Canolfan y Mileniwm, Caerdydd",
        "url": "https://hawl.example/cy/sessions/42/",
        "attendee": "ffion@example.test",
    }
    return icalendar.Calendar.from_ical(calendar.event_ics(**fields | changes))


def test_an_invitation_is_an_itip_request_in_utc():
    parsed = invitation()
    [event] = parsed.walk("VEVENT")

    assert parsed["method"] == "REQUEST"
    assert parsed["prodid"] == calendar.PRODID
    assert parsed.walk("VTIMEZONE") == []
    assert event["uid"] == "booking-42@hawl.example"
    assert event.decoded("dtstart") == datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)
    assert event.decoded("dtend") == datetime.datetime(2026, 6, 1, 14, 30, tzinfo=datetime.UTC)
    assert event["summary"] == "Arwain dysgu proffesiynol"
    assert event["description"] == "Diwrnod un; dewch â’ch cynllun, os gwelwch yn dda"
    assert event["location"] == "Canolfan y Mileniwm, Caerdydd"
    assert event["url"] == "https://hawl.example/cy/sessions/42/"
    assert event["status"] == "CONFIRMED"
    assert event["sequence"] == 0
    assert event["organizer"] == "mailto:no-reply@hawl.localhost"
    assert event["attendee"] == "mailto:ffion@example.test"
    assert event["attendee"].params["PARTSTAT"] == "ACCEPTED"


def test_the_utc_form_is_written_as_such():
    text = calendar.event_ics(uid="x@hawl.example", summary="S", starts_at=STARTS, ends_at=ENDS)
    assert "DTSTART:20260601T080000Z\r\n" in text
    assert "TZID" not in text


def test_a_cancellation_names_the_same_event_with_a_later_sequence():
    parsed = invitation(method="CANCEL", sequence=1)
    [event] = parsed.walk("VEVENT")

    assert parsed["method"] == "CANCEL"
    assert event["uid"] == "booking-42@hawl.example"
    assert event["sequence"] == 1
    assert event["status"] == "CANCELLED"


def test_naive_times_and_unknown_methods_are_refused():
    naive = STARTS.replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        calendar.event_ics(uid="x", summary="S", starts_at=naive, ends_at=ENDS)
    with pytest.raises(ValueError, match="method"):
        calendar.event_ics(uid="x", summary="S", starts_at=STARTS, ends_at=ENDS, method="PUBLISH")


def test_the_attachment_names_its_method_for_mail_clients():
    ics = calendar.event_ics(
        uid="x@hawl.example", summary="S", starts_at=STARTS, ends_at=ENDS, method="CANCEL"
    )
    attachment = calendar.ics_attachment(ics, filename="cancelled.ics")

    assert attachment.filename == "cancelled.ics"
    assert attachment.mimetype == "text/calendar; method=CANCEL"
    assert attachment.content == ics


def test_an_empty_feed_is_a_valid_calendar():
    parsed = icalendar.Calendar.from_ical(calendar.feed_ics([], name="Hawl"))

    assert parsed.name == "VCALENDAR"
    assert parsed["version"] == "2.0"
    assert parsed["x-wr-calname"] == "Hawl"
    assert "method" not in parsed
    assert parsed.walk("VEVENT") == []


def test_a_feed_holds_its_events():
    events = [
        calendar.Event("a@hawl.example", "Un", STARTS, ENDS, location="Abertawe"),
        calendar.Event("b@hawl.example", "Dau", STARTS, ENDS, sequence=2),
    ]

    parsed = icalendar.Calendar.from_ical(calendar.feed_ics(events, name="Hawl"))

    assert [str(event["uid"]) for event in parsed.walk("VEVENT")] == [
        "a@hawl.example",
        "b@hawl.example",
    ]
    assert parsed.walk("VEVENT")[1]["sequence"] == 2
