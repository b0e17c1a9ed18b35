"""``hawl serve``: gunicorn in production, collected static files, settings from the environment.

These start real servers as subprocesses on a free local port (never anything but 127.0.0.1)
and stop them at the end of each test.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.db import connection

from people.seed import DEMO_PASSWORD

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-key-for-the-serve-tests-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
}
# Variables of this test run the server must not inherit (the browser tests set the first).
logger = logging.getLogger("hawl.loadtest")
NOT_INHERITED = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DEBUG", "SECRET_KEY", "BIND"}


def hawl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.cli", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def environment(**extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return inherited | PRODUCTION | extra


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, *, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def serving(*args: str, env: dict[str, str], port: int) -> Iterator[subprocess.Popen]:
    """``hawl serve`` until the block ends; waits for /healthz, then stops it with SIGTERM."""
    process = subprocess.Popen(
        [sys.executable, "-m", "config.cli", "serve", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"hawl serve stopped: {process.stdout.read()}")
            try:
                if get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("hawl serve did not answer /healthz within 30 s")
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_takes_bind_and_workers_from_the_environment_and_serves_collected_files(
    tmp_path,
):
    """DEBUG off: WhiteNoise serves what collectstatic wrote, and only that."""
    port = free_port()
    env = environment(
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="3",
    )
    collected = hawl("collectstatic", "--no-input", "--verbosity", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    root = tmp_path / "static"
    stylesheet = next(root.rglob("*.css")).relative_to(root)
    removed = next(path for path in (root / "hawl").rglob("*") if path.is_file())
    removed.unlink()  # still in static/, so only a server that reads sources would find it

    with serving(env=env, port=port) as process:
        status, headers, body = get(f"http://127.0.0.1:{port}/static/{stylesheet}")
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert "max-age" in headers["Cache-Control"]
        assert body
        assert get(f"http://127.0.0.1:{port}/static/{removed.relative_to(root)}")[0] == 404
        assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200
    log = process.stdout.read()
    assert f"Listening at: http://127.0.0.1:{port}" in log
    assert log.count("Booting worker") == 3


def test_serve_refuses_fewer_than_one_worker():
    result = hawl("serve", "--workers", "0", env=environment())
    assert result.returncode != 0
    assert "--workers must be 1 or more" in result.stderr


def test_the_default_storage_comes_from_the_environment():
    """An S3-compatible store replaces the disk by configuration alone (docs/deploy.md)."""
    show = (
        "from django.core.files.storage import storages;s = storages['default'];"
        "import json;print(json.dumps([type(s).__module__ + '.' + type(s).__name__,"
        " s.base_url]))"
    )
    configured = environment(
        STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
        STORAGE_OPTIONS=json.dumps({"base_url": "https://files.hawl.example/"}),
    )
    result = hawl("shell", "--no-imports", "-c", show, env=configured)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.core.files.storage.memory.InMemoryStorage",
        "https://files.hawl.example/",
    ]
    result = hawl("shell", "--no-imports", "-c", show, env=environment(MEDIA_ROOT="/srv/media"))
    assert json.loads(result.stdout)[0] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_the_media_root_comes_from_the_environment(tmp_path):
    show = (
        "from django.core.files.storage import storages;s = storages['default'];print(s.location)"
    )
    result = hawl(
        "shell", "--no-imports", "-c", show, env=environment(MEDIA_ROOT=str(tmp_path / "m"))
    )
    assert result.stdout.strip() == str(tmp_path / "m")


# The load test: several demo users at once against `hawl serve --workers 4` on PostgreSQL.
WORKERS = 4
ROUNDS = int(os.environ.get("HAWL_LOAD_ROUNDS", "10"))  # more, to measure rather than check
REPRESENTATIVE = ("national", "regionofficer", "laofficer", "head", "teacher")


def page_urls(username: str, school: str) -> list[str]:
    """What each user reads in a browser (the pages ``hawl bench`` times for them)."""
    school_page, staff = f"/en/schools/{school}/", f"/en/schools/{school}/staff/"
    return {
        "national": ["/en/", "/en/schools/", "/en/schools/?q=ysgol", school_page, staff],
        "regionofficer": [
            "/en/",
            "/en/schools/?region=CSC&sector=primary&language_category=english-medium",
            school_page,
            staff,
        ],
        "laofficer": ["/en/", "/en/schools/", "/en/schools/?q=ysgol", staff],
        "head": ["/en/", "/en/account/", school_page, staff],
        "teacher": ["/cy/", "/cy/account/", "/cy/schools/", f"/cy/schools/{school}/"],
    }[username]


def api_urls(username: str, school: str) -> list[str]:
    urls = ["/api/v1/me", "/api/v1/schools", f"/api/v1/schools/{school}"]
    if username != "teacher":
        urls.append(f"/api/v1/schools/{school}/staff")
    if username == "national":
        urls += ["/api/v1/local-authorities", "/api/v1/regions", "/api/v1/providers"]
    return urls


@contextmanager
def fresh_postgresql_database() -> Iterator[str]:
    """``<name>_loadtest`` on the configured server, dropped at the end; yields its URL.

    Named after the configured database (not the test database), so it collides with neither
    the suite's ``test_<name>`` nor ``hawl bench``'s ``<name>_bench``.
    """
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{config['NAME']}_loadtest"
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"],
        "password": config["PASSWORD"],
    }

    def admin(statement: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin_connection:
            admin_connection.execute(statement)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_side_by_side(*commands: tuple[str, ...], env: dict[str, str]) -> list[str]:
    """Run `hawl` commands side by side; each must succeed. Returns their outputs in order."""
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "config.cli", *command],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    outputs = []
    for command, process in zip(commands, running, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (command, err)
        outputs.append(out)
    return outputs


def run_locust(plan: dict, *, port: int, users: int, tmp_path) -> list[dict]:
    """Locust headless against the server; returns its final statistics, one entry per URL.

    (Its JSON file, not its CSV: the CSV is written on a timer and can miss the last requests.)
    """
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "--locustfile",
            str(settings.BASE_DIR / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            "120s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--json-file",
            str(tmp_path / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=environment(HAWL_LOAD_PLAN=json.dumps(plan)),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, (result.stdout[-4000:], result.stderr[-4000:])
    return json.loads((tmp_path / "locust.json").read_text(encoding="utf-8"))


def summary(entries: list[dict]) -> dict[str, float]:
    """Requests, errors, requests per second and percentiles (ms) over every URL together."""
    times: dict[int, int] = {}
    for entry in entries:
        for milliseconds, count in entry["response_times"].items():
            times[int(float(milliseconds))] = times.get(int(float(milliseconds)), 0) + count
    ordered = sorted(times.items())
    requests = sum(entry["num_requests"] for entry in entries)

    def percentile(fraction: float) -> int:
        seen = 0
        for milliseconds, count in ordered:
            seen += count
            if seen >= fraction * requests:
                return milliseconds
        return ordered[-1][0]

    seconds = max(entry["last_request_timestamp"] for entry in entries) - min(
        entry["start_time"] for entry in entries
    )
    return {
        "requests": requests,
        "errors": sum(entry["num_failures"] for entry in entries),
        "per_second": requests / seconds,
        "p50": percentile(0.5),
        "p95": percentile(0.95),
        "max": max(entry["max_response_time"] for entry in entries),
    }


@pytest.mark.slow
def test_several_workers_answer_a_bounded_load_without_an_error(tmp_path):
    """Five demo users in browsers and five API clients at once, against four workers.

    A fresh database is migrated, loaded and seeded by the `hawl` commands an operator runs;
    the server runs with DEBUG off. Every request must answer as expected: the figures (printed)
    are the ones docs/deploy.md reports.
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "several app servers share one PostgreSQL server; on SQLite (one file, one writer) "
            "this measures nothing worth knowing: run it with DATABASE_URL=postgres://…"
        )
    port = free_port()
    with fresh_postgresql_database() as url:
        env = environment(DATABASE_URL=url, STATIC_ROOT=str(tmp_path / "static"), CONN_MAX_AGE="60")
        run_side_by_side(("migrate", "--no-input", "--verbosity", "0"), env=env)
        run_side_by_side(("load-reference",), ("collectstatic", "--no-input", "-v", "0"), env=env)
        run_side_by_side(("seed", "--scale", "demo"), env=env)
        tokens = dict(
            zip(
                REPRESENTATIVE,
                [
                    out.strip()
                    for out in run_side_by_side(
                        *[("api-token", name) for name in REPRESENTATIVE], env=env
                    )
                ],
                strict=True,
            )
        )
        with serving(
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), env=env, port=port
        ) as process:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/me",
                headers={"Authorization": f"Bearer {tokens['head']}"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                school = json.load(response)["employments"][0]["school"]["code"]
            plan = {
                "password": DEMO_PASSWORD,
                "rounds": ROUNDS,
                "pages": {name: page_urls(name, school) for name in REPRESENTATIVE},
                "api": {
                    name: {"token": tokens[name], "urls": api_urls(name, school)}
                    for name in REPRESENTATIVE
                },
            }
            figures = summary(
                run_locust(plan, port=port, users=2 * len(REPRESENTATIVE), tmp_path=tmp_path)
            )
        log = process.stdout.read()

    expected = sum(2 + ROUNDS * len(urls) for urls in plan["pages"].values()) + sum(
        ROUNDS * len(user["urls"]) for user in plan["api"].values()
    )
    logger.info(
        "hawl serve --workers %d, %d concurrent users: %d requests, %d errors, "
        "%.1f requests/s, p50 %d ms, p95 %d ms, max %d ms (load average %.1f)",
        WORKERS,
        2 * len(REPRESENTATIVE),
        figures["requests"],
        figures["errors"],
        figures["per_second"],
        figures["p50"],
        figures["p95"],
        figures["max"],
        os.getloadavg()[0],
    )
    assert figures["errors"] == 0
    assert figures["requests"] == expected
    assert "Traceback" not in log
    assert log.count("Booting worker") == WORKERS
