from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from core.csvkit import read_file, report
from core.errors import DomainError
from core.import_records import recorded_text
from organisations import imports


class Command(BaseCommand):
    help = (
        "Import schools from a CSV shaped like the Welsh Government's address list of schools. "
        "Nothing changes unless every row is valid; --dry-run only checks and says what would."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="Language of the messages."
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, language: str, **options: Any) -> None:
        data = read_file(file)
        with translation.override(language):
            try:
                result = imports.schools_import(data=data, apply=not dry_run)
            except DomainError as error:
                raise CommandError(error.message) from error
            report(self, result, imports.summary_text)
            if result.record is not None:
                self.stdout.write(recorded_text(result.record))
