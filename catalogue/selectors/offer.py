"""Finding the offer: filters, search, facets, listings; one opportunity, session or booking;
what a publisher may choose from."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import (
    ALL_WALES,
    EVERYONE,
    LIVE,
    Booking,
    BookingStatus,
    DeliveryLanguage,
    Endorsement,
    Opportunity,
    Session,
    SessionStatus,
    Status,
)
from catalogue.models import Facet as FacetRow
from core import access, search
from core.i18n import current_language
from organisations.models import Organisation, OrganisationKind
from people.models import RoleType
from standards.models import Element, Standard, Term


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


def open_sessions(now: datetime.datetime) -> QuerySet:
    return Session.objects.filter(
        opportunity=OuterRef("pk"), status=SessionStatus.SCHEDULED, booking_deadline__gte=now
    )


def _matching(offer: QuerySet, q: str) -> QuerySet:
    """Every word in either language's title, summary or description (``core.search``: FTS5 on
    SQLite, full text on PostgreSQL), annotated ``search_rank``."""
    return search.matching(offer, q)


def filtered_offer(user: Any, filters: OfferFilters, now: datetime.datetime) -> QuerySet:
    offer = access.visible(user, Opportunity.objects.all(), action="catalogue.opportunity.view")
    # The catalogue lists what people can take part in: published, or coming soon.
    offer = offer.filter(status__in=(Status.PUBLISHED, Status.IN_DEVELOPMENT))
    if filters.q:
        offer = _matching(offer, filters.q)
    for facet, codes in (
        ("standard", filters.standard),
        ("priority", filters.priority),
        ("topic", filters.topic),
        ("audience", filters.audience),
        ("delivery", filters.delivery),
        ("language", filters.language),
        ("level", filters.level),
        ("provider", filters.provider),
        ("region", filters.region),
    ):
        if codes:
            if facet == "audience":
                codes = (*codes, EVERYONE)  # learning for everyone is for each role
            # One indexed subquery a facet: an opportunity with two of the codes counts once.
            offer = offer.filter(
                pk__in=FacetRow.objects.filter(facet=facet, code__in=codes).values("opportunity_id")
            )
    if filters.endorsed:
        offer = offer.filter(endorsement=Endorsement.ENDORSED)
    sessions = open_sessions(now)
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
    # Kept on the opportunity (services.next_sessions_refresh): an index, not a subquery each.
    return offer.order_by(F("next_starts_at").asc(nulls_last=True), "pk")


def offer_list(
    *, user: Any, filters: OfferFilters, now: datetime.datetime | None = None
) -> QuerySet:
    """What the user may see of the offer, filtered and sorted; slice it for a page."""
    now = now or timezone.now()
    offer = _ordered(filtered_offer(user, filters, now), filters, now)
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
        .select_related(
            "provider",
            "audience_organisation",
            "level",
            "delivery",
            "region",
            "pathway",
            "pathway_level",
        )
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
        row.standard_codes = sorted({s.code for s in row.standards.all()}, key=standard_order)
        result.append(row)
    return result


_STANDARD_ORDER = ("pedagogy", "collaboration", "professional-learning", "innovation", "leadership")


def standard_order(code: str) -> tuple[int, str]:
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
    """Counts of the filtered offer by every facet: one grouped query over the facet rows, one
    for places left, and the labels (cached reference data)."""
    now = now or timezone.now()
    filtered = filtered_offer(user, filters, now)
    counts: dict[str, dict[str, int]] = {}
    for facet, code, count in (
        FacetRow.objects.filter(opportunity__in=filtered.order_by().values("pk"))
        .values_list("facet", "code")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts.setdefault(facet, {})[code] = count
    roles = counts.get("audience", {})
    everyone = roles.pop(EVERYONE, 0)
    if everyone:
        for role in RoleType.values:
            roles[role] = roles.get(role, 0) + everyone
    labels = _facet_labels()
    facets: list[Facet] = []
    for name in ("standard", "priority", "topic", "delivery", "level", "language", "audience"):
        found = counts.get(name, {})
        facets.append(
            Facet(
                name,
                [
                    FacetValue(code, label, found[code])
                    for code, label in labels[name]
                    if code in found
                ],
            )
        )
    for name in ("provider", "region"):
        found = counts.get(name, {})
        organisations = Organisation.objects.filter(code__in=list(found))
        if name == "region":
            organisations = organisations.filter(kind=OrganisationKind.REGION)
        names = {o.code: o.name for o in organisations}
        wales = found.pop(ALL_WALES, 0) if name == "region" else 0
        values = [FacetValue(code, names.get(code, code), count) for code, count in found.items()]
        values.sort(key=lambda v: str(v.label))
        if wales:
            values.insert(0, FacetValue(ALL_WALES, _("All of Wales"), wales))
        facets.append(Facet(name, values))
    facets.append(
        Facet(
            "endorsed",
            [FacetValue("1", Endorsement.ENDORSED.label, counts.get("endorsed", {}).get("1", 0))],
        )
    )
    with_places = filtered.filter(
        Exists(open_sessions(now).filter(taken__lt=F("capacity")))
    ).count()
    facets.append(Facet("places", [FacetValue("1", "", with_places)]))
    return facets


def _facet_labels() -> dict[str, list[tuple[str, Any]]]:
    """Each facet's values in their order, with their names in the active language."""
    standards: dict[str, Any] = {}
    for standard in Standard.objects.order_by("-framework__starts_on", "order"):
        standards.setdefault(standard.code, standard.name)
    terms: dict[str, list[tuple[str, Any]]] = {}
    for term in (
        Term.objects.filter(
            vocabulary__code__in=("priority-area", "topic", "delivery-method", "provision-level")
        )
        .select_related("vocabulary")
        .order_by("order")
    ):
        terms.setdefault(term.vocabulary.code, []).append((term.code, term.name))
    return {
        "standard": sorted(standards.items(), key=lambda item: standard_order(item[0])),
        "priority": terms.get("priority-area", []),
        "topic": terms.get("topic", []),
        "delivery": terms.get("delivery-method", []),
        "level": terms.get("provision-level", []),
        "language": list(DeliveryLanguage.choices),
        "audience": list(RoleType.choices),
    }


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
    return list(opportunity.sessions.order_by("starts_at", "pk").prefetch_related("meetings"))


