from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.models import ImportRecord


class Command(BaseCommand):
    help = "List recorded imports, newest first: number, when, kind, scope, who, counts, status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", help="Only this kind, like people.staff.")
        parser.add_argument("--scope", help="Only this scope, like a school number.")
        parser.add_argument("--limit", type=int, default=20)

    def handle(
        self, *args: Any, kind: str | None, scope: str | None, limit: int, **options: Any
    ) -> None:
        records = ImportRecord.objects.select_related("by").order_by("-created_at", "-pk")
        if kind:
            records = records.filter(kind=kind)
        if scope is not None:
            records = records.filter(scope=scope)
        for record in records[:limit]:
            counts = ", ".join(f"{key} {value}" for key, value in record.counts.items())
            who = record.by.username if record.by else "command line"
            self.stdout.write(
                f"{record.pk}\t{record.created_at:%Y-%m-%d %H:%M}\t{record.kind}\t"
                f"{record.scope or '-'}\t{who}\t{counts}\t{record.status}"
            )
