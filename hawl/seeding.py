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
from django.db import transaction


@dataclass(frozen=True)
class Scale:
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
    scale: Scale
    rng: random.Random
    log: Callable[[str], None]
    shared: dict[str, Any] = field(default_factory=dict)


def seeders() -> list[Callable[[SeedContext], None]]:
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


@transaction.atomic
def seed(*, scale: str, seed_value: int = 1, log: Callable[[str], None] = lambda _: None) -> bool:
    """Seed at ``scale``; returns False (and changes nothing) when data is already there."""
    from people.models import Organisation, OrganisationKind

    if Organisation.objects.filter(kind=OrganisationKind.SCHOOL).exists():
        log("Schools already exist: nothing seeded (use a fresh database to seed again).")
        return False
    context = SeedContext(scale=SCALES[scale], rng=random.Random(seed_value), log=log)
    for run in seeders():
        run(context)
    return True