def with_everything(opportunities: QuerySet) -> QuerySet:
    """Opportunities with every relation and mapping an opportunity's page shows."""
    return opportunities.select_related(
        "provider",
        "audience_organisation",
        "level",
        "delivery",
        "region",
        "pathway",
        "pathway_level",
    ).prefetch_related(
        Prefetch("standards", queryset=Standard.objects.order_by("order", "code")),
        Prefetch("elements", queryset=Element.objects.select_related("standard").order_by("order")),
        Prefetch("priority_areas", queryset=Term.objects.order_by("order")),
        Prefetch("topics", queryset=Term.objects.order_by("order")),
        Prefetch("sectors", queryset=Term.objects.order_by("order")),
        Prefetch("career_stages", queryset=Term.objects.order_by("order")),
        "audiences",
    )


def bookings_of_person(*, person: Any, sessions: Iterable[Session]) -> dict[int, Booking]:
    """The person's live bookings on ``sessions``, by session id."""
    return {
        booking.session_id: booking
        for booking in Booking.objects.filter(
            person=person, session__in=list(sessions), status__in=LIVE
        )
    }


def booking_counts(session: Session) -> dict[str, int]:
    """The session's bookings by status: one grouped query."""
    counts = dict(
        Booking.objects.filter(session=session)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in BookingStatus.values}


def session_counts(session: Session) -> dict[str, int]:
    counts = booking_counts(session)
    return {
        "capacity": session.capacity,
        "booked": sum(
            counts[status]
            for status in (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.ABSENT)
        ),
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
