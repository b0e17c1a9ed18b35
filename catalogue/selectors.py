"""Reads of the catalogue: finding the offer with facets, one opportunity, sessions, bookings.

Everything a user reads goes through ``core.access.visible``; listing pages fetch a page of ids
first and then only that page's rows with what they show, so the number of queries is the same
for the demo and for all of Wales.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from catalogue.models import (
    LIVE,
    Booking,
    BookingStatus,
    DeliveryLanguage,
    Endorsement,
    Evaluation,
    Opportunity,
    Session,
    SessionStatus,
    Status,
)
from core import access
from core.i18n import current_language
from organisations.models import Organisation, OrganisationKind
from standards.models import Standard, Term


class PageFirstQuerySet(QuerySet):
    """Slicing fetches the page's ids first (one narrow query over the filtered, ordered rows),
    then the page's rows by id, so annotations and joins run for one page, not for Wales."""

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice) and k.step is None and (k.start or k.stop is not None):
            ids = list(super(PageFirstQuerySet, self.values_list("pk", flat=True)).__getitem__(k))
            rows = {row.pk: row for row in self.model._default_manager.filter(pk__in=ids)}
            return [rows[pk] for pk in ids if pk in rows]
        return super().__getitem__(k)


SORTS = ("relevance", "soonest", "newest", "title")


@dataclass(frozen=True)
class OfferFilters:
    q: str = ""
    standard: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    delivery: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    provider: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    endorsed: bool = False
    places: bool = False
    starts_from: datetime.date | None = None
    starts_to: datetime.date | None = None
    sort: str = ""

    @property
    def any(self) -> bool:
        return any(
            getattr(self, name) for name in self.__dataclass_fields__ if name not in ("sort",)
        )


def _open_sessions(now: datetime.datetime) -> QuerySet:
    return Session.objects.filter(
        opportunity=OuterRef("pk"), status=SessionStatus.SCHEDULED, booking_deadline__gte=now
    )


def _matching(offer: QuerySet, q: str) -> QuerySet:
    """Words in either language's title or summary (full-text search replaces this)."""
    for word in q.split()[:10]:
        offer = offer.filter(
            Q(title_en__icontains=word)
            | Q(title_cy__icontains=word)
            | Q(summary_en__icontains=word)
            | Q(summary_cy__icontains=word)
        )
    return offer.annotate(search_rank=Value(0))


def _filtered(user: Any, filters: OfferFilters, now: datetime.datetime) -> QuerySet:
    offer = access.visible(user, Opportunity.objects.all(), action="catalogue.opportunity.view")
    # The catalogue lists what people can take part in: published, or coming soon.
    offer = offer.filter(status__in=(Status.PUBLISHED, Status.IN_DEVELOPMENT))
    if filters.q:
        offer = _matching(offer, filters.q)
    for codes, condition in (
        (filters.standard, "standards__code__in"),
        (filters.priority, "priority_areas__code__in"),
        (filters.topic, "topics__code__in"),
        (filters.audience, "audiences__role_type__in"),
    ):
        if codes:
            # A subquery, not a join: an opportunity mapped to two of the codes counts once.
            offer = offer.filter(
                pk__in=Opportunity.objects.filter(**{condition: codes}).values("pk")
            )
    if filters.delivery:
        offer = offer.filter(delivery__code__in=filters.delivery)
    if filters.language:
        offer = offer.filter(language__in=filters.language)
    if filters.level:
        offer = offer.filter(level__code__in=filters.level)
    if filters.provider:
        offer = offer.filter(provider__code__in=filters.provider)
    if filters.region:
        offer = offer.filter(region__code__in=filters.region)
    if filters.endorsed:
        offer = offer.filter(endorsement=Endorsement.ENDORSED)
    sessions = _open_sessions(now)
    if filters.starts_from:
        sessions = sessions.filter(starts_at__date__gte=filters.starts_from)
    if filters.starts_to:
        sessions = sessions.filter(starts_at__date__lte=filters.starts_to)
    if filters.places:
        sessions = sessions.filter(taken__lt=F("capacity"))
    if filters.starts_from or filters.starts_to or filters.places:
        offer = offer.filter(Exists(sessions))
    return offer


