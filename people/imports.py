"""Import a school's staff from its MIS export (see ``core.csvkit``).

One row per person employed at the school ("Email", "Forename", "Surname", "Role", "FTE", "Start
Date", optional "End Date", "EWC Number", "Job Title"). People are matched on their email address
(any case) or EWC number. Anyone with a current employment at the school who is not in the file
is a leaver: that employment, and no other, ends yesterday.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access
from core.csvkit import (
    BULK_BATCH,
    DATE_HINT,
    Action,
    Column,
    ImportResult,
    Row,
    RowChange,
    RowError,
    Table,
    date_cell,
    normalise,
    read_table,
    too_long,
)
from organisations.models import Organisation, OrganisationKind
from people.models import Employment, Person, RoleGrant, RoleType, User

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
EWC_NUMBER = re.compile(r"^[A-Z0-9]{1,12}$")
USERNAME_CHUNK = 200


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
class _StaffPlan:
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
    username: str = ""
    may_rename: bool = True
    fields: list[str] = field(default_factory=list)


def school_for_import(*, school_number: str) -> Organisation | None:
    """The school a command-line staff import names (the CLI is trusted; pages use selectors)."""
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL, code=school_number).first()


def staff_import(
    *,
    school: Organisation,
    data: bytes | str,
    by: User | None = None,
    apply: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check a school's staff file and preview it; with ``apply``, write it only if valid.

    ``by`` must be allowed to import this school's staff (``None`` from the command line).
    """
    if by is not None:
        access.require(by, "people.staff.import", school)
    today = today or access.today()
    if not apply:
        return _staff(school, data, today, apply=False)
    with transaction.atomic():
        return _staff(school, data, today, apply=True)


def _staff(
    school: Organisation, data: bytes | str, today: datetime.date, *, apply: bool
) -> ImportResult:
    result = ImportResult()
    table = read_table(data, STAFF_COLUMNS, result)
    if table is None:
        return result
    plans = _parse_staff(table, result)
    leavers = _match_staff(plans, school, today, result)
    result.errors.sort(key=lambda error: error.line or 0)
    if apply and result.is_valid:
        _apply_staff(plans, leavers, school, today)
        result.applied = True
    return result


