"""Applying a staff file: checking it, then writing it in one short transaction, and recording it.

The file is read and checked outside any transaction. Writing happens in one transaction that
first locks the school's row, so two imports for one school take turns and the second sees what
the first wrote; the file is matched again inside it, against the data as it is then, and written
with bulk queries. Two imports for different schools can still race for a new email address or
username: the database refuses the second, which is then matched again from the start (and so
finds the address taken), never a server error.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import secrets
import unicodedata
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from core import access
from core.csvkit import BULK_BATCH, ImportResult, field_limit, read_table
from core.errors import DomainError
from core.import_records import record_create
from organisations.models import Organisation
from people.imports.matching import EMPLOYMENT_FIELDS, Matched, chunks, match_staff
from people.imports.reading import STAFF_COLUMNS, StaffPlan, parse_staff
from people.models import Employment, Person, User

KIND = "people.staff"
ATTEMPTS = 3  # a race for a new address or username is lost at most this often in a row
USERNAME_DIGITS = 4


def busy() -> DomainError:
    return DomainError(
        gettext(
            "Another change to the same people was saved while this file was being imported. "
            "Nothing has been changed. Upload the file again."
        )
    )


def staff_import(
    *,
    school: Organisation,
    data: bytes | str,
    by: User | None = None,
    apply: bool = False,
    end_missing: bool = False,
    confirmed: int | None = None,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check a school's staff file and preview it; with ``apply``, write it only if valid.

    Staff missing from the file keep their employment unless ``end_missing``; when more of them
    would leave than the share in ``HAWL_IMPORT_CONFIRM_LEAVERS_PERCENT`` allows, applying also
    needs ``confirmed`` to be their number (``result.unconfirmed`` says it was not).
    ``by`` must be allowed to import this school's staff (``None`` from the command line).
    Raises ``DomainError`` when another change keeps overtaking the file.
    """
    if by is not None:
        access.require(by, "people.staff.import", school)
    today = today or access.today()
    checked = ImportResult()
    table = read_table(data, STAFF_COLUMNS, checked)
    if table is None:
        return checked
    plans = parse_staff(table, checked)
    if not apply or not checked.is_valid:
        match_staff(plans, school, today, checked, by=by, end_missing=end_missing)
        return checked
    for _attempt in range(ATTEMPTS):
        try:
            return _apply(
                plans,
                school,
                today,
                text=checked.text,
                by=by,
                end_missing=end_missing,
                confirmed=confirmed,
            )
        except IntegrityError:
            continue  # another import wrote first: match again against what it wrote
    raise busy()


@transaction.atomic
def _apply(
    plans: list[StaffPlan],
    school: Organisation,
    today: datetime.date,
    *,
    text: str,
    by: User | None,
    end_missing: bool,
    confirmed: int | None,
) -> ImportResult:
    """Lock the school, match the file again against the data as it is now, write, record."""
    Organisation.objects.select_for_update().get(pk=school.pk)
    result = ImportResult(text=text)
    fresh = [_unmatched(plan) for plan in plans]
    matched = match_staff(fresh, school, today, result, by=by, end_missing=end_missing)
    if not result.is_valid:
        return result
    if result.confirm_count is not None and confirmed != result.confirm_count:
        result.unconfirmed = True
        return result
    changes = _write(matched, school, today)
    result.applied = True
    result.record = record_create(
        kind=KIND,
        scope=school.code,
        by=by,
        result=result,
        choices={"end_missing": end_missing},
        changes=changes,
    )
    return result


def _unmatched(plan: StaffPlan) -> StaffPlan:
    return dataclasses.replace(
        plan, user=None, person=None, employment=None, may_change_account=False, fields=[]
    )


def username_base(first_name: str, last_name: str) -> str:
    """``forename.surname`` in plain ASCII, as Hwb-style usernames read; room for a number."""
    parts = []
    for name in (first_name, last_name):
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        parts.append(re.sub(r"[^a-z0-9]+", "", ascii_name.lower()))
    room = field_limit(User, "username") - USERNAME_DIGITS - 4
    return ".".join(part for part in parts if part)[:room] or "staff"


def choose_usernames(bases: list[str]) -> list[str]:
    """``base.NNNN`` with a random number, checked with one indexed query per chunk.

    The number is random rather than the next free one, so choosing does not scan every
    username that starts the same way, two imports rarely reach for the same name, and a
    username says nothing about who else in Wales shares a name. A taken one is drawn again
    with a longer number.
    """
    chosen: dict[int, str] = {}
    pending = list(range(len(bases)))
    digits = USERNAME_DIGITS
    while pending:
        candidates = {
            index: f"{bases[index]}.{secrets.randbelow(10**digits):0{digits}d}" for index in pending
        }
        taken: set[str] = set()
        for names in chunks(set(candidates.values())):
            taken.update(User.objects.filter(username__in=names).values_list("username", flat=True))
        used = set(chosen.values())
        pending = []
        for index, name in candidates.items():
            if name in taken or name in used:
                pending.append(index)
            else:
                chosen[index] = name
                used.add(name)
        digits += 1
    return [chosen[index] for index in range(len(bases))]


