from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from core.import_records import UndoBlockedError, record_undo, undone_text
from core.models import ImportRecord


class Command(BaseCommand):
    help = (
        "Undo a recorded import (its number from hawl import-records). If later changes have "
        "overtaken it, say which and change nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("record", type=int, help="The import's number.")
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="Language of the messages."
        )

    def handle(self, *args: Any, record: int, language: str, **options: Any) -> None:
        found = ImportRecord.objects.filter(pk=record).first()
        if found is None:
            raise CommandError(f"No import with number {record}")
        with translation.override(language):
            try:
                record_undo(record=found)
            except UndoBlockedError as blocked:
                for reason in blocked.reasons:
                    self.stderr.write(reason)
                raise CommandError(blocked.message) from blocked
            self.stdout.write(undone_text())
