"""Reads of the catalogue: finding the offer with facets, one opportunity, sessions, bookings.

Everything a user reads goes through ``core.access.visible``; listing pages fetch a page of ids
first and then only that page's rows with what they show, so the number of queries is the same
for the demo and for all of Wales.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    LIVE,
    Audience,
    Booking,
    BookingStatus,
    DeliveryLanguage,
    Endorsement,
    Enrolment,
    Evaluation,
    Format,
    Interest,
    LearningRecord,
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
from organisations.selectors import above, below
from people.models import Employment, Person, RoleType
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


# Find pages.
#
# What a practitioner's pages read: facets whose own choices stay open, suggestions with the
# reasons for them, one opportunity with all its page shows, and a person's own bookings.

FACETS = (
    "standard",
    "priority",
    "topic",
    "delivery",
    "language",
    "level",
    "provider",
    "region",
    "audience",
)


def _audience_facet(user: Any, filters: OfferFilters, now: datetime.datetime) -> Facet:
    ids = _filtered(user, filters, now).order_by().values("pk")
    counts = dict(
        Audience.objects.filter(opportunity__in=ids)
        .values_list("role_type")
        .annotate(count=Count("opportunity", distinct=True))
        .order_by()
    )
    return Facet(
        "audience",
        [
            FacetValue(code, label, counts[code])
            for code, label in RoleType.choices
            if code in counts
        ],
    )


def _labels_of(name: str, codes: Iterable[str]) -> dict[str, Any]:
    """Names for codes a facet did not count (ticked, but matching nothing now)."""
    codes = list(codes)
    if name == "standard":
        found: dict[str, Any] = {}
        for standard in Standard.objects.filter(code__in=codes).order_by("-framework__starts_on"):
            found.setdefault(standard.code, standard.name)
        return found
    vocabularies = {
        "priority": "priority-area",
        "topic": "topic",
        "delivery": "delivery-method",
        "level": "provision-level",
    }
    if name in vocabularies:
        terms = Term.objects.filter(vocabulary__code=vocabularies[name], code__in=codes)
        return {term.code: term.name for term in terms}
    if name in ("provider", "region"):
        return {o.code: o.name for o in Organisation.objects.filter(code__in=codes)}
    choices = dict(DeliveryLanguage.choices if name == "language" else RoleType.choices)
    return {code: choices[code] for code in codes if code in choices}


def find_facets(
    *, user: Any, filters: OfferFilters, now: datetime.datetime | None = None
) -> dict[str, Facet]:
    """The find page's facets, by name: ``offer_facets`` and the role the learning is for.

    Choices within a facet are alternatives (ticking a second language widens the results), so a
    facet with choices ticked is counted as if none of its own were: one more ``offer_facets``
    for each such facet, none when nothing is ticked. A ticked choice that matches nothing stays
    in its facet with a count of 0, so it can be unticked.
    """
    now = now or timezone.now()
    facets = {facet.name: facet for facet in offer_facets(user=user, filters=filters, now=now)}
    facets["audience"] = _audience_facet(user, filters, now)
    for name in FACETS:
        chosen = getattr(filters, name)
        if not chosen:
            continue
        relaxed = replace(filters, **{name: ()})
        if name == "audience":
            facets[name] = _audience_facet(user, relaxed, now)
        else:
            widened = offer_facets(user=user, filters=relaxed, now=now)
            facets[name] = next(facet for facet in widened if facet.name == name)
        counted = {value.code for value in facets[name].values}
        missing = [code for code in chosen if code not in counted]
        if missing:
            labels = _labels_of(name, missing)
            facets[name].values += [FacetValue(code, labels.get(code, code), 0) for code in missing]
    return facets


# Suggestions.


@dataclass
class Recommendation:
    """An opportunity suggested to a person, filled in for a listing, and why, in words."""

    opportunity: Opportunity
    reasons: list[Any]
    score: int


FocusSource = Callable[[Person, datetime.date], "dict[str, int]"]
_FOCUS_SOURCES: list[FocusSource] = []


def focus_source(source: FocusSource) -> FocusSource:
    """Register a source of the standards a person is working towards: ``(person, day) ->
    {standard code: weight}``. The learning journeys app registers its goals here (a goal's
    standards weigh more than a gap), from a module Django imports when it starts; until then
    only ``_least_covered`` speaks. Suggestions name the standard ("Maps to Pedagogy")."""
    _FOCUS_SOURCES.append(source)
    return source


@focus_source
def _least_covered(person: Person, day: datetime.date) -> dict[str, int]:
    """The standards none of the person's learning of the last three years was mapped to; none
    for someone with no learning mapped yet, when there is nothing to judge a gap by."""
    covered = set(
        Standard.objects.filter(
            pk__in=Opportunity.standards.through.objects.filter(
                opportunity_id__in=LearningRecord.objects.filter(
                    person=person,
                    completed_on__gte=day - datetime.timedelta(days=3 * 365),
                ).values("opportunity_id")
            ).values("standard_id")
        ).values_list("code", flat=True)
    )
    if not covered:
        return {}
    every = set(Standard.objects.values_list("code", flat=True))
    return dict.fromkeys(every - covered, 1)


_FOR_ROLE = {
    RoleType.TEACHER: _("For teachers"),
    RoleType.TEACHING_ASSISTANT: _("For teaching assistants"),
    RoleType.HLTA: _("For higher level teaching assistants"),
    RoleType.SUPPLY_TEACHER: _("For supply teachers"),
    RoleType.LEADER: _("For leaders"),
    RoleType.OTHER: _("For your role"),
}
_IN_YOUR_LANGUAGE = {
    DeliveryLanguage.WELSH: _("In Welsh, your preferred language"),
    DeliveryLanguage.ENGLISH: _("In English, your preferred language"),
}

# How much each thing a suggestion is based on weighs. Every suggestion has at least one of the
# reasons it is shown with; being bilingual, or open to book or start now, only breaks ties.
WEIGHTS = {
    "role": 4,
    "sector": 3,
    "language": 2,
    "region": 2,
    "focus": 2,
    "bilingual": 1,
    "open": 1,
}


@dataclass(frozen=True)
class _Profile:
    role_type: str
    language: str
    sectors: dict[str, Any]  # code: name, of the schools the person works at
    regions: frozenset[int]
    focus: dict[str, int]


def _profile(person: Person, user: Any, day: datetime.date) -> _Profile:
    employments = list(
        Employment.objects.on(day)
        .filter(person=person)
        .select_related("school__school_profile__sector")
        .order_by("-fte", "pk")
    )
    sectors: dict[str, Any] = {}
    for employment in employments:
        profile = getattr(employment.school, "school_profile", None)
        if profile is not None:
            sectors.setdefault(profile.sector.code, profile.sector.name)
    schools = [employment.school_id for employment in employments]
    regions = frozenset(
        Organisation.objects.filter(
            kind=OrganisationKind.REGION, pk__in=above(schools, day)
        ).values_list("pk", flat=True)
        if schools
        else ()
    )
    focus: dict[str, int] = {}
    for source in _FOCUS_SOURCES:
        for code, weight in source(person, day).items():
            focus[code] = max(weight, focus.get(code, 0))
    return _Profile(person.role_type, user.preferred_language, sectors, regions, focus)


def _when(condition: Any, weight: int) -> Case:
    return Case(When(condition, then=Value(weight)), default=Value(0))


def recommended_for(
    user: Any, limit: int = 3, *, now: datetime.datetime | None = None
) -> list[Recommendation]:
    """Learning to suggest to a practitioner, best first, each with the reasons in words: for
    their role type, in their preferred language, in their region, for their schools' sectors,
    mapped to a standard they are working towards (``focus_source``). Leaves out what they
    have booked, started or taken before. One scored query over the offer they see, then the
    page's rows: the same number of queries for the demo and for Wales."""
    now = now or timezone.now()
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    if person is None:
        return []
    day = timezone.localdate(now)
    profile = _profile(person, user, day)
    offer = _filtered(user, OfferFilters(), now)
    mine = Q(opportunity=OuterRef("pk"), person=person)
    offer = offer.exclude(
        Exists(
            Booking.objects.filter(
                session__opportunity=OuterRef("pk"), person=person, status__in=LIVE
            )
        )
    ).exclude(Exists(Enrolment.objects.filter(mine)) | Exists(LearningRecord.objects.filter(mine)))
    role = _when(
        Exists(Audience.objects.filter(opportunity=OuterRef("pk"), role_type=profile.role_type)),
        WEIGHTS["role"],
    )
    sector = _when(
        Exists(
            Opportunity.sectors.through.objects.filter(
                opportunity=OuterRef("pk"), term__code__in=list(profile.sectors)
            )
        ),
        WEIGHTS["sector"] if profile.sectors else 0,
    )
    language = _when(Q(language=profile.language), WEIGHTS["language"])
    region = _when(Q(region_id__in=list(profile.regions)), WEIGHTS["region"])
    focus = Value(0)
    # The heaviest weight is tested first: it wraps the lighter ones.
    for weight in sorted(set(profile.focus.values())):
        codes = [code for code, w in profile.focus.items() if w == weight]
        mapped = Exists(
            Opportunity.standards.through.objects.filter(
                opportunity=OuterRef("pk"), standard__code__in=codes
            )
        )
        focus = Case(When(mapped, then=Value(WEIGHTS["focus"] + weight - 1)), default=focus)
    bilingual = _when(Q(language=DeliveryLanguage.BILINGUAL), WEIGHTS["bilingual"])
    open_now = _when(
        Q(status=Status.PUBLISHED) & (Q(format=Format.SELF_PACED) | Exists(_open_sessions(now))),
        WEIGHTS["open"],
    )
    soonest = Subquery(_open_sessions(now).order_by("starts_at").values("starts_at")[:1])
    scored = (
        offer.annotate(
            reasons_weight=role + sector + language + region + focus,
            tie_breaks=bilingual + open_now,
            next_starts_at=soonest,
        )
        .filter(reasons_weight__gt=0)
        .annotate(score=F("reasons_weight") + F("tie_breaks"))
        .order_by(
            "-score",
            F("next_starts_at").asc(nulls_last=True),
            F("published_at").desc(nulls_last=True),
            "pk",
        )
    )
    ranked = list(scored.values_list("pk", "score")[:limit])
    if not ranked:
        return []
    by_pk = {row.pk: row for row in with_listing(Opportunity(pk=pk) for pk, _score in ranked)}
    rows = [by_pk[pk] for pk, _score in ranked]
    prefetch_related_objects(rows, "audiences", "sectors")
    return [
        Recommendation(row, _reasons(row, profile), score)
        for row, (_pk, score) in zip(rows, ranked, strict=True)
    ]


