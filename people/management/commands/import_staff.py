from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from core.csvkit import read_file, report
from people import imports


class Command(BaseCommand):
    help = (
        "Import a school's staff from a CSV exported from its MIS. Nothing changes unless every "
        "row is valid; --dry-run only checks and says what would (leavers included)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("school_number", help="The 7-digit school number.")
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="Language of the messages."
        )

    def handle(
        self,
        *args: Any,
        school_number: str,
        file: Path,
        dry_run: bool,
        language: str,
        **options: Any,
    ) -> None:
        school = imports.school_for_import(school_number=school_number)
        if school is None:
            raise CommandError(f"No school with number {school_number!r}")
        data = read_file(file)
        with translation.override(language):
            result = imports.staff_import(school=school, data=data, apply=not dry_run)
            report(self, result, imports.summary_text)
