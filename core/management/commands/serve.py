"""``hawl serve``: Hawl in production, under gunicorn.

Gunicorn runs ``settings.WSGI_APPLICATION`` (``config.wsgi:application``) in ``--workers``
processes, each loading it after the fork. A worker keeps nothing another app server would
miss (sessions, the cache and files live in the database or the storage backend), so any
number of ``hawl serve`` on any number of machines can stand behind one load balancer
(docs/deploy.md). Gunicorn's control socket is off: it is a file in the home directory that
two servers on one machine would fight over, and nothing here uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication


class Server(BaseApplication):
    """Gunicorn configured from arguments rather than its own command line or a file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Callable[..., Any]:
        return get_internal_wsgi_application()


class Command(BaseCommand):
    help = (
        "Serve Hawl with gunicorn: WSGI_APPLICATION on --bind (BIND, default 127.0.0.1:8000) "
        "in --workers processes (WEB_CONCURRENCY, default 2 × CPUs + 1). Static files are "
        "collectstatic's output, served by WhiteNoise."
    )
    # Gunicorn's workers load the application; run `hawl check --deploy` before a release.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=settings.SERVE_BIND,
            help="HOST:PORT (or unix:PATH) to listen on.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.SERVE_WORKERS,
            help="Worker processes; each answers one request at a time.",
        )

    def handle(self, *args: Any, bind: str, workers: int, **options: Any) -> None:
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        # Nothing opened here may be inherited by the workers across the fork.
        connections.close_all()
        Server(
            {
                "bind": [bind],
                "workers": workers,
                "proc_name": "hawl",
                "control_socket_disable": True,
            }
        ).run()
