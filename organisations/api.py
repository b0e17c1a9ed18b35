"""API for organisations: schools, local authorities, regions, clusters, dioceses, providers,
and the schools import."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from core import access
from core.errors import DomainError
from core.import_records import UndoBlockedError
from core.pagination import paginate
from core.schemas import (
    ErrorOut,
    ImportErrorOut,
    ImportOut,
    ImportRecordDetailOut,
    ImportRecordOut,
    ImportRecordPage,
    NamedRef,
    UndoErrorOut,
    import_answer,
    record_out,
    upload_bytes,
)
from organisations import imports, selectors
from organisations.models import Organisation, OrganisationKind

router = Router(tags=["organisations"])


class SchoolOut(Schema):
    school_number: str
    name_en: str
    name_cy: str
    sector: str
    language_category: str
    local_authority: NamedRef | None
    region: NamedRef | None
    opened_on: datetime.date | None
    closed_on: datetime.date | None


class SchoolDetailOut(SchoolOut):
    address: str
    postcode: str
    cluster: NamedRef | None
    diocese: NamedRef | None
    fte_teachers: Decimal | None
    census_date: datetime.date | None


class SchoolPage(Schema):
    count: int
    page: int
    pages: int
    results: list[SchoolOut]


class OrganisationOut(Schema):
    kind: str
    code: str
    name_en: str
    name_cy: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    parent: NamedRef | None = None


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationOut]


class SchoolQuery(Schema):
    q: str = ""
    la: str = ""
    region: str = ""
    sector: str = ""
    language_category: str = ""
    page: int = 1


class ListQuery(Schema):
    q: str = ""
    page: int = 1


def _named(obj: Any, prefix: str) -> dict[str, str] | None:
    code = getattr(obj, f"{prefix}_code", None)
    if not code:
        return None
    return {
        "code": code,
        "name_en": getattr(obj, f"{prefix}_name_en") or "",
        "name_cy": getattr(obj, f"{prefix}_name_cy") or "",
    }


def _school(school: Organisation) -> dict[str, Any]:
    profile = school.school_profile
    return {
        "school_number": school.code,
        "name_en": school.name_en,
        "name_cy": school.name_cy,
        "sector": profile.sector.code,
        "language_category": profile.language_category.code,
        "local_authority": _named(school, "la"),
        "region": _named(school, "region"),
        "opened_on": school.opened_on,
        "closed_on": school.closed_on,
    }


def _check_choice(errors: dict[str, list[str]], name: str, value: str, allowed: set[str]) -> None:
    if value and value not in allowed:
        errors[name] = [_("Select an option from the list")]


@router.get(
    "/schools", response={200: SchoolPage, 422: ErrorOut}, summary="Schools the caller may see"
)
@access.rule("organisations.school.view")
def schools(request: HttpRequest, filters: Query[SchoolQuery]) -> Any:
    options = selectors.school_filter_choices()
    errors: dict[str, list[str]] = {}
    _check_choice(errors, "la", filters.la, {o.code for o in options.local_authorities})
    _check_choice(errors, "region", filters.region, {o.code for o in options.regions})
    _check_choice(errors, "sector", filters.sector, {t.code for t in options.sectors})
    _check_choice(
        errors,
        "language_category",
        filters.language_category,
        {t.code for t in options.language_categories},
    )
    if filters.page < 1:
        errors["page"] = [_("Enter a page number of 1 or more")]
    if errors:
        return Status(422, {"detail": _("The request is not valid."), "errors": errors})
    queryset = selectors.school_list(
        user=request.user,
        filters=selectors.SchoolFilters(
            q=filters.q,
            la=filters.la,
            region=filters.region,
            sector=filters.sector,
            language_category=filters.language_category,
        ),
    )
    return Status(200, paginate(queryset, filters.page, _school))


@router.get(
    "/schools/{school_number}", response={200: SchoolDetailOut, 404: ErrorOut}, summary="One school"
)
@access.rule("organisations.school.view")
def school(request: HttpRequest, school_number: str) -> Any:
    found = selectors.school_get(user=request.user, school_number=school_number)
    detail = selectors.school_detail(school=found)
    census = detail.latest_census
    return {
        **_school(found),
        "address": found.school_profile.address,
        "postcode": found.school_profile.postcode,
        "cluster": _named_org(detail.cluster),
        "diocese": _named_org(detail.diocese),
        "fte_teachers": census.fte_teachers if census else None,
        "census_date": census.census_date if census else None,
    }


def _named_org(org: Organisation | None) -> dict[str, str] | None:
    if org is None:
        return None
    return {"code": org.code, "name_en": org.name_en, "name_cy": org.name_cy}


def _organisation(org: Organisation) -> dict[str, Any]:
    return {
        "kind": org.kind,
        "code": org.code,
        "name_en": org.name_en,
        "name_cy": org.name_cy,
        "opened_on": org.opened_on,
        "closed_on": org.closed_on,
        "parent": _named(org, "parent"),
    }


def _register(path: str, kind: str, label: str) -> None:
    """A list and a detail endpoint for one kind of organisation."""

    @router.get(
        path,
        response=OrganisationPage,
        summary=f"{label} the caller may see",
        operation_id=f"list_{kind}",
    )
    @access.rule("organisations.organisation.view")
    def listing(request: HttpRequest, filters: Query[ListQuery]) -> Any:
        queryset = selectors.organisation_list(user=request.user, kind=kind, q=filters.q)
        return paginate(queryset, max(filters.page, 1), _organisation)

    @router.get(
        path + "/{code}",
        response={200: OrganisationOut, 404: ErrorOut},
        summary=f"One of {label}",
        operation_id=f"get_{kind}",
    )
    @access.rule("organisations.organisation.view")
    def detail(request: HttpRequest, code: str) -> Any:
        found = selectors.organisation_list(user=request.user, kind=kind).filter(code=code)
        organisation = found.first()
        if organisation is None:
            raise Http404
        return _organisation(organisation)


for _path, _kind, _label in [
    ("/local-authorities", OrganisationKind.LOCAL_AUTHORITY, "Local authorities"),
    ("/regions", OrganisationKind.REGION, "Regions"),
    ("/clusters", OrganisationKind.CLUSTER, "Clusters"),
    ("/dioceses", OrganisationKind.DIOCESE, "Diocesan authorities"),
    ("/providers", OrganisationKind.PROVIDER, "Providers"),
]:
    _register(_path, _kind, _label)


@router.post(
    "/imports/schools",
    response={200: ImportOut, 409: ErrorOut, 422: ImportErrorOut},
    summary="Import schools from a CSV shaped like the Welsh Government's address list",
)
@access.rule("organisations.school.import")
def import_schools(request: HttpRequest, file: File[UploadedFile], dry_run: bool = False) -> Any:
    try:
        result = imports.schools_import(data=upload_bytes(file), by=request.user, apply=not dry_run)
    except DomainError as error:
        return Status(409, {"detail": error.message})
    return import_answer(result, dry_run=dry_run)


@router.get(
    "/imports/schools",
    response=ImportRecordPage,
    summary="Schools imports, newest first",
)
@access.rule("organisations.school.import")
def schools_imports(request: HttpRequest, page: int = 1) -> Any:
    records = imports.schools_import_records(user=request.user)
    return paginate(records, max(page, 1), record_out)


@router.get(
    "/imports/schools/{record_id}",
    response={200: ImportRecordDetailOut, 404: ErrorOut},
    summary="One schools import, with what it changed",
)
@access.rule("organisations.school.import")
def schools_import_record(request: HttpRequest, record_id: int) -> Any:
    return record_out(imports.schools_import_record(user=request.user, pk=record_id), detail=True)


@router.post(
    "/imports/schools/{record_id}/undo",
    response={200: ImportRecordOut, 404: ErrorOut, 409: UndoErrorOut},
    summary="Undo a schools import (409 saying why, if later changes block it)",
)
@access.rule("organisations.school.undo_import")
def undo_schools_import(request: HttpRequest, record_id: int) -> Any:
    record = imports.schools_import_record(user=request.user, pk=record_id)
    try:
        record = imports.schools_import_undo(record=record, by=request.user)
    except UndoBlockedError as blocked:
        return Status(409, {"detail": blocked.message, "reasons": blocked.reasons})
    return Status(200, record_out(record))
