"""Undoing a schools import from its record: exactly what it changed, or nothing at all.

Every school, profile and link the import wrote must still hold what it wrote, and a school it
added must have nothing else hanging off it (staff, role grants, a census, other links);
otherwise the undo says which schools block it and changes nothing. Then added schools go (with
their profiles and links), changed names, profiles and links get their old values back, removed
links come back, and the closure is rebuilt below the schools touched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from core.csvkit import BULK_BATCH
from core.import_records import UndoBlockedError, record_lock, record_undone
from core.models import ImportRecord
from organisations.imports.applying import (
    KIND,
    ORGANISATION_FIELDS,
    PROFILE_COLUMNS,
    link_snapshot,
    organisation_snapshot,
    profile_snapshot,
    require_school_import,
)
from organisations.models import Organisation, OrganisationLink, SchoolCensus, SchoolProfile
from organisations.services import closure_rebuild


def _changed(name: str) -> str:
    return gettext("%(school)s has changed since this import.") % {"school": name}


@dataclass
class _Written:
    """The rows the import wrote, as they are now (``None`` where one has gone)."""

    schools: dict[int, Organisation]
    profiles: dict[int, SchoolProfile]
    links: dict[int, OrganisationLink]

    @classmethod
    def load(cls, changes: dict[str, Any]) -> _Written:
        def ids(*keys: str) -> list[int]:
            return [entry["id"] for key in keys for entry in changes[key]]

        return cls(
            schools=Organisation.objects.in_bulk(ids("schools", "renamed")),
            profiles=SchoolProfile.objects.in_bulk(ids("profiles", "profiles_updated")),
            links=OrganisationLink.objects.in_bulk(ids("links", "links_updated")),
        )


def schools_import_undo(*, record: ImportRecord, by: Any = None) -> ImportRecord:
    """Undo ``record`` (a schools import), or raise ``UndoBlockedError`` saying why."""
    require_school_import(by, "organisations.school.undo_import")
    if record.kind != KIND:
        raise ValueError("the record is not a schools import")
    with transaction.atomic():
        record = record_lock(record=record)
        changes = record.changes
        written = _Written.load(changes)
        reasons = _reasons(changes, written)
        if reasons:
            raise UndoBlockedError(reasons)
        touched = _restore(changes, written)
        closure_rebuild(below=sorted(touched))
        record_undone(record=record, by=by)
    return record


def _reasons(changes: dict[str, Any], written: _Written) -> list[str]:
    """Why the undo cannot go ahead, one line per school."""
    blocked: list[str] = []
    names: dict[int, str] = {}
    for entry in [*changes["schools"], *changes["renamed"]]:
        names[entry["id"]] = entry["name"]
        school = written.schools.get(entry["id"])
        if school is None or organisation_snapshot(school) != entry["after"]:
            blocked.append(_changed(entry["name"]))
    for entry in [*changes["profiles"], *changes["profiles_updated"]]:
        profile = written.profiles.get(entry["id"])
        if profile is None or profile_snapshot(profile) != entry["after"]:
            blocked.append(_changed(entry["name"]))
    for entry in [*changes["links"], *changes["links_updated"]]:
        link = written.links.get(entry["id"])
        if link is None or link_snapshot(link) != entry["after"]:
            child = entry["after"]["child"]
            name = names.get(child) or _name_of(child)
            blocked.append(_changed(name))
    created = {entry["id"]: entry for entry in changes["schools"]}
    for school_id in _in_use(list(created), set(written.links)):
        blocked.append(
            gettext("%(school)s has staff, roles or other records in Hawl since this import.")
            % {"school": created[school_id]["name"]}
        )
    return list(dict.fromkeys(blocked))  # once each, in order


def _name_of(organisation_id: int) -> str:
    found = Organisation.objects.filter(pk=organisation_id).values_list("name_en", flat=True)
    return next(iter(found), "")


def _in_use(created: list[int], written: set[int]) -> set[int]:
    """Added schools that anything but this import's own rows now refers to."""
    used = set(
        Organisation.objects.filter(pk__in=created)
        .filter(Q(employments__isnull=False) | Q(role_grants__isnull=False))
        .values_list("pk", flat=True)
    )
    used.update(
        SchoolCensus.objects.filter(school_id__in=created).values_list("school_id", flat=True)
    )
    others = OrganisationLink.objects.filter(
        Q(child_id__in=created) | Q(parent_id__in=created)
    ).exclude(pk__in=written)
    for parent_id, child_id in others.values_list("parent_id", "child_id"):
        used.update({parent_id, child_id} & set(created))
    return used


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _restore(changes: dict[str, Any], written: _Written) -> set[int]:
    """Put back what the import changed, in bulk; return the schools whose closure to rebuild."""
    touched = {entry["after"]["child"] for entry in changes["links"]}
    OrganisationLink.objects.filter(pk__in=[entry["id"] for entry in changes["links"]]).delete()
    links = []
    for entry in changes["links_updated"]:
        link, before = written.links[entry["id"]], entry["before"]
        link.parent_id, link.ends_on = before["parent"], _date(before["ends_on"])
        links.append(link)
        touched.add(before["child"])
    OrganisationLink.objects.bulk_update(links, ["parent", "ends_on"], batch_size=BULK_BATCH)
    OrganisationLink.objects.bulk_create(
        [
            OrganisationLink(
                parent_id=entry["before"]["parent"],
                child_id=entry["before"]["child"],
                starts_on=_date(entry["before"]["starts_on"]),
                ends_on=_date(entry["before"]["ends_on"]),
            )
            for entry in changes["links_deleted"]
        ],
        batch_size=BULK_BATCH,
    )
    touched.update(entry["before"]["child"] for entry in changes["links_deleted"])
    SchoolProfile.objects.filter(pk__in=[entry["id"] for entry in changes["profiles"]]).delete()
    profiles = []
    for entry in changes["profiles_updated"]:
        profile, before = written.profiles[entry["id"]], entry["before"]
        profile.sector_id = before["sector"]
        profile.language_category_id = before["language_category"]
        profile.address = before["address"]
        profile.postcode = before["postcode"]
        profile.telephone = before["telephone"]
        profiles.append(profile)
    SchoolProfile.objects.bulk_update(profiles, list(PROFILE_COLUMNS), batch_size=BULK_BATCH)
    schools = []
    for entry in changes["renamed"]:
        school, before = written.schools[entry["id"]], entry["before"]
        school.name_en, school.name_cy = before["name_en"], before["name_cy"]
        school.opened_on = _date(before["opened_on"])
        schools.append(school)
    Organisation.objects.bulk_update(schools, list(ORGANISATION_FIELDS), batch_size=BULK_BATCH)
    created = [entry["id"] for entry in changes["schools"]]
    Organisation.objects.filter(pk__in=created).delete()
    return touched - set(created)
