"""``hawl worker``: django-tasks-db's worker, with the outbox's sweep between tasks.

The worker runs the database queue's tasks in turn (``DBTaskResult`` rows; a task is claimed in a
transaction, so several workers share the queue). Every ``sweep_every`` seconds, between tasks or
while the queue is empty, it runs ``notifications.services.sweep``, which enqueues again the
emails whose task was lost: so a worker killed mid-send (its task left "running" for ever) costs a
delay, not an email. With each sweep it sends ``notifications.signals.tick``: other apps queue what
has fallen due (the catalogue's reminders).
"""

from __future__ import annotations

import logging
import time

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.signals import tick

logger = logging.getLogger(__name__)


class Worker(DatabaseWorker):
    def __init__(
        self, *, sweep_every: float, once: bool, max_tasks: int | None, **options: object
    ) -> None:
        # Batches: the parent's loop returns when the queue is empty, and this one sweeps.
        super().__init__(batch=True, startup_delay=False, max_tasks=max_tasks, **options)
        self.sweep_every = sweep_every
        self.once = once
        self.tasks_run = 0
        self.next_sweep = 0.0

    def sweep_if_due(self) -> None:
        if time.monotonic() < self.next_sweep:
            return
        self.next_sweep = time.monotonic() + self.sweep_every
        try:
            for receiver, outcome in tick.send_robust(sender=self.__class__):
                if isinstance(outcome, Exception):
                    logger.error("%s failed", receiver, exc_info=outcome)
            services.sweep()
        except Exception:  # the database may be away for a moment: sweep again next time
            logger.exception("The outbox sweep failed")
        finally:
            close_old_connections()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        self.tasks_run += 1
        self.sweep_if_due()

    def run(self) -> None:
        """Sweep, run what is queued, wait, and again; once, with ``once``."""
        while self.running:
            self.sweep_if_due()
            super().run()
            done = self.max_tasks is not None and self.tasks_run >= self.max_tasks
            if self.once or done or not self.running:
                return
            time.sleep(self.interval)
