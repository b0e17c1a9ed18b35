"""How apps plug in: each installed app's modules of one name, found by Django's autodiscovery.

An app offers its pages, API, access rules, reference loaders, seeders and bench targets in
modules of agreed names (``urls``, ``api``, ``access``, ``reference``, ``seed``, ``bench``).
Nothing central lists them: ``app_modules("seed")`` imports ``<app>.seed`` for every installed
app that has one (``autodiscover_modules``) and returns them in the order of INSTALLED_APPS.
Where order matters beyond that, an item names what it comes ``after`` and ``ordered`` sorts
them so, refusing unknown names and cycles.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TypeVar

from django.apps import AppConfig, apps
from django.utils.module_loading import autodiscover_modules

T = TypeVar("T")


class RegistryError(Exception):
    """An app registered something inconsistent: an unknown dependency, a cycle, a duplicate."""


class HawlApp(AppConfig):
    """The base of Hawl's own apps: only these plug in through ``app_modules`` (Django's and
    allauth's apps have ``urls`` modules too, which are not ours to mount).

    ``public_modules``: what other apps may import from this one (``tests/core/test_layout.py``
    holds them to it). An app that offers a kit beyond its writes and reads names it here.
    """

    default_auto_field = "django.db.models.BigAutoField"
    public_modules: tuple[str, ...] = ("models", "selectors", "services")


def hawl_apps() -> list[HawlApp]:
    return [config for config in apps.get_app_configs() if isinstance(config, HawlApp)]


def app_modules(name: str) -> list[ModuleType]:
    """Each of Hawl's apps' module ``name``, imported, in the order of INSTALLED_APPS."""
    autodiscover_modules(name)
    found = []
    for config in hawl_apps():
        module = sys.modules.get(f"{config.name}.{name}")
        if module is not None:
            found.append(module)
    return found


def app_label_of(module_name: str) -> str:
    """The label of the installed app a module belongs to (``organisations.access`` →
    ``organisations``)."""
    config = apps.get_containing_app_config(module_name)
    if config is None:
        raise RegistryError(f"{module_name} is not part of an installed app")
    return config.label


def ordered(
    items: Iterable[T], *, name: Callable[[T], str], after: Callable[[T], Iterable[str]]
) -> list[T]:
    """Items sorted so that each comes after those it names; otherwise in the order given."""
    pending = list(items)
    known = {name(item) for item in pending}
    for item in pending:
        missing = set(after(item)) - known
        if missing:
            raise RegistryError(f"{name(item)} comes after unknown {', '.join(sorted(missing))}")
    done: list[T] = []
    placed: set[str] = set()
    while pending:
        ready = [item for item in pending if set(after(item)) <= placed]
        if not ready:
            raise RegistryError("a cycle: " + ", ".join(sorted(name(item) for item in pending)))
        for item in ready:
            done.append(item)
            placed.add(name(item))
        pending = [item for item in pending if name(item) not in placed]
    return done
