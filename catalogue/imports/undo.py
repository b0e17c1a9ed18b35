"""Undoing an import of a provider's offer from its record: exactly what it changed, or nothing.

Every opportunity and session the import wrote must still hold what it wrote; one it added must
have nothing hanging off it since (sessions, bookings, interest, enrolments, a submission for
endorsement), and a session's places cannot go back below those taken now. Otherwise the undo
says which block it and changes nothing. Then what it added goes, and what it changed gets its
old values back (a session's through ``services.session_update``, so a waitlist moves up).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from catalogue import services
from catalogue.imports.applying import (
    FOREIGN,
    NUMBERS,
    RELATIONS,
    SCALARS,
    WRITTEN,
    opportunities_with_relations,
    opportunity_snapshot,
    require_import,
    session_snapshot,
)
from catalogue.imports.reading import OPPORTUNITIES, SESSIONS
from catalogue.models import Audience, Booking, Opportunity, Session
from core.csvkit import BULK_BATCH
from core.import_records import UndoBlockedError, record_lock, record_undone
from core.models import ImportRecord
from organisations.models import Organisation


def _changed(title: str) -> str:
    return gettext("%(title)s has changed since this import.") % {"title": title}


def offer_import_undo(
    *, record: ImportRecord, provider: Organisation, by: Any = None
) -> ImportRecord:
    """Undo ``record`` (an import of ``provider``'s opportunities or sessions), or raise
    ``UndoBlockedError`` saying why."""
    require_import(by, provider)
    if record.kind not in (OPPORTUNITIES, SESSIONS):
        raise ValueError("the record is not an import of a provider's offer")
    with transaction.atomic():
        record = record_lock(record=record)
        if record.kind == OPPORTUNITIES:
            _undo_opportunities(record.changes["opportunities"])
        else:
            _undo_sessions(record.changes["sessions"])
        record_undone(record=record, by=by)
    return record


def _undo_opportunities(entries: list[dict[str, Any]]) -> None:
    found = opportunities_with_relations([entry["id"] for entry in entries])
    reasons = [
        _changed(entry["title"])
        for entry in entries
        if entry["id"] not in found or opportunity_snapshot(found[entry["id"]]) != entry["after"]
    ]
    added = [entry["id"] for entry in entries if entry["before"] is None]
    used = set(
        Opportunity.objects.filter(pk__in=added)
        .filter(
            Q(sessions__isnull=False)
            | Q(interests__isnull=False)
            | Q(enrolments__isnull=False)
            | Q(submissions__isnull=False)
        )
        .values_list("pk", flat=True)
    )
    reasons += [
        gettext("%(title)s has sessions, enrolments or other records since this import.")
        % {"title": entry["title"]}
        for entry in entries
        if entry["id"] in used
    ]
    if reasons:
        raise UndoBlockedError(list(dict.fromkeys(reasons)))
    Opportunity.objects.filter(pk__in=added).delete()
    restored = []
    for entry in entries:
        before = entry["before"]
        if before is None:
            continue
        opportunity = found[entry["id"]]
        for name in (*SCALARS, *FOREIGN, *NUMBERS):
            setattr(opportunity, name, before[name])
        opportunity.published_at = (
            datetime.datetime.fromisoformat(before["published_at"])
            if before["published_at"]
            else None
        )
        restored.append(opportunity)
    Opportunity.objects.bulk_update(restored, [*WRITTEN, "published_at"], batch_size=BULK_BATCH)
    ids = [o.pk for o in restored]
    befores = {entry["id"]: entry["before"] for entry in entries if entry["before"]}
    for name in RELATIONS:
        relation = Opportunity._meta.get_field(name)
        through = relation.remote_field.through
        target = f"{relation.m2m_reverse_field_name()}_id"
        through.objects.filter(opportunity_id__in=ids).delete()
        through.objects.bulk_create(
            [
                through(opportunity_id=pk, **{target: item})
                for pk in ids
                for item in befores[pk][name]
            ],
            batch_size=BULK_BATCH,
        )
    Audience.objects.filter(opportunity_id__in=ids).delete()
    Audience.objects.bulk_create(
        [
            Audience(opportunity_id=pk, role_type=role)
            for pk in ids
            for role in befores[pk]["audiences"]
        ],
        batch_size=BULK_BATCH,
    )


def _undo_sessions(entries: list[dict[str, Any]]) -> None:
    ids = [entry["id"] for entry in entries]
    found = Session.objects.select_for_update().in_bulk(ids)
    reasons = []
    for entry in entries:
        session = found.get(entry["id"])
        if session is None or session_snapshot(session) != entry["after"]:
            reasons.append(_changed(entry["key"]))
        elif entry["before"] is not None and entry["before"]["capacity"] < session.taken:
            reasons.append(
                gettext(
                    "%(session)s now has more people with a place than it had places before "
                    "this import."
                )
                % {"session": entry["key"]}
            )
    added = [entry["id"] for entry in entries if entry["before"] is None]
    booked = set(Booking.objects.filter(session_id__in=added).values_list("session_id", flat=True))
    reasons += [
        gettext("%(session)s has bookings since this import.") % {"session": entry["key"]}
        for entry in entries
        if entry["id"] in booked
    ]
    if reasons:
        raise UndoBlockedError(list(dict.fromkeys(reasons)))
    Session.objects.filter(pk__in=added).delete()
    for entry in entries:
        before = entry["before"]
        if before is None:
            continue
        services.session_update(
            session=found[entry["id"]],
            capacity=before["capacity"],
            language=before["language"],
            venue=before["venue"],
            online_url=before["online_url"],
            booking_deadline=datetime.datetime.fromisoformat(before["booking_deadline"]),
        )
