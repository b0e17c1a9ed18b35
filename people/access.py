"""The one access policy: who may see and do what. Deny by default.

* ``reach(user, on=day)`` turns the user's role grants and employments in force on ``day`` into the
  organisations each role reaches: the granted organisation and everything below it on the links
  in force that day. It is computed once per user and day and cached on the user object (which
  lives for one request).
* ``can``/``require(user, action, obj)`` answer "may this user do this to this object". Unknown
  actions are refused; refusal outside scope is a 404, never a 403, so nobody learns what exists.
* ``visible(user, queryset, action=…)`` returns the objects of that kind the user may see, through a
  scope function registered for the model's label. People's models are scoped here; other apps
  register theirs with ``@access.scope("app.model")`` in their own ``scopes.py``, which this module
  discovers, so ``people`` imports no other app. Unknown models are refused.
* Every view and API operation declares ``@access.rule("action")``, ``@access.signed_in`` or
  ``@access.public``; a test walks the URL resolver and fails on any route without one.
"""

from __future__ import annotations

import datetime
import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from people.models import (
    Employment,
    Organisation,
    OrganisationLink,
    Role,
    RoleGrant,
)

PUBLIC = "public"
SIGNED_IN = "signed-in"

EVERY_ROLE = frozenset(Role.values)
SCHOOL_LEADERS = frozenset({Role.HEADTEACHER, Role.PL_LEAD})
OFFICERS = frozenset({Role.LA_OFFICER, Role.REGION_OFFICER, Role.NATIONAL_OFFICER})
NATIONWIDE = frozenset({Role.NATIONAL_OFFICER, Role.PLATFORM_ADMIN})

# Every action and the roles that allow it, over the organisations each role reaches.
ACTIONS: dict[str, frozenset[str]] = {
    "people.organisation.view": EVERY_ROLE,
    "people.school.staff.view": SCHOOL_LEADERS | OFFICERS | {Role.PLATFORM_ADMIN},
    "people.school.staff.import": SCHOOL_LEADERS | {Role.PLATFORM_ADMIN},
    "people.school.import": frozenset({Role.NATIONAL_OFFICER, Role.PLATFORM_ADMIN}),
    "hawl.admin": frozenset({Role.PLATFORM_ADMIN}),
}

# Third-party routes whose own code guards them: by URL namespace, or module prefix of the view.
THIRD_PARTY_RULES: dict[str, str] = {
    "admin": "Django admin: AdminSite.has_permission requires hawl.admin (people.admin)",
    "allauth.": "allauth's sign-in pages: public by nature; signup is closed in people.auth",
}


def today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Reach:
    """What one user reaches on one day. ``None`` in ``by_role`` means every organisation."""

    day: datetime.date
    by_role: dict[str, frozenset[int] | None] = field(default_factory=dict)

    def organisations(self, roles: Iterable[str]) -> frozenset[int] | None:
        """Ids reached through any of ``roles``; ``None`` when one of them reaches all."""
        found: set[int] = set()
        for role in roles:
            if role not in self.by_role:
                continue
            ids = self.by_role[role]
            if ids is None:
                return None
            found |= ids
        return frozenset(found)

    def roles(self) -> set[str]:
        return set(self.by_role)

    def allows(self, action: str) -> bool:
        """The user holds the action somewhere (before looking at any object)."""
        return any(role in self.by_role for role in _roles_for(action))


def _roles_for(action: str) -> frozenset[str]:
    try:
        return ACTIONS[action]
    except KeyError:
        raise PermissionError(f"unknown action {action!r}") from None


def _descendants(roots: set[int], day: datetime.date) -> dict[int, set[int]]:
    """Each root and every organisation below it on ``day``: one query per level of the graph."""
    children: dict[int, set[int]] = {}
    frontier, seen = set(roots), set(roots)
    while frontier:
        rows = OrganisationLink.objects.on(day).filter(parent_id__in=frontier)
        frontier = set()
        for parent_id, child_id in rows.values_list("parent_id", "child_id"):
            children.setdefault(parent_id, set()).add(child_id)
            if child_id not in seen:
                seen.add(child_id)
                frontier.add(child_id)
    closure: dict[int, set[int]] = {}
    for root in roots:
        found, stack = {root}, [root]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        closure[root] = found
    return closure


