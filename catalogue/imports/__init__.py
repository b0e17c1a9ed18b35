"""Import a provider's offer from CSV files (see ``core.csvkit``), and undo an import.

Two files, each with its own columns: opportunities (one a row, named by the provider's own
reference) and sessions (one a row, naming its opportunity by that reference or its number in
Hawl). ``reading`` checks each row against Hawl's rules and data, ``applying`` writes a valid
file in one transaction and records it, ``undo`` puts back what a recorded import changed. Both
kinds are recorded under the provider (``provider:NPLLEW``); pages, the command line and undo
call what is here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from catalogue.imports.applying import (
    opportunities_import,
    provider_named,
    require_import,
    sessions_import,
)
from catalogue.imports.reading import (
    FIELD_LABELS,
    OPPORTUNITIES,
    OPPORTUNITY_COLUMNS,
    SESSION_COLUMNS,
    SESSIONS,
    scope_of,
    summary_text,
)
from catalogue.imports.undo import offer_import_undo
from core.import_records import undoes
from core.models import ImportRecord
from organisations.models import Organisation

__all__ = [
    "FIELD_LABELS",
    "OPPORTUNITIES",
    "OPPORTUNITY_COLUMNS",
    "SESSIONS",
    "SESSION_COLUMNS",
    "offer_import_record",
    "offer_import_records",
    "offer_import_undo",
    "opportunities_import",
    "provider_named",
    "scope_of",
    "sessions_import",
    "summary_text",
]


def offer_import_records(*, user: Any, provider: Organisation) -> QuerySet:
    """The provider's imports of both kinds, newest first; 404 unless the user manages it."""
    require_import(user, provider)
    return (
        ImportRecord.objects.filter(kind__in=(OPPORTUNITIES, SESSIONS), scope=scope_of(provider))
        .select_related("by", "undone_by")
        .order_by("-created_at", "-pk")
    )


def offer_import_record(*, user: Any, provider: Organisation, pk: int) -> ImportRecord:
    record = offer_import_records(user=user, provider=provider).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _undo_from_command_line(record: ImportRecord) -> ImportRecord:
    provider = provider_named(record.scope)
    if provider is None:
        raise Http404
    return offer_import_undo(record=record, provider=provider)


undoes(OPPORTUNITIES)(_undo_from_command_line)
undoes(SESSIONS)(_undo_from_command_line)
