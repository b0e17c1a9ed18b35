"""The layout's rules, read from the source: what may import what, and how apps plug in.

``lint-imports`` (in ``make lint``) checks the layers; this test checks the finer rule that an
app reaches into another only through its ``models``, ``selectors`` and ``services``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

from core.registry import RegistryError, app_modules, hawl_apps, ordered


def _imports(path: Path) -> list[str]:
    """Every module a file imports (``from x import y`` counts ``x.y`` too: y may be a module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def _app_files() -> list[tuple[str, Path]]:
    base = Path(settings.BASE_DIR)
    return [
        (config.label, path)
        for config in hawl_apps()
        for path in (base / config.label).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_apps_reach_into_each_other_only_through_models_selectors_and_services():
    """…and the few further modules an app names as public (``HawlApp.public_modules``)."""
    public = {config.label: set(config.public_modules) for config in hawl_apps()}
    apps = set(public) - {"core"}
    wrong = []
    for label, path in _app_files():
        for name in _imports(path):
            parts = name.split(".")
            into_config = parts[0] == "config"
            core_into_app = label == "core" and parts[0] in apps
            # ``other_app.module``: only its public modules (models, selectors, services).
            past_the_front = (
                parts[0] in apps - {label} and len(parts) == 2 and parts[1] not in public[parts[0]]
            )
            if into_config or core_into_app or past_the_front:
                wrong.append(f"{path.relative_to(settings.BASE_DIR)} imports {name}")
    assert wrong == []


def test_only_models_selectors_and_services_are_public_unless_an_app_says_otherwise():
    widened = {
        config.label: set(config.public_modules) - {"models", "selectors", "services"}
        for config in hawl_apps()
    }
    assert {label: extra for label, extra in widened.items() if extra} == {
        "notifications": {"calendar", "signals"}
    }


def test_each_app_plugs_in_by_its_modules():
    labels = {module.__name__ for module in app_modules("urls")}
    assert {"core.urls", "organisations.urls", "people.urls"} <= labels
    assert "django.contrib.auth.urls" not in labels  # only Hawl's own apps are mounted


def test_ordering_follows_what_each_item_comes_after():
    items = [("people", ("organisations",)), ("organisations", ()), ("catalogue", ("people",))]
    done = ordered(items, name=lambda item: item[0], after=lambda item: item[1])
    assert [name for name, _after in done] == ["organisations", "people", "catalogue"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("a", ("b",)), ("b", ("a",))], "a cycle"),
        ([("a", ("nowhere",))], "unknown"),
    ],
)
def test_ordering_refuses_cycles_and_unknown_names(items, message):
    with pytest.raises(RegistryError, match=message):
        ordered(items, name=lambda item: item[0], after=lambda item: item[1])