def snapshot(employment: Employment) -> dict[str, Any]:
    """An employment's imported fields as the record keeps them (JSON: text and ISO dates)."""
    return {
        "role_type": employment.role_type,
        "job_title": employment.job_title,
        "fte": str(employment.fte),
        "starts_on": employment.starts_on.isoformat(),
        "ends_on": employment.ends_on.isoformat() if employment.ends_on else None,
    }


def _write(matched: Matched, school: Organisation, today: datetime.date) -> dict[str, Any]:
    """Write accounts, profiles and employments in bulk; return what changed, for undoing."""
    plans = matched.plans
    changes: dict[str, list[dict[str, Any]]] = {
        "accounts": [],
        "renamed": [],
        "registered": [],
        "employments": [],
        "updated": [],
        "ended": [],
    }
    new = [plan for plan in plans if plan.user is None]
    names = choose_usernames([username_base(plan.first_name, plan.last_name) for plan in new])
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                email=plan.email,
                first_name=plan.first_name,
                last_name=plan.last_name,
                password=_unusable_password(),
            )
            for plan, username in zip(new, names, strict=True)
        ],
        batch_size=BULK_BATCH,
    )
    people = Person.objects.bulk_create(
        [
            Person(user=user, role_type=plan.role_type, ewc_number=plan.ewc_number)
            for plan, user in zip(new, users, strict=True)
        ],
        batch_size=BULK_BATCH,
    )
    for plan, user, person in zip(new, users, people, strict=True):
        plan.user, plan.person = user, person
        changes["accounts"].append(
            {
                "user": user.pk,
                "name": _name(plan),
                "email": plan.email,
                "ewc_number": plan.ewc_number,
            }
        )
    _write_accounts(plans, changes)
    _write_employments(plans, school, changes)
    yesterday = today - datetime.timedelta(days=1)
    for employment in matched.leavers:
        before = snapshot(employment)
        employment.ends_on = yesterday
        changes["ended"].append(
            {
                "id": employment.pk,
                "name": employment.person.user.display_name,
                "before": before,
                "after": snapshot(employment),
            }
        )
    Employment.objects.bulk_update(matched.leavers, ["ends_on"], batch_size=BULK_BATCH)
    return changes


def _unusable_password() -> str:
    """What ``make_password(None)`` gives (no password can match it), drawn 50 times faster:
    a new account signs in through Hwb or a password reset, never with a password set here."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _name(plan: StaffPlan) -> str:
    return f"{plan.first_name} {plan.last_name}"


def _write_accounts(plans: list[StaffPlan], changes: dict[str, list[dict[str, Any]]]) -> None:
    """Names and EWC numbers of the school's own people, where the file corrects them."""
    renamed: list[User] = []
    registered: list[Person] = []
    for plan in plans:
        if {"first_name", "last_name"}.intersection(plan.fields):
            user = plan.user
            before = {"first_name": user.first_name, "last_name": user.last_name}
            user.first_name, user.last_name = plan.first_name, plan.last_name
            after = {"first_name": user.first_name, "last_name": user.last_name}
            changes["renamed"].append(
                {"id": user.pk, "name": _name(plan), "before": before, "after": after}
            )
            renamed.append(user)
        if "ewc_number" in plan.fields:
            person = plan.person
            changes["registered"].append(
                {
                    "id": person.pk,
                    "name": _name(plan),
                    "before": person.ewc_number,
                    "after": plan.ewc_number,
                }
            )
            person.ewc_number = plan.ewc_number
            registered.append(person)
    User.objects.bulk_update(renamed, ["first_name", "last_name"], batch_size=BULK_BATCH)
    Person.objects.bulk_update(registered, ["ewc_number"], batch_size=BULK_BATCH)


def _write_employments(
    plans: list[StaffPlan], school: Organisation, changes: dict[str, list[dict[str, Any]]]
) -> None:
    created: list[tuple[StaffPlan, Employment]] = []
    updated: list[Employment] = []
    for plan in plans:
        employment = plan.employment
        before = None
        if employment is None:
            employment = Employment(person=plan.person, school=school, job_title="")
            created.append((plan, employment))
        elif set(EMPLOYMENT_FIELDS).intersection(plan.fields):
            before = snapshot(employment)
            updated.append(employment)
        else:
            continue
        employment.role_type = plan.role_type
        employment.fte = plan.fte
        employment.starts_on = plan.starts_on
        employment.ends_on = plan.ends_on
        if plan.job_title is not None:
            employment.job_title = plan.job_title
        if before is not None:
            changes["updated"].append(
                {
                    "id": employment.pk,
                    "name": _name(plan),
                    "before": before,
                    "after": snapshot(employment),
                }
            )
    Employment.objects.bulk_create(
        [employment for _plan, employment in created], batch_size=BULK_BATCH
    )
    for plan, employment in created:
        changes["employments"].append(
            {"id": employment.pk, "name": _name(plan), "after": snapshot(employment)}
        )
    Employment.objects.bulk_update(updated, list(EMPLOYMENT_FIELDS), batch_size=BULK_BATCH)
