"""Running calls at the same moment in real threads, for the PostgreSQL concurrency tests.

Real threads and real transactions, so these tests run on PostgreSQL only: the SQLite test
database lives in memory in shared-cache mode, where a second connection's write fails at once
with "database table is locked" (shared-cache locks are table locks that ignore the busy
timeout), so no test there could show one writer waiting for another. On a SQLite file, as Hawl
runs, ``transaction_mode: IMMEDIATE`` makes writers take turns instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from core.reference import load_all

POSTGRESQL_ONLY = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers; SQLite's in-memory test database has table locks",
    ),
]


@pytest.fixture
def reference_data(transactional_db) -> None:
    """A transactional test starts from a flushed database: the reference data comes back."""
    load_all()


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released at the same moment; their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # every outcome is checked by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
