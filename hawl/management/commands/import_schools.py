from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from people import imports


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
        data = read(file)
        with translation.override(language):
            result = imports.schools_import(data=data, apply=not dry_run)
            report(self, result, staff=False)


def read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}") from error


def report(command: BaseCommand, result: imports.ImportResult, *, staff: bool) -> None:
    """Every error on its own line, then a non-zero exit; or the one-line summary."""
    if not result.is_valid:
        for error in result.errors:
            command.stderr.write(str(error))
        raise CommandError(imports.error_count_text(result))
    command.stdout.write(imports.summary_text(result, staff=staff))
