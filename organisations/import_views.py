"""The schools import pages: upload, preview and confirm; past imports, and undo.

For national officers (and platform administrators); anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access
from core.csvkit import ImportResult
from core.import_pages import import_page, record_csv, record_page, records_page, undo_page
from core.models import ImportRecord
from organisations import imports


def _context(**more: Any) -> dict[str, Any]:
    return {
        "school": None,
        "staff": False,
        "columns": imports.SCHOOL_COLUMNS,
        "records_url": reverse("organisations:schools_imports"),
        "import_url": reverse("organisations:schools_import"),
        **more,
    }


def _record_context(record: ImportRecord) -> dict[str, Any]:
    return _context(
        record_url=reverse("organisations:schools_import_record", args=[record.pk]),
        csv_url=reverse("organisations:schools_import_csv", args=[record.pk]),
        undo_url=reverse("organisations:schools_import_undo", args=[record.pk]),
    )


@access.rule("organisations.school.import")
def schools_import(request: HttpRequest) -> HttpResponse:
    """National officers load the address list; each school's number says which LA holds it."""

    def run(data: bytes | str, apply: bool) -> ImportResult:
        return imports.schools_import(data=data, by=request.user, apply=apply)

    return import_page(
        request,
        scope="schools",
        run=run,
        summary=imports.summary_text,
        done=reverse("organisations:schools"),
        context=_context(),
    )


@access.rule("organisations.school.import")
def schools_imports(request: HttpRequest) -> HttpResponse:
    return records_page(
        request,
        records=imports.schools_import_records(user=request.user),
        record_url=lambda record: reverse("organisations:schools_import_record", args=[record.pk]),
        context=_context(),
    )


@access.rule("organisations.school.import")
def schools_import_record(request: HttpRequest, pk: int) -> HttpResponse:
    record = imports.schools_import_record(user=request.user, pk=pk)
    return record_page(
        request,
        record=record,
        labels=imports.FIELD_LABELS,
        context={
            **_record_context(record),
            "can_undo": access.reach(request.user).allows("organisations.school.undo_import"),
        },
    )


@access.rule("organisations.school.import")
def schools_import_csv(request: HttpRequest, pk: int) -> HttpResponse:
    record = imports.schools_import_record(user=request.user, pk=pk)
    return record_csv(record, labels=imports.FIELD_LABELS, key_heading=_("School number"))


@access.rule("organisations.school.undo_import")
def schools_import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    record = imports.schools_import_record(user=request.user, pk=pk)
    return undo_page(
        request,
        record=record,
        undo=lambda: imports.schools_import_undo(record=record, by=request.user),
        done=reverse("organisations:schools_import_record", args=[record.pk]),
        context=_record_context(record),
    )