def _ordered(offer: QuerySet, filters: OfferFilters, now: datetime.datetime) -> QuerySet:
    sort = filters.sort if filters.sort in SORTS else ("relevance" if filters.q else "soonest")
    if sort == "relevance" and filters.q:
        return offer.order_by("-search_rank", "pk")
    if sort == "newest":
        return offer.order_by(F("published_at").desc(nulls_last=True), "-pk")
    if sort == "title":
        return offer.order_by(f"title_{current_language()}", "pk")
    soonest = Subquery(_open_sessions(now).order_by("starts_at").values("starts_at")[:1])
    return offer.annotate(next_starts_at=soonest).order_by(
        F("next_starts_at").asc(nulls_last=True), "pk"
    )


def offer_list(
    *, user: Any, filters: OfferFilters, now: datetime.datetime | None = None
) -> QuerySet:
    """What the user may see of the offer, filtered and sorted; slice it for a page."""
    now = now or timezone.now()
    offer = _ordered(_filtered(user, filters, now), filters, now)
    return _page_first(offer)


def _page_first(queryset: QuerySet) -> QuerySet:
    clone = queryset._chain()
    clone.__class__ = PageFirstQuerySet
    return clone


def with_listing(
    opportunities: Iterable[Opportunity], *, now: datetime.datetime | None = None
) -> list[Opportunity]:
    """Fill in what a listing shows for one page of opportunities, in a fixed number of queries:
    provider, level, delivery, standards, priority areas and the next open session."""
    now = now or timezone.now()
    rows = list(opportunities)
    ids = [row.pk for row in rows]
    if not ids:
        return rows
    full = {
        row.pk: row
        for row in Opportunity.objects.filter(pk__in=ids)
        .select_related("provider", "level", "delivery", "region", "pathway", "pathway_level")
        .prefetch_related(
            Prefetch("standards", queryset=Standard.objects.order_by("order")),
            Prefetch("priority_areas", queryset=Term.objects.order_by("order")),
            Prefetch("topics", queryset=Term.objects.order_by("order")),
        )
    }
    upcoming = (
        Session.objects.filter(
            opportunity_id__in=ids, status=SessionStatus.SCHEDULED, booking_deadline__gte=now
        )
        .values("opportunity_id")
        .annotate(
            next_starts_at=Min("starts_at"),
            sessions=Count("pk"),
            places=Sum(F("capacity") - F("taken")),
        )
    )
    by_opportunity = {row["opportunity_id"]: row for row in upcoming}
    result = []
    for pk in ids:
        row = full[pk]
        stats = by_opportunity.get(pk, {})
        row.next_starts_at = stats.get("next_starts_at")
        row.open_sessions = stats.get("sessions", 0)
        row.places_left = stats.get("places", 0) or 0
        row.standard_codes = sorted({s.code for s in row.standards.all()}, key=_standard_order)
        result.append(row)
    return result


_STANDARD_ORDER = ("pedagogy", "collaboration", "professional-learning", "innovation", "leadership")


def _standard_order(code: str) -> tuple[int, str]:
    return (_STANDARD_ORDER.index(code) if code in _STANDARD_ORDER else 99, code)


# Facets.


@dataclass
class FacetValue:
    code: str
    label: Any
    count: int


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)


def _term_labels(vocabulary: str) -> dict[str, Term]:
    return {t.code: t for t in Term.objects.filter(vocabulary__code=vocabulary).order_by("order")}


