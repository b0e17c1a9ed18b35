"""API for people: the signed-in user, a school's staff, and the staff import."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from core import access
from core.errors import DomainError
from core.import_records import UndoBlockedError
from core.pagination import paginate
from core.schemas import (
    ChangeOut,
    ErrorOut,
    ImportErrorOut,
    ImportOut,
    ImportRecordDetailOut,
    ImportRecordOut,
    ImportRecordPage,
    UndoErrorOut,
    change_out,
    import_answer,
    record_out,
    upload_bytes,
)
from organisations import selectors as organisation_selectors
from organisations.models import Organisation
from people import imports, selectors

router = Router(tags=["people"])


class OrganisationRef(Schema):
    kind: str
    code: str
    name_en: str
    name_cy: str


class RoleOut(Schema):
    role: str
    organisation: OrganisationRef
    starts_on: datetime.date
    ends_on: datetime.date | None


class EmploymentOut(Schema):
    school: OrganisationRef
    role_type: str
    job_title: str
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None


class MeOut(Schema):
    username: str
    email: str
    first_name: str
    last_name: str
    preferred_language: str
    role_type: str | None
    ewc_number: str | None
    roles: list[RoleOut]
    employments: list[EmploymentOut]


class StaffOut(Schema):
    username: str
    first_name: str
    last_name: str
    role_type: str
    job_title: str
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None


class StaffPage(Schema):
    count: int
    page: int
    pages: int
    results: list[StaffOut]


def _ref(org: Organisation) -> dict[str, str]:
    return {"kind": org.kind, "code": org.code, "name_en": org.name_en, "name_cy": org.name_cy}


@router.get("/me", response=MeOut, summary="The signed-in user, their roles and employments")
@access.signed_in
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    summary = selectors.home_summary(user=user)
    person = getattr(user, "person", None)
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "role_type": person.role_type if person else None,
        "ewc_number": (person.ewc_number or None) if person else None,
        "roles": [
            {
                "role": item.role,
                "organisation": _ref(item.organisation),
                "starts_on": item.starts_on,
                "ends_on": item.ends_on,
            }
            for item in summary.memberships
        ],
        "employments": [
            {
                "school": _ref(item.school),
                "role_type": item.role_type,
                "job_title": item.job_title,
                "fte": item.fte,
                "starts_on": item.starts_on,
                "ends_on": item.ends_on,
            }
            for item in summary.employments
        ],
    }


@router.get(
    "/schools/{school_number}/staff",
    response={200: StaffPage, 404: ErrorOut},
    summary="Current staff of a school (its leaders and officers over it)",
)
@access.rule("people.staff.view")
def school_staff(request: HttpRequest, school_number: str, page: int = 1) -> Any:
    found = organisation_selectors.school_get(user=request.user, school_number=school_number)
    staff = selectors.staff_list(user=request.user, school=found)

    def serialise(employment: Any) -> dict[str, Any]:
        user = employment.person.user
        return {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role_type": employment.role_type,
            "job_title": employment.job_title,
            "fte": employment.fte,
            "starts_on": employment.starts_on,
            "ends_on": employment.ends_on,
        }

    return paginate(staff, max(page, 1), serialise)


class StaffImportOut(ImportOut):
    end_missing: bool
    current: int
    absent: int
    leavers: int
    leaving: list[ChangeOut]
    kept: list[ChangeOut]


class ConfirmLeaversOut(Schema):
    detail: str
    confirm_leavers: int


@router.post(
    "/schools/{school_number}/staff/import",
    response={
        200: StaffImportOut,
        404: ErrorOut,
        409: ConfirmLeaversOut | ErrorOut,
        422: ImportErrorOut,
    },
    summary="Import a school's staff from a CSV exported from its MIS",
    description=(
        "Adds and updates the people in the file. Staff missing from it keep their employment "
        "unless end_missing; when that would end more than the set share of the school's "
        "current staff, the answer is 409 until confirm_leavers gives their number."
    ),
)
@access.rule("people.staff.import")
def import_staff(
    request: HttpRequest,
    school_number: str,
    file: File[UploadedFile],
    dry_run: bool = False,
    end_missing: bool = False,
    confirm_leavers: int | None = None,
) -> Any:
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    try:
        result = imports.staff_import(
            school=school,
            data=upload_bytes(file),
            by=request.user,
            apply=not dry_run,
            end_missing=end_missing,
            confirmed=confirm_leavers,
        )
    except DomainError as error:
        return Status(409, {"detail": error.message})
    if result.unconfirmed:
        return Status(
            409,
            {"detail": imports.unconfirmed_text(result), "confirm_leavers": result.confirm_count},
        )
    leaving = {
        "end_missing": end_missing,
        "current": result.current,
        "absent": result.absent,
        "leavers": len(result.leavers),
        "leaving": [change_out(row) for row in result.leavers],
        "kept": [change_out(row) for row in result.kept],
    }
    return import_answer(result, dry_run=dry_run, extra=leaving)


@router.get(
    "/schools/{school_number}/staff/imports",
    response={200: ImportRecordPage, 404: ErrorOut},
    summary="A school's staff imports, newest first",
)
@access.rule("people.staff.import")
def staff_imports(request: HttpRequest, school_number: str, page: int = 1) -> Any:
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    records = imports.staff_import_records(user=request.user, school=school)
    return paginate(records, max(page, 1), record_out)


@router.get(
    "/schools/{school_number}/staff/imports/{record_id}",
    response={200: ImportRecordDetailOut, 404: ErrorOut},
    summary="One of a school's staff imports, with what it changed",
)
@access.rule("people.staff.import")
def staff_import_record(request: HttpRequest, school_number: str, record_id: int) -> Any:
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    record = imports.staff_import_record(user=request.user, school=school, pk=record_id)
    return record_out(record, detail=True)


@router.post(
    "/schools/{school_number}/staff/imports/{record_id}/undo",
    response={200: ImportRecordOut, 404: ErrorOut, 409: UndoErrorOut},
    summary="Undo one of a school's staff imports (409 saying why, if later changes block it)",
)
@access.rule("people.staff.undo_import")
def undo_staff_import(request: HttpRequest, school_number: str, record_id: int) -> Any:
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    record = imports.staff_import_record(user=request.user, school=school, pk=record_id)
    try:
        record = imports.staff_import_undo(record=record, school=school, by=request.user)
    except UndoBlockedError as blocked:
        return Status(409, {"detail": blocked.message, "reasons": blocked.reasons})
    return Status(200, record_out(record))
