from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import bench
from core.seeding import SCALES


class Command(BaseCommand):
    help = (
        "Seed a fresh database (SQLite in bench/, or <name>_bench on PostgreSQL) at a scale, "
        "time the key pages and API endpoints, print a table and write bench/results.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--iterations",
            type=int,
            default=bench.DEFAULT_ITERATIONS,
            help="Timed requests per page and user (after warm-up requests).",
        )
        parser.add_argument(
            "--output", type=Path, default=Path(settings.BASE_DIR) / "bench" / "results.json"
        )

    def handle(
        self, *args: Any, scale: str, seed: int, iterations: int, output: Path, **options: Any
    ) -> None:
        if iterations < 1:
            raise CommandError("--iterations must be 1 or more")
        verbose = options["verbosity"] > 1
        try:
            result = bench.run(
                scale=scale,
                seed_value=seed,
                iterations=iterations,
                log=self.stdout.write if verbose else lambda _: None,
            )
        except bench.BenchError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(bench.table(result))
        others = bench.write(result, output)
        for other_key, other in others.items():
            differences = bench.query_differences(result, other)
            if differences:
                self.stdout.write(f"\nQueries per request differ from the {other_key} run:")
                for line in differences:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write(f"\nQueries per request: the same as the {other_key} run.")
        self.stdout.write(f"\nWrote {output}")
