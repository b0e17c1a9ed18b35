"""iCalendar: an event as an invitation or a cancellation in an email, and a person's feed.

Other apps use this module (``NotificationsConfig.public_modules``):

* ``event_ics(...)`` gives the text of an invitation (``method="REQUEST"``) or a cancellation
  (``"CANCEL"``, the same ``uid``, a higher ``sequence``); ``ics_attachment`` wraps it for
  ``notifications.services.queue``.
* ``@calendar_source`` registers a function ``(user) -> Iterable[Event]`` from the app's own
  ``calendar.py`` (found by autodiscovery); ``feed_for(user)`` gathers every source into the
  person's feed (``/calendar/<token>.ics``).

Times are written in UTC (``DTSTART:20260601T080000Z``, RFC 5545's "form #2"), never with
``TZID=Europe/London``. A TZID must be defined by a VTIMEZONE component in the same file, which
clients read unevenly (and some ignore in favour of their own idea of the zone); a UTC time needs
none, means one instant to every client, and each shows it in its reader's own time zone, so an
event at 09:00 in British Summer Time appears at 09:00 in Wales. An event's wall-clock time only
matters for recurring events across a clock change, and Hawl's events do not recur.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.registry import app_modules
from notifications.services import Attachment
from people.models import User

PRODID = "-//Hawl//Hawl//EN"
METHODS = ("REQUEST", "CANCEL")


@dataclass(frozen=True)
class Event:
    """One event in a calendar. ``uid`` is stable and unique for the event
    (``booking-42@hawl.example``): an invitation, its cancellation and the feed use the same one,
    so calendars update the event rather than add another."""

    uid: str
    summary: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0


CalendarSource = Callable[[User], Iterable[Event]]
_SOURCES: list[CalendarSource] = []


def calendar_source(function: CalendarSource) -> CalendarSource:
    """Register a function giving the events of a person's feed (their bookings)."""
    _SOURCES.append(function)
    return function


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(moment):
        raise ValueError("calendar times must be aware datetimes")
    return moment.astimezone(datetime.UTC)


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def _event(event: Event, *, stamp: datetime.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", stamp)
    component.add("sequence", event.sequence)
    component.add("dtstart", _utc(event.starts_at))
    component.add("dtend", _utc(event.ends_at))
    component.add("summary", event.summary)
    for name in ("description", "location", "url"):
        if getattr(event, name):
            component.add(name, getattr(event, name))
    return component


def event_ics(
    *,
    uid: str,
    summary: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    description: str = "",
    location: str = "",
    url: str = "",
    method: str = "REQUEST",
    sequence: int = 0,
    attendee: str = "",
) -> str:
    """One event as an iTIP message (RFC 5546) for an email: an invitation (``REQUEST``) or its
    cancellation (``CANCEL``: the same ``uid``, a higher ``sequence``).

    Hawl is the organiser (``DEFAULT_FROM_EMAIL``); ``attendee`` (an email address) is the person
    it is for, already accepted, so calendars add it without asking them to reply.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    stamp = timezone.now().astimezone(datetime.UTC)
    calendar = _calendar()
    calendar.add("method", method)
    event = Event(uid, summary, starts_at, ends_at, description, location, url, sequence)
    component = _event(event, stamp=stamp)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    component.add("organizer", f"mailto:{address}", parameters={"CN": name or "Hawl"})
    if attendee:
        component.add(
            "attendee", f"mailto:{attendee}", parameters={"PARTSTAT": "ACCEPTED", "RSVP": "FALSE"}
        )
    component.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(component)
    return calendar.to_ical().decode()


def ics_attachment(ics: str, *, filename: str = "invitation.ics") -> Attachment:
    """``event_ics``'s text as an email attachment whose type names its method, as mail clients
    need to offer it as an invitation (``text/calendar; method=REQUEST``)."""
    method = str(icalendar.Calendar.from_ical(ics).get("method", "PUBLISH"))
    return Attachment(filename, ics, f"text/calendar; method={method}")


def feed_ics(events: Iterable[Event], *, name: str) -> str:
    """A calendar of ``events`` to subscribe to (no method: it is published, not sent). An empty
    feed is still a valid calendar."""
    stamp = timezone.now().astimezone(datetime.UTC)
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    # Ask subscribing calendars to look again every hour.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(_event(event, stamp=stamp))
    return calendar.to_ical().decode()


def events_for(user: User) -> list[Event]:
    """Every registered source's events for ``user``, in order of time."""
    app_modules("calendar")
    events = [event for source in _SOURCES for event in source(user)]
    return sorted(events, key=lambda event: (event.starts_at, event.uid))


def feed_for(user: User) -> str:
    """The person's feed, its names and texts in their preferred language."""
    with translation.override(user.preferred_language):
        return feed_ics(events_for(user), name=_("Hawl"))