def _parse_staff(table: Table, result: ImportResult) -> list[_StaffPlan]:
    """Check each row on its own (no queries): shapes, ranges and duplicates in the file."""
    columns = {column.field: column for column in STAFF_COLUMNS}
    roles = _role_index()
    emails: dict[str, int] = {}
    ewc_numbers: dict[str, int] = {}
    plans: list[_StaffPlan] = []
    for line, values in table.rows:
        row = Row(line, values, table, columns, result)
        email = _email_cell(row, emails)
        _name_cells(row)
        role_type = _role_cell(row, roles)
        fte = _fte_cell(row)
        starts_on, ends_on = _contract_dates(row)
        ewc_number = _ewc_cell(row, ewc_numbers)
        too_long(
            row, "job_title", 100, gettext("The job title must be %(limit)s characters or fewer")
        )
        if row.valid and fte is not None and starts_on is not None:
            plans.append(
                _StaffPlan(
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
    too_long(row, "first_name", 150, gettext("The forename must be %(limit)s characters or fewer"))
    if not row.get("last_name"):
        row.error("last_name", gettext("Enter the surname"))
    too_long(row, "last_name", 150, gettext("The surname must be %(limit)s characters or fewer"))


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
        row.error("ewc_number", gettext("The EWC number must be up to 12 letters and digits"))
    elif ewc_number in seen:
        row.error(
            "ewc_number",
            gettext("This EWC number is also on row %(line)s") % {"line": seen[ewc_number]},
        )
    else:
        seen[ewc_number] = row.line
    return ewc_number


def _match_staff(
    plans: list[_StaffPlan], school: Organisation, today: datetime.date, result: ImportResult
) -> list[Employment]:
    """Match rows to people and employments with a fixed number of queries; return leavers."""
    matched = _match_people(plans, result)
    people = {plan.person.pk for plan in matched if plan.person is not None}
    in_force = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    employments = list(
        Employment.objects.filter(school=school)
        .filter(Q(person_id__in=list(people)) | (Q(starts_on__lt=today) & in_force))
        .select_related("person__user")
        .order_by("-starts_on", "pk")
    )
    by_person: dict[int, list[Employment]] = {}
    for employment in employments:
        by_person.setdefault(employment.person_id, []).append(employment)
    fixed = _accounts_held_elsewhere(
        [plan.user.pk for plan in matched if plan.user is not None], school, today
    )
    new_accounts = [plan for plan in matched if plan.user is None]
    bases = [_username_base(plan.first_name, plan.last_name) for plan in new_accounts]
    for plan, username in zip(new_accounts, _usernames(bases), strict=True):
        plan.username = username
    for plan in matched:
        if plan.user is not None:
            plan.may_rename = not (
                plan.user.is_staff or plan.user.is_superuser or plan.user.pk in fixed
            )
        mine = by_person.get(plan.person.pk, []) if plan.person is not None else []
        plan.employment = _employment_for(plan, mine, today)
        result.rows.append(_staff_change(plan))
    # Nobody can leave a post they have not started: those starting today or later stay.
    leavers = [
        employment
        for employment in employments
        if employment.person_id not in people
        and employment.starts_on < today
        and (employment.ends_on is None or employment.ends_on >= today)
    ]
    result.leavers = [_leaver(employment, today) for employment in leavers]
    return leavers


def _match_people(plans: list[_StaffPlan], result: ImportResult) -> list[_StaffPlan]:
    """Find each row's account by email (any case) or EWC number; two keys must agree."""
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[plan.email.lower() for plan in plans])
        .select_related("person")
    }
    by_ewc = {
        person.ewc_number: person
        for person in Person.objects.filter(
            ewc_number__in=[plan.ewc_number for plan in plans if plan.ewc_number]
        ).select_related("user")
    }
    matched: list[_StaffPlan] = []
    rows_of: dict[int, int] = {}
    for plan in plans:
        user = users.get(plan.email.lower())
        person = getattr(user, "person", None) if user is not None else None
        holder = by_ewc.get(plan.ewc_number) if plan.ewc_number else None
        problem = ""
        if holder is not None and user is None:
            problem = gettext(
                "This EWC number belongs to someone with a different email address in Hawl"
            )
        elif holder is not None and user is not None and holder.user_id != user.pk:
            problem = gettext(
                "The email address and the EWC number belong to different people in Hawl"
            )
        elif (
            person is not None
            and plan.ewc_number
            and person.ewc_number not in {"", plan.ewc_number}
        ):
            problem = gettext(
                "This email address belongs to someone with a different EWC number in Hawl"
            )
        if problem:
            result.errors.append(RowError(plan.line, _heading("ewc_number"), problem))
            continue
        if person is not None and person.pk in rows_of:
            result.errors.append(
                RowError(
                    plan.line,
                    _heading("email"),
                    gettext("This is the same person as on row %(line)s")
                    % {"line": rows_of[person.pk]},
                )
            )
            continue
        if person is not None:
            rows_of[person.pk] = plan.line
        plan.user, plan.person = user, person
        matched.append(plan)
    return matched


def _employment_for(
    plan: _StaffPlan, employments: list[Employment], today: datetime.date
) -> Employment | None:
    """The employment a row describes: the one with its start date, else the one in force."""
    for employment in employments:
        if employment.starts_on == plan.starts_on:
            return employment
    for employment in employments:
        if employment.ends_on is None or employment.ends_on >= today:
            return employment
    return None


def _leaver(employment: Employment, today: datetime.date) -> RowChange:
    user = employment.person.user
    return RowChange(
        None,
        Action.LEAVE,
        user.email,
        user.display_name,
        ["ends_on"],
        {
            "role_type": employment.role_type,
            "role": employment.get_role_type_display(),
            "starts_on": employment.starts_on,
            "ends_on": today - datetime.timedelta(days=1),
        },
        labels=FIELD_LABELS,
    )


def _heading(name: str) -> str:
    """The documented heading of a staff column (matching errors come after reading)."""
    return next(column.heading for column in STAFF_COLUMNS if column.field == name)


def _accounts_held_elsewhere(
    user_ids: list[int], school: Organisation, today: datetime.date
) -> set[int]:
    """Accounts whose names this school may not change: working elsewhere or holding a role.

    A school corrects its own staff's details; someone who also works at another school, or
    holds a role in Hawl, keeps the details Hawl already has.
    """
    if not user_ids:
        return set()
    elsewhere = set(
        Employment.objects.on(today)
        .filter(person__user_id__in=user_ids)
        .exclude(school=school)
        .values_list("person__user_id", flat=True)
    )
    granted = set(
        RoleGrant.objects.on(today).filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    return elsewhere | granted


def _username_base(first_name: str, last_name: str) -> str:
    """``forename.surname`` in plain ASCII, as Hwb-style usernames read."""
    parts = []
    for name in (first_name, last_name):
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        parts.append(re.sub(r"[^a-z0-9]+", "", ascii_name.lower()))
    return ".".join(part for part in parts if part)[:140] or "staff"


def _usernames(bases: list[str]) -> list[str]:
    """A unique username for each base, numbered on clashes; deterministic for a file and data."""
    unique = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(unique), USERNAME_CHUNK):
        query = Q()
        for base in unique[start : start + USERNAME_CHUNK]:
            query |= Q(username__istartswith=base)
        taken.update(
            name.lower() for name in User.objects.filter(query).values_list("username", flat=True)
        )
    chosen: list[str] = []
    for base in bases:
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}{number}"
        taken.add(candidate)
        chosen.append(candidate)
    return chosen


