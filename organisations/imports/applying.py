"""Applying a schools file: checked outside any transaction, written in one, and recorded.

Writing locks the rows of the local authorities the file names, so two files for the same
authority take turns and the second is checked again against what the first wrote. A school
number belongs to one authority, so two imports cannot both add the same school; should the
database still refuse a write, the file is checked again from the start.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext

from core import access
from core.csvkit import BULK_BATCH, ImportResult, Table, read_table
from core.errors import DomainError
from core.import_records import record_create
from organisations.imports.reading import (
    LINK_EARLIEST,
    PROFILE_FIELDS,
    SCHOOL_COLUMNS,
    Links,
    SchoolPlan,
    is_sole_parent,
    plan_schools,
    profile_of,
    school_links,
)
from organisations.models import Organisation, OrganisationKind, OrganisationLink, SchoolProfile
from organisations.services import closure_rebuild

KIND = "organisations.schools"
ATTEMPTS = 3
ORGANISATION_FIELDS = ("name_en", "name_cy", "opened_on")
PROFILE_COLUMNS = ("sector", "language_category", "address", "postcode", "telephone")


def require_school_import(by: Any, action: str = "organisations.school.import") -> None:
    if by is not None and not access.reach(by).allows(action):
        raise Http404


def schools_import(
    *,
    data: bytes | str,
    by: Any = None,
    apply: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check a schools file and preview it; with ``apply``, write it if (and only if) valid.

    ``by`` is the user importing (``None`` from the command line, which is trusted).
    """
    require_school_import(by)
    today = today or access.today()
    checked = ImportResult()
    table = read_table(data, SCHOOL_COLUMNS, checked)
    if table is None:
        return checked
    plan_schools(table, today, checked)
    checked.errors.sort(key=lambda error: error.line or 0)
    if not apply or not checked.is_valid:
        return checked
    for _attempt in range(ATTEMPTS):
        try:
            return _apply(table, checked.text, today, by=by)
        except IntegrityError:
            continue  # another import wrote first: check again against what it wrote
    raise DomainError(
        gettext(
            "Another change to the same schools was saved while this file was being imported. "
            "Nothing has been changed. Upload the file again."
        )
    )


