"""Load the versioned reference data files in ``reference/``.

Each file names its ``kind``; the app that owns that kind of data registers a loader for it in its
own ``reference.py`` with ``@loader("kind", after=("other-kind",))``, naming the kinds whose data
it refers to. Later apps (INSET rules, grant formulas, Diamond 9 statements) add kinds without
touching this module, and files load in an order that respects every ``after``. Loading is
idempotent: items are matched on their codes and updated in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal

from core.registry import RegistryError, app_modules, ordered

# Sent when a load has finished (inside its transaction): caches of reference data are stale.
reference_loaded = Signal()

Loader = Callable[[dict[str, Any]], int]


class ReferenceDataError(Exception):
    """A reference file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Kind:
    name: str
    load: Loader
    after: tuple[str, ...]


_KINDS: dict[str, Kind] = {}


def loader(kind: str, *, after: tuple[str, ...] = ()) -> Callable[[Loader], Loader]:
    """Register the loader of ``kind``, loaded after the kinds it names."""

    def register(function: Loader) -> Loader:
        if kind in _KINDS and _KINDS[kind].load is not function:
            raise RegistryError(f"reference kind {kind!r} has two loaders")
        _KINDS[kind] = Kind(kind, function, tuple(after))
        return function

    return register


def loaders() -> dict[str, Loader]:
    """Every kind's loader, in the order kinds must load."""
    app_modules("reference")
    kinds = ordered(_KINDS.values(), name=lambda kind: kind.name, after=lambda kind: kind.after)
    return {kind.name: kind.load for kind in kinds}


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


@transaction.atomic
def load_all(directory: Path | None = None) -> dict[str, int]:
    """Load every file, all or nothing, kinds in dependency order. Returns items per file."""
    known = loaders()
    rank = {kind: position for position, kind in enumerate(known)}
    files = []
    for path in reference_files(directory):
        with path.open(encoding="utf-8") as handle:
            kind = (yaml.safe_load(handle) or {}).get("kind", "")
        files.append((rank.get(kind, len(rank)), path.name, path))
    written = {path.name: load_file(path, known) for _rank, _name, path in sorted(files)}
    reference_loaded.send(sender=None)
    return written


def names(value: dict[str, str] | str) -> dict[str, str]:
    """``{en: …, cy: …}`` from a file into ``name_en``/``name_cy`` keyword arguments."""
    if isinstance(value, str):
        return {"en": value, "cy": ""}
    return {"en": str(value["en"]), "cy": str(value.get("cy") or "")}
