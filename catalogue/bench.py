"""What ``hawl bench`` times for the catalogue, and how fast bookings go through.

Pages: finding the offer with and without a search and facets (page and API), an
opportunity's page, a head's pending requests, the offer's gaps for officers. Then, on
PostgreSQL, booking throughput: ``hawl serve`` (gunicorn, the production server) on the bench's
database, 8 clients at once posting bookings through the API onto a handful of sessions, in
bookings per second, followed by the overbooking check (every session's places within capacity
and its counts equal to its rows, waitlists 1..N).
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from catalogue import services
from catalogue.models import HOLDS_PLACE, Booking, BookingStatus, Opportunity, Session, Status
from core.bench import API, PAGE, Target, measurement, register, totals_of
from people.models import Employment, Person
from people.services import api_token_create

CLIENTS = 8
SESSIONS = 10
CAPACITY = 40
PEOPLE = 120  # × SESSIONS bookings: more than the places, so waitlists fill too
WARM_UP = 10  # requests a client makes before the timing starts


def _head_school() -> str:
    return (
        Employment.objects.filter(person__user__username="head")
        .values_list("school__code", flat=True)
        .get()
    )


def _national_programme() -> int:
    """The national body's first programme: every scale seeds it with sessions."""
    return (
        Opportunity.objects.filter(provider__code="NPLLEW", status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def opportunity_page(user: Any) -> str:
    return f"/en/catalogue/{_national_programme()}/"


def requests_page(user: Any) -> str:
    return f"/en/schools/{_head_school()}/learning/requests/"


register(
    Target("find", "/en/catalogue/", ("teacher", "head", "national"), PAGE),
    Target(
        "find: search and filters",
        "/en/catalogue/?q=curriculum&standard=pedagogy&language=cy&language=bilingual",
        ("teacher", "national"),
        PAGE,
    ),
    Target("api offer", "/api/v1/opportunities", ("teacher", "national"), API),
    Target(
        "api offer: search and facets",
        "/api/v1/opportunities?q=well-being&priority=aln&level=regional-local",
        ("teacher", "national"),
        API,
    ),
    Target("opportunity", opportunity_page, ("teacher", "provider"), PAGE),
    Target("pending requests", requests_page, ("head",), PAGE),
    Target("offer gaps", "/en/catalogue/offer/gaps/", ("national", "regionofficer"), PAGE),
)


@totals_of
def totals() -> dict[str, Any]:
    return {
        "opportunities": Opportunity.objects.count(),
        "sessions": Session.objects.count(),
        "bookings": Booking.objects.count(),
    }


# Booking throughput.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    config = settings.DATABASES["default"]
    return (
        f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST'] or '127.0.0.1'}:"
        f"{config['PORT'] or 5432}/{config['NAME']}"
    )


def _serve(port: int) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "BIND")},
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(  # noqa: S603 - Hawl's own command, no outside input
        [sys.executable, "-m", "config.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("hawl serve did not answer /healthz within 60 s")


def _sessions_for_the_race(now: datetime.datetime) -> list[Session]:
    opportunity = Opportunity.objects.get(pk=_national_programme())
    starts = now + datetime.timedelta(days=60)
    return [
        services.session_create(
            opportunity=opportunity,
            meetings=[
                services.MeetingTimes(
                    starts + datetime.timedelta(days=i),
                    starts + datetime.timedelta(days=i, hours=2),
                )
            ],
            capacity=CAPACITY,
            language=opportunity.language,
            online_url="https://meet.hawl.example/bench",
        )
        for i in range(SESSIONS)
    ]


def overbooked_sessions(sessions: list[Session] | None = None) -> int:
    """Sessions whose counts break a rule: over capacity, counts unlike their rows, or a
    waitlist that is not 1..N."""
    queryset = (
        Session.objects.all()
        if sessions is None
        else Session.objects.filter(pk__in=[s.pk for s in sessions])
    )
    bad = 0
    for session in queryset.annotate(
        holding=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        last=Max("bookings__waitlist_position"),
    ).iterator():
        if (
            session.taken > session.capacity
            or session.taken != session.holding
            or session.waitlisted != session.waiting
            or (session.last or 0) != session.waiting
        ):
            bad += 1
    return bad


def _warm_up(port: int, session_id: int, token: str) -> None:
    """Every worker answers a few requests first (each loads its URLs and translations on its
    first), as a server in service would have."""

    def client() -> None:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(WARM_UP):
            link.request(
                "GET",
                f"/api/v1/sessions/{session_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
            link.getresponse().read()
        link.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@measurement("booking throughput")
def booking_throughput(log: Any) -> dict[str, Any]:
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL (concurrent writers through the production server)"}
    if connection.in_atomic_block:
        # Inside a test's transaction the server's connections could not see the data.
        return {"skipped": "inside a transaction"}
    now = timezone.now()
    sessions = _sessions_for_the_race(now)
    people = list(
        Person.objects.filter(employments__isnull=False)
        .exclude(user__username__in=("teacher", "head"))
        .select_related("user")
        .distinct()
        .order_by("pk")[:PEOPLE]
    )
    tokens = [api_token_create(user=person.user, label="bench booking") for person in people]
    work = [(token, session.pk) for session in sessions for token in tokens]
    port = _free_port()
    server = _serve(port)
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    queue = list(reversed(work))

    def client() -> None:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                token, session_id = queue.pop()
            link.request(
                "POST",
                f"/api/v1/sessions/{session_id}/bookings",
                body=b"{}",
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            response = link.getresponse()
            response.read()
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
        link.close()

    try:
        _warm_up(port, sessions[0].pk, tokens[0])
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    made = statuses.get(201, 0)
    booked = Booking.objects.filter(session__in=sessions, status=BookingStatus.BOOKED).count()
    result = {
        "clients": CLIENTS,
        "requests": len(work),
        "answers": json.dumps(dict(sorted(statuses.items()))),
        "bookings per second": round(made / elapsed, 1) if elapsed else 0,
        "booked": booked,
        "places": CAPACITY * SESSIONS,
        "overbooked sessions": overbooked_sessions(sessions),
    }
    log(f"  {result}")
    return result
