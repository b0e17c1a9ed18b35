"""``hawl serve``: gunicorn in production, collected static files, settings from the environment.

These start real servers as subprocesses on a free local port (never anything but 127.0.0.1)
and stop them at the end of each test.
"""

from __future__ import annotations

import json
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

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-key-for-the-serve-tests-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
}
# Variables of this test run the server must not inherit (the browser tests set the first).
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
