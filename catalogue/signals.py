"""Keep each opportunity's facet rows (``catalogue.models.Facet``) in step with every single
write, whoever makes it (services, the admin, tests). Bulk writes (the seed) call
``services.facets_rebuild`` once instead."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from catalogue import services
from catalogue.models import Audience, Opportunity


@receiver(post_save, sender=Opportunity)
def _opportunity_saved(
    sender: Any, instance: Opportunity, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        services.facets_rebuild(ids=[instance.pk])


def _mappings_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        if pk_set:
            services.facets_rebuild(ids=pk_set)
        return
    services.facets_rebuild(ids=[instance.pk])


for through in (
    Opportunity.standards.through,
    Opportunity.priority_areas.through,
    Opportunity.topics.through,
):
    m2m_changed.connect(
        _mappings_changed, sender=through, dispatch_uid=f"facets-{through.__name__}"
    )


@receiver(post_save, sender=Audience)
@receiver(post_delete, sender=Audience)
def _audience_changed(sender: Any, instance: Audience, raw: bool = False, **kwargs: Any) -> None:
    origin = kwargs.get("origin")
    if isinstance(origin, Opportunity) or getattr(origin, "model", None) is Opportunity:
        return  # the opportunity itself is being deleted, its facet rows with it
    if not raw:
        services.facets_rebuild(ids=[instance.opportunity_id])
