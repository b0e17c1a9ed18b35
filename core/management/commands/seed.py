from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core import seeding


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
        for line in seeding.notes():
            self.stdout.write(line)
