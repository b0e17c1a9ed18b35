"""Keep the closure in step when one organisation or link is saved (the admin, tests).

Bulk writers bypass signals and call ``services.closure_rebuild`` themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from organisations import services
from organisations.models import Organisation, OrganisationLink


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender: type, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw") and not services.closure_is_deferred():
        services.closure_rebuild(below=[instance.pk])


@receiver(post_save, sender=OrganisationLink)
@receiver(post_delete, sender=OrganisationLink)
def _link_changed(sender: type, instance: OrganisationLink, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not services.closure_is_deferred():
        services.closure_rebuild(below=[instance.child_id])
