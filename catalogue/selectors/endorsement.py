"""National endorsement: submissions, the panel's queue."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from catalogue.models import (
    Opportunity,
    Review,
    Submission,
)
from core import access


def submissions_of(*, opportunity: Opportunity) -> list[Any]:
    return list(
        Submission.objects.filter(opportunity=opportunity)
        .select_related("criteria", "decided_by")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("criterion", "reviewer").order_by(
                    "criterion__order", "reviewer_id"
                ),
            )
        )
        .order_by("-submitted_at")
    )


def panel_queue(*, user: Any) -> QuerySet:
    """Submissions waiting for the panel, oldest first, with how many reviews each has."""
    opportunities = access.visible(
        user, Opportunity.objects.all(), action="catalogue.opportunity.endorse"
    )
    return (
        Submission.objects.filter(decision="", opportunity__in=opportunities)
        .select_related("opportunity__provider")
        .annotate(reviews_count=Count("reviews__reviewer", distinct=True))
        .order_by("submitted_at", "pk")
    )


def submission_get(*, user: Any, pk: int) -> Any:
    opportunities = access.visible(
        user, Opportunity.objects.all(), action="catalogue.opportunity.endorse"
    )
    return get_object_or_404(
        Submission.objects.filter(opportunity__in=opportunities).select_related(
            "opportunity__provider", "criteria", "submitted_by"
        ),
        pk=pk,
    )