def offer_facets(
    *, user: Any, filters: OfferFilters, now: datetime.datetime | None = None
) -> list[Facet]:
    """Counts of the filtered offer by each facet (one grouped query a facet)."""
    now = now or timezone.now()
    ids = _filtered(user, filters, now).order_by().values("pk")
    facets: list[Facet] = []

    standards = (
        Standard.objects.filter(opportunities__in=ids)
        .values("code")
        .annotate(count=Count("opportunities", distinct=True))
    )
    names = {}
    for standard in Standard.objects.order_by("-framework__starts_on", "order"):
        names.setdefault(standard.code, standard)
    facets.append(
        Facet(
            "standard",
            sorted(
                (FacetValue(r["code"], names[r["code"]].name, r["count"]) for r in standards),
                key=lambda v: _standard_order(v.code),
            ),
        )
    )
    for name, relation, vocabulary in (
        ("priority", "opportunities_by_priority", "priority-area"),
        ("topic", "opportunities_by_topic", "topic"),
    ):
        terms = _term_labels(vocabulary)
        counts = dict(
            Term.objects.filter(vocabulary__code=vocabulary, **{f"{relation}__in": ids})
            .values_list("code")
            .annotate(count=Count(relation, distinct=True))
        )
        facets.append(
            Facet(
                name,
                [
                    FacetValue(code, term.name, counts[code])
                    for code, term in terms.items()
                    if code in counts
                ],
            )
        )
    base = Opportunity.objects.filter(pk__in=ids)
    for name, column, vocabulary in (
        ("delivery", "delivery__code", "delivery-method"),
        ("level", "level__code", "provision-level"),
    ):
        terms = _term_labels(vocabulary)
        counts = dict(base.values_list(column).annotate(count=Count("pk")).order_by())
        facets.append(
            Facet(
                name,
                [
                    FacetValue(code, term.name, counts[code])
                    for code, term in terms.items()
                    if code in counts
                ],
            )
        )
    languages = dict(base.values_list("language").annotate(count=Count("pk")).order_by())
    facets.append(
        Facet(
            "language",
            [
                FacetValue(code, label, languages[code])
                for code, label in DeliveryLanguage.choices
                if code in languages
            ],
        )
    )
    for name, column in (("provider", "provider"), ("region", "region")):
        counts = base.values(f"{column}__code").annotate(count=Count("pk")).order_by()
        orgs = {o.code: o for o in Organisation.objects.filter(pk__in=base.values(f"{column}_id"))}
        values = [
            FacetValue(row[f"{column}__code"], orgs[row[f"{column}__code"]].name, row["count"])
            for row in counts
            if row[f"{column}__code"] in orgs
        ]
        facets.append(Facet(name, sorted(values, key=lambda v: str(v.label))))
    endorsed = base.filter(endorsement=Endorsement.ENDORSED).count()
    facets.append(Facet("endorsed", [FacetValue("1", Endorsement.ENDORSED.label, endorsed)]))
    with_places = base.filter(Exists(_open_sessions(now).filter(taken__lt=F("capacity")))).count()
    facets.append(Facet("places", [FacetValue("1", "", with_places)]))
    return facets


# One opportunity, its sessions, bookings.


def opportunity_get(
    *, user: Any, pk: int, action: str = "catalogue.opportunity.view"
) -> Opportunity:
    visible = access.visible(user, Opportunity.objects.all(), action=action)
    return get_object_or_404(
        visible.select_related("provider", "audience_organisation", "level", "delivery", "region"),
        pk=pk,
    )


def session_get(*, user: Any, pk: int, action: str = "catalogue.session.view") -> Session:
    visible = access.visible(user, Session.objects.all(), action=action)
    return get_object_or_404(visible.select_related("opportunity"), pk=pk)


def booking_get(*, user: Any, pk: int, action: str = "catalogue.booking.view") -> Booking:
    visible = access.visible(user, Booking.objects.all(), action=action)
    return get_object_or_404(
        visible.select_related("session__opportunity", "person__user", "school"), pk=pk
    )


def sessions_of(*, opportunity: Opportunity) -> list[Session]:
    return list(opportunity.sessions.order_by("starts_at").prefetch_related("meetings"))


def bookings_of_person(*, person: Any, sessions: Iterable[Session]) -> dict[int, Booking]:
    """The person's live bookings on ``sessions``, by session id."""
    return {
        booking.session_id: booking
        for booking in Booking.objects.filter(
            person=person, session__in=list(sessions), status__in=LIVE
        )
    }


