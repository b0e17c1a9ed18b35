"""``hawl bench``: seed a fresh database at a scale, then time the key pages and API endpoints.

Every app that has pages registers them from its own ``bench.py`` with ``register(...)`` (and
may register ``@totals_of``, the row counts worth printing), found by autodiscovery; so each
later issue adds its pages without editing this module. Requests run
in-process through Django's test client as representative users, so the timings measure Hawl
(middleware, access policy, queries, templates, serialisation) and not a web server. Each p95 is
also given as a ratio to ``/healthz`` measured in the same run, which makes runs on different
machines comparable. Query counts are the point as much as the times: a page whose count grows
with the size of Wales is a page that will get slower as Wales fills up.
"""

from __future__ import annotations

import datetime
import gc
import json
import math
import os
import platform
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from core import seeding
from core.reference import load_all
from core.registry import app_modules

# The users each page is timed for: nationwide, a region, a local authority, a school's head and
# one of its teachers (all demo accounts, which every scale seeds in the same Cardiff school).
REPRESENTATIVE_USERS = ("national", "regionofficer", "laofficer", "head", "teacher")
ANONYMOUS = "anonymous"
PAGE, API = "page", "api"
DEFAULT_ITERATIONS = 30
WARM_UP = 2
# The target every p95 is divided by: one query, no template, no access policy.
BASELINE_NAME = "healthz"
# The goal for every page and endpoint at Wales scale on a 2-core machine.
GOAL_P95_MS = 300.0


class BenchError(Exception):
    """The bench cannot run, or a target did not answer 200 (a broken page has no timing)."""


class Target(NamedTuple):
    """A page or endpoint to time, for each of ``users`` (demo usernames, or ``anonymous``).

    ``url`` is a path, or a function of the signed-in user (``None`` when anonymous) that returns
    one, called once before timing: for URLs that depend on the seeded data, such as a late page.
    """

    name: str
    url: str | Callable[[Any], str]
    users: str | tuple[str, ...]
    kind: str = PAGE


BASELINE = Target(BASELINE_NAME, "/healthz", ANONYMOUS, API)


@dataclass
class Result:
    """One target timed for one user: milliseconds, queries per request, p95 over /healthz."""

    name: str
    user: str
    kind: str
    url: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    # This process's CPU time: on a shared machine it moves far less than the wall clock does.
    # (It includes SQLite, which runs in-process, but not a PostgreSQL server's work.)
    cpu_p95_ms: float
    queries: int
    queries_vary: bool
    ratio: float = 0.0


@dataclass
class Run:
    """A whole bench run: what was seeded, how long it took, and every result."""

    scale: str
    seed: int
    iterations: int
    database: dict[str, str]
    setup_seconds: float
    seed_seconds: float
    totals: dict[str, Any]
    results: list[Result] = field(default_factory=list)
    # What apps measure beyond page timings (booking throughput …): name → figures.
    measurements: dict[str, dict[str, Any]] = field(default_factory=dict)
    started_at: str = ""
    environment: dict[str, Any] = field(default_factory=dict)


_TARGETS: list[Target] = []
_TOTALS: list[Callable[[], dict[str, Any]]] = []
_CREDENTIALS: list[Callable[[Any], str]] = []
Measurement = Callable[[Callable[[str], None]], dict[str, Any]]
_MEASUREMENTS: dict[str, Measurement] = {}


def register(*found: Target) -> None:
    """Add an app's pages and endpoints to the bench."""
    _TARGETS.extend(found)


