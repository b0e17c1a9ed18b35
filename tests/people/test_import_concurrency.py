"""Two imports at once: the second waits for the first or gets a clear message, never a 500.

Real threads and real transactions, so these run on PostgreSQL only: the SQLite test database
lives in memory in shared-cache mode, where a second connection's write fails at once with
"database table is locked" (shared-cache locks are table locks that ignore the busy timeout),
so no test there could show one import waiting for another. On a SQLite file, as Hawl runs,
``transaction_mode: IMMEDIATE`` makes writers take turns instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from core.errors import DomainError
from core.reference import load_all
from people import imports
from people.models import Employment, User
from tests.people.imports_support import STAFF_HEADER

pytestmark = [
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


def many(prefix: str, count: int = 40) -> str:
    rows = "".join(
        f"{prefix}{n}@example.test,Rhys,Jones,Teacher,1,01/09/2025,,,\n" for n in range(count)
    )
    return STAFF_HEADER + rows


def test_two_imports_for_one_school_take_turns(reference_data, world):
    text = many("same")

    first, second = together(
        lambda: imports.staff_import(school=world.school_a, data=text, apply=True),
        lambda: imports.staff_import(school=world.school_a, data=text, apply=True),
    )

    assert [first.applied, second.applied] == [True, True]
    assert sorted([first.created, second.created]) == [0, 40]  # the second saw the first
    assert sorted([first.unchanged, second.unchanged]) == [0, 40]
    assert User.objects.filter(email__startswith="same").count() == 40
    assert (
        Employment.objects.filter(
            school=world.school_a, person__user__email__startswith="same"
        ).count()
        == 40
    )


def test_two_schools_adding_people_with_the_same_names_both_succeed(reference_data, world):
    first, second = together(
        lambda: imports.staff_import(school=world.school_a, data=many("a"), apply=True),
        lambda: imports.staff_import(school=world.school_c, data=many("c"), apply=True),
    )

    assert [first.created, second.created] == [40, 40]
    # The file's people only: the world fixture's own users have random surnames, Jones too.
    emails = [f"{prefix}{n}@example.test" for prefix in "ac" for n in range(40)]
    usernames = list(User.objects.filter(email__in=emails).values_list("username", flat=True))
    assert len(usernames) == len(set(usernames)) == 80


def test_two_schools_adding_the_same_new_address_one_wins_the_other_is_told(reference_data, world):
    text = many("shared", 5)

    outcomes = together(
        lambda: imports.staff_import(school=world.school_a, data=text, apply=True),
        lambda: imports.staff_import(school=world.school_c, data=text, apply=True),
    )

    assert not [
        outcome
        for outcome in outcomes
        if isinstance(outcome, Exception) and not isinstance(outcome, DomainError)
    ]
    applied = [outcome for outcome in outcomes if getattr(outcome, "applied", False)]
    assert len(applied) == 1
    other = next(outcome for outcome in outcomes if outcome is not applied[0])
    if not isinstance(other, DomainError):  # refused row by row, as any file naming them is
        assert {error.message for error in other.errors} == {
            "We cannot add this person from your file. Remove the row, then ask the Hawl "
            "helpdesk to add them."
        }
    assert User.objects.filter(email__startswith="shared").count() == 5
