"""Reading a school's staff file: its columns, and each row checked on its own (no queries).

One row per person employed at the school ("Email", "Forename", "Surname", "Role", "FTE", "Start
Date", optional "End Date", "EWC Number", "Job Title"). Every value that passes fits the column
it is bound for: lengths come from the model fields themselves.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.csvkit import (
    DATE_HINT,
    Column,
    ImportResult,
    Row,
    Table,
    date_cell,
    field_limit,
    normalise,
    too_long,
)
from people.models import Employment, Person, RoleType, User

# What changed, by field key: the API returns the keys, pages show these labels.
FIELD_LABELS: dict[str, Promise] = {
    "first_name": _("Forename"),
    "last_name": _("Surname"),
    "ewc_number": _("EWC number"),
    "role_type": _("Role"),
    "job_title": _("Job title"),
    "fte": _("FTE"),
    "starts_on": _("Start date"),
    "ends_on": _("End date"),
}


def summary_text(result: ImportResult) -> str:
    """The one-line account of a valid file, applied or checked, for messages and the CLI."""
    if result.applied:
        text = gettext(
            "Staff imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged, "
            "%(leavers)s left."
        )
    else:
        text = gettext(
            "Checked, nothing changed: %(created)s to add, %(updated)s to update, "
            "%(unchanged)s unchanged, %(leavers)s leaving."
        )
    return text % result.summary()


STAFF_COLUMNS: tuple[Column, ...] = (
    Column(
        "email",
        "Email",
        ("Email Address", "E-mail", "Work Email", "School Email", "E-bost", "Cyfeiriad e-bost"),
        True,
        _("Their work email address. Hawl matches people on it."),
    ),
    Column(
        "first_name",
        "Forename",
        ("First Name", "Given Name", "Preferred Forename", "Legal Forename", "Enw Cyntaf"),
        True,
        _("Their first name."),
    ),
    Column(
        "last_name",
        "Surname",
        ("Last Name", "Family Name", "Preferred Surname", "Legal Surname", "Cyfenw"),
        True,
        _("Their last name."),
    ),
    Column(
        "role",
        "Role",
        ("Staff Role", "Role Type", "Post", "Rôl"),
        True,
        _("For example, Teacher, Teaching assistant, Leader. English or Welsh."),
    ),
    Column(
        "fte",
        "FTE",
        ("Full Time Equivalent", "Contract FTE", "CALl"),
        True,
        _("More than 0 and no more than 1, like 0.6."),
    ),
    Column(
        "starts_on",
        "Start Date",
        ("Employment Start Date", "Contract Start Date", "Date Started", "Dyddiad Dechrau"),
        True,
        DATE_HINT,
    ),
    Column(
        "ends_on",
        "End Date",
        ("Leaving Date", "Contract End Date", "Date Left", "Dyddiad Gorffen"),
        False,
        _("Only if their contract has an end date."),
    ),
    Column(
        "ewc_number",
        "EWC Number",
        ("EWC Registration Number", "EWC Reg No", "EWC", "Rhif CGA", "Rhif Cofrestru CGA"),
        False,
        _("Their Education Workforce Council registration number, if they are registered."),
    ),
    Column(
        "job_title",
        "Job Title",
        ("Post Title", "Title of Post", "Teitl Swydd"),
        False,
        _("For example, Head of mathematics."),
    ),
)

# How MIS exports often name roles, by RoleType value (codes and labels are accepted too).
ROLE_SPELLINGS: dict[str, str] = {
    "TA": RoleType.TEACHING_ASSISTANT,
    "LSA": RoleType.TEACHING_ASSISTANT,
    "Learning support assistant": RoleType.TEACHING_ASSISTANT,
    "School learning support worker": RoleType.TEACHING_ASSISTANT,
    "HLTA": RoleType.HLTA,
    "Supply": RoleType.SUPPLY_TEACHER,
    "Headteacher": RoleType.LEADER,
    "Head teacher": RoleType.LEADER,
    "Deputy headteacher": RoleType.LEADER,
    "Assistant headteacher": RoleType.LEADER,
    "Pennaeth": RoleType.LEADER,
    "Dirprwy bennaeth": RoleType.LEADER,
    "Athro": RoleType.TEACHER,
    "Athrawes": RoleType.TEACHER,
}
# Messages for values too long for their column: translated only when one is.
JOB_TITLE_TOO_LONG = _("The job title must be %(limit)s characters or fewer")
EMAIL_TOO_LONG = _("The email address must be %(limit)s characters or fewer")
FORENAME_TOO_LONG = _("The forename must be %(limit)s characters or fewer")
SURNAME_TOO_LONG = _("The surname must be %(limit)s characters or fewer")
EWC_LIMIT = field_limit(Person, "ewc_number")
EWC_NUMBER = re.compile(rf"^[A-Z0-9]{{1,{EWC_LIMIT}}}$")


def _role_index() -> dict[str, str]:
    """Role types by code, English label, Welsh label and common MIS spellings."""
    index: dict[str, str] = {}
    for value, label in RoleType.choices:
        index[normalise(value)] = value
        for language in ("en", "cy"):
            with translation.override(language):
                index.setdefault(normalise(str(label)), value)
    for spelling, value in ROLE_SPELLINGS.items():
        index.setdefault(normalise(spelling), value)
    return index


@dataclass
class StaffPlan:
    """One valid row of a staff file, then what it matched: account, profile, employment."""

    line: int
    email: str
    first_name: str
    last_name: str
    ewc_number: str
    role_type: str
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None
    job_title: str | None
    user: User | None = None
    person: Person | None = None
    employment: Employment | None = None
    # A school changes the name and EWC number only of people who are its own alone.
    may_change_account: bool = False
    fields: list[str] = field(default_factory=list)


def parse_staff(table: Table, result: ImportResult) -> list[StaffPlan]:
    """Check each row on its own (no queries): shapes, ranges and duplicates in the file."""
    columns = {column.field: column for column in STAFF_COLUMNS}
    roles = _role_index()
    emails: dict[str, int] = {}
    ewc_numbers: dict[str, int] = {}
    plans: list[StaffPlan] = []
    for line, values in table.rows:
        row = Row(line, values, table, columns, result)
        email = _email_cell(row, emails)
        _name_cells(row)
        role_type = _role_cell(row, roles)
        fte = _fte_cell(row)
        starts_on, ends_on = _contract_dates(row)
        ewc_number = _ewc_cell(row, ewc_numbers)
        too_long(
            row,
            "job_title",
            field_limit(Employment, "job_title"),
            JOB_TITLE_TOO_LONG,
        )
        if row.valid and fte is not None and starts_on is not None:
            plans.append(
                StaffPlan(
                    line=line,
                    email=email,
                    first_name=row.get("first_name"),
                    last_name=row.get("last_name"),
                    ewc_number=ewc_number,
                    role_type=role_type,
                    fte=fte,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    job_title=row.get("job_title") or None,
                )
            )
    return plans


def _email_cell(row: Row, seen: dict[str, int]) -> str:
    """The address as Hawl stores it (domain in lower case); once per file, in any case."""
    email = row.get("email")
    if not email:
        row.error("email", gettext("Enter an email address"))
        return ""
    try:
        validate_email(email)
    except ValidationError:
        row.error(
            "email", gettext("Enter an email address in the correct format, like name@example.com")
        )
        return ""
    if too_long(
        row,
        "email",
        field_limit(User, "email"),
        EMAIL_TOO_LONG,
    ):
        return ""
    email = BaseUserManager.normalize_email(email)
    if email.lower() in seen:
        row.error(
            "email",
            gettext("This email address is also on row %(line)s") % {"line": seen[email.lower()]},
        )
    else:
        seen[email.lower()] = row.line
    return email


def _name_cells(row: Row) -> None:
    if not row.get("first_name"):
        row.error("first_name", gettext("Enter the forename"))
    too_long(
        row,
        "first_name",
        field_limit(User, "first_name"),
        FORENAME_TOO_LONG,
    )
    if not row.get("last_name"):
        row.error("last_name", gettext("Enter the surname"))
    too_long(
        row,
        "last_name",
        field_limit(User, "last_name"),
        SURNAME_TOO_LONG,
    )


def _role_cell(row: Row, roles: dict[str, str]) -> str:
    value = row.get("role")
    if not value:
        row.error("role", gettext("Enter the role"))
        return ""
    role_type = roles.get(normalise(value), "")
    if not role_type:
        row.error(
            "role",
            gettext("“%(value)s” is not a role Hawl knows. Use one of: %(choices)s")
            % {"value": value, "choices": ", ".join(str(label) for label in RoleType.labels)},
        )
    return role_type


def _fte_cell(row: Row) -> Decimal | None:
    """More than 0 and at most 1, to 2 decimal places, as the database insists."""
    value = row.get("fte")
    if not value:
        row.error("fte", gettext("Enter the FTE"))
        return None
    try:
        fte = Decimal(value)
    except InvalidOperation:
        row.error("fte", gettext("The FTE must be a number, like 0.6"))
        return None
    if not fte.is_finite() or fte <= 0 or fte > 1:
        row.error("fte", gettext("The FTE must be more than 0 and no more than 1"))
        return None
    if fte != fte.quantize(Decimal("0.01")):
        row.error("fte", gettext("The FTE must have no more than 2 decimal places"))
        return None
    return fte.quantize(Decimal("0.01"))


def _contract_dates(row: Row) -> tuple[datetime.date | None, datetime.date | None]:
    starts_on = date_cell(row, "starts_on")
    if not row.get("starts_on"):
        row.error("starts_on", gettext("Enter the start date"))
    ends_on = date_cell(row, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        row.error("ends_on", gettext("The end date must be the same as or after the start date"))
    return starts_on, ends_on


def _ewc_cell(row: Row, seen: dict[str, int]) -> str:
    ewc_number = re.sub(r"\s+", "", row.get("ewc_number")).upper()
    if not ewc_number:
        return ""
    if not EWC_NUMBER.match(ewc_number):
        row.error(
            "ewc_number",
            gettext("The EWC number must be up to %(limit)s letters and digits")
            % {"limit": EWC_LIMIT},
        )
    elif ewc_number in seen:
        row.error(
            "ewc_number",
            gettext("This EWC number is also on row %(line)s") % {"line": seen[ewc_number]},
        )
    else:
        seen[ewc_number] = row.line
    return ewc_number


def heading(name: str) -> str:
    """The documented heading of a staff column (matching errors come after reading)."""
    return next(column.heading for column in STAFF_COLUMNS if column.field == name)
