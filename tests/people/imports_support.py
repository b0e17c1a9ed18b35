"""What the import tests share: the test files, headings, and helpers that read the database."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import csvkit
from organisations.models import Organisation, OrganisationKind, OrganisationLink, SchoolProfile
from people.models import Employment, Person, User

DATA = Path(__file__).parent / "data"
SCHOOLS = DATA / "schools_address_list.csv"
SCHOOLS_EXTRA = DATA / "schools_extra_columns.csv"
SCHOOLS_BAD = DATA / "schools_bad_rows.csv"
STAFF = DATA / "staff_mis_export.csv"
STAFF_BAD = DATA / "staff_bad_rows.csv"

STAFF_HEADER = "Email,Forename,Surname,Role,FTE,Start Date,End Date,EWC Number,Job Title\n"
SCHOOL_HEADER = "School Number,School Name,Sector,Welsh Medium Type\n"


def today() -> datetime.date:
    return timezone.localdate()


def yesterday() -> datetime.date:
    return today() - datetime.timedelta(days=1)


def snapshot() -> dict[str, object]:
    """Everything an import can touch: a refused or repeated import must leave it all alone."""
    return {
        "organisations": list(
            Organisation.objects.order_by("pk").values_list(
                "pk", "code", "name_en", "name_cy", "opened_on"
            )
        ),
        "profiles": list(
            SchoolProfile.objects.order_by("pk").values_list(
                "pk", "sector_id", "language_category_id", "address", "postcode", "telephone"
            )
        ),
        "links": list(
            OrganisationLink.objects.order_by("pk").values_list(
                "pk", "parent_id", "child_id", "starts_on", "ends_on"
            )
        ),
        "users": list(
            User.objects.order_by("pk").values_list("pk", "username", "first_name", "last_name")
        ),
        "people": list(Person.objects.order_by("pk").values_list("pk", "ewc_number")),
        "employments": list(
            Employment.objects.order_by("pk").values_list(
                "pk", "role_type", "job_title", "fte", "starts_on", "ends_on"
            )
        ),
    }


def school(code: str) -> Organisation:
    return Organisation.objects.select_related(
        "school_profile__sector", "school_profile__language_category"
    ).get(kind=OrganisationKind.SCHOOL, code=code)


def parents(
    child: Organisation, kind: str
) -> list[tuple[str, datetime.date, datetime.date | None]]:
    return list(
        OrganisationLink.objects.filter(child=child, parent__kind=kind)
        .order_by("starts_on")
        .values_list("parent__code", "starts_on", "ends_on")
    )


def errors(result: csvkit.ImportResult) -> list[tuple[int | None, str, str]]:
    return [(error.line, error.column, error.message) for error in result.errors]


def upload(path: Path | str, content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        path = Path(path)
        content = path.read_bytes()
    return SimpleUploadedFile(Path(path).name, content, content_type="text/csv")
