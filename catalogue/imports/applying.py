"""Applying a provider's file: checked outside any transaction, written in one, and recorded.

Writing first locks the provider's row, so two imports of one provider's offer take turns, and
the file is checked again inside the transaction against the data as it is then. Opportunities
and new sessions are written with a fixed number of bulk queries whatever the file's length; a
session that changes goes through ``services.session_update``, which locks it and offers any new
places to its waitlist. The record keeps each row's before and after, for its undo.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from catalogue import notify, selectors, services
from catalogue.imports.reading import (
    OPPORTUNITIES,
    OPPORTUNITY_COLUMNS,
    SESSION_COLUMNS,
    SESSIONS,
    OpportunityPlan,
    SessionPlan,
    plan_opportunities,
    plan_sessions,
    scope_of,
)
from catalogue.models import Audience, Meeting, Opportunity, Session, Status
from core.csvkit import BULK_BATCH, ImportResult, read_table
from core.import_records import record_create
from organisations.models import Organisation, OrganisationClosure, OrganisationKind
from standards.models import Element, Standard, Term

SCALARS = (
    "title_en", "title_cy", "summary_en", "summary_cy", "description_en", "description_cy",
    "format", "language", "approval_required", "resource_url", "status",
)  # fmt: skip
FOREIGN = (
    "provider_id", "audience_organisation_id", "region_id", "level_id", "delivery_id",
    "pathway_id", "pathway_level_id",
)  # fmt: skip
NUMBERS = {"hours": "{:.1f}", "cost": "{:.2f}", "cover_days": "{:.1f}"}
# Mapped relations, and the vocabulary each one's terms come from (None: not a term).
RELATIONS: dict[str, str | None] = {
    "standards": None,
    "elements": None,
    "priority_areas": "priority-area",
    "topics": "topic",
    "sectors": "school-sector",
    "career_stages": "career-stage",
}
WRITTEN = (*SCALARS, *(name.removesuffix("_id") for name in FOREIGN), *NUMBERS)


def require_import(by: Any, provider: Organisation) -> None:
    """Only those who manage the provider's offer import it; anyone else gets a 404."""
    if by is None:
        return
    if provider.pk not in {o.pk for o in selectors.managed_providers(user=by)}:
        raise Http404


def _moment(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value else None


def opportunity_snapshot(opportunity: Opportunity) -> dict[str, Any]:
    """What an import wrote, or found, as plain values (its relations prefetched)."""
    snapshot: dict[str, Any] = {name: getattr(opportunity, name) for name in SCALARS}
    snapshot.update({name: getattr(opportunity, name) for name in FOREIGN})
    snapshot.update(
        {name: form.format(Decimal(getattr(opportunity, name))) for name, form in NUMBERS.items()}
    )
    snapshot["published_at"] = _moment(opportunity.published_at)
    for name in RELATIONS:
        snapshot[name] = sorted(item.pk for item in getattr(opportunity, name).all())
    snapshot["audiences"] = sorted(a.role_type for a in opportunity.audiences.all())
    return snapshot


def opportunities_with_relations(ids: list[int]) -> dict[int, Opportunity]:
    return Opportunity.objects.prefetch_related(*RELATIONS, "audiences").in_bulk(ids)


def session_snapshot(session: Session) -> dict[str, Any]:
    return {
        "opportunity": session.opportunity_id,
        "starts_at": _moment(session.starts_at),
        "ends_at": _moment(session.ends_at),
        "capacity": session.capacity,
        "language": session.language,
        "venue": session.venue,
        "online_url": session.online_url,
        "booking_deadline": _moment(session.booking_deadline),
        "status": session.status,
    }


def lock_provider(provider: Organisation) -> None:
    """Imports of one provider's offer take turns on its row."""
    list(Organisation.objects.select_for_update().filter(pk=provider.pk).values_list("pk"))


# Opportunities.


def opportunities_import(
    *, provider: Organisation, data: bytes | str, by: Any = None, apply: bool = False
) -> ImportResult:
    """Check a provider's opportunities file and preview it; with ``apply``, write it if (and
    only if) every row is valid. ``by`` is the user (``None`` from the command line)."""
    require_import(by, provider)
    checked = ImportResult()
    table = read_table(data, OPPORTUNITY_COLUMNS, checked)
    if table is None:
        return checked
    plan_opportunities(table, provider, checked)
    if not apply or not checked.is_valid:
        return checked
    with transaction.atomic():
        lock_provider(provider)
        result = ImportResult(text=checked.text)
        plans = plan_opportunities(table, provider, result)
        if not result.is_valid:
            return result
        changes = _write_opportunities(plans, provider, by)
        result.applied = True
        result.record = record_create(
            kind=OPPORTUNITIES,
            scope=scope_of(provider),
            by=by,
            result=result,
            choices={},
            changes=changes,
        )
    return result


def _regions(audiences: set[int], day: datetime.date) -> dict[int, int]:
    """Each audience organisation's region on ``day`` (a region is its own): one query."""
    return dict(
        OrganisationClosure.objects.on(day)
        .filter(descendant_id__in=audiences, ancestor__kind=OrganisationKind.REGION)
        .values_list("descendant_id", "ancestor_id")
    )


def _terms() -> dict[tuple[str, str], Term]:
    return {
        (term.vocabulary.code, term.code): term
        for term in Term.objects.select_related("vocabulary")
    }


def _targets() -> dict[str, dict[str, list[int]]]:
    """For each relation, the ids each code names (a standard's code names one in each
    framework, as the form's choices do)."""
    targets: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in RELATIONS}
    for standard in Standard.objects.values_list("code", "pk"):
        targets["standards"][standard[0]].append(standard[1])
    for element in Element.objects.values_list("code", "pk"):
        targets["elements"][element[0]].append(element[1])
    for code, pk, vocabulary in Term.objects.filter(
        vocabulary__code__in=[v for v in RELATIONS.values() if v]
    ).values_list("code", "pk", "vocabulary__code"):
        for name, wanted in RELATIONS.items():
            if wanted == vocabulary:
                targets[name][code].append(pk)
    return targets


