"""Each opportunity's facet rows, written in bulk from it and its mappings."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from catalogue.models import (
    ALL_WALES,
    EVERYONE,
    Audience,
    Endorsement,
    Facet,
    Opportunity,
)


def facets_rebuild(*, ids: Iterable[int] | None = None, batch: int = 5000) -> int:
    """Write the facet rows of the given opportunities (all of them when ``ids`` is None) from
    the opportunities and their mappings, in bulk: a few queries for any number."""
    opportunities = Opportunity.objects.all()
    if ids is not None:
        ids = list(ids)
        opportunities = opportunities.filter(pk__in=ids)
    written = 0
    with transaction.atomic():
        (
            Facet.objects.all() if ids is None else Facet.objects.filter(opportunity_id__in=ids)
        ).delete()
        chosen = opportunities.values("pk")
        rows: set[tuple[int, str, str]] = set()
        for (
            pk,
            delivery,
            level,
            language,
            provider,
            region,
            endorsement,
        ) in opportunities.values_list(
            "pk",
            "delivery__code",
            "level__code",
            "language",
            "provider__code",
            "region__code",
            "endorsement",
        ):
            rows.update(
                {
                    (pk, "delivery", delivery),
                    (pk, "level", level),
                    (pk, "language", language),
                    (pk, "provider", provider),
                }
            )
            # Offered to all of Wales: a value of its own, beside the regions.
            rows.add((pk, "region", region or ALL_WALES))
            if endorsement == Endorsement.ENDORSED:
                rows.add((pk, "endorsed", "1"))
        for facet, through, column in (
            ("standard", Opportunity.standards.through, "standard__code"),
            ("priority", Opportunity.priority_areas.through, "term__code"),
            ("topic", Opportunity.topics.through, "term__code"),
        ):
            rows.update(
                (pk, facet, code)
                for pk, code in through.objects.filter(opportunity_id__in=chosen).values_list(
                    "opportunity_id", column
                )
            )
        audiences = set(
            Audience.objects.filter(opportunity_id__in=chosen).values_list(
                "opportunity_id", "role_type"
            )
        )
        rows.update((pk, "audience", code) for pk, code in audiences)
        # No role named: meant for everyone, counted and found under every role (the selectors
        # add these to each role's count and filter).
        named = {pk for pk, _code in audiences}
        rows.update(
            (pk, "audience", EVERYONE)
            for pk in opportunities.exclude(pk__in=named).values_list("pk", flat=True)
        )
        created = Facet.objects.bulk_create(
            (Facet(opportunity_id=pk, facet=facet, code=code) for pk, facet, code in sorted(rows)),
            batch_size=batch,
        )
        written = len(created)
    return written
