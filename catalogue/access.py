"""Who sees the offer, who publishes it, who books, approves and keeps registers.

* An opportunity that is listed (published or coming soon) is seen by everyone whose
  organisations sit below its audience organisation (a teacher of a school in the region it is
  offered to) or above it (the LA officer sees what a school of theirs offers its own staff).
  Drafts and archived ones are seen by their provider only.
* A provider's managers are those holding a managing role on the provider organisation itself:
  a provider's administrator, an LA or region officer for their LA's or region's offer, a
  school's leaders for school-led learning; national officers and platform administrators
  manage everything.
* A booking is seen by the person it is for, the leaders of the school they booked through (and
  the officers above it), and the managers of the opportunity's provider.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core import access
from core.roles import EVERY_ROLE, OFFICERS, SCHOOL_LEADERS, Role
from organisations.selectors import above, below

# Roles that manage an opportunity on the organisation they hold them on.
MANAGERS = frozenset(
    {
        Role.PROVIDER_ADMIN,
        Role.LA_OFFICER,
        Role.REGION_OFFICER,
        Role.NATIONAL_OFFICER,
        Role.CLUSTER_LEAD,
        Role.PLATFORM_ADMIN,
        *SCHOOL_LEADERS,
    }
)
# Roles that oversee the bookings made through the schools below them.
OVERSEERS = frozenset({*SCHOOL_LEADERS, *OFFICERS, Role.CLUSTER_LEAD, Role.PLATFORM_ADMIN})

access.actions(
    {
        "catalogue.opportunity.view": EVERY_ROLE,
        "catalogue.opportunity.manage": MANAGERS,
        "catalogue.opportunity.endorse": {Role.ENDORSEMENT_PANEL, Role.PLATFORM_ADMIN},
        # Reports over the whole offer: the mapping matrix and the gaps.
        "catalogue.offer.report": {*OFFICERS, Role.PLATFORM_ADMIN},
        "catalogue.session.view": EVERY_ROLE,
        "catalogue.session.manage": MANAGERS,
        # A practitioner books for themselves; a school's leaders for their staff.
        "catalogue.booking.book": {Role.PRACTITIONER},
        "catalogue.booking.book_staff": SCHOOL_LEADERS | {Role.PLATFORM_ADMIN},
        "catalogue.booking.view": EVERY_ROLE,
        "catalogue.booking.approve": SCHOOL_LEADERS | {Role.PLATFORM_ADMIN},
        "catalogue.booking.cancel": {Role.PRACTITIONER, *SCHOOL_LEADERS, Role.PLATFORM_ADMIN},
        "catalogue.booking.register": MANAGERS,
    }
)


def _managed(reach: access.Reach, roles: frozenset[str], column: str) -> Q | None:
    """Rows whose ``column`` (a provider) is an organisation the user manages; ``None`` for all."""
    roots = reach.roots(roles & MANAGERS)
    if roots is None:
        return None
    return Q(**{f"{column}__in": list(roots)})


def _listed_to(reach: access.Reach, roles: frozenset[str], prefix: str = "") -> Q | None:
    """Listed opportunities offered to an organisation above or below the user's own."""
    roots = reach.roots(roles)
    if roots is None:
        return None
    audience = f"{prefix}audience_organisation_id__in"
    return Q(**{f"{prefix}status__in": ("in_development", "published")}) & (
        Q(**{audience: above(roots, reach.day)}) | Q(**{audience: below(roots, reach.day)})
    )


def _opportunity_condition(reach: access.Reach, action: str, prefix: str = "") -> Q | None:
    roles = access.roles_for(action)
    managed = _managed(reach, roles, f"{prefix}provider_id")
    if managed is None:
        return None
    if action.endswith((".manage", ".register")):
        return managed
    if action.endswith(".endorse"):
        # The panel sees what is submitted to it; nothing else is for it to review.
        return Q(**{f"{prefix}endorsement__in": ("submitted", "endorsed", "returned", "declined")})
    listed = _listed_to(reach, roles, prefix)
    if listed is None:
        return None
    return managed | listed


@access.scope("catalogue.opportunity")
def _opportunities(
    reach: access.Reach, queryset: QuerySet, action: str | None, user: Any
) -> QuerySet:
    condition = _opportunity_condition(reach, action or "catalogue.opportunity.view")
    return queryset if condition is None else queryset.filter(condition)


@access.scope("catalogue.session")
def _sessions(reach: access.Reach, queryset: QuerySet, action: str | None, user: Any) -> QuerySet:
    action = action or "catalogue.session.view"
    condition = _opportunity_condition(reach, action, prefix="opportunity__")
    return queryset if condition is None else queryset.filter(condition)


@access.scope("catalogue.booking")
def _bookings(reach: access.Reach, queryset: QuerySet, action: str | None, user: Any) -> QuerySet:
    roles = access.roles_for(action or "catalogue.booking.view")
    conditions = Q(pk__in=[])
    if Role.PRACTITIONER in roles:
        conditions |= Q(person__user=user)
    overseen = reach.roots(roles & OVERSEERS)
    if overseen is None:
        return queryset
    if overseen:
        conditions |= Q(school_id__in=below(overseen, reach.day))
    if action in (None, "catalogue.booking.view", "catalogue.booking.register"):
        managed = _managed(reach, roles, "session__opportunity__provider_id")
        if managed is None:
            return queryset
        conditions |= managed
    return queryset.filter(conditions)


access.actions(
    {
        # A school's leaders (and the officers above the school) see its staff's bookings,
        # requests, attendance and cover.
        "catalogue.booking.oversee": OVERSEERS,
    }
)
