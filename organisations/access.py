"""Who may see organisations and import schools (registered with ``core.access``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core import access
from core.roles import EVERY_ROLE, Role
from organisations.selectors import below

access.actions(
    {
        # Everyone with a role sees the organisations it reaches: a teacher their school, an LA
        # officer the LA's schools and clusters, a national officer all of Wales.
        "organisations.organisation.view": EVERY_ROLE,
        # The schools directory and school pages: everyone whose role is about schools (a
        # provider's administrator sees their provider, not an empty list of schools).
        "organisations.school.view": EVERY_ROLE - {Role.PROVIDER_ADMIN},
        "organisations.school.import": {Role.NATIONAL_OFFICER, Role.PLATFORM_ADMIN},
        # Those who import schools see every schools import and may undo one.
        "organisations.school.undo_import": {Role.NATIONAL_OFFICER, Role.PLATFORM_ADMIN},
    }
)


@access.scope("organisations.organisation")
def _organisations(
    reach: access.Reach, queryset: QuerySet, action: str | None, user: Any
) -> QuerySet:
    roots = reach.roots(access.roles_for(action or "organisations.organisation.view"))
    if roots is None:
        return queryset
    return queryset.filter(pk__in=below(roots, reach.day))
