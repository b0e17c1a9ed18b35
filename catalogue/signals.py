"""Keep each opportunity's facet rows (``catalogue.models.Facet``) and its next open session in
step with every single write, whoever makes it (services, the admin, tests). Bulk writes (the
seed, imports) call ``services.facets_rebuild`` and ``services.next_sessions_refresh`` once
instead. On the worker's tick, opportunities whose next session closed for booking move on,
and the reminders that fell due are queued."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from catalogue import notify, services
from catalogue.models import Audience, Opportunity, Session
from notifications.signals import tick


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


# What makes a session the next open one: when it starts, when booking closes, whether it runs.
_WHEN = frozenset({"starts_at", "booking_deadline", "status"})


@receiver(post_save, sender=Session)
def _session_saved(
    sender: Any,
    instance: Session,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    # Booking saves only the counts: nothing to do on that path.
    if not raw and (update_fields is None or _WHEN & set(update_fields)):
        services.next_sessions_refresh(ids=[instance.opportunity_id])


@receiver(post_delete, sender=Session)
def _session_deleted(sender: Any, instance: Session, **kwargs: Any) -> None:
    origin = kwargs.get("origin")
    if isinstance(origin, Opportunity) or getattr(origin, "model", None) is Opportunity:
        return  # the opportunity itself is being deleted
    services.next_sessions_refresh(ids=[instance.opportunity_id])


@receiver(tick, dispatch_uid="catalogue.next_sessions_due")
def _next_sessions_due(**kwargs: Any) -> int:
    return services.next_sessions_due()


@receiver(tick, dispatch_uid="catalogue.reminders_due")
def _reminders_due(**kwargs: Any) -> int:
    return notify.reminders_due()