def _staff_change(plan: _StaffPlan) -> RowChange:
    name = f"{plan.first_name} {plan.last_name}"
    detail: dict[str, Any] = {"new_account": plan.user is None, "username": plan.username}
    if plan.user is not None and plan.may_rename:
        for attribute in ("first_name", "last_name"):
            if getattr(plan.user, attribute) != getattr(plan, attribute):
                plan.fields.append(attribute)
    if plan.person is not None and plan.ewc_number and not plan.person.ewc_number:
        plan.fields.append("ewc_number")
    employment = plan.employment
    if employment is None:
        return RowChange(
            plan.line, Action.CREATE, plan.email, name, list(plan.fields), detail, FIELD_LABELS
        )
    wanted: dict[str, Any] = {
        "role_type": plan.role_type,
        "job_title": plan.job_title,
        "fte": plan.fte,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
    }
    for attribute, value in wanted.items():
        if attribute == "job_title" and value is None:
            continue
        if getattr(employment, attribute) != value:
            plan.fields.append(attribute)
    action = Action.UPDATE if plan.fields else Action.UNCHANGED
    return RowChange(plan.line, action, plan.email, name, list(plan.fields), detail, FIELD_LABELS)


EMPLOYMENT_FIELDS = ("role_type", "job_title", "fte", "starts_on", "ends_on")
EMPLOYMENT_FIELDS_SET = frozenset(EMPLOYMENT_FIELDS)


def _apply_staff(
    plans: list[_StaffPlan], leavers: list[Employment], school: Organisation, today: datetime.date
) -> None:
    """Write accounts, profiles and employments in bulk, then end the leavers' employments."""
    new_users = [
        User(
            username=plan.username,
            email=plan.email,
            first_name=plan.first_name,
            last_name=plan.last_name,
            password=make_password(None),
        )
        for plan in plans
        if plan.user is None
    ]
    User.objects.bulk_create(new_users, batch_size=BULK_BATCH)
    created = User.objects.in_bulk([user.username for user in new_users], field_name="username")
    accounts: dict[int, User] = {}
    renamed: list[User] = []
    for plan in plans:
        user = plan.user or created[plan.username]
        accounts[plan.line] = user
        if plan.user is not None and {"first_name", "last_name"}.intersection(plan.fields):
            user.first_name, user.last_name = plan.first_name, plan.last_name
            renamed.append(user)
    User.objects.bulk_update(renamed, ["first_name", "last_name"], batch_size=BULK_BATCH)
    unregistered = [plan for plan in plans if plan.person is None]
    Person.objects.bulk_create(
        [
            Person(user=accounts[plan.line], role_type=plan.role_type, ewc_number=plan.ewc_number)
            for plan in unregistered
        ],
        batch_size=BULK_BATCH,
    )
    persons = {
        person.user_id: person
        for person in Person.objects.filter(
            user_id__in=[accounts[plan.line].pk for plan in unregistered]
        )
    }
    registered: list[Person] = []
    for plan in plans:
        if plan.person is None:
            plan.person = persons[accounts[plan.line].pk]
        elif "ewc_number" in plan.fields:
            plan.person.ewc_number = plan.ewc_number
            registered.append(plan.person)
    Person.objects.bulk_update(registered, ["ewc_number"], batch_size=BULK_BATCH)
    new_employments: list[Employment] = []
    changed: list[Employment] = []
    for plan in plans:
        employment = plan.employment
        if employment is None:
            employment = Employment(person=plan.person, school=school, job_title="")
            new_employments.append(employment)
        elif EMPLOYMENT_FIELDS_SET.intersection(plan.fields):
            changed.append(employment)
        else:
            continue
        employment.role_type = plan.role_type
        employment.fte = plan.fte
        employment.starts_on = plan.starts_on
        employment.ends_on = plan.ends_on
        if plan.job_title is not None:
            employment.job_title = plan.job_title
    Employment.objects.bulk_create(new_employments, batch_size=BULK_BATCH)
    Employment.objects.bulk_update(changed, list(EMPLOYMENT_FIELDS), batch_size=BULK_BATCH)
    yesterday = today - datetime.timedelta(days=1)
    for employment in leavers:
        employment.ends_on = yesterday
    Employment.objects.bulk_update(leavers, ["ends_on"], batch_size=BULK_BATCH)
