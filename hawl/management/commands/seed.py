from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hawl import seeding
from people.models import Role
from people.seed import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Seed believable data: demo (a small Wales), region or wales (the whole of Wales)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(seeding.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        started = time.perf_counter()
        done = seeding.seed(scale=scale, seed_value=seed, log=self.stdout.write)
        if done:
            self.stdout.write(f"Seeded in {time.perf_counter() - started:.1f} s")
        self.stdout.write("\nDemo sign-ins (password for all: " + DEMO_PASSWORD + "):")
        for username, first, last, _type, roles, _lang in DEMO_ACCOUNTS:
            what = ", ".join(str(Role(role).label) for role in roles) or "practitioner"
            self.stdout.write(f"  {username:<14} {first} {last}: {what}")
