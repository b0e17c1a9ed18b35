from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from catalogue import imports
from core.csvkit import read_file, report
from core.errors import DomainError
from core.import_records import recorded_text


class Command(BaseCommand):
    help = (
        "Import a provider's opportunities (or, with --sessions, their sessions) from a CSV "
        "file with the columns the import page lists. Nothing changes unless every row is "
        "valid; --dry-run only checks and says what would."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument(
            "--provider",
            required=True,
            help="The provider's code (NPLLEW), or kind:code if codes clash (region:CSC).",
        )
        parser.add_argument(
            "--sessions", action="store_true", help="The file holds sessions, not opportunities."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="Language of the messages."
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        provider: str,
        sessions: bool,
        dry_run: bool,
        language: str,
        **options: Any,
    ) -> None:
        found = imports.provider_named(provider)
        if found is None:
            raise CommandError(f"No single organisation has the code {provider}")
        data = read_file(file)
        run = imports.sessions_import if sessions else imports.opportunities_import
        with translation.override(language):
            try:
                result = run(provider=found, data=data, apply=not dry_run)
            except DomainError as error:
                raise CommandError(error.message) from error
            report(self, result, lambda done: imports.summary_text(done, sessions=sessions))
            if result.record is not None:
                self.stdout.write(recorded_text(result.record))
