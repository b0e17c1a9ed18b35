"""Matching a staff file against Hawl: whose rows these are, and what each would change.

A school's import reaches only the school's own people. A row's account (found by email
address, in any case, or EWC number) is the school's to match when the person works here now
(or is due to), or worked here once and now works nowhere else and holds no role elsewhere.
Anyone else (someone working at another school, an officer, a platform administrator, an
account with no tie to this school) is refused with one neutral message, the same whichever key
matched and whatever the account is, so a file cannot be used to learn who is in Hawl.

Even among its own people, a school changes the name and EWC number only of those who are
its alone: anyone who also works elsewhere or holds a role in Hawl keeps the details Hawl has.

Leavers are the school's current staff missing from the file, and only when the importer asks
for them; an import never ends the importer's own employment, nor that of the school's last
headteacher (the last of the people holding a current headteacher role grant on the school who
work here now: the grant is what makes someone the head in Hawl, and "Leader" covers deputies).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext

from core.csvkit import Action, ImportResult, RowChange, RowError
from core.roles import Role
from organisations.models import Organisation
from people.imports.reading import FIELD_LABELS, StaffPlan, heading
from people.models import Employment, Person, RoleGrant, User

CHUNK = 500  # values per ``IN (...)``: well inside every database's parameter limit

# Kept as the reason an absent person does not leave (keys the preview and the API share).
KEPT_IMPORTER = "importer"
KEPT_HEADTEACHER = "headteacher"


def neutral_refusal() -> str:
    """One message for every row naming someone the school may not touch, whoever they are."""
    return gettext(
        "We cannot add this person from your file. Remove the row, then ask the Hawl helpdesk "
        "to add them."
    )


def chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@dataclass
class _Account:
    """What matching knows of one existing account, read in a fixed number of queries."""

    user: User
    here_now: bool = False  # an employment here that has not ended
    here_ever: bool = False
    elsewhere: bool = False  # works or holds a role elsewhere, or is staff, or is inactive
    granted: bool = False  # holds any role grant that has not ended

    @property
    def reachable(self) -> bool:
        return self.here_now or (self.here_ever and not self.elsewhere)

    @property
    def may_change(self) -> bool:
        return self.reachable and not self.elsewhere and not self.granted


@dataclass
class Matched:
    """What matching found, for writing: the rows' plans, and the employments that end."""

    plans: list[StaffPlan]
    leavers: list[Employment]


def match_staff(
    plans: list[StaffPlan],
    school: Organisation,
    today: datetime.date,
    result: ImportResult,
    *,
    by: User | None,
    end_missing: bool,
) -> Matched:
    """Match rows to the school's people and employments; fill ``result`` with the preview."""
    accounts, employments_here = _accounts(plans, school, today)
    matched = _resolve(plans, accounts, result)
    for plan in matched:
        mine = employments_here.get(plan.person.pk, []) if plan.person is not None else []
        plan.employment = _employment_for(plan, mine, today)
        result.rows.append(_staff_change(plan))
    in_file = {plan.person.pk for plan in matched if plan.person is not None}
    leavers = _leavers(school, today, in_file, result, by=by, end_missing=end_missing)
    result.errors.sort(key=lambda error: error.line or 0)
    return Matched(plans=matched, leavers=leavers)


def _accounts(
    plans: list[StaffPlan], school: Organisation, today: datetime.date
) -> tuple[dict[str, dict[str, _Account]], dict[int, list[Employment]]]:
    """The accounts the rows name, by email and by EWC number, and their employments here."""
    users: dict[int, User] = {}
    by_email: dict[str, int] = {}
    for emails in chunks({plan.email.lower() for plan in plans}):
        for user in (
            User.objects.exclude(email="")  # as the unique index on lower(email) does
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .select_related("person")
        ):
            users[user.pk] = user
            by_email[user.email_lower] = user.pk
    by_ewc: dict[str, int] = {}
    for numbers in chunks({plan.ewc_number for plan in plans if plan.ewc_number}):
        for person in Person.objects.filter(ewc_number__in=numbers).select_related("user"):
            users.setdefault(person.user_id, person.user)
            by_ewc[person.ewc_number] = person.user_id
    found = {
        pk: _Account(
            user=user,
            elsewhere=user.is_staff or user.is_superuser or not user.is_active,
        )
        for pk, user in users.items()
    }
    employments_here = _ties(found, school, today)
    return (
        {
            "email": {email: found[pk] for email, pk in by_email.items()},
            "ewc": {number: found[pk] for number, pk in by_ewc.items()},
        },
        employments_here,
    )


def _ties(
    found: dict[int, _Account], school: Organisation, today: datetime.date
) -> dict[int, list[Employment]]:
    """Mark each account's ties to this school and elsewhere; return its employments here."""
    not_ended = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    people = {
        account.user.person.pk: account
        for account in found.values()
        if getattr(account.user, "person", None) is not None
    }
    employments_here: dict[int, list[Employment]] = {}
    for ids in chunks(people):
        for employment in Employment.objects.filter(school=school, person_id__in=ids).order_by(
            "-starts_on", "pk"
        ):
            employments_here.setdefault(employment.person_id, []).append(employment)
            account = people[employment.person_id]
            account.here_ever = True
            if employment.ends_on is None or employment.ends_on >= today:
                account.here_now = True
        elsewhere = (
            Employment.objects.filter(not_ended, person_id__in=ids)
            .exclude(school=school)
            .values_list("person_id", flat=True)
        )
        for person_id in elsewhere:
            people[person_id].elsewhere = True
    for ids in chunks(found):
        grants = RoleGrant.objects.filter(not_ended, user_id__in=ids).values_list(
            "user_id", "organisation_id"
        )
        for user_id, organisation_id in grants:
            found[user_id].granted = True
            if organisation_id != school.pk:
                found[user_id].elsewhere = True
    return employments_here


