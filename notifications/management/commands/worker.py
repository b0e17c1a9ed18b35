from __future__ import annotations

import os
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import valid_interval, valid_max_tasks

from notifications.worker import Worker


class Command(BaseCommand):
    help = (
        "Run the background worker: the tasks on the database queue (sending emails among them), "
        "and every minute a sweep that queues again any email whose task was lost."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="seconds to wait when the queue is empty (default 1)",
        )
        parser.add_argument(
            "--sweep-every",
            type=valid_interval,
            default=60.0,
            help="seconds between sweeps for lost emails (default 60)",
        )
        parser.add_argument(
            "--once", action="store_true", help="sweep, run every task due now, then stop"
        )
        parser.add_argument(
            "--max-tasks",
            type=valid_max_tasks,
            default=None,
            help="stop after running this many tasks",
        )

    def handle(
        self,
        *args: Any,
        interval: float,
        sweep_every: float,
        once: bool,
        max_tasks: int | None,
        **options: Any,
    ) -> None:
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=interval,
            sweep_every=sweep_every,
            once=once,
            max_tasks=max_tasks,
            backend_name="default",
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
        )
        if not once:
            worker.configure_signals()  # Ctrl+C or SIGTERM: finish the task in hand, then stop
            self.stdout.write(f"Hawl worker {worker.worker_id} running (Ctrl+C to stop)")
        worker.run()
