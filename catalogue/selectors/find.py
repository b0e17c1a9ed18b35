"""What a practitioner's pages read: facets whose own choices stay open, suggestions with the
reasons for them, one opportunity with all its page shows, and a person's own bookings."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    LIVE,
    Audience,
    Booking,
    BookingStatus,
    DeliveryLanguage,
    Enrolment,
    Evaluation,
    Format,
    Interest,
    LearningRecord,
    Opportunity,
    Session,
    Status,
)
from catalogue.selectors.offer import (
    Facet,
    FacetValue,
    OfferFilters,
    bookings_of_person,
    filtered_offer,
    offer_facets,
    standard_order,
    with_everything,
    with_listing,
)
from core import access
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import above
from people.models import Employment, Person, RoleType
from standards.models import Standard, Term

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
    """The find page's facets, by name (``offer_facets``).

    Choices within a facet are alternatives (ticking a second language widens the results), so a
    facet with choices ticked is counted as if none of its own were: one more ``offer_facets``
    for each such facet, none when nothing is ticked. A ticked choice that matches nothing stays
    in its facet with a count of 0, so it can be unticked.
    """
    now = now or timezone.now()
    facets = {facet.name: facet for facet in offer_facets(user=user, filters=filters, now=now)}
    for name in FACETS:
        chosen = getattr(filters, name)
        if not chosen:
            continue
        relaxed = replace(filters, **{name: ()})
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
    offer = filtered_offer(user, OfferFilters(), now)
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
    # The next open session is kept on the opportunity (services.next_sessions_refresh).
    open_now = _when(
        Q(status=Status.PUBLISHED)
        & (Q(format=Format.SELF_PACED) | Q(next_starts_at__isnull=False)),
        WEIGHTS["open"],
    )
    scored = (
        offer.annotate(
            reasons_weight=role + sector + language + region + focus,
            tie_breaks=bilingual + open_now,
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
    return [seen[code] for code in sorted(seen, key=standard_order)]


# One opportunity, and where the person stands with it.


def opportunity_detail(*, user: Any, pk: int) -> Opportunity:
    """An opportunity the user may see, with every mapping its page shows (404 otherwise)."""
    visible = access.visible(user, Opportunity.objects.all(), action="catalogue.opportunity.view")
    opportunity = get_object_or_404(with_everything(visible), pk=pk)
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
