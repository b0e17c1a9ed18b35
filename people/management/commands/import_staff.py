from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from core.csvkit import read_file, report
from core.errors import DomainError
from core.import_records import recorded_text
from people import imports


class Command(BaseCommand):
    help = (
        "Import a school's staff from a CSV exported from its MIS. Nothing changes unless every "
        "row is valid; --dry-run only checks and says what would. Staff missing from the file "
        "keep their employment unless --end-missing; when that ends more than the set share of "
        "the school's staff, --confirm-leavers must give their number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("school_number", help="The 7-digit school number.")
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--end-missing",
            action="store_true",
            help="End the employment at this school of current staff who are not in the file.",
        )
        parser.add_argument(
            "--confirm-leavers",
            type=int,
            metavar="N",
            help="Confirm that N people's employment will end (needed when they are many).",
        )
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="Language of the messages."
        )

    def handle(
        self,
        *args: Any,
        school_number: str,
        file: Path,
        dry_run: bool,
        end_missing: bool,
        confirm_leavers: int | None,
        language: str,
        **options: Any,
    ) -> None:
        school = imports.school_for_import(school_number=school_number)
        if school is None:
            raise CommandError(f"No school with number {school_number!r}")
        data = read_file(file)
        with translation.override(language):
            try:
                result = imports.staff_import(
                    school=school,
                    data=data,
                    apply=not dry_run,
                    end_missing=end_missing,
                    confirmed=confirm_leavers,
                )
            except DomainError as error:
                raise CommandError(error.message) from error
            if result.unconfirmed:
                raise CommandError(imports.unconfirmed_text(result))
            report(self, result, imports.summary_text)
            if result.record is not None:
                self.stdout.write(recorded_text(result.record))