@transaction.atomic
def _apply(table: Table, text: str, today: datetime.date, *, by: Any) -> ImportResult:
    """Lock the file's authorities, check the file again against the data now, write, record."""
    codes = sorted({values["school_number"][:3] for _line, values in table.rows})
    list(
        Organisation.objects.select_for_update()
        .filter(kind=OrganisationKind.LOCAL_AUTHORITY, code__in=codes)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    result = ImportResult(text=text)
    plans = plan_schools(table, today, result)
    result.errors.sort(key=lambda error: error.line or 0)
    if not result.is_valid:
        return result
    changes = _write(plans, today)
    result.applied = True
    result.record = record_create(
        kind=KIND, scope="", by=by, result=result, choices={}, changes=changes
    )
    return result


def organisation_snapshot(school: Organisation) -> dict[str, Any]:
    return {
        "name_en": school.name_en,
        "name_cy": school.name_cy,
        "opened_on": school.opened_on.isoformat() if school.opened_on else None,
    }


def profile_snapshot(profile: SchoolProfile) -> dict[str, Any]:
    return {
        "sector": profile.sector_id,
        "language_category": profile.language_category_id,
        "address": profile.address,
        "postcode": profile.postcode,
        "telephone": profile.telephone,
    }


def link_snapshot(link: OrganisationLink) -> dict[str, Any]:
    return {
        "parent": link.parent_id,
        "child": link.child_id,
        "starts_on": link.starts_on.isoformat(),
        "ends_on": link.ends_on.isoformat() if link.ends_on else None,
    }


@dataclass
class _LinkWrites:
    update: list[OrganisationLink] = field(default_factory=list)
    delete: list[OrganisationLink] = field(default_factory=list)
    create: list[OrganisationLink] = field(default_factory=list)
    before: dict[int, dict[str, Any]] = field(default_factory=dict)

    def updating(self, link: OrganisationLink) -> None:
        self.before[link.pk] = link_snapshot(link)
        self.update.append(link)


def _relink(
    child: Organisation,
    parent: Organisation,
    links: Links,
    starts_on: datetime.date,
    today: datetime.date,
    writes: _LinkWrites,
) -> None:
    """Make ``parent`` the one parent of its kind from today, keeping the dated history.

    A link already in force ends yesterday; one that has not started yet has no history, so it
    is moved to the new parent (or removed if another already points there).
    """
    if is_sole_parent(links, parent):
        return
    has_parent = any(link.parent_id == parent.pk for link in links.current)
    yesterday = today - datetime.timedelta(days=1)
    for link in links.current:
        if link.parent_id == parent.pk:
            continue
        if link.starts_on < today:
            writes.updating(link)
            link.ends_on = yesterday
        elif not has_parent:
            writes.updating(link)
            link.parent = parent
            has_parent = True
        else:
            writes.delete.append(link)
    if has_parent:
        return
    if links.current:
        starts_on = today
    elif links.all:
        # After the last one ended, so it never overlaps (nor repeats) an old link.
        last_end = max(link.ends_on or link.starts_on for link in links.all)
        starts_on = max(starts_on, last_end + datetime.timedelta(days=1))
    writes.create.append(OrganisationLink(parent=parent, child=child, starts_on=starts_on))


def _write(plans: list[SchoolPlan], today: datetime.date) -> dict[str, list[dict[str, Any]]]:
    """Write the whole file with a fixed number of bulk queries; return what changed."""
    changes: dict[str, list[dict[str, Any]]] = {
        key: []
        for key in (
            "schools",
            "renamed",
            "profiles",
            "profiles_updated",
            "links",
            "links_updated",
            "links_deleted",
        )
    }
    created = Organisation.objects.bulk_create(
        [
            Organisation(
                kind=OrganisationKind.SCHOOL,
                code=plan.number,
                name_en=plan.name_en,
                name_cy=plan.name_cy or "",
                opened_on=plan.opened_on,
            )
            for plan in plans
            if plan.existing is None
        ],
        batch_size=BULK_BATCH,
    )
    for school in created:
        changes["schools"].append(
            {
                "id": school.pk,
                "code": school.code,
                "name": school.name_en,
                "after": organisation_snapshot(school),
            }
        )
    schools = {school.code: school for school in created}
    schools.update({plan.number: plan.existing for plan in plans if plan.existing is not None})
    _write_details(plans, schools, changes)
    _write_links(plans, schools, today, changes)
    closure_rebuild(below=[school.pk for school in schools.values()])
    return changes


def _write_details(
    plans: list[SchoolPlan],
    schools: dict[str, Organisation],
    changes: dict[str, list[dict[str, Any]]],
) -> None:
    """Names, opening dates and profiles (sector, language category, contact details)."""
    changed: list[Organisation] = []
    new_profiles: list[SchoolProfile] = []
    changed_profiles: list[SchoolProfile] = []
    for plan in plans:
        school = schools[plan.number]
        if plan.existing is not None and set(ORGANISATION_FIELDS).intersection(plan.fields):
            before = organisation_snapshot(school)
            school.name_en = plan.name_en
            school.name_cy = school.name_cy if plan.name_cy is None else plan.name_cy
            school.opened_on = plan.opened_on or school.opened_on
            changes["renamed"].append(
                {
                    "id": school.pk,
                    "code": school.code,
                    "name": school.name_en,
                    "before": before,
                    "after": organisation_snapshot(school),
                }
            )
            changed.append(school)
        profile = profile_of(school) if plan.existing is not None else None
        if profile is not None and not PROFILE_FIELDS.intersection(plan.fields):
            continue
        if profile is None:
            profile = SchoolProfile(school=school)
            new_profiles.append(profile)
            before = None
        else:
            before = profile_snapshot(profile)
            changed_profiles.append(profile)
        profile.sector = plan.sector
        profile.language_category = plan.language_category
        for name in ("address", "postcode", "telephone"):
            value = getattr(plan, name)
            if value is not None:
                setattr(profile, name, value)
        if before is not None:
            changes["profiles_updated"].append(
                {
                    "id": profile.pk,
                    "code": school.code,
                    "name": school.name_en,
                    "before": before,
                    "after": profile_snapshot(profile),
                }
            )
    Organisation.objects.bulk_update(changed, list(ORGANISATION_FIELDS), batch_size=BULK_BATCH)
    SchoolProfile.objects.bulk_create(new_profiles, batch_size=BULK_BATCH)
    SchoolProfile.objects.bulk_update(
        changed_profiles, list(PROFILE_COLUMNS), batch_size=BULK_BATCH
    )
    for profile in new_profiles:
        changes["profiles"].append(
            {
                "id": profile.pk,
                "code": profile.school.code,
                "name": profile.school.name_en,
                "after": profile_snapshot(profile),
            }
        )


def _write_links(
    plans: list[SchoolPlan],
    schools: dict[str, Organisation],
    today: datetime.date,
    changes: dict[str, list[dict[str, Any]]],
) -> None:
    """Each school's local authority and diocese, as dated links."""
    links = school_links((school.pk for school in schools.values()), today)
    writes = _LinkWrites()
    for plan in plans:
        school = schools[plan.number]
        starts_on = max(school.opened_on or LINK_EARLIEST, LINK_EARLIEST)
        _relink(
            school,
            plan.la,
            links.get((school.pk, OrganisationKind.LOCAL_AUTHORITY), Links()),
            starts_on,
            today,
            writes,
        )
        if plan.diocese is not None:
            _relink(
                school,
                plan.diocese,
                links.get((school.pk, OrganisationKind.DIOCESE), Links()),
                starts_on,
                today,
                writes,
            )
    for link in writes.delete:
        changes["links_deleted"].append({"before": link_snapshot(link)})
    OrganisationLink.objects.filter(pk__in=[link.pk for link in writes.delete]).delete()
    OrganisationLink.objects.bulk_update(
        writes.update, ["parent", "ends_on"], batch_size=BULK_BATCH
    )
    for link in writes.update:
        changes["links_updated"].append(
            {"id": link.pk, "before": writes.before[link.pk], "after": link_snapshot(link)}
        )
    for link in OrganisationLink.objects.bulk_create(writes.create, batch_size=BULK_BATCH):
        changes["links"].append({"id": link.pk, "after": link_snapshot(link)})
