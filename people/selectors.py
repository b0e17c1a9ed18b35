"""Reads about people: a school's staff, a user's roles and employments. Scoped by the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from core import access
from core.roles import Role
from organisations.models import Organisation
from people.models import Employment, RoleGrant, User


def staff_list(*, user: User, school: Organisation, day: datetime.date | None = None) -> QuerySet:
    """Current employments at ``school``; 404 unless the user may see its staff."""
    access.require(user, "people.staff.view", school)
    day = day or access.today()
    return (
        access.visible(user, Employment.objects.on(day).filter(school=school))
        .select_related("person__user")
        .order_by("person__user__last_name", "person__user__first_name", "pk")
    )


@dataclass
class Membership:
    role: str
    role_label: str
    organisation: Organisation
    starts_on: datetime.date
    ends_on: datetime.date | None
    detail: str = ""


@dataclass
class HomeSummary:
    memberships: list[Membership] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)


def home_summary(*, user: User, day: datetime.date | None = None) -> HomeSummary:
    """The user's organisations and roles in force today, for their home page."""
    day = day or access.today()
    grants = RoleGrant.objects.on(day).filter(user=user).select_related("organisation")
    employments = list(
        Employment.objects.on(day)
        .filter(person__user=user)
        .select_related("school")
        .order_by("starts_on")
    )
    return HomeSummary(
        memberships=[
            Membership(
                role=grant.role,
                role_label=str(Role(grant.role).label),
                organisation=grant.organisation,
                starts_on=grant.starts_on,
                ends_on=grant.ends_on,
            )
            for grant in grants.order_by("role", "organisation__name_en")
        ],
        employments=employments,
    )
