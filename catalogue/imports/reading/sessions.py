"""A sessions file's rows: each a new session, or a change to one that starts at that time."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext

from catalogue.forms import SessionForm
from catalogue.imports.reading.columns import FIELD_LABELS, SESSION_COLUMNS, reported
from catalogue.imports.reading.opportunities import known_references
from catalogue.imports.reading.vocabulary import labels_in_both
from catalogue.models import DeliveryLanguage, Opportunity, Session, SessionStatus, Status
from core.csvkit import (
    DATE_HINT,
    Action,
    ImportResult,
    Row,
    RowChange,
    Table,
    normalise,
    parse_date,
)
from core.i18n import localise
from organisations.models import Organisation

LONDON = zoneinfo.ZoneInfo("Europe/London")


TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


@dataclass
class SessionPlan:
    line: int
    opportunity: Opportunity
    existing: Session | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    language: str
    venue: str
    online_url: str
    booking_deadline: datetime.datetime
    key: str
    fields: list[str] = field(default_factory=list)


def _time(row: Row, name: str) -> datetime.time | None:
    value = row.get(name)
    match = TIME.match(value)
    if not value:
        row.error(name, gettext("Enter the time"))
    elif match is None:
        row.error(name, gettext("Enter a time on the 24-hour clock, like 09:30 or 14:00"))
    else:
        return datetime.time(int(match.group(1)), int(match.group(2)))
    return None


def _date(row: Row, name: str, *, required: bool) -> datetime.date | None:
    value = row.get(name)
    if not value:
        if required:
            row.error(name, gettext("Enter the date"))
        return None
    found = parse_date(value)
    if found is None:
        row.error(name, str(DATE_HINT))
    return found


@dataclass
class _SessionReference:
    opportunities: dict[str, Opportunity]
    sessions: dict[tuple[int, datetime.datetime], Session]
    languages: dict[str, str]

    @classmethod
    def load(cls, table: Table, provider: Organisation) -> _SessionReference:
        known = known_references(provider)
        cells = [values.get("opportunity", "") for _line, values in table.rows]
        ids = {known[cell.casefold()] for cell in cells if cell.casefold() in known}
        ids |= {int(cell) for cell in cells if cell.isdigit() and len(cell) < 10}
        found = {
            o.pk: o
            for o in Opportunity.objects.filter(pk__in=ids, provider=provider).prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.filter(status=SessionStatus.SCHEDULED),
                    to_attr="scheduled",
                )
            )
        }
        by_cell: dict[str, Opportunity] = {}
        for cell in cells:
            pk = known.get(cell.casefold())
            if pk is None and cell.isdigit() and len(cell) < 10:
                pk = int(cell)
            if pk in found:
                by_cell[cell.casefold()] = found[pk]
        sessions = {(s.opportunity_id, s.starts_at): s for o in found.values() for s in o.scheduled}
        return cls(by_cell, sessions, labels_in_both(DeliveryLanguage.choices))


_SESSION_FORM_COLUMNS = {
    "date": "date",
    "start_time": "start",
    "end_time": "end",
    "capacity": "capacity",
    "language": "language",
    "venue": "venue",
    "online_url": "online_url",
    "booking_deadline": "booking_deadline",
}


def _session_opportunity(row: Row, reference: _SessionReference) -> Opportunity | None:
    value = row.get("opportunity")
    if not value:
        row.error("opportunity", gettext("Enter the opportunity’s reference or number"))
        return None
    opportunity = reference.opportunities.get(value.casefold())
    if opportunity is None:
        row.error(
            "opportunity",
            gettext("None of your opportunities has the reference or number %(value)s")
            % {"value": value},
        )
    elif opportunity.self_paced:
        row.error(
            "opportunity",
            gettext("%(value)s is self-paced: it has no sessions") % {"value": value},
        )
    elif opportunity.status == Status.ARCHIVED:
        row.error("opportunity", gettext("%(value)s is archived") % {"value": value})
    else:
        return opportunity
    return None


def _session_form_data(
    row: Row,
    reference: _SessionReference,
    opportunity: Opportunity | None,
    existing: Session | None,
    day: datetime.date | None,
    start: datetime.time | None,
    end: datetime.time | None,
) -> dict[str, Any]:
    """The session form's data: the row's cells, what Hawl holds for any they leave empty."""
    language = ""
    if row.get("language"):
        language = reference.languages.get(normalise(row.get("language")), "")
        if not language:
            row.error(
                "language",
                gettext("“%(value)s” is not Welsh, English or Bilingual")
                % {"value": row.get("language")},
            )
    elif existing is not None:
        language = existing.language
    elif opportunity is not None:
        language = opportunity.language
    else:
        language = DeliveryLanguage.ENGLISH  # the opportunity's error says what is wrong
    deadline = _date(row, "booking_deadline", required=False)
    if deadline is None and existing is not None and existing.booking_deadline < existing.starts_at:
        deadline = existing.booking_deadline.astimezone(LONDON).date()
    data = {
        "date": day.isoformat() if day else "",
        "start_time": start.strftime("%H:%M") if start else "",
        "end_time": end.strftime("%H:%M") if end else "",
        "capacity": row.get("capacity") or (existing.capacity if existing else ""),
        "language": language,
        "venue": row.get("venue") or (existing.venue if existing else ""),
        "online_url": row.get("online_url") or (existing.online_url if existing else ""),
        "booking_deadline": deadline.isoformat() if deadline else "",
    }
    if not data["capacity"]:
        row.error("capacity", gettext("Enter the number of places"))
    return data


def plan_sessions(
    table: Table, provider: Organisation, result: ImportResult, now: datetime.datetime
) -> list[SessionPlan]:
    """Check every row; valid ones become plans: a new session, or a change to one that starts
    at the same time."""
    columns = {column.field: column for column in SESSION_COLUMNS}
    reference = _SessionReference.load(table, provider)
    seen: dict[tuple[int, datetime.datetime], int] = {}
    plans = []
    for line, values in table.rows:
        row = Row(line, values, table, columns, result)
        opportunity = _session_opportunity(row, reference)
        day = _date(row, "date", required=True)
        start, end = _time(row, "start"), _time(row, "end")
        starts_at = datetime.datetime.combine(day, start, tzinfo=LONDON) if day and start else None
        existing = None
        if opportunity is not None and starts_at is not None:
            key = (opportunity.pk, starts_at)
            existing = reference.sessions.get(key)
            if key in seen:
                row.error(
                    "start",
                    gettext("Row %(line)s is a session of the same opportunity at the same time")
                    % {"line": seen[key]},
                )
            else:
                seen[key] = line
        data = _session_form_data(row, reference, opportunity, existing, day, start, end)
        form = SessionForm(data)
        valid = form.is_valid()
        already = reported(row)
        for name, messages in form.errors.items():
            column = _SESSION_FORM_COLUMNS.get(name, "opportunity")
            if column not in already:
                for message in messages:
                    row.error(column, message)
        if not valid or not row.valid or opportunity is None or starts_at is None:
            continue
        cleaned = form.cleaned_data
        plan = SessionPlan(
            line=line,
            opportunity=opportunity,
            existing=existing,
            starts_at=cleaned["starts_at"],
            ends_at=cleaned["ends_at"],
            capacity=cleaned["capacity"],
            language=cleaned["language"],
            venue=cleaned["venue"],
            online_url=cleaned["online_url"],
            booking_deadline=cleaned.get("booking_deadline_at") or cleaned["starts_at"],
            key=f"{row.get('opportunity')} {day:%d/%m/%Y} {start:%H:%M}",
        )
        if existing is not None and not row.get("booking_deadline"):
            plan.booking_deadline = existing.booking_deadline  # an empty cell keeps it
        if not _session_rules(row, plan, now):
            continue
        action = Action.CREATE
        if existing is not None:
            plan.fields = _session_changes(plan, existing)
            action = Action.UPDATE if plan.fields else Action.UNCHANGED
        title = str(localise(opportunity, "title"))
        result.rows.append(
            RowChange(line, action, plan.key, title, list(plan.fields), labels=FIELD_LABELS)
        )
        plans.append(plan)
    return plans


def _session_rules(row: Row, plan: SessionPlan, now: datetime.datetime) -> bool:
    """The services' rules, said on the row: a new session starts in the future; a session
    already there keeps its end and never has fewer places than are taken."""
    existing = plan.existing
    if existing is None:
        if plan.starts_at <= now:
            row.error("date", gettext("The session must start in the future"))
        return row.valid
    if existing.ends_at != plan.ends_at:
        row.error(
            "end",
            gettext(
                "The session that starts then ends at %(end)s. Give that end time, or start "
                "the new session at another time"
            )
            % {"end": existing.ends_at.astimezone(LONDON).strftime("%H:%M")},
        )
    if plan.capacity < existing.taken:
        row.error(
            "capacity",
            gettext("%(taken)s places are taken: the session cannot have fewer places than that")
            % {"taken": existing.taken},
        )
    return row.valid


def _session_changes(plan: SessionPlan, existing: Session) -> list[str]:
    wanted = {
        "capacity": plan.capacity,
        "language": plan.language,
        "venue": plan.venue,
        "online_url": plan.online_url,
        "booking_deadline": plan.booking_deadline,
    }
    return [name for name, value in wanted.items() if getattr(existing, name) != value]
