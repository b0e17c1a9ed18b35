"""Publishing an opportunity: its audience, mappings and status."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import notify
from catalogue.models import (
    Audience,
    Format,
    Opportunity,
    Status,
)
from catalogue.services.facets import facets_rebuild
from core.errors import DomainError
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import above, below
from people.models import User
from standards.models import Element, Standard, Term


def _region_of(organisation: Organisation, day: datetime.date) -> Organisation | None:
    if organisation.kind == OrganisationKind.REGION:
        return organisation
    ancestors = above([organisation.pk], day)
    return Organisation.objects.filter(pk__in=ancestors, kind=OrganisationKind.REGION).first()


def _check_audience(provider: Organisation, audience: Organisation, day: datetime.date) -> None:
    """Providers and the nation offer to anyone; an LA, region, cluster or school offers to
    itself and what lies below it."""
    if provider.kind in (OrganisationKind.PROVIDER, OrganisationKind.NATION):
        return
    if not below([provider.pk], day).filter(descendant_id=audience.pk).exists():
        raise DomainError(
            _("%(provider)s can offer learning only within its own area.")
            % {"provider": provider.name},
            field="audience",
        )


MAPPINGS = ("priority_areas", "topics", "sectors", "career_stages")
_VOCABULARY = {
    "priority_areas": "priority-area",
    "topics": "topic",
    "sectors": "school-sector",
    "career_stages": "career-stage",
}
_FIELDS = (
    "title_en", "title_cy", "summary_en", "summary_cy", "description_en", "description_cy",
    "format", "language", "hours", "cost", "cover_days", "approval_required", "resource_url",
)  # fmt: skip


def _term(vocabulary: str, code: str | None) -> Term | None:
    if not code:
        return None
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


@transaction.atomic
def opportunity_save(
    *, by: User, data: dict[str, Any], opportunity: Opportunity | None = None
) -> Opportunity:
    """Create or change an opportunity from a valid ``OpportunityForm``'s cleaned data."""
    now = timezone.now()
    day = timezone.localdate(now)
    provider, audience = data["provider"], data["audience"]
    _check_audience(provider, audience, day)
    creating = opportunity is None
    if opportunity is None:
        opportunity = Opportunity(created_by=by, created_at=now)
    if (
        not creating
        and data["format"] == Format.SELF_PACED
        and opportunity.format != Format.SELF_PACED
        and opportunity.sessions.exists()
    ):
        raise DomainError(_("It has sessions, so it cannot become self-paced."), field="format")
    for name in _FIELDS:
        setattr(opportunity, name, data[name])
    opportunity.provider = provider
    opportunity.audience_organisation = audience
    opportunity.region = _region_of(audience, day)
    opportunity.level = _term("provision-level", data["level"])
    opportunity.delivery = _term("delivery-method", data["delivery"])
    opportunity.pathway = _term("pathway", data.get("pathway"))
    opportunity.pathway_level = _term("pathway-level", data.get("pathway_level"))
    was = opportunity.status
    opportunity.status = data["status"]
    if opportunity.status == Status.PUBLISHED and not opportunity.published_at:
        opportunity.published_at = now
    opportunity.updated_at = now
    opportunity.save()
    opportunity.standards.set(Standard.objects.filter(code__in=data.get("standards") or []))
    opportunity.elements.set(Element.objects.filter(code__in=data.get("elements") or []))
    for name in MAPPINGS:
        getattr(opportunity, name).set(
            Term.objects.filter(vocabulary__code=_VOCABULARY[name], code__in=data.get(name) or [])
        )
    wanted = set(data.get("audiences") or [])
    opportunity.audiences.exclude(role_type__in=wanted).delete()
    have = set(opportunity.audiences.values_list("role_type", flat=True))
    Audience.objects.bulk_create(
        Audience(opportunity=opportunity, role_type=role) for role in sorted(wanted - have)
    )
    facets_rebuild(ids=[opportunity.pk])  # after the audiences' bulk insert, which signals nothing
    if was != Status.PUBLISHED and opportunity.status == Status.PUBLISHED:
        notify.opportunity_published(opportunity)
    return opportunity
