"""Panels: what other apps add to a page they do not own.

A page that others contribute to names a slot (``"home"``, ``"school"``); an app adds to it from
its own ``panels.py`` with ``@panel("school", template=…)``, a function of the request and the
page's objects that returns the panel's context, or ``None`` when it has nothing for this user.
So the school page shows a school's staff (``people``) and, later, its INSET plan and grant
without ``organisations`` importing any of those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from core.registry import app_modules

PanelContext = Callable[..., "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: PanelContext
    order: int


_PANELS: list[Panel] = []


def panel(slot: str, *, template: str, order: int = 100) -> Callable[[PanelContext], PanelContext]:
    """Register a function ``(request, **objects) -> context or None`` for ``slot``."""

    def register(function: PanelContext) -> PanelContext:
        _PANELS.append(Panel(slot, template, function, order))
        return function

    return register


@dataclass(frozen=True)
class Shown:
    template: str
    context: dict[str, Any]


def panels_for(slot: str, request: HttpRequest, **objects: Any) -> list[Shown]:
    """The panels of ``slot`` that have something for this request, in order."""
    app_modules("panels")
    shown = []
    for item in sorted((p for p in _PANELS if p.slot == slot), key=lambda p: p.order):
        context = item.context(request, **objects)
        if context is not None:
            shown.append(Shown(item.template, context))
    return shown


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation, offered by an app in its ``urls.py`` (``navigation``).

    ``action``: shown to those who hold it somewhere; ``None``: to every signed-in user.
    ``section``: the other pages (view names) that belong to it, so it is marked current on
    them too (a school's page and its staff are in "Schools").
    """

    url_name: str
    label: Any
    order: int
    action: str | None = None
    section: tuple[str, ...] = ()

    def is_current(self, view_name: str | None) -> bool:
        return view_name is not None and (view_name == self.url_name or view_name in self.section)


@dataclass(frozen=True)
class Task:
    """Something a person can do now, offered on their home page by the app that does it
    (a ``home-tasks`` panel returns ``{"tasks": [Task, …]}``)."""

    title: Any
    href: str
    description: Any = ""


def tasks_for(request: HttpRequest, **objects: Any) -> list[Task]:
    """Every app's tasks for this person, in the apps' order."""
    return [
        task
        for shown in panels_for("home-tasks", request, **objects)
        for task in shown.context["tasks"]
    ]