def _resolve(
    plans: list[StaffPlan], accounts: dict[str, dict[str, _Account]], result: ImportResult
) -> list[StaffPlan]:
    """Each row's account: the school's own person, a new one, or a refusal."""
    matched: list[StaffPlan] = []
    rows_of: dict[int, int] = {}
    for plan in plans:
        by_email = accounts["email"].get(plan.email.lower())
        by_ewc = accounts["ewc"].get(plan.ewc_number) if plan.ewc_number else None
        found = [account for account in (by_email, by_ewc) if account is not None]
        if any(not account.reachable for account in found):
            result.errors.append(RowError(plan.line, "", neutral_refusal()))
            continue
        problem = _disagreement(plan, by_email, by_ewc)
        if problem:
            result.errors.append(RowError(plan.line, heading("ewc_number"), problem))
            continue
        account = by_email or by_ewc
        if account is not None:
            person = account.user.person
            if person.pk in rows_of:
                result.errors.append(
                    RowError(
                        plan.line,
                        heading("email"),
                        gettext("This is the same person as on row %(line)s")
                        % {"line": rows_of[person.pk]},
                    )
                )
                continue
            rows_of[person.pk] = plan.line
            plan.user, plan.person = account.user, person
            plan.may_change_account = account.may_change
        matched.append(plan)
    return matched


def _disagreement(plan: StaffPlan, by_email: _Account | None, by_ewc: _Account | None) -> str:
    """Email and EWC number must name the same person; both are the school's own by now."""
    if by_email is not None and by_ewc is not None and by_email.user.pk != by_ewc.user.pk:
        return gettext("The email address and the EWC number belong to different people here")
    if by_ewc is not None and by_email is None:
        return gettext("This EWC number belongs to someone here with a different email address")
    if by_email is not None and plan.ewc_number:
        held = by_email.user.person.ewc_number
        if held and held != plan.ewc_number:
            return gettext("This email address belongs to someone here with a different EWC number")
    return ""


def _employment_for(
    plan: StaffPlan, employments: list[Employment], today: datetime.date
) -> Employment | None:
    """The employment a row describes: the one with its start date, else the one in force."""
    for employment in employments:
        if employment.starts_on == plan.starts_on:
            return employment
    for employment in employments:
        if employment.ends_on is None or employment.ends_on >= today:
            return employment
    return None


EMPLOYMENT_FIELDS = ("role_type", "job_title", "fte", "starts_on", "ends_on")


def _staff_change(plan: StaffPlan) -> RowChange:
    name = f"{plan.first_name} {plan.last_name}"
    detail: dict[str, Any] = {"new_account": plan.user is None}
    if plan.user is not None and plan.may_change_account:
        for attribute in ("first_name", "last_name"):
            if getattr(plan.user, attribute) != getattr(plan, attribute):
                plan.fields.append(attribute)
        if plan.ewc_number and not plan.person.ewc_number:
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


def _leavers(
    school: Organisation,
    today: datetime.date,
    in_file: set[int],
    result: ImportResult,
    *,
    by: User | None,
    end_missing: bool,
) -> list[Employment]:
    """The school's current staff missing from the file; with ``end_missing``, who leaves.

    Nobody can leave a post they have not started: those starting today or later stay.
    """
    current = list(
        Employment.objects.on(today)
        .filter(school=school)
        .select_related("person__user")
        .order_by("person__user__last_name", "person__user__first_name", "pk")
    )
    result.current = len(current)
    absent = [
        employment
        for employment in current
        if employment.person_id not in in_file and employment.starts_on < today
    ]
    result.absent = len(absent)
    if not end_missing:
        return []
    kept = _kept(school, today, current, absent, by)
    leavers = [employment for employment in absent if employment.pk not in kept]
    result.leavers = [_leaver(employment, today) for employment in leavers]
    result.kept = [
        _leaver(employment, today, kept=kept[employment.pk])
        for employment in absent
        if employment.pk in kept
    ]
    share = settings.HAWL_IMPORT_CONFIRM_LEAVERS_PERCENT
    if leavers and len(leavers) * 100 > share * len(current):
        result.confirm_count = len(leavers)
    return leavers


def _kept(
    school: Organisation,
    today: datetime.date,
    current: list[Employment],
    absent: list[Employment],
    by: User | None,
) -> dict[int, str]:
    """Absent employments an import never ends, with why: the importer's, the last head's."""
    kept = {
        employment.pk: KEPT_IMPORTER
        for employment in absent
        if by is not None and employment.person.user_id == by.pk
    }
    heads = set(
        RoleGrant.objects.on(today)
        .filter(organisation=school, role=Role.HEADTEACHER)
        .values_list("user_id", flat=True)
    )
    leaving = {employment.pk for employment in absent if employment.pk not in kept}
    heads_staying = {
        employment.person.user_id
        for employment in current
        if employment.person.user_id in heads and employment.pk not in leaving
    }
    if not heads_staying:
        for employment in absent:
            if employment.person.user_id in heads and employment.pk in leaving:
                kept[employment.pk] = KEPT_HEADTEACHER
    return kept


def _leaver(employment: Employment, today: datetime.date, *, kept: str = "") -> RowChange:
    user = employment.person.user
    return RowChange(
        None,
        Action.LEAVE,
        user.email,
        user.display_name,
        [] if kept else ["ends_on"],
        {
            "role_type": employment.role_type,
            "role": employment.get_role_type_display(),
            "starts_on": employment.starts_on,
            "ends_on": today - datetime.timedelta(days=1),
            "kept": kept,
        },
        labels=FIELD_LABELS,
    )
