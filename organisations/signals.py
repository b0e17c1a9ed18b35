"""Keep what is derived from organisations in step: the closure when one organisation or link
is saved (the admin, tests), and the directory's cached filter options when reference data loads.

Bulk writers bypass signals and call ``services.closure_rebuild`` themselves.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.reference import reference_loaded
from organisations import services
from organisations.models import Organisation, OrganisationLink
from organisations.selectors import FILTERS_VERSION_KEY


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender: type, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw") and not services.closure_is_deferred():
        services.closure_rebuild(below=[instance.pk])


@receiver(post_save, sender=OrganisationLink)
@receiver(post_delete, sender=OrganisationLink)
def _link_changed(sender: type, instance: OrganisationLink, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not services.closure_is_deferred():
        services.closure_rebuild(below=[instance.child_id])


@receiver(reference_loaded)
def _reference_loaded(sender: object, **kwargs: Any) -> None:
    """Every cached set of filter options is now of an older version, so none is used again."""
    cache.set(FILTERS_VERSION_KEY, uuid.uuid4().hex, None)
