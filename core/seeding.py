"""``hawl seed``: believable data at the size asked for, deterministic for a given seed.

Each app that has records to seed registers a seeder in its ``seed.py`` with
``@seeder("name", after=("other",))``; seeders run so that each comes after those it names, so a
later app (bookings, learning records) builds on the people and schools seeded before it. Every
app inserts in bulk, never one save per row. A seeder may say whether its data is already there
(``present``) and what a person should know afterwards (``notes``, such as the demo sign-ins).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from core.registry import app_modules, ordered


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


Run = Callable[[SeedContext], None]


@dataclass(frozen=True)
class Seeder:
    name: str
    run: Run
    after: tuple[str, ...] = ()
    present: Callable[[], bool] | None = None
    notes: Callable[[], list[str]] | None = None


_SEEDERS: dict[str, Seeder] = {}


def seeder(
    name: str,
    *,
    after: tuple[str, ...] = (),
    present: Callable[[], bool] | None = None,
    notes: Callable[[], list[str]] | None = None,
) -> Callable[[Run], Run]:
    """Register an app's seeder; ``present`` says its data is there already."""

    def register(run: Run) -> Run:
        _SEEDERS[name] = Seeder(name, run, tuple(after), present, notes)
        return run

    return register


def seeders() -> list[Seeder]:
    """Every app's seeder, each after those it names."""
    app_modules("seed")
    return ordered(_SEEDERS.values(), name=lambda item: item.name, after=lambda item: item.after)


def notes() -> list[str]:
    """What every seeder wants said after seeding (demo sign-ins)."""
    return [line for item in seeders() if item.notes for line in item.notes()]


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
    found = seeders()
    if any(item.present is not None and item.present() for item in found):
        log("Data is already seeded: nothing seeded (use a fresh database to seed again).")
        return False
    # A seeded generator of its own (for believable data, not secrets): same seed, same rows.
    rng = random.Random(seed_value)  # noqa: S311
    context = SeedContext(scale=SCALES[scale], rng=rng, log=log)
    for item in found:
        item.run(context)
    return True


BATCH = 2000


def bulk(model: type[Model], rows: list[Any], label: str, context: SeedContext) -> list[Any]:
    """Insert ``rows`` in batches (primary keys set on them) and log how many."""
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    context.log(f"  {label}: {len(created):,}")
    return created
