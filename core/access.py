"""The one access policy: who may see and do what. Deny by default.

The policy is the same for every app, and imports none of them; apps fill it in from their own
``access.py`` (found by autodiscovery when Django starts):

* ``actions({"app.thing.verb": roles})`` registers what an app's users may do, and with which
  roles. An action names the app that registers it; unknown actions are refused everywhere.
* ``@scope("app.model")`` registers how to narrow a model's rows to those a user reaches.
  Unknown models are refused.
* ``@grants`` registers a source of the (role, organisation) pairs a user holds on a day: role
  grants and employments, both in ``people``.

``reach(user, on=day)`` gathers those pairs once per user and day (a fixed number of queries,
whatever the depth of the organisation graph) and keeps them on the user object, which lives for
one request. It holds the *granted* organisations only; scopes join them against the dated
closure of the organisation graph in SQL, so no id list grows with Wales.

``can``/``require(user, action, obj)`` answer for one object in one query, ``permitted`` for a
list in one query; out of scope is a 404, never a 403, so nobody learns what exists. Every view
and API operation declares ``@rule("action")``, ``@signed_in`` or ``@public``; a test walks the
URL resolver and every API operation and fails on any without one.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from core.roles import NATIONWIDE, Role

PUBLIC = "public"
SIGNED_IN = "signed-in"

# Third-party routes whose own code guards them: by URL namespace, or module prefix of the view.
THIRD_PARTY_RULES: dict[str, str] = {
    "admin": "Django admin: every ModelAdmin asks the policy for core.admin (core.admin)",
    "allauth.": "allauth's sign-in pages: public by nature; signup is closed in people.auth",
}

_ACTIONS: dict[str, frozenset[str]] = {}
Scope = Callable[["Reach", QuerySet, "str | None", Any], QuerySet]
_SCOPES: dict[str, Scope] = {}
GrantSource = Callable[[Any, datetime.date], Iterable[tuple[str, int]]]
_GRANT_SOURCES: list[GrantSource] = []


class PolicyError(Exception):
    """An app registered something the policy cannot accept (a clash, an unknown app)."""


def today() -> datetime.date:
    return timezone.localdate()


# Registration, from each app's access.py.


def _app_of(name: str) -> str:
    label = name.split(".", 1)[0]
    if apps.ready and label not in {config.label for config in apps.get_app_configs()}:
        raise PolicyError(f"{name!r} does not start with the label of an installed app")
    return label


def actions(mapping: dict[str, Iterable[str]]) -> None:
    """Register actions and the roles that hold them (over what each role reaches)."""
    for name, roles in mapping.items():
        _app_of(name)
        if name in _ACTIONS:
            raise PolicyError(f"action {name!r} is registered twice")
        _ACTIONS[name] = frozenset(roles)


def scope(label: str) -> Callable[[Scope], Scope]:
    """Register how ``visible`` narrows the rows of the model ``label`` (``app.model``)."""
    _app_of(label)

    def register(function: Scope) -> Scope:
        if label in _SCOPES:
            raise PolicyError(f"scope {label!r} is registered twice")
        _SCOPES[label] = function
        return function

    return register


def grants(source: GrantSource) -> GrantSource:
    """Register a source of (role, organisation id) pairs a user holds on a day."""
    _GRANT_SOURCES.append(source)
    return source


def registered_actions() -> dict[str, frozenset[str]]:
    return dict(_ACTIONS)


def roles_for(action: str) -> frozenset[str]:
    try:
        return _ACTIONS[action]
    except KeyError:
        raise PermissionError(f"unknown action {action!r}") from None


# Reach.


@dataclass(frozen=True)
class Reach:
    """What one user holds on one day: for each role, the organisations it was granted on
    (``None``: every organisation in Wales). What lies below them is the scopes' business."""

    day: datetime.date
    by_role: dict[str, frozenset[int] | None] = field(default_factory=dict)

    def roots(self, roles: Iterable[str]) -> frozenset[int] | None:
        """Organisations granted through any of ``roles``; ``None`` when one reaches all."""
        found: set[int] = set()
        for role in roles:
            if role not in self.by_role:
                continue
            ids = self.by_role[role]
            if ids is None:
                return None
            found |= ids
        return frozenset(found)

    def holds(self, roles: Iterable[str]) -> bool:
        return any(role in self.by_role for role in roles)

    def allows(self, action: str) -> bool:
        """The user holds the action somewhere (before looking at any object)."""
        return self.holds(roles_for(action))


