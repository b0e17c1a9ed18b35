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
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from catalogue.models import (
    LIVE,
    Audience,
    Booking,
    BookingStatus,
    DeliveryLanguage,
    Endorsement,
    Opportunity,
    Review,
    Session,
    SessionStatus,
    Status,
    Submission,
)
from catalogue.models import Facet as FacetRow
from core import access, search
from core.i18n import current_language
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import below
from people.models import Employment, RoleType
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
    """Every word in either language's title, summary or description (``core.search``: FTS5 on
    SQLite, full text on PostgreSQL), annotated ``search_rank``."""
    return search.matching(offer, q)


def _filtered(user: Any, filters: OfferFilters, now: datetime.datetime) -> QuerySet:
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
            # One indexed subquery a facet: an opportunity with two of the codes counts once.
            offer = offer.filter(
                pk__in=FacetRow.objects.filter(facet=facet, code__in=codes).values("opportunity_id")
            )
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
    """Counts of the filtered offer by every facet: one grouped query over the facet rows, one
    for places left, and the labels (cached reference data)."""
    now = now or timezone.now()
    filtered = _filtered(user, filters, now)
    counts: dict[str, dict[str, int]] = {}
    for facet, code, count in (
        FacetRow.objects.filter(opportunity__in=filtered.order_by().values("pk"))
        .values_list("facet", "code")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts.setdefault(facet, {})[code] = count
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
        values = [FacetValue(code, names.get(code, code), count) for code, count in found.items()]
        facets.append(Facet(name, sorted(values, key=lambda v: str(v.label))))
    facets.append(
        Facet(
            "endorsed",
            [FacetValue("1", Endorsement.ENDORSED.label, counts.get("endorsed", {}).get("1", 0))],
        )
    )
    with_places = filtered.filter(
        Exists(_open_sessions(now).filter(taken__lt=F("capacity")))
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
        "standard": sorted(standards.items(), key=lambda item: _standard_order(item[0])),
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


# School leaders' view.


def school_requests(*, user: Any, school: Organisation) -> QuerySet:
    """Requests from the school's staff waiting for a leader's decision, oldest first."""
    return (
        access.visible(user, Booking.objects.all(), action="catalogue.booking.approve")
        .filter(school=school, status=BookingStatus.REQUESTED)
        .select_related("person__user", "session__opportunity__provider")
        .order_by("created_at", "pk")
    )


def school_bookings(
    *, user: Any, school: Organisation, status: str = "", since: datetime.date | None = None
) -> QuerySet:
    """Bookings made through the school, newest session first."""
    bookings = access.visible(user, Booking.objects.all(), action="catalogue.booking.oversee")
    bookings = bookings.filter(school=school)
    if status:
        bookings = bookings.filter(status=status)
    if since:
        bookings = bookings.filter(session__starts_at__date__gte=since)
    return bookings.select_related("person__user", "session__opportunity").order_by(
        "-session__starts_at", "pk"
    )


def academic_year_of(day: datetime.date) -> int:
    """The calendar year an academic year (September to August) starts in."""
    return day.year if day.month >= 9 else day.year - 1


# Terms by month until the INSET work brings each local authority's term dates as data:
# autumn September to December, spring January to April, summer May to August.
TERMS = (("autumn", (9, 10, 11, 12)), ("spring", (1, 2, 3, 4)), ("summer", (5, 6, 7, 8)))


@dataclass
class TermFigures:
    term: str
    bookings: int = 0
    requested: int = 0
    attended: int = 0
    absent: int = 0
    cover_days: Any = 0
    cost: Any = 0


def school_learning_by_term(*, user: Any, school: Organisation, year: int) -> list[TermFigures]:
    """The school's staff bookings, attendance, cover and cost by term of one academic year:
    one grouped query."""
    start = datetime.date(year, 9, 1)
    end = datetime.date(year + 1, 8, 31)
    rows = (
        access.visible(user, Booking.objects.all(), action="catalogue.booking.oversee")
        .filter(
            school=school,
            session__starts_at__date__gte=start,
            session__starts_at__date__lte=end,
            status__in=(*HOLDS_PLACE_STATUSES,),
        )
        .values("session__starts_at__month", "status")
        .annotate(count=Count("pk"), cover=Sum("cover_days"), cost=Sum("cost"))
        .order_by()
    )
    figures = {name: TermFigures(name) for name, _months in TERMS}
    month_term = {month: name for name, months in TERMS for month in months}
    for row in rows:
        item = figures[month_term[row["session__starts_at__month"]]]
        item.bookings += row["count"]
        if row["status"] == BookingStatus.REQUESTED:
            item.requested += row["count"]
        elif row["status"] == BookingStatus.ATTENDED:
            item.attended += row["count"]
        elif row["status"] == BookingStatus.ABSENT:
            item.absent += row["count"]
        if row["status"] != BookingStatus.ABSENT:
            item.cover_days += row["cover"] or 0
            item.cost += row["cost"] or 0
    return list(figures.values())


HOLDS_PLACE_STATUSES = (
    BookingStatus.REQUESTED,
    BookingStatus.BOOKED,
    BookingStatus.OFFERED,
    BookingStatus.ATTENDED,
    BookingStatus.ABSENT,
)


def bookable_staff(
    *, user: Any, school: Organisation, day: datetime.date | None = None
) -> list[Any]:
    """The school's staff a leader may book onto sessions, by name."""
    day = day or access.today()
    employments = (
        access.visible(user, Employment.objects.on(day), action="catalogue.booking.book_staff")
        .filter(school=school)
        .select_related("person__user")
        .order_by("person__user__last_name", "person__user__first_name", "pk")
    )
    seen: dict[int, Any] = {}
    for employment in employments:
        seen.setdefault(employment.person_id, employment.person)
    return list(seen.values())


def led_schools(*, user: Any, action: str, day: datetime.date | None = None) -> list[Organisation]:
    """Schools where the user holds ``action`` through a grant on the school itself."""
    day = day or access.today()
    roots = access.reach(user, on=day).roots(access.roles_for(action))
    if roots is None:
        return []
    return list(
        Organisation.objects.filter(pk__in=roots, kind=OrganisationKind.SCHOOL).order_by("name_en")
    )


def holds_at(*, user: Any, action: str, organisation: Organisation) -> bool:
    """The user holds ``action`` on ``organisation`` (granted on it or above it)."""
    reach = access.reach(user)
    roots = reach.roots(access.roles_for(action))
    if roots is None:
        return True
    return below(roots, reach.day).filter(descendant_id=organisation.pk).exists()


# The offer as officers see it: the mapping matrix and its gaps.


@dataclass
class Figures:
    opportunities: int = 0
    places: int = 0
    welsh: int = 0  # delivered in Welsh or bilingually
    assistants: int = 0  # meant for teaching assistants

    def add(self, places: int, welsh: bool, assistants: bool) -> None:
        self.opportunities += 1
        self.places += places
        self.welsh += welsh
        self.assistants += assistants


@dataclass
class OfferMatrix:
    standards: list[tuple[str, Any]]
    priorities: list[tuple[str, Any]]
    # (standard code, priority code or "") → figures; "" is "no priority area".
    cells: dict[tuple[str, str], Figures]
    by_region: list[tuple[Any, Figures]]
    by_language: list[tuple[Any, Figures]]
    total: Figures


def offer_matrix(
    *, user: Any, region: str = "", now: datetime.datetime | None = None
) -> OfferMatrix:
    """Listed opportunities and their open places by standard × priority area, by region and
    by language of delivery: a fixed number of queries, summed here."""
    now = now or timezone.now()
    offer = access.visible(user, Opportunity.objects.all(), action="catalogue.offer.report")
    offer = offer.filter(status__in=(Status.PUBLISHED, Status.IN_DEVELOPMENT))
    if region:
        # A region's offer: what is offered in it, and what is offered to all of Wales.
        offer = offer.filter(Q(region__code=region) | Q(region__isnull=True))
    ids = offer.values("pk")
    rows = list(offer.values_list("pk", "language", "region_id"))
    places = dict(
        Session.objects.filter(
            opportunity__in=ids, status=SessionStatus.SCHEDULED, starts_at__gte=now
        )
        .values_list("opportunity_id")
        .annotate(places=Sum(F("capacity") - F("taken")))
        .order_by()
    )
    standards_of: dict[int, set[str]] = {}
    for pk, code in Opportunity.standards.through.objects.filter(
        opportunity_id__in=ids
    ).values_list("opportunity_id", "standard__code"):
        standards_of.setdefault(pk, set()).add(code)
    priorities_of: dict[int, set[str]] = {}
    for pk, code in Opportunity.priority_areas.through.objects.filter(
        opportunity_id__in=ids
    ).values_list("opportunity_id", "term__code"):
        priorities_of.setdefault(pk, set()).add(code)
    for_assistants = set(
        Audience.objects.filter(
            opportunity_id__in=ids, role_type__in=(RoleType.TEACHING_ASSISTANT, RoleType.HLTA)
        ).values_list("opportunity_id", flat=True)
    )
    standard_names = {}
    for standard in Standard.objects.order_by("-framework__starts_on", "order"):
        standard_names.setdefault(standard.code, standard.name)
    standards = sorted(standard_names.items(), key=lambda item: _standard_order(item[0]))
    priorities = [(t.code, t.name) for t in _term_labels("priority-area").values()]
    cells = {(s, p): Figures() for s, _n in standards for p in [*(c for c, _ in priorities), ""]}
    regions = {o.pk: o for o in Organisation.objects.filter(kind=OrganisationKind.REGION)}
    by_region: dict[int | None, Figures] = {}
    by_language: dict[str, Figures] = {code: Figures() for code, _label in DeliveryLanguage.choices}
    total = Figures()
    for pk, language, region_id in rows:
        open_places = places.get(pk, 0) or 0
        welsh = language in (DeliveryLanguage.WELSH, DeliveryLanguage.BILINGUAL)
        assistants = pk in for_assistants
        total.add(open_places, welsh, assistants)
        by_region.setdefault(region_id, Figures()).add(open_places, welsh, assistants)
        by_language[language].add(open_places, welsh, assistants)
        for standard in standards_of.get(pk, ()):
            for priority in priorities_of.get(pk) or {""}:
                if (standard, priority) in cells:
                    cells[(standard, priority)].add(open_places, welsh, assistants)
    region_rows = sorted(
        ((regions[k].name if k in regions else None, cell) for k, cell in by_region.items()),
        key=lambda item: (item[0] is None, str(item[0] or "")),
    )
    return OfferMatrix(
        standards=standards,
        priorities=priorities,
        cells=cells,
        by_region=region_rows,
        by_language=[(label, by_language[code]) for code, label in DeliveryLanguage.choices],
        total=total,
    )


@dataclass(frozen=True)
class Gap:
    standard: Any
    priority: Any
    what: str  # "provision", "welsh", "assistants"
    found: int


def offer_gaps(matrix: OfferMatrix, *, below: int = 3) -> list[Gap]:
    """The cells of the matrix with little or no provision: fewer than ``below`` opportunities
    in all, in Welsh, or for teaching assistants."""
    names = dict(matrix.standards)
    priority_names = dict(matrix.priorities)
    gaps = []
    for (standard, priority), cell in matrix.cells.items():
        if not priority:
            continue
        for what, found in (
            ("provision", cell.opportunities),
            ("welsh", cell.welsh),
            ("assistants", cell.assistants),
        ):
            if found < below:
                gaps.append(Gap(names[standard], priority_names[priority], what, found))
    order = {"provision": 0, "welsh": 1, "assistants": 2}
    return sorted(gaps, key=lambda gap: (order[gap.what], gap.found))


# Endorsement.


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