def _reasons(opportunity: Opportunity, profile: _Profile) -> list[Any]:
    reasons: list[Any] = []
    if any(a.role_type == profile.role_type for a in opportunity.audiences.all()):
        reasons.append(_FOR_ROLE.get(profile.role_type, _FOR_ROLE[RoleType.OTHER]))
    if opportunity.language == profile.language and opportunity.language in _IN_YOUR_LANGUAGE:
        reasons.append(_IN_YOUR_LANGUAGE[opportunity.language])
    if opportunity.region_id in profile.regions:
        reasons.append(_("In your region"))
    for term in opportunity.sectors.all():
        if term.code in profile.sectors:
            reasons.append(
                _("For %(sector)s schools") % {"sector": str(profile.sectors[term.code]).lower()}
            )
            break
    focused = [
        standard for standard in unique_standards(opportunity) if standard.code in profile.focus
    ]
    if focused:
        best = max(focused, key=lambda standard: profile.focus[standard.code])
        reasons.append(_("Maps to %(standard)s") % {"standard": best.name})
    return reasons


def unique_standards(opportunity: Opportunity) -> list[Standard]:
    """The opportunity's standards, one per code (frameworks share the five codes), in order."""
    seen: dict[str, Standard] = {}
    for standard in opportunity.standards.all():
        seen.setdefault(standard.code, standard)
    return [seen[code] for code in sorted(seen, key=_standard_order)]


