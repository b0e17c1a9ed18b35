"""Load the versioned reference data files in ``reference/``.

Each file names its ``kind``; an app that owns that kind of data registers a loader for it in its
own ``reference.py`` (``LOADERS = {"kind": function}``), so later apps (INSET rules, grant formulas,
Diamond 9 statements) add kinds without touching this module. Loading is idempotent: items are
matched on their codes and updated in place.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.conf import settings
from django.db import transaction

Loader = Callable[[dict[str, Any]], int]


class ReferenceDataError(Exception):
    """A reference file is malformed; the message names the file and the problem."""


def loaders() -> dict[str, Loader]:
    found: dict[str, Loader] = {}
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.reference")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.reference":
                raise
            continue
        found.update(getattr(module, "LOADERS", {}))
    return found


def reference_files(directory: Path | None = None) -> list[Path]:
    directory = directory or settings.BASE_DIR / "reference"
    return sorted(directory.glob("*.yaml"))


def load_file(path: Path, known: dict[str, Loader] | None = None) -> int:
    known = known if known is not None else loaders()
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "kind" not in data:
        raise ReferenceDataError(f"{path.name}: no 'kind' at the top of the file")
    loader = known.get(data["kind"])
    if loader is None:
        raise ReferenceDataError(f"{path.name}: no loader for kind {data['kind']!r}")
    try:
        return loader(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ReferenceDataError(f"{path.name}: {error!r}") from error


# Organisations must exist before anything that names them; vocabularies before schools.
KIND_ORDER = ["vocabularies", "organisations", "framework"]


@transaction.atomic
def load_all(directory: Path | None = None) -> dict[str, int]:
    """Load every file, all or nothing. Returns items written per file."""
    known = loaders()
    files = reference_files(directory)

    def order(path: Path) -> tuple[int, str]:
        with path.open(encoding="utf-8") as handle:
            kind = (yaml.safe_load(handle) or {}).get("kind", "")
        rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
        return rank, path.name

    return {path.name: load_file(path, known) for path in sorted(files, key=order)}


def names(value: dict[str, str] | str) -> dict[str, str]:
    """``{en: …, cy: …}`` from a file into ``name_en``/``name_cy`` keyword arguments."""
    if isinstance(value, str):
        return {"en": value, "cy": ""}
    return {"en": str(value["en"]), "cy": str(value.get("cy") or "")}
