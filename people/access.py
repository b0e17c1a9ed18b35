"""People's part of the one policy: the roles a user holds, and who sees whose records.

A user's (role, organisation) pairs on a day come from two places: role grants, and employments
(which make them a practitioner of that school). Both are read in one query, whatever the depth
of the organisation graph. Staff are seen through the schools they work at: the rows below the
viewer's granted organisations in the dated closure.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import CharField, Q, QuerySet, Value

from core import access
from core.roles import OFFICERS, SCHOOL_LEADERS, Role
from organisations.selectors import below
from people.models import Employment, RoleGrant

access.actions(
    {
        "people.staff.view": SCHOOL_LEADERS | OFFICERS | {Role.PLATFORM_ADMIN},
        "people.staff.import": SCHOOL_LEADERS | {Role.PLATFORM_ADMIN},
        # Those who import a school's staff see its imports and may undo them.
        "people.staff.undo_import": SCHOOL_LEADERS | {Role.PLATFORM_ADMIN},
    }
)


@access.grants
def _roles_held(user: Any, day: datetime.date) -> Iterable[tuple[str, int]]:
    granted = RoleGrant.objects.on(day).filter(user=user).values_list("role", "organisation_id")
    employed = (
        Employment.objects.on(day)
        .filter(person__user=user)
        .annotate(role=Value(Role.PRACTITIONER.value, output_field=CharField()))
        .values_list("role", "school_id")
    )
    return list(granted.union(employed))


def _schools_in_reach(reach: access.Reach, action: str) -> QuerySet | None:
    """The ids of schools (and everything else) below the user's organisations for ``action``;
    ``None`` for all of Wales."""
    roots = reach.roots(access.roles_for(action))
    if roots is None:
        return None
    return below(roots, reach.day)


@access.scope("people.employment")
def _employments(
    reach: access.Reach, queryset: QuerySet, action: str | None, user: Any
) -> QuerySet:
    schools = _schools_in_reach(reach, action or "people.staff.view")
    if schools is None:
        return queryset
    return queryset.filter(Q(school_id__in=schools) | Q(person__user=user))


@access.scope("people.user")
def _users(reach: access.Reach, queryset: QuerySet, action: str | None, user: Any) -> QuerySet:
    schools = _schools_in_reach(reach, action or "people.staff.view")
    if schools is None:
        return queryset
    staff = Employment.objects.on(reach.day).filter(school_id__in=schools).values("person__user_id")
    return queryset.filter(Q(pk=user.pk) | Q(pk__in=staff))


@access.scope("people.rolegrant")
def _role_grants(
    reach: access.Reach, queryset: QuerySet, action: str | None, user: Any
) -> QuerySet:
    """Grants on organisations the viewer sees staff of, and the viewer's own."""
    within = _schools_in_reach(reach, action or "people.staff.view")
    if within is None:
        return queryset
    return queryset.filter(Q(organisation_id__in=within) | Q(user=user))