def totals_of(function: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """Register a function giving row counts worth printing beside the timings."""
    _TOTALS.append(function)
    return function


def credentials(function: Callable[[Any], str]) -> Callable[[Any], str]:
    """Register how to get an API Bearer token for a user (the app that owns tokens does)."""
    _CREDENTIALS.append(function)
    return function


def measurement(name: str) -> Callable[[Measurement], Measurement]:
    """Register a measurement beyond page timings (run after them, on the same data): a
    function of the log returning figures to print, e.g. bookings per second."""

    def register_measurement(function: Measurement) -> Measurement:
        _MEASUREMENTS[name] = function
        return function

    return register_measurement


def measurements(log: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    app_modules("bench")
    found = {}
    for name, function in _MEASUREMENTS.items():
        log(f"Measuring {name}")
        found[name] = function(log)
    return found


def targets() -> list[Target]:
    """The baseline, then every app's targets in the order of INSTALLED_APPS."""
    app_modules("bench")
    return [BASELINE, *_TARGETS]


def totals() -> dict[str, Any]:
    """Every app's totals: how much data the timings were taken over."""
    app_modules("bench")
    found: dict[str, Any] = {}
    for function in _TOTALS:
        found.update(function())
    return found


def use_fresh_database(scale: str) -> dict[str, str]:
    """Point the default connection at an empty database of the bench's own.

    The bench never touches the developer's data, and every run starts from the same state:
    PostgreSQL gets ``<name>_bench`` on the configured server, anything else a new SQLite file in
    ``bench/``. The settings dict is changed in place, as Django's test runner does for test
    databases, so every later connection (and ``migrate``) uses it.
    """
    config = settings.DATABASES["default"]
    vendor = connection.vendor
    if vendor == "postgresql":
        name = f"{config['NAME']}_bench"
        quoted = connection.ops.quote_name(name)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute(f"CREATE DATABASE {quoted}")
    elif vendor == "sqlite":
        path = Path(settings.BASE_DIR) / "bench" / f"bench-{scale}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        name = str(path)
    else:
        raise BenchError(f"hawl bench runs on SQLite or PostgreSQL, not {vendor}")
    connections.close_all()
    config["NAME"] = name
    connection.settings_dict["NAME"] = name
    return {"vendor": vendor, "name": name}


def prepare(*, scale: str, seed_value: int, log: Callable[[str], None]) -> tuple[float, float]:
    """Migrate, load the reference data and seed; returns (setup seconds, seed seconds)."""
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_all()
    seeded = time.perf_counter()
    if not seeding.seed(scale=scale, seed_value=seed_value, log=log):
        raise BenchError("the bench database already holds schools")
    return seeded - started, time.perf_counter() - seeded


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (what numpy and most dashboards report)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class _Clients:
    """One signed-in client per user and kind: a session for pages, a Bearer token for the API."""

    def __init__(self) -> None:
        self._clients: dict[tuple[str, str], Client] = {}
        self.users: dict[str, Any] = {}

    def user(self, username: str) -> Any:
        if username == ANONYMOUS:
            return None
        if username not in self.users:
            found = get_user_model().objects.filter(username=username).first()
            if found is None:
                raise BenchError(f"no user {username!r}: the seed makes every demo account")
            self.users[username] = found
        return self.users[username]

    def client(self, username: str, kind: str) -> Client:
        key = (username, kind if username != ANONYMOUS else "")
        if key not in self._clients:
            user = self.user(username)
            if user is None:
                client = Client()
            elif kind == API:
                if not _CREDENTIALS:
                    raise BenchError("no app registers API credentials for the bench")
                token = _CREDENTIALS[0](user)
                client = Client(headers={"Authorization": f"Bearer {token}"})
            else:
                client = Client()
                client.force_login(user)
            self._clients[key] = client
        return self._clients[key]


def _users(target: Target) -> tuple[str, ...]:
    return (target.users,) if isinstance(target.users, str) else tuple(target.users)


def measure(
    chosen: Iterable[Target],
    *,
    iterations: int,
    warm_up: int = WARM_UP,
    log: Callable[[str], None] = lambda _: None,
) -> list[Result]:
    """Time every target for each of its users: warm-up requests, then ``iterations`` timed ones.

    Every response must be 200. Queries are counted on each timed request; ``queries`` is the
    most seen, and ``queries_vary`` flags a count that changed between identical requests.
    """
    hosts = settings.ALLOWED_HOSTS
    if "testserver" not in hosts and "*" not in hosts:
        hosts = [*hosts, "testserver"]
    clients = _Clients()
    results: list[Result] = []
    gc.collect()  # the garbage of seeding, collected now rather than during a timed request
    with override_settings(ALLOWED_HOSTS=hosts), warnings.catch_warnings():
        # WhiteNoise warns when collectstatic has not run; the bench asks for no static files.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        for target in chosen:
            for username in _users(target):
                results.append(_measure_one(clients, target, username, iterations, warm_up))
                log(f"  {target.name} [{username}]: p95 {results[-1].p95_ms:.1f} ms")
    baseline = next((r.p95_ms for r in results if r.name == BASELINE_NAME), 0.0)
    for result in results:
        result.ratio = round(result.p95_ms / baseline, 2) if baseline else 0.0
    return results


def _measure_one(
    clients: _Clients, target: Target, username: str, iterations: int, warm_up: int
) -> Result:
    url = target.url if isinstance(target.url, str) else target.url(clients.user(username))
    client = clients.client(username, target.kind)
    for _ in range(warm_up):
        _get(client, url, target, username)
    timings, cpu_timings, counts = [], [], []
    for _ in range(iterations):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            _get(client, url, target, username)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
        counts.append(len(queries.captured_queries))
    return Result(
        name=target.name,
        user=username,
        kind=target.kind,
        url=url,
        samples=iterations,
        p50_ms=round(percentile(timings, 0.5), 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        max_ms=round(max(timings), 2),
        cpu_p95_ms=round(percentile(cpu_timings, 0.95), 2),
        queries=max(counts),
        queries_vary=min(counts) != max(counts),
    )


def _get(client: Client, url: str, target: Target, username: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(
            f"{target.name} [{username}] GET {url} answered {response.status_code}, not 200"
        )


def run(
    *,
    scale: str,
    seed_value: int = 1,
    iterations: int = DEFAULT_ITERATIONS,
    warm_up: int = WARM_UP,
    fresh_database: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> Run:
    """Seed (on a fresh database unless told to use the current one) and time every target.

    ``fresh_database=False`` benches whatever the current database holds, seeding it first if
    it has no schools: the tests use it inside their own test database.
    """
    if scale not in seeding.SCALES:
        raise BenchError(f"unknown scale {scale!r}")
    started_at = datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds")
    load_before = _load_average()
    if fresh_database:
        database = use_fresh_database(scale)
        log(f"Fresh {database['vendor']} database: {database['name']}")
        setup_seconds, seed_seconds = prepare(scale=scale, seed_value=seed_value, log=log)
    else:
        database = {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])}
        started = time.perf_counter()
        seeding.seed(scale=scale, seed_value=seed_value, log=log)
        setup_seconds, seed_seconds = 0.0, time.perf_counter() - started
    log(f"Seeded in {seed_seconds:.1f} s; timing {iterations} requests per target and user")
    return Run(
        scale=scale,
        seed=seed_value,
        iterations=iterations,
        database=database,
        setup_seconds=round(setup_seconds, 2),
        seed_seconds=round(seed_seconds, 2),
        totals=totals(),
        results=measure(targets(), iterations=iterations, warm_up=warm_up, log=log),
        measurements=measurements(log),
        started_at=started_at,
        environment={
            "python": platform.python_version(),
            "django": django.get_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            # Other work on the machine inflates the wall-clock times: this says how much.
            "load_average_before": load_before,
            "load_average_after": _load_average(),
        },
    )


def _load_average() -> float | None:
    """The one-minute load average, where the platform has one."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def table(result: Run) -> str:
    """The run as an aligned text table, with the seed time and totals above it."""
    lines = [
        f"Hawl bench: scale {result.scale}, seed {result.seed}, {result.database['vendor']} "
        f"({result.database['name']}), {result.iterations} timed requests per row",
        f"Seed time: {result.seed_seconds:.1f} s (migrate and reference data: "
        f"{result.setup_seconds:.1f} s)",
        "Totals: " + "; ".join(f"{key} {_number(value)}" for key, value in result.totals.items()),
        f"Load average: {result.environment.get('load_average_before')} before timing, "
        f"{result.environment.get('load_average_after')} after "
        f"({result.environment.get('cpus')} CPUs)",
        "",
    ]
    headers = ("target", "user", "kind", "p50 ms", "p95 ms", "cpu p95 ms", "queries", "p95/healthz")
    rows = [
        (
            item.name,
            item.user,
            item.kind,
            f"{item.p50_ms:.1f}",
            f"{item.p95_ms:.1f}",
            f"{item.cpu_p95_ms:.1f}",
            f"{item.queries}{'*' if item.queries_vary else ''}",
            f"{item.ratio:.1f}",
        )
        for item in result.results
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [
            cell.ljust(width) if index < 3 else cell.rjust(width)  # names left, numbers right
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    if any(item.queries_vary for item in result.results):
        lines.append("* the query count changed between identical requests (the most is shown)")
    slowest = max(result.results, key=lambda item: item.p95_ms, default=None)
    over = [item for item in result.results if item.p95_ms > GOAL_P95_MS]
    if slowest is not None:
        lines.append(
            f"\nSlowest p95: {slowest.name} [{slowest.user}] {slowest.p95_ms:.1f} ms; "
            f"over {GOAL_P95_MS:.0f} ms: "
            + (", ".join(f"{item.name} [{item.user}]" for item in over) or "none")
        )
    for name, figures in result.measurements.items():
        lines.append(f"{name}: " + "; ".join(f"{k} {_number(v)}" for k, v in figures.items()))
    return "\n".join(lines)


def _number(value: Any) -> str:
    if isinstance(value, dict):
        return "(" + ", ".join(f"{key} {_number(item)}" for key, item in value.items()) + ")"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def query_differences(result: Run, other: dict[str, Any]) -> list[str]:
    """Targets whose queries per request differ from another scale's run in the same file.

    Counts that grow with the data are the regressions the bench exists to catch.
    """
    theirs = {(r["name"], r["user"]): r["queries"] for r in other.get("results", [])}
    return [
        f"{item.name} [{item.user}]: {item.queries} here, {theirs[(item.name, item.user)]} at "
        f"{other.get('scale')}"
        for item in result.results
        if (item.name, item.user) in theirs and theirs[(item.name, item.user)] != item.queries
    ]


def run_key(result: Run) -> str:
    """Where a run is kept in the results file: its scale and database, e.g. ``wales-sqlite``."""
    return f"{result.scale}-{result.database.get('vendor', 'unknown')}"


def write(result: Run, output: Path) -> dict[str, Any]:
    """Write the run into ``output`` under ``run_key``, keeping the latest run of each other key.

    Returns the runs at other scales found there, so the caller can compare query counts.
    """
    document: dict[str, Any] = {"runs": {}}
    if output.exists():
        try:
            previous = json.loads(output.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
        if isinstance(previous, dict) and isinstance(previous.get("runs"), dict):
            document["runs"] = previous["runs"]
    key = run_key(result)
    others = {
        other_key: run
        for other_key, run in document["runs"].items()
        if isinstance(run, dict) and run.get("scale") != result.scale
    }
    document["runs"][key] = asdict(result)
    document["latest"] = key
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    return others
