"""API for organisations and people: /me, schools, staff, local authorities, regions, …"""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from hawl.pagination import paginate
from people import access, selectors
from people.models import Organisation, OrganisationKind

router = Router(tags=["organisations and people"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


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


class NamedRef(Schema):
    code: str
    name_en: str
    name_cy: str


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


def _ref(org: Organisation) -> dict[str, str]:
    return {"kind": org.kind, "code": org.code, "name_en": org.name_en, "name_cy": org.name_cy}


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


def _check_choice(errors: dict[str, list[str]], name: str, value: str, allowed: set[str]) -> None:
    if value and value not in allowed:
        errors[name] = [_("Select an option from the list")]


@router.get(
    "/schools", response={200: SchoolPage, 422: ErrorOut}, summary="Schools the caller may see"
)
@access.rule("people.organisation.view")
def schools(request: HttpRequest, filters: Query[SchoolQuery]) -> Any:
    options = selectors.school_filter_options()
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
@access.rule("people.organisation.view")
def school(request: HttpRequest, school_number: str) -> Any:
    found = selectors.school_get(user=request.user, school_number=school_number)
    detail = selectors.school_detail(user=request.user, school=found)
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


@router.get(
    "/schools/{school_number}/staff",
    response={200: StaffPage, 404: ErrorOut},
    summary="Current staff of a school (its leaders and officers over it)",
)
@access.rule("people.school.staff.view")
def school_staff(request: HttpRequest, school_number: str, page: int = 1) -> Any:
    found = selectors.school_get(user=request.user, school_number=school_number)
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
    @access.rule("people.organisation.view")
    def listing(request: HttpRequest, filters: Query[ListQuery]) -> Any:
        queryset = selectors.organisation_list(user=request.user, kind=kind, q=filters.q)
        return paginate(queryset, max(filters.page, 1), _organisation)

    @router.get(
        path + "/{code}",
        response={200: OrganisationOut, 404: ErrorOut},
        summary=f"One of {label}",
        operation_id=f"get_{kind}",
    )
    @access.rule("people.organisation.view")
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