# One opportunity, and where the person stands with it.


def opportunity_detail(*, user: Any, pk: int) -> Opportunity:
    """An opportunity the user may see, with every mapping its page shows (404 otherwise)."""
    visible = access.visible(user, Opportunity.objects.all(), action="catalogue.opportunity.view")
    opportunity = get_object_or_404(
        visible.select_related(
            "provider",
            "audience_organisation",
            "level",
            "delivery",
            "region",
            "pathway",
            "pathway_level",
        ).prefetch_related(
            Prefetch("standards", queryset=Standard.objects.order_by("order")),
            Prefetch(
                "elements", queryset=Element.objects.select_related("standard").order_by("order")
            ),
            Prefetch("priority_areas", queryset=Term.objects.order_by("order")),
            Prefetch("topics", queryset=Term.objects.order_by("order")),
            Prefetch("sectors", queryset=Term.objects.order_by("order")),
            Prefetch("career_stages", queryset=Term.objects.order_by("order")),
            "audiences",
        ),
        pk=pk,
    )
    opportunity.unique_standards = unique_standards(opportunity)
    return opportunity


@dataclass
class LearnerState:
    """Where a person stands with one opportunity."""

    bookings: dict[int, Booking]  # live bookings, by session id
    enrolment: Enrolment | None
    interested: bool
    evaluated_bookings: set[int]
    enrolment_evaluated: bool


def learner_state(
    *, person: Person, opportunity: Opportunity, sessions: Iterable[Session]
) -> LearnerState:
    bookings = bookings_of_person(person=person, sessions=sessions)
    enrolment = Enrolment.objects.filter(opportunity=opportunity, person=person).first()
    interested = Interest.objects.filter(opportunity=opportunity, person=person).exists()
    evaluated = Q(booking__in=[booking.pk for booking in bookings.values()])
    if enrolment is not None:
        evaluated |= Q(enrolment=enrolment)
    evaluations = Evaluation.objects.filter(evaluated).values_list("booking_id", "enrolment_id")
    evaluated_bookings: set[int] = set()
    enrolment_evaluated = False
    for booking_id, enrolment_id in evaluations:
        if booking_id:
            evaluated_bookings.add(booking_id)
        if enrolment is not None and enrolment_id == enrolment.pk:
            enrolment_evaluated = True
    return LearnerState(bookings, enrolment, interested, evaluated_bookings, enrolment_evaluated)


