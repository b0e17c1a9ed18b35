from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.reference import ReferenceDataError, load_all


class Command(BaseCommand):
    help = "Load the versioned reference data in reference/ (idempotent; all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=None)

    def handle(self, *args: Any, directory: Path | None = None, **options: Any) -> None:
        try:
            written = load_all(directory)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for name, count in written.items():
            self.stdout.write(f"{name}: {count} items")
