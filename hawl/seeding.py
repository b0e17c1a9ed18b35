"""``hawl seed``: believable data at the size asked for, deterministic for a given seed.

Each app that has records to seed provides ``seed.py`` with ``seed(context)``; they run in the
order of INSTALLED_APPS, so a later app (bookings, learning records) builds on the people and
schools seeded before it. Every app inserts in bulk, never one save per row.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction


@dataclass(frozen=True)
class Scale:
    """How much of Wales to seed: the sector mix is the real one at ``wales``."""

    name: str
    # Schools per sector across Wales; the demo keeps a few per local authority.
    schools_per_sector: dict[str, int]
    # Multiplies the per-school staffing model (1.0 is a real school).
    staffing: float
    supply_teachers: int


SCALES = {
    "demo": Scale(
        "demo",
        {"nursery": 1, "primary": 44, "middle": 2, "secondary": 22, "special": 3, "pru": 2},
        staffing=0.25,
        supply_teachers=20,
    ),
    "region": Scale(
        "region",
        {"nursery": 2, "primary": 300, "middle": 8, "secondary": 45, "special": 10, "pru": 4},
        staffing=1.0,
        supply_teachers=1500,
    ),
    "wales": Scale(
        "wales",
        {"nursery": 9, "primary": 1208, "middle": 31, "secondary": 178, "special": 39, "pru": 15},
        staffing=1.0,
        supply_teachers=5500,
    ),
}


@dataclass
class SeedContext:
    """What each app's ``seed`` gets: the scale, the one seeded generator, a log, and ``shared``
    (records an earlier app made that a later one builds on, e.g. ``schools``, ``people``)."""

    scale: Scale
    rng: random.Random
    log: Callable[[str], None]
    shared: dict[str, Any] = field(default_factory=dict)


def seeders() -> list[Callable[[SeedContext], None]]:
    """Every app's ``seed.seed``, in the order of INSTALLED_APPS."""
    found = []
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.seed")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.seed":
                raise
            continue
        found.append(module.seed)
    return found


def seed(*, scale: str, seed_value: int = 1, log: Callable[[str], None] = lambda _: None) -> bool:
    """Seed at ``scale``; returns False (and changes nothing) when data is already there.

    All or nothing, in one transaction. On PostgreSQL the planner's statistics are refreshed
    afterwards, as autovacuum would soon do, so the first pages after a bulk load are planned
    for the rows that are really there.
    """
    if not _seed_all(scale=scale, seed_value=seed_value, log=log):
        return False
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return True


@transaction.atomic
def _seed_all(*, scale: str, seed_value: int, log: Callable[[str], None]) -> bool:
    from people.models import Organisation, OrganisationKind

    if Organisation.objects.filter(kind=OrganisationKind.SCHOOL).exists():
        log("Schools already exist: nothing seeded (use a fresh database to seed again).")
        return False
    # A seeded generator of its own (for believable data, not secrets): same seed, same rows.
    rng = random.Random(seed_value)  # noqa: S311
    context = SeedContext(scale=SCALES[scale], rng=rng, log=log)
    for run in seeders():
        run(context)
    return True