def reach(user: Any, *, on: datetime.date | None = None) -> Reach:
    day = on or today()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach(day)
    cache: dict[datetime.date, Reach] = user.__dict__.setdefault("_hawl_reach", {})
    if day in cache:
        return cache[day]
    grants = list(
        RoleGrant.objects.on(day).filter(user=user).values_list("role", "organisation_id")
    )
    grants += [
        (Role.PRACTITIONER, school_id)
        for school_id in Employment.objects.on(day)
        .filter(person__user=user)
        .values_list("school_id", flat=True)
    ]
    scoped_roots = {org for role, org in grants if role not in NATIONWIDE}
    closure = _descendants(scoped_roots, day) if scoped_roots else {}
    by_role: dict[str, frozenset[int] | None] = {}
    for role, org in grants:
        if role in NATIONWIDE:
            by_role[role] = None
        elif by_role.get(role, frozenset()) is not None:
            by_role[role] = frozenset(by_role.get(role) or frozenset()) | closure[org]
    cache[day] = Reach(day, by_role)
    return cache[day]


# Scopes: model label -> function(reach, queryset, action or None, user) -> queryset.
Scope = Callable[[Reach, QuerySet, str | None, Any], QuerySet]
_SCOPES: dict[str, Scope] = {}
_DISCOVERED = False


def scope(label: str) -> Callable[[Scope], Scope]:
    def register(function: Scope) -> Scope:
        _SCOPES[label] = function
        return function

    return register


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    for app in apps.get_app_configs():
        try:
            importlib.import_module(f"{app.name}.scopes")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.scopes":
                raise
    _DISCOVERED = True


def in_scope(ids: frozenset[int] | None, field_name: str) -> Q:
    """A filter for rows whose ``field_name`` is one of ``ids`` (``None``: no filter)."""
    if ids is None:
        return Q()
    return Q(**{f"{field_name}__in": ids})


def visible(
    user: Any, queryset: Any, *, action: str | None = None, on: datetime.date | None = None
) -> QuerySet:
    """The rows of ``queryset`` the user may see (or act on with ``action``).

    Without an action, each scope applies its model's viewing rule; a named action must exist.
    """
    if action is not None:
        _roles_for(action)
    _discover()
    queryset = queryset.all() if hasattr(queryset, "all") else queryset
    label = queryset.model._meta.label_lower
    if label not in _SCOPES:
        raise PermissionError(f"no access scope for {label}")
    user_reach = reach(user, on=on)
    if not user_reach.by_role:
        return queryset.none()
    return _SCOPES[label](user_reach, queryset, action, user)


def can(user: Any, action: str, obj: Model, *, on: datetime.date | None = None) -> bool:
    roles = _roles_for(action)
    user_reach = reach(user, on=on)
    if isinstance(obj, Organisation):
        ids = user_reach.organisations(roles)
        return ids is None or obj.pk in ids
    return visible(user, type(obj).objects.filter(pk=obj.pk), action=action, on=on).exists()


def require(user: Any, action: str, obj: Model) -> None:
    """Raise 404 unless ``can``: out of scope looks the same as missing."""
    if not can(user, action, obj):
        raise Http404


# People's own scopes.


@scope("people.organisation")
def _organisations(reach: Reach, queryset: QuerySet, action: str | None, user: Any) -> QuerySet:
    roles = _roles_for(action or "people.organisation.view")
    return queryset.filter(in_scope(reach.organisations(roles), "pk"))


@scope("people.employment")
def _employments(reach: Reach, queryset: QuerySet, action: str | None, user: Any) -> QuerySet:
    ids = reach.organisations(_roles_for(action or "people.school.staff.view"))
    own = Q(person__user=user)
    if ids == frozenset():
        return queryset.filter(own)
    return queryset.filter(in_scope(ids, "school_id") | own) if ids is not None else queryset


@scope("people.user")
def _users(reach: Reach, queryset: QuerySet, action: str | None, user: Any) -> QuerySet:
    ids = reach.organisations(_roles_for(action or "people.school.staff.view"))
    if ids is None:
        return queryset
    staff = Employment.objects.on(reach.day).filter(school_id__in=ids).values("person__user_id")
    return queryset.filter(Q(pk=user.pk) | Q(pk__in=staff))


# Decorators every view and API operation carries.


def _mark(view: Callable, rule_name: str) -> Callable:
    view.access_rule = rule_name  # type: ignore[attr-defined]
    return view


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    return _mark(view, PUBLIC)


def signed_in(view: Callable) -> Callable:
    """Any signed-in user; the view shows only the user's own things."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, SIGNED_IN)


def rule(action: str) -> Callable[[Callable], Callable]:
    """Signed in and holding ``action`` somewhere; the view then scopes its objects."""
    _roles_for(action)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                return redirect_to_login(request.get_full_path())
            if not reach(request.user).allows(action):
                raise Http404
            return view(request, *args, **kwargs)

        return _mark(wrapper, action)

    return decorate