def _write_opportunities(
    plans: list[OpportunityPlan], provider: Organisation, by: Any
) -> dict[str, list[dict[str, Any]]]:
    """Write every row that changes something, in bulk; return what changed, before and after."""
    now = timezone.now()
    day = timezone.localdate(now)
    changing = [plan for plan in plans if plan.existing is None or plan.fields]
    before = {
        plan.existing.pk: opportunity_snapshot(plan.existing)
        for plan in changing
        if plan.existing is not None
    }
    regions = _regions({plan.data["audience"].pk for plan in changing}, day)
    terms = _terms()
    published: list[Opportunity] = []
    for plan in changing:
        opportunity = plan.existing or Opportunity(created_by=by, created_at=now)
        was = opportunity.status if plan.existing is not None else None
        data = plan.data
        for name in (*SCALARS, *NUMBERS):
            setattr(opportunity, name, data[name])
        opportunity.provider = provider
        opportunity.audience_organisation = data["audience"]
        opportunity.region_id = regions.get(data["audience"].pk)
        opportunity.level = terms[("provision-level", data["level"])]
        opportunity.delivery = terms[("delivery-method", data["delivery"])]
        opportunity.pathway = terms.get(("pathway", data.get("pathway") or ""))
        opportunity.pathway_level = terms.get(("pathway-level", data.get("pathway_level") or ""))
        if opportunity.status == Status.PUBLISHED and not opportunity.published_at:
            opportunity.published_at = now
        opportunity.updated_at = now
        plan.existing = opportunity
        if was != Status.PUBLISHED and opportunity.status == Status.PUBLISHED:
            published.append(opportunity)
    created = [plan.existing for plan in changing if plan.existing.pk is None]
    Opportunity.objects.bulk_create(created, batch_size=BULK_BATCH)
    updated = [plan.existing for plan in changing if plan.existing.pk in before]
    Opportunity.objects.bulk_update(
        updated, [*WRITTEN, "published_at", "updated_at"], batch_size=BULK_BATCH
    )
    _relate(changing, replace=[o.pk for o in updated])
    for opportunity in published:
        notify.opportunity_published(opportunity)
    after = opportunities_with_relations([plan.existing.pk for plan in changing])
    return {
        "opportunities": [
            {
                "id": plan.existing.pk,
                "reference": plan.reference,
                "title": plan.title,
                "before": before.get(plan.existing.pk),
                "after": opportunity_snapshot(after[plan.existing.pk]),
            }
            for plan in changing
        ]
    }


