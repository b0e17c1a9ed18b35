"""Import schools from the Welsh Government's address list of schools, and undo an import.

``reading`` checks the file against Hawl's reference data, ``applying`` writes a valid file in
one transaction and records it, ``undo`` puts back what a recorded import changed. Schools
missing from a file are left alone: a file may cover one local authority.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from core.import_records import records_of, undoes
from core.models import ImportRecord
from organisations.imports.applying import KIND, require_school_import, schools_import
from organisations.imports.reading import FIELD_LABELS, SCHOOL_COLUMNS, summary_text
from organisations.imports.undo import schools_import_undo

__all__ = [
    "FIELD_LABELS",
    "KIND",
    "SCHOOL_COLUMNS",
    "schools_import",
    "schools_import_record",
    "schools_import_records",
    "schools_import_undo",
    "summary_text",
]


def schools_import_records(*, user: Any) -> QuerySet:
    """Every schools import, newest first; 404 unless the user may import schools."""
    require_school_import(user)
    return records_of(kind=KIND, scope="")


def schools_import_record(*, user: Any, pk: int) -> ImportRecord:
    record = schools_import_records(user=user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


@undoes(KIND)
def _undo_from_command_line(record: ImportRecord) -> ImportRecord:
    return schools_import_undo(record=record)