def session_counts(session: Session) -> dict[str, int]:
    booked = session.bookings.filter(
        status__in=(BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.ABSENT)
    ).count()
    return {
        "capacity": session.capacity,
        "booked": booked,
        "taken": session.taken,
        "waitlisted": session.waitlisted,
    }


# Choices for those who publish.

_PUBLISHING_KINDS = (
    OrganisationKind.PROVIDER,
    OrganisationKind.NATION,
    OrganisationKind.REGION,
    OrganisationKind.LOCAL_AUTHORITY,
)


def managed_providers(*, user: Any, day: datetime.date | None = None) -> list[Organisation]:
    """The organisations whose offer the user manages (everyone's but schools' and clusters',
    for national officers and platform administrators)."""
    day = day or access.today()
    roots = access.reach(user, on=day).roots(access.roles_for("catalogue.opportunity.manage"))
    organisations = Organisation.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
    if roots is None:
        organisations = organisations.filter(kind__in=_PUBLISHING_KINDS)
    else:
        organisations = organisations.filter(pk__in=roots)
    return sorted(
        organisations,
        key=lambda o: (
            _PUBLISHING_KINDS.index(o.kind) if o.kind in _PUBLISHING_KINDS else 9,
            str(o.name),
        ),
    )


def audience_choices(
    *, providers: Iterable[Organisation], day: datetime.date | None = None
) -> list[Organisation]:
    """Where an offer can be made: all of Wales, a region, a local authority, or the
    provider's own cluster or school."""
    day = day or access.today()
    wide = Organisation.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=day),
        kind__in=(
            OrganisationKind.NATION,
            OrganisationKind.REGION,
            OrganisationKind.LOCAL_AUTHORITY,
        ),
    )
    own = [o for o in providers if o.kind in (OrganisationKind.CLUSTER, OrganisationKind.SCHOOL)]
    order = (OrganisationKind.NATION, OrganisationKind.REGION, OrganisationKind.LOCAL_AUTHORITY)
    listed = sorted(wide, key=lambda o: (order.index(o.kind), str(o.name)))
    return listed + own


def session_visible_to(*, user: Any, session: Session) -> bool:
    return access.visible(user, Session.objects.filter(pk=session.pk)).exists()


def sees_online_link(*, user: Any, session: Session) -> bool:
    """Only people with a place, and those who run the session, see where it meets online."""
    if not session.online_url:
        return False
    if Booking.objects.filter(
        session=session,
        person__user=user,
        status__in=(BookingStatus.BOOKED, BookingStatus.ATTENDED),
    ).exists():
        return True
    return access.can(user, "catalogue.session.manage", session)


# Provider pages.

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
    return get_object_or_404(
        visible.select_related(
            "provider",
            "audience_organisation",
            "level",
            "delivery",
            "region",
            "pathway",
            "pathway_level",
        ).prefetch_related(
            Prefetch("standards", queryset=Standard.objects.order_by("order", "code")),
            Prefetch("priority_areas", queryset=Term.objects.order_by("order")),
            Prefetch("topics", queryset=Term.objects.order_by("order")),
            "audiences",
        ),
        pk=pk,
    )


def managed_sessions(*, opportunity: Opportunity) -> list[Session]:
    return list(opportunity.sessions.order_by("starts_at", "pk").prefetch_related("meetings"))


def managed_session_get(*, user: Any, pk: int, action: str = "catalogue.session.manage") -> Session:
    """One session of an opportunity the user manages, with its meetings; 404 otherwise."""
    visible = access.visible(user, Session.objects.all(), action=action)
    return get_object_or_404(
        visible.select_related("opportunity__provider").prefetch_related("meetings"), pk=pk
    )


def booking_counts(session: Session) -> dict[str, int]:
    """The session's bookings by status: one grouped query."""
    counts = dict(
        Booking.objects.filter(session=session)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in BookingStatus.values}


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