def reach(user: Any, *, on: datetime.date | None = None) -> Reach:
    day = on or today()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach(day)
    cache: dict[datetime.date, Reach] = user.__dict__.setdefault("_hawl_reach", {})
    if day not in cache:
        by_role: dict[str, set[int] | None] = {}
        for source in _GRANT_SOURCES:
            for role, organisation_id in source(user, day):
                if role in NATIONWIDE:
                    by_role[role] = None
                elif by_role.get(role, set()) is not None:
                    by_role.setdefault(role, set()).add(organisation_id)  # type: ignore[union-attr]
        cache[day] = Reach(
            day, {role: None if ids is None else frozenset(ids) for role, ids in by_role.items()}
        )
    return cache[day]


# Questions.


def visible(
    user: Any, queryset: Any, *, action: str | None = None, on: datetime.date | None = None
) -> QuerySet:
    """The rows of ``queryset`` the user may see (or act on with ``action``).

    Without an action, each scope applies its model's viewing rule; a named action must exist.
    """
    if action is not None:
        roles_for(action)
    queryset = queryset.all() if hasattr(queryset, "all") else queryset
    label = queryset.model._meta.label_lower
    if label not in _SCOPES:
        raise PermissionError(f"no access scope for {label}")
    user_reach = reach(user, on=on)
    if not user_reach.by_role:
        return queryset.none()
    return _SCOPES[label](user_reach, queryset, action, user)


def can(user: Any, action: str, obj: Model, *, on: datetime.date | None = None) -> bool:
    """One object: one query (none when the user holds the action nowhere)."""
    if not reach(user, on=on).allows(action):
        return False
    return visible(
        user, type(obj)._default_manager.filter(pk=obj.pk), action=action, on=on
    ).exists()


def permitted(
    user: Any, action: str, objects: Iterable[Model], *, on: datetime.date | None = None
) -> set[Any]:
    """The primary keys of ``objects`` (all of one model) the user may act on: one query."""
    objects = list(objects)
    if not objects or not reach(user, on=on).allows(action):
        return set()
    model = type(objects[0])
    rows = model._default_manager.filter(pk__in=[obj.pk for obj in objects])
    return set(visible(user, rows, action=action, on=on).values_list("pk", flat=True))


def require(user: Any, action: str, obj: Model) -> None:
    """Raise 404 unless ``can``: out of scope looks the same as missing."""
    if not can(user, action, obj):
        raise Http404


def in_ids(ids: frozenset[int] | None, field_name: str) -> Q:
    """A filter for rows whose ``field_name`` is one of ``ids`` (``None``: no filter)."""
    if ids is None:
        return Q()
    return Q(**{f"{field_name}__in": ids})


# Decorators every view and API operation carries.


def _mark(view: Callable, rule_name: str) -> Callable:
    view.access_rule = rule_name  # type: ignore[attr-defined]
    return view


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    return _mark(view, PUBLIC)


def _unauthenticated(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return HttpResponse(status=401)
    return redirect_to_login(request.get_full_path())


def signed_in(view: Callable) -> Callable:
    """Any signed-in user; the view shows only the user's own things."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return _unauthenticated(request)
        return view(request, *args, **kwargs)

    return _mark(wrapper, SIGNED_IN)


def rule(action: str) -> Callable[[Callable], Callable]:
    """Signed in and holding ``action`` somewhere; the view then scopes its objects."""
    roles_for(action)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return _unauthenticated(request)
            if not reach(request.user).allows(action):
                raise Http404
            return view(request, *args, **kwargs)

        return _mark(wrapper, action)

    return decorate


# The policy's own action: Django's admin, for platform administrators (``core.admin``).
actions({"core.admin": {Role.PLATFORM_ADMIN}})