def _relate(plans: list[OpportunityPlan], *, replace: list[int]) -> None:
    """Set each opportunity's mapped relations and roles: two queries a relation."""
    targets = _targets()
    for name in RELATIONS:
        relation = Opportunity._meta.get_field(name)
        through = relation.remote_field.through
        target = f"{relation.m2m_reverse_field_name()}_id"
        through.objects.filter(opportunity_id__in=replace).delete()
        through.objects.bulk_create(
            [
                through(opportunity_id=plan.existing.pk, **{target: pk})
                for plan in plans
                for pk in sorted(
                    {pk for code in plan.data.get(name) or [] for pk in targets[name][code]}
                )
            ],
            batch_size=BULK_BATCH,
        )
    Audience.objects.filter(opportunity_id__in=replace).delete()
    Audience.objects.bulk_create(
        [
            Audience(opportunity_id=plan.existing.pk, role_type=role)
            for plan in plans
            for role in sorted(set(plan.data.get("audiences") or []))
        ],
        batch_size=BULK_BATCH,
    )


# Sessions.


def sessions_import(
    *,
    provider: Organisation,
    data: bytes | str,
    by: Any = None,
    apply: bool = False,
    now: datetime.datetime | None = None,
) -> ImportResult:
    """Check a provider's sessions file and preview it; with ``apply``, write it if valid."""
    require_import(by, provider)
    now = now or timezone.now()
    checked = ImportResult()
    table = read_table(data, SESSION_COLUMNS, checked)
    if table is None:
        return checked
    plan_sessions(table, provider, checked, now)
    if not apply or not checked.is_valid:
        return checked
    with transaction.atomic():
        lock_provider(provider)
        result = ImportResult(text=checked.text)
        plans = plan_sessions(table, provider, result, now)
        if not result.is_valid:
            return result
        changes = _write_sessions(plans, now)
        result.applied = True
        result.record = record_create(
            kind=SESSIONS,
            scope=scope_of(provider),
            by=by,
            result=result,
            choices={},
            changes=changes,
        )
    return result


def _check_in_code() -> str:
    return "".join(secrets.choice(services.CHECK_IN_ALPHABET) for _ in range(6))


def _write_sessions(plans: list[SessionPlan], now: datetime.datetime) -> dict[str, Any]:
    """New sessions in bulk, each with its one meeting; changes through the service."""
    new = [plan for plan in plans if plan.existing is None]
    sessions = Session.objects.bulk_create(
        [
            Session(
                opportunity=plan.opportunity,
                language=plan.language,
                venue=plan.venue,
                online_url=plan.online_url,
                capacity=plan.capacity,
                booking_deadline=plan.booking_deadline,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                check_in_code=_check_in_code(),
                created_at=now,
            )
            for plan in new
        ],
        batch_size=BULK_BATCH,
    )
    Meeting.objects.bulk_create(
        [Meeting(session=s, starts_at=s.starts_at, ends_at=s.ends_at) for s in sessions],
        batch_size=BULK_BATCH,
    )
    services.next_sessions_refresh(ids={session.opportunity_id for session in sessions}, now=now)
    entries = []
    for plan, session in zip(new, sessions, strict=True):
        notify.session_added(session)
        entries.append(_entry(plan, session, None))
    for plan in plans:
        if plan.existing is None or not plan.fields:
            continue
        before = session_snapshot(plan.existing)
        changed = services.session_update(
            session=plan.existing,
            capacity=plan.capacity,
            venue=plan.venue,
            online_url=plan.online_url,
            booking_deadline=plan.booking_deadline,
            language=plan.language,
            now=now,
        )
        entries.append(_entry(plan, changed, before))
    return {"sessions": entries}


def _entry(plan: SessionPlan, session: Session, before: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": session.pk,
        "key": plan.key,
        "title": plan.opportunity.title_en or plan.opportunity.title_cy,
        "before": before,
        "after": session_snapshot(session),
    }


def provider_named(code: str) -> Organisation | None:
    """The organisation a command line names: ``kind:code``, or a code only one kind uses."""
    kind, _sep, rest = code.rpartition(":")
    found = Organisation.objects.filter(code=rest or code)
    if kind:
        found = found.filter(kind=kind)
    found = list(found[:2])
    return found[0] if len(found) == 1 else None
