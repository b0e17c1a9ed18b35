"""API for the two CSV imports: the same checks as the upload pages, as multipart uploads.

``?dry_run=true`` only checks the file and says what would change. An invalid file is a 422 with
every problem as ``{"line", "column", "message"}`` (``line`` is the spreadsheet row, the header
being 1; ``null`` for the whole file), in the request's language; nothing is written.

Unlike the other modules, this one has no ``from __future__ import annotations``: ninja reads the
``File[UploadedFile]`` parameter through the access wrapper and needs it as a type, not a string.
"""

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from people import access, imports, selectors
from people.api import ErrorOut

router = Router(tags=["imports"])


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


class SchoolsImportOut(Schema):
    dry_run: bool
    applied: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    changes: list[ChangeOut]


class StaffImportOut(SchoolsImportOut):
    leavers: int
    leaving: list[ChangeOut]


def _data(file: UploadedFile) -> bytes:
    """At most one byte over the limit, so a huge upload is refused without reading it all."""
    return file.read(imports.MAX_FILE_BYTES + 1)


def _change(row: imports.RowChange) -> dict[str, Any]:
    return {
        "line": row.line,
        "action": row.action,
        "key": row.key,
        "name": row.name,
        "fields": row.fields,
    }


def _answer(result: imports.ImportResult, *, dry_run: bool, staff: bool) -> Status:
    if not result.is_valid:
        return Status(
            422,
            {
                "detail": imports.error_count_text(result),
                "errors": [
                    {"line": error.line, "column": error.column, "message": error.message}
                    for error in result.errors
                ],
            },
        )
    body: dict[str, Any] = {
        "dry_run": dry_run,
        "applied": result.applied,
        **{key: value for key, value in result.summary().items() if key != "leavers"},
        "changes": [_change(row) for row in result.changes],
    }
    if staff:
        body["leavers"] = len(result.leavers)
        body["leaving"] = [_change(row) for row in result.leavers]
    return Status(200, body)


@router.post(
    "/imports/schools",
    response={200: SchoolsImportOut, 422: ImportErrorOut},
    summary="Import schools from a CSV shaped like the Welsh Government's address list",
)
@access.rule("people.school.import")
def import_schools(request: HttpRequest, file: File[UploadedFile], dry_run: bool = False) -> Any:
    result = imports.schools_import(data=_data(file), by=request.user, apply=not dry_run)
    return _answer(result, dry_run=dry_run, staff=False)


@router.post(
    "/schools/{school_number}/staff/import",
    response={200: StaffImportOut, 404: ErrorOut, 422: ImportErrorOut},
    summary="Import a school's staff from a CSV exported from its MIS",
)
@access.rule("people.school.staff.import")
def import_staff(
    request: HttpRequest, school_number: str, file: File[UploadedFile], dry_run: bool = False
) -> Any:
    school = selectors.school_get(user=request.user, school_number=school_number)
    result = imports.staff_import(
        school=school, data=_data(file), by=request.user, apply=not dry_run
    )
    return _answer(result, dry_run=dry_run, staff=True)