def enrolment_of(*, person: Person, opportunity: Opportunity) -> Enrolment | None:
    return Enrolment.objects.filter(opportunity=opportunity, person=person).first()


def evaluation_of(
    *, booking: Booking | None = None, enrolment: Enrolment | None = None
) -> Evaluation | None:
    """The person's evaluation of a booking or a self-paced enrolment, with its
    characteristics, to change it."""
    if booking is None and enrolment is None:
        return None
    found = Evaluation.objects.filter(booking=booking, enrolment=enrolment).prefetch_related(
        "characteristics"
    )
    return found.first()


# A person's own bookings.


def own_booking_get(*, user: Any, pk: int) -> Booking:
    """One of the user's own bookings (404 for anyone else's, a leader's own staff included)."""
    own = access.visible(
        user, Booking.objects.filter(person__user=user), action="catalogue.booking.book"
    )
    return get_object_or_404(
        own.select_related("session__opportunity__provider", "school", "person").prefetch_related(
            Prefetch("session__meetings")
        ),
        pk=pk,
    )


@dataclass
class MyLearning:
    """A person's bookings, self-paced learning and interests, as their pages group them."""

    offers: list[Booking] = field(default_factory=list)
    upcoming: list[Booking] = field(default_factory=list)  # booked or waiting for approval
    waitlisted: list[Booking] = field(default_factory=list)
    past: list[Booking] = field(default_factory=list)
    ended: list[Booking] = field(default_factory=list)  # cancelled, declined, expired
    in_progress: list[Enrolment] = field(default_factory=list)
    completed: list[Enrolment] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)

    @property
    def to_evaluate(self) -> list[Booking | Enrolment]:
        """Learning attended or completed in the last 90 days and not yet evaluated."""
        attended = [
            b
            for b in self.past
            if b.status == BookingStatus.ATTENDED and b.recent and not b.evaluated
        ]
        return [*attended, *(e for e in self.completed if e.recent and not e.evaluated)]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.offers,
                self.upcoming,
                self.waitlisted,
                self.past,
                self.ended,
                self.in_progress,
                self.completed,
                self.interests,
            )
        )


ENDED = (BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.EXPIRED)


def my_learning(*, person: Person, now: datetime.datetime | None = None) -> MyLearning:
    """The person's bookings of the last year and ahead, self-paced learning and interests, in
    three queries however many there are. Each booking and enrolment carries ``evaluated``
    and ``recent`` (ended in the last 90 days)."""
    now = now or timezone.now()
    year_ago = now - datetime.timedelta(days=365)
    recently = now - datetime.timedelta(days=90)
    bookings = (
        Booking.objects.filter(person=person, session__ends_at__gte=year_ago)
        .select_related("session__opportunity__provider", "school")
        .annotate(
            evaluated=Exists(Evaluation.objects.filter(booking=OuterRef("pk"))),
            recent=ExpressionWrapper(
                Q(session__ends_at__gte=recently), output_field=BooleanField()
            ),
        )
        .order_by("session__starts_at", "pk")
    )
    found = MyLearning()
    for booking in bookings:
        session = booking.session
        if booking.status in ENDED:
            if session.starts_at > now:
                found.ended.append(booking)
        elif booking.status == BookingStatus.OFFERED:
            found.offers.append(booking)
        elif booking.status == BookingStatus.WAITLISTED:
            if session.starts_at > now:
                found.waitlisted.append(booking)
        elif session.ends_at > now and booking.status in (
            BookingStatus.BOOKED,
            BookingStatus.REQUESTED,
        ):
            found.upcoming.append(booking)
        elif booking.status != BookingStatus.REQUESTED:
            found.past.append(booking)
    found.past.reverse()  # the latest first
    enrolments = (
        Enrolment.objects.filter(person=person)
        .select_related("opportunity__provider")
        .annotate(
            evaluated=Exists(Evaluation.objects.filter(enrolment=OuterRef("pk"))),
            recent=ExpressionWrapper(Q(completed_at__gte=recently), output_field=BooleanField()),
        )
        .order_by("-started_at", "-pk")
    )
    for enrolment in enrolments:
        (found.completed if enrolment.completed_at else found.in_progress).append(enrolment)
    found.interests = list(
        Interest.objects.filter(person=person)
        .select_related("opportunity__provider")
        .order_by("-created_at", "-pk")
    )
    return found


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
