"""A school's staff import pages: upload, preview and confirm; its past imports, and undo.

Those who may import a school's staff see its imports; anyone else gets a 404, as if the school
or the import did not exist.
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
from organisations import selectors as organisation_selectors
from organisations.models import Organisation
from people import imports
from people.forms import StaffImportOptions


def _school(request: HttpRequest, school_number: str, action: str) -> Organisation:
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    access.require(request.user, action, school)
    return school


def _context(school: Organisation, **more: Any) -> dict[str, Any]:
    return {
        "school": school,
        "staff": True,
        "columns": imports.STAFF_COLUMNS,
        "records_url": reverse("people:staff_imports", args=[school.code]),
        "import_url": reverse("people:school_staff_import", args=[school.code]),
        **more,
    }


def _record_context(school: Organisation, record: ImportRecord) -> dict[str, Any]:
    args = [school.code, record.pk]
    return _context(
        school,
        record_url=reverse("people:staff_import_record", args=args),
        csv_url=reverse("people:staff_import_csv", args=args),
        undo_url=reverse("people:staff_import_undo", args=args),
    )


@access.rule("people.staff.import")
def staff_import(request: HttpRequest, school_number: str) -> HttpResponse:
    """A school's leaders load its MIS export; another school's page is a 404, as if missing."""
    school = _school(request, school_number, "people.staff.import")

    def run(
        data: bytes | str, apply: bool, *, end_missing: bool = False, confirmed: int | None = None
    ) -> ImportResult:
        return imports.staff_import(
            school=school,
            data=data,
            by=request.user,
            apply=apply,
            end_missing=end_missing,
            confirmed=confirmed,
        )

    return import_page(
        request,
        scope=f"staff:{school.code}",
        run=run,
        summary=imports.summary_text,
        done=reverse("people:school_staff", args=[school.code]),
        context=_context(school),
        options=StaffImportOptions,
    )


@access.rule("people.staff.import")
def staff_imports(request: HttpRequest, school_number: str) -> HttpResponse:
    school = _school(request, school_number, "people.staff.import")
    records = imports.staff_import_records(user=request.user, school=school)
    return records_page(
        request,
        records=records,
        record_url=lambda record: reverse(
            "people:staff_import_record", args=[school.code, record.pk]
        ),
        context=_context(school),
    )


@access.rule("people.staff.import")
def staff_import_record(request: HttpRequest, school_number: str, pk: int) -> HttpResponse:
    school = _school(request, school_number, "people.staff.import")
    record = imports.staff_import_record(user=request.user, school=school, pk=pk)
    return record_page(
        request,
        record=record,
        labels=imports.FIELD_LABELS,
        context={
            **_record_context(school, record),
            "can_undo": access.can(request.user, "people.staff.undo_import", school),
        },
    )


@access.rule("people.staff.import")
def staff_import_csv(request: HttpRequest, school_number: str, pk: int) -> HttpResponse:
    school = _school(request, school_number, "people.staff.import")
    record = imports.staff_import_record(user=request.user, school=school, pk=pk)
    return record_csv(record, labels=imports.FIELD_LABELS, key_heading=_("Email address"))


@access.rule("people.staff.undo_import")
def staff_import_undo(request: HttpRequest, school_number: str, pk: int) -> HttpResponse:
    school = _school(request, school_number, "people.staff.undo_import")
    record = imports.staff_import_record(user=request.user, school=school, pk=pk)
    return undo_page(
        request,
        record=record,
        undo=lambda: imports.staff_import_undo(record=record, school=school, by=request.user),
        done=reverse("people:staff_import_record", args=[school.code, record.pk]),
        context=_record_context(school, record),
    )
