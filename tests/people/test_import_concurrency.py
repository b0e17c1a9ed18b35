"""Two imports at once: the second waits for the first or gets a clear message, never a 500.

PostgreSQL only: see ``tests/concurrency.py``.
"""

from __future__ import annotations

from core.errors import DomainError
from people import imports
from people.models import Employment, User
from tests.concurrency import POSTGRESQL_ONLY, reference_data, together
from tests.people.imports_support import STAFF_HEADER

pytestmark = POSTGRESQL_ONLY
__all__ = ["reference_data"]


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
