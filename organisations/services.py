"""Changes to organisations: keeping the dated closure of the graph in step with its links.

Links change rarely (a school opens, an LA moves region) and are read on every scoped request, so
the closure is worked out when they change, not when they are read. One link saved or deleted
(the admin, a test) recomputes the rows of everything below its child; bulk writers (reference
data, the schools import, the seed) call ``closure_rebuild`` once when they are done.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.db import transaction

from organisations.models import Organisation, OrganisationClosure, OrganisationLink

BULK_BATCH = 2000
# The closure row of an organisation with itself holds from the start of time.
SINCE_EVER = datetime.date.min

Interval = tuple[datetime.date, datetime.date | None]


class GraphCycleError(ValueError):
    """The links make an organisation its own ancestor."""


_deferred: ContextVar[bool] = ContextVar("closure_deferred", default=False)


@contextlib.contextmanager
def closure_deferred() -> Iterator[None]:
    """Write many links one by one, then rebuild the closure once, on leaving the block."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    closure_rebuild()


def closure_is_deferred() -> bool:
    return _deferred.get()


def _intersect(a: Interval, b: Interval) -> Interval | None:
    start = max(a[0], b[0])
    ends = [end for end in (a[1], b[1]) if end is not None]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None
    return start, end


def _merge(intervals: list[Interval]) -> list[Interval]:
    """Overlapping or touching stretches of time as one."""
    merged: list[Interval] = []
    for start, end in sorted(intervals, key=lambda item: item[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if start <= last_end + datetime.timedelta(days=1):
                merged[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        merged.append((start, end))
    return merged


def _below(roots: Iterable[int], children: dict[int, list[int]]) -> set[int]:
    """``roots`` and everything ever linked below them."""
    found, stack = set(roots), list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


@transaction.atomic
def closure_rebuild(*, below: Iterable[int] | None = None) -> int:
    """Recompute the closure rows of every organisation (or of ``below`` and all beneath them).

    Reads every link once; a path holds while all its links do. Returns the rows written.
    """
    parents: dict[int, list[tuple[int, Interval]]] = {}
    children: dict[int, list[int]] = {}
    for parent_id, child_id, starts_on, ends_on in OrganisationLink.objects.values_list(
        "parent_id", "child_id", "starts_on", "ends_on"
    ):
        parents.setdefault(child_id, []).append((parent_id, (starts_on, ends_on)))
        children.setdefault(parent_id, []).append(child_id)
    if below is None:
        nodes = set(Organisation.objects.values_list("pk", flat=True))
    else:
        # Only those that still exist: a deleted organisation takes its links with it.
        nodes = set(
            Organisation.objects.filter(pk__in=_below(below, children)).values_list("pk", flat=True)
        )
    memo: dict[int, dict[int, list[Interval]]] = {}
    visiting: set[int] = set()

    def ancestors(node: int) -> dict[int, list[Interval]]:
        if node in memo:
            return memo[node]
        if node in visiting:
            raise GraphCycleError(f"organisation {node} is linked below itself")
        visiting.add(node)
        found: dict[int, list[Interval]] = {node: [(SINCE_EVER, None)]}
        for parent_id, link in parents.get(node, ()):
            for ancestor, intervals in ancestors(parent_id).items():
                for interval in intervals:
                    both = _intersect(interval, link)
                    if both is not None:
                        found.setdefault(ancestor, []).append(both)
        visiting.discard(node)
        memo[node] = {ancestor: _merge(items) for ancestor, items in found.items()}
        return memo[node]

    rows = [
        OrganisationClosure(ancestor_id=ancestor, descendant_id=node, starts_on=start, ends_on=end)
        for node in sorted(nodes)
        for ancestor, intervals in ancestors(node).items()
        for start, end in intervals
    ]
    stale = OrganisationClosure.objects.all()
    if below is not None:
        stale = stale.filter(descendant_id__in=nodes)
    stale.delete()
    OrganisationClosure.objects.bulk_create(rows, batch_size=BULK_BATCH)
    return len(rows)
