"""Reads about people: a school's staff, a user's roles and employments. Scoped by the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

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


def school_roles(
    *, school: Organisation, user_ids: list[int], day: datetime.date | None = None
) -> dict[int, list[str]]:
    """The roles each of these users holds at ``school`` (Headteacher, PL lead …): one query.

    A staff list shows these before the MIS role type, so the head is "Headteacher" on every
    page, never "Leader" on one and "Headteacher" on another.
    """
    grants = RoleGrant.objects.filter(organisation=school, user_id__in=user_ids)
    return _role_labels_by(grants, "user_id", day)


def _role_labels_by(grants: QuerySet, key: str, day: datetime.date | None) -> dict[int, list[str]]:
    """Role names of the grants in force on ``day``, grouped by ``key``: one query."""
    found: dict[int, list[str]] = {}
    rows = grants.on(day or access.today()).order_by("role").values_list(key, "role")
    for group, role in rows:
        found.setdefault(group, []).append(str(Role(role).label))
    return found


def led_schools(*, user: User, day: datetime.date | None = None) -> list[Organisation]:
    """The schools whose staff this user sees because they lead them (not through an LA)."""
    day = day or access.today()
    roots = access.reach(user, on=day).roots(access.roles_for("people.staff.view"))
    if not roots:
        return []
    return list(Organisation.objects.filter(pk__in=roots, kind="school").order_by("name_en"))


@dataclass
class PersonDetail:
    user: User
    employments: list[Employment]
    memberships: list[Membership]


def person_get(*, viewer: User, username: str, day: datetime.date | None = None) -> PersonDetail:
    """A person the viewer may see, with the employments and roles the viewer reaches: a head
    sees someone's job at their school, not the supply work they do elsewhere. 404 otherwise."""
    day = day or access.today()
    found = (
        access.visible(viewer, User.objects.filter(username=username), on=day)
        .select_related("person")
        .first()
    )
    if found is None:
        raise Http404
    employments = list(
        access.visible(viewer, Employment.objects.filter(person__user=found), on=day)
        .select_related("school")
        .order_by("-starts_on", "pk")
    )
    grants = (
        access.visible(viewer, RoleGrant.objects.filter(user=found), on=day)
        .on(day)
        .select_related("organisation")
        .order_by("role", "organisation__name_en")
    )
    return PersonDetail(
        user=found,
        employments=employments,
        memberships=[
            Membership(
                role=grant.role,
                role_label=str(Role(grant.role).label),
                organisation=grant.organisation,
                starts_on=grant.starts_on,
                ends_on=grant.ends_on,
            )
            for grant in grants
        ],
    )


def roles_by_school(
    *, user: User, school_ids: list[int], day: datetime.date | None = None
) -> dict[int, list[str]]:
    """The roles ``user`` holds at each of these schools (one query), so a job at a school the
    person leads reads "Headteacher", as on every other page, not the MIS's "Leader"."""
    grants = RoleGrant.objects.filter(user=user, organisation_id__in=school_ids)
    return _role_labels_by(grants, "organisation_id", day)
