"""What a provider's pages read: their offer, sessions, registers and evaluations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from catalogue.models import (
    Booking,
    BookingStatus,
    Evaluation,
    Opportunity,
    Session,
    SessionStatus,
)
from catalogue.selectors.offer import (
    audience_choices,
    managed_providers,
    with_everything,
)
from core import access
from organisations.models import Organisation
from standards.models import Term

MANAGE = "catalogue.opportunity.manage"


def managed_offer(*, user: Any, status: str = "", provider: Organisation | None = None) -> QuerySet:
    """Every opportunity the user manages, whatever its status, most recently changed first."""
    offer = access.visible(user, Opportunity.objects.all(), action=MANAGE)
    if status:
        offer = offer.filter(status=status)
    if provider is not None:
        offer = offer.filter(provider=provider)
    return offer.select_related("provider").order_by("-updated_at", "-pk")


@dataclass(frozen=True)
class OfferCounts:
    sessions: int = 0
    upcoming: int = 0
    taken: int = 0
    capacity: int = 0


def offer_counts(
    opportunities: Iterable[Opportunity], *, now: datetime.datetime | None = None
) -> dict[int, OfferCounts]:
    """Sessions (cancelled ones aside) and places taken, for a page of opportunities: one
    grouped query."""
    now = now or timezone.now()
    rows = (
        Session.objects.filter(
            opportunity_id__in=[o.pk for o in opportunities], status=SessionStatus.SCHEDULED
        )
        .values("opportunity_id")
        .annotate(
            sessions=Count("pk"),
            upcoming=Count("pk", filter=Q(starts_at__gte=now)),
            taken=Sum("taken"),
            capacity=Sum("capacity"),
        )
        .order_by()
    )
    return {
        row["opportunity_id"]: OfferCounts(
            row["sessions"], row["upcoming"], row["taken"] or 0, row["capacity"] or 0
        )
        for row in rows
    }


def _key(organisation: Organisation) -> str:
    return f"{organisation.kind}:{organisation.code}"


_COPIED = (
    "title_en", "title_cy", "summary_en", "summary_cy", "description_en", "description_cy",
    "format", "language", "approval_required", "resource_url", "status",
)  # fmt: skip


def opportunity_form_data(opportunity: Opportunity) -> dict[str, Any]:
    """An opportunity as ``OpportunityForm`` data (codes), to edit it or change its status."""
    return {
        "provider": _key(opportunity.provider),
        "audience": _key(opportunity.audience_organisation),
        **{name: getattr(opportunity, name) for name in _COPIED},
        "level": opportunity.level.code,
        "delivery": opportunity.delivery.code,
        "standards": sorted({s.code for s in opportunity.standards.all()}),
        "elements": sorted({e.code for e in opportunity.elements.all()}),
        "priority_areas": [t.code for t in opportunity.priority_areas.all()],
        "topics": [t.code for t in opportunity.topics.all()],
        "sectors": [t.code for t in opportunity.sectors.all()],
        "career_stages": [t.code for t in opportunity.career_stages.all()],
        "audiences": sorted(a.role_type for a in opportunity.audiences.all()),
        "pathway": opportunity.pathway.code if opportunity.pathway_id else "",
        "pathway_level": opportunity.pathway_level.code if opportunity.pathway_level_id else "",
        "hours": str(opportunity.hours),
        "cost": str(opportunity.cost),
        "cover_days": str(opportunity.cover_days),
    }


def editing_choices(
    *, user: Any, opportunity: Opportunity | None = None
) -> tuple[list[Organisation], list[Organisation]]:
    """Providers and audiences to offer on the form: what the user manages, and, when editing,
    the opportunity's own (a provider or region since closed stays as it is)."""
    providers = managed_providers(user=user)
    if opportunity is not None and opportunity.provider not in providers:
        providers = [opportunity.provider, *providers]
    audiences = audience_choices(providers=providers)
    if opportunity is not None and opportunity.audience_organisation not in audiences:
        audiences = [opportunity.audience_organisation, *audiences]
    return providers, audiences


def managed_opportunity_get(*, user: Any, pk: int) -> Opportunity:
    """One opportunity the user manages, with what its page shows; 404 otherwise."""
    visible = access.visible(user, Opportunity.objects.all(), action=MANAGE)
    return get_object_or_404(with_everything(visible), pk=pk)


def managed_session_get(*, user: Any, pk: int, action: str = "catalogue.session.manage") -> Session:
    """One session of an opportunity the user manages, with its meetings; 404 otherwise."""
    visible = access.visible(user, Session.objects.all(), action=action)
    return get_object_or_404(
        visible.select_related("opportunity__provider").prefetch_related("meetings"), pk=pk
    )


# People on the register: those with a confirmed place, whom register_mark can mark.
ON_REGISTER = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.ABSENT)


def session_register(*, session: Session) -> list[Booking]:
    return list(
        Booking.objects.filter(session=session, status__in=ON_REGISTER)
        .select_related("person__user", "school")
        .order_by("person__user__last_name", "person__user__first_name", "pk")
    )


def session_bookings(*, session: Session) -> list[Booking]:
    """Every booking on the session, live ones first, for the provider's export."""
    return list(
        Booking.objects.filter(session=session)
        .select_related("person__user", "school")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class RatingCount:
    rating: int
    count: int
    percent: int


@dataclass(frozen=True)
class CharacteristicCount:
    term: Term
    count: int


@dataclass(frozen=True)
class EvaluationSummary:
    count: int
    average: float | None
    ratings: list[RatingCount]
    characteristics: list[CharacteristicCount]


def _evaluations(opportunity: Opportunity | None, session: Session | None) -> QuerySet:
    if session is not None:
        return Evaluation.objects.filter(session=session)
    return Evaluation.objects.filter(opportunity=opportunity)


def evaluation_summary(
    *, opportunity: Opportunity | None = None, session: Session | None = None
) -> EvaluationSummary:
    """What people thought of an opportunity (or one session of it): how many answered, the
    average rating and each rating's count (one aggregate query), and how often each of
    Estyn's characteristics was seen (one grouped query)."""
    evaluations = _evaluations(opportunity, session)
    totals = evaluations.aggregate(
        count=Count("pk"),
        average=Avg("rating"),
        **{f"rated_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
    )
    count = totals["count"]
    through = Evaluation.characteristics.through
    seen = (
        through.objects.filter(term_id=OuterRef("pk"), evaluation__in=evaluations.values("pk"))
        .values("term_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    terms = Term.objects.filter(vocabulary__code="estyn-characteristic").annotate(
        seen=Coalesce(Subquery(seen), 0)
    )
    return EvaluationSummary(
        count=count,
        average=round(float(totals["average"]), 1) if totals["average"] is not None else None,
        ratings=[
            RatingCount(
                n, totals[f"rated_{n}"], round(100 * totals[f"rated_{n}"] / count) if count else 0
            )
            for n in range(5, 0, -1)
        ],
        characteristics=[
            CharacteristicCount(term, term.seen) for term in terms.order_by("order", "code")
        ],
    )


def evaluation_comments(
    *, opportunity: Opportunity | None = None, session: Session | None = None
) -> QuerySet:
    """The comments people left, newest first (without their names: evaluations are candid)."""
    return (
        _evaluations(opportunity, session)
        .exclude(comment="")
        .select_related("session")
        .order_by("-created_at", "-pk")
    )
