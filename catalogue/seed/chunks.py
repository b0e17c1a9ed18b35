"""Bulk inserts a chunk at a time, so that the seed never holds more than about ``CHUNK`` rows
waiting to be inserted, whatever the scale (a million bookings at Wales scale)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from django.db.models import Model

from core.seeding import BATCH, SeedContext

# Rows held before they are inserted. Tests make it small to cross chunk boundaries.
CHUNK = 10_000

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Inserts:
    """Rows of a few models waiting to be inserted, inserted in the order the models are named
    (so a row's foreign key to a row named before it is set by then) and counted for the log.

    A row may refer to an object not inserted yet: Django takes its primary key at the insert.
    """

    def __init__(self, context: SeedContext, kinds: dict[type[Model], str]) -> None:
        self.context = context
        self.labels = kinds
        self.waiting: dict[type[Model], list[Any]] = {model: [] for model in kinds}
        self.counts = dict.fromkeys(kinds, 0)

    def add(self, model: type[Model], rows: Iterable[Any]) -> None:
        self.waiting[model].extend(rows)

    @property
    def full(self) -> bool:
        return sum(len(rows) for rows in self.waiting.values()) >= CHUNK

    def flush(self) -> None:
        """Insert what waits (primary keys set on the rows)."""
        for model, rows in self.waiting.items():
            if rows:
                self.counts[model] += len(model.objects.bulk_create(rows, batch_size=BATCH))
                self.waiting[model] = []

    def done(self) -> None:
        """Insert the rest and log how many of each were inserted."""
        self.flush()
        for model, label in self.labels.items():
            self.context.log(f"  {label}: {self.counts[model]:,}")


def insert_all(
    context: SeedContext, model: type[Model], rows: Iterable[Any], label: str
) -> array[int]:
    """Insert ``rows`` (best drawn lazily) ``CHUNK`` at a time and log how many; returns their
    primary keys, in order, as plain numbers."""
    keys: array[int] = array("q")
    for chunk in batched(rows, CHUNK):
        keys.extend(row.pk for row in model.objects.bulk_create(chunk, batch_size=BATCH))
    context.log(f"  {label}: {len(keys):,}")
    return keys
