"""API shapes every app shares: errors, pages of results, references to named things."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
from typing import Any

from ninja import Schema, Status
from ninja.files import UploadedFile

from core.csvkit import MAX_FILE_BYTES, ImportResult, RowChange, error_count_text
from core.models import ImportRecord


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class NamedRef(Schema):
    code: str
    name_en: str
    name_cy: str


class ImportErrorItem(Schema):
    line: int | None
    column: str
    message: str


class ImportErrorOut(Schema):
    detail: str
    errors: list[ImportErrorItem]


class ChangeOut(Schema):
    line: int | None
    action: str
    key: str
    name: str
    fields: list[str]


class ImportOut(Schema):
    dry_run: bool
    applied: bool
    record: int | None = None  # the import's record, to see or undo it
    rows: int
    created: int
    updated: int
    unchanged: int
    changes: list[ChangeOut]


class ImportRecordOut(Schema):
    id: int
    kind: str
    scope: str
    status: str
    by: str | None
    created_at: datetime.datetime
    file_name: str
    digest: str
    choices: dict[str, Any]
    counts: dict[str, int]
    undone_at: datetime.datetime | None
    undone_by: str | None


class ImportRecordDetailOut(ImportRecordOut):
    changes: list[ChangeOut]


class ImportRecordPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ImportRecordOut]


class UndoErrorOut(Schema):
    detail: str
    reasons: list[str]


def record_out(record: ImportRecord, *, detail: bool = False) -> dict[str, Any]:
    """An import's record; with ``detail``, what it changed row by row."""
    body = {
        "id": record.pk,
        "kind": record.kind,
        "scope": record.scope,
        "status": record.status,
        "by": record.by.username if record.by else None,
        "created_at": record.created_at,
        "file_name": record.file_name,
        "digest": record.digest,
        "choices": record.choices,
        "counts": record.counts,
        "undone_at": record.undone_at,
        "undone_by": record.undone_by.username if record.undone_by else None,
    }
    if detail:
        body["changes"] = record.rows
    return body


def upload_bytes(file: UploadedFile) -> bytes:
    """At most one byte over the limit, so a huge upload is refused without reading it all."""
    return file.read(MAX_FILE_BYTES + 1)


def change_out(row: RowChange) -> dict[str, Any]:
    return {
        "line": row.line,
        "action": row.action,
        "key": row.key,
        "name": row.name,
        "fields": row.fields,
    }


def import_answer(
    result: ImportResult, *, dry_run: bool, extra: dict[str, Any] | None = None
) -> Status:
    """422 with every problem, or 200 with what changed (or would), plus an import's ``extra``."""
    if not result.is_valid:
        return Status(
            422,
            {
                "detail": error_count_text(result),
                "errors": [
                    {"line": error.line, "column": error.column, "message": error.message}
                    for error in result.errors
                ],
            },
        )
    body: dict[str, Any] = {
        "dry_run": dry_run,
        "applied": result.applied,
        "record": result.record.pk if result.record is not None else None,
        **{key: value for key, value in result.summary().items() if key != "leavers"},
        "changes": [change_out(row) for row in result.changes],
    }
    return Status(200, body | (extra or {}))
