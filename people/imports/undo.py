"""Undoing a staff import from its record: exactly what it changed, or nothing at all.

The record keeps each change with the values the import wrote. Undoing first checks that every
one of them is still as the import left it; if a later change has overtaken any (an employment
edited, an account that now works elsewhere or holds a role), it says which and changes nothing.
Otherwise ended employments reopen, updated ones and corrected names and EWC numbers get their
old values back, and what the import created goes: its employments, and the accounts it made
(deactivated instead when their owner has signed in since, so nothing they did is lost).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from core import access
from core.csvkit import BULK_BATCH
from core.import_records import UndoBlockedError, record_lock, record_undone
from core.models import ImportRecord
from organisations.models import Organisation
from people.imports.applying import KIND, snapshot
from people.imports.matching import chunks
from people.models import ApiToken, Employment, Person, RoleGrant, User


def _employment_changed(name: str) -> str:
    return gettext("%(name)s’s employment at this school has changed since this import.") % {
        "name": name
    }


def _account_changed(name: str) -> str:
    return gettext("%(name)s’s account has changed since this import.") % {"name": name}


def _bulk(model: type[Any], ids: list[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for chunk in chunks(ids):
        found.update(model.objects.in_bulk(chunk))
    return found


def staff_import_undo(
    *, record: ImportRecord, school: Organisation, by: User | None = None
) -> ImportRecord:
    """Undo ``record`` (an import of ``school``'s staff), or raise ``UndoBlockedError`` saying why.

    ``by`` must be allowed to undo this school's imports (``None`` from the command line).
    """
    if by is not None:
        access.require(by, "people.staff.undo_import", school)
    if record.kind != KIND or record.scope != school.code:
        raise ValueError("the record is not an import of this school's staff")
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=school.pk)
        record = record_lock(record=record)
        changes = record.changes
        employments = _bulk(
            Employment,
            [entry["id"] for key in ("employments", "updated", "ended") for entry in changes[key]],
        )
        reasons = _employment_reasons(changes, employments)
        reasons += _account_reasons(changes)
        if reasons:
            raise UndoBlockedError(reasons)
        _restore(changes, employments)
        record_undone(record=record, by=by)
    return record


def _employment_reasons(changes: dict[str, Any], employments: dict[int, Employment]) -> list[str]:
    """Every employment the import wrote must still hold what it wrote."""
    reasons = []
    for key in ("employments", "updated", "ended"):
        for entry in changes[key]:
            employment = employments.get(entry["id"])
            if employment is None or snapshot(employment) != entry["after"]:
                reasons.append(_employment_changed(entry["name"]))
    return reasons


def _account_reasons(changes: dict[str, Any]) -> list[str]:
    """Accounts the import made must have nothing it did not make; corrections must stand."""
    reasons = []
    created = changes["accounts"]
    users = _bulk(User, [entry["user"] for entry in created])
    user_ids = list(users)
    made_here = {entry["id"] for entry in changes["employments"]}
    used: set[int] = set()
    for ids in chunks(user_ids):
        theirs = Employment.objects.filter(person__user_id__in=ids).values_list(
            "pk", "person__user_id"
        )
        used.update(user_id for pk, user_id in theirs if pk not in made_here)
        used.update(RoleGrant.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
        used.update(ApiToken.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    people = {
        person.user_id: person
        for ids in chunks(user_ids)
        for person in Person.objects.filter(user_id__in=ids)
    }
    for entry in created:
        user = users.get(entry["user"])
        person = people.get(entry["user"])
        if (
            user is None
            or person is None
            or user.pk in used
            or {"email": user.email, "name": f"{user.first_name} {user.last_name}"}
            != {"email": entry["email"], "name": entry["name"]}
            or person.ewc_number != entry["ewc_number"]
        ):
            reasons.append(_account_changed(entry["name"]))
    renamed = _bulk(User, [entry["id"] for entry in changes["renamed"]])
    for entry in changes["renamed"]:
        user = renamed.get(entry["id"])
        if (
            user is None
            or {
                "first_name": user.first_name,
                "last_name": user.last_name,
            }
            != entry["after"]
        ):
            reasons.append(
                gettext("%(name)s’s name has changed since this import.") % {"name": entry["name"]}
            )
    registered = _bulk(Person, [entry["id"] for entry in changes["registered"]])
    for entry in changes["registered"]:
        person = registered.get(entry["id"])
        if person is None or person.ewc_number != entry["after"]:
            reasons.append(
                gettext("%(name)s’s EWC number has changed since this import.")
                % {"name": entry["name"]}
            )
    return reasons


def _restore(changes: dict[str, Any], employments: dict[int, Employment]) -> None:
    """Put back what the import changed, in bulk; everything was checked first."""
    restored = []
    for key in ("updated", "ended"):
        for entry in changes[key]:
            employment = employments[entry["id"]]
            before = entry["before"]
            employment.role_type = before["role_type"]
            employment.job_title = before["job_title"]
            employment.fte = Decimal(before["fte"])
            employment.starts_on = datetime.date.fromisoformat(before["starts_on"])
            employment.ends_on = before["ends_on"] and datetime.date.fromisoformat(
                before["ends_on"]
            )
            restored.append(employment)
    Employment.objects.bulk_update(
        restored,
        ["role_type", "job_title", "fte", "starts_on", "ends_on"],
        batch_size=BULK_BATCH,
    )
    for ids in chunks(entry["id"] for entry in changes["employments"]):
        Employment.objects.filter(pk__in=ids).delete()
    renamed = _bulk(User, [entry["id"] for entry in changes["renamed"]])
    for entry in changes["renamed"]:
        user = renamed[entry["id"]]
        user.first_name = entry["before"]["first_name"]
        user.last_name = entry["before"]["last_name"]
    User.objects.bulk_update(renamed.values(), ["first_name", "last_name"], batch_size=BULK_BATCH)
    registered = _bulk(Person, [entry["id"] for entry in changes["registered"]])
    for entry in changes["registered"]:
        registered[entry["id"]].ewc_number = entry["before"]
    Person.objects.bulk_update(registered.values(), ["ewc_number"], batch_size=BULK_BATCH)
    accounts = [entry["user"] for entry in changes["accounts"]]
    for ids in chunks(accounts):
        # Someone who has signed in may have done things since: keep them, but switched off.
        User.objects.filter(pk__in=ids, last_login__isnull=False).update(is_active=False)
        User.objects.filter(pk__in=ids, last_login__isnull=True).delete()
