"""API for the catalogue: find the offer, publish it, schedule sessions, book, approve.

The paths and fields of opportunities, sessions and bookings are a contract external clients
rely on (see the catalogue issue); anything added keeps them as they are.
"""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from catalogue import selectors, services
from catalogue.forms import OpportunityForm, organisation_key
from catalogue.models import Booking, DeliveryLanguage, Opportunity, Session
from core import access
from core.errors import DomainError
from core.schemas import ErrorOut
from organisations.models import Organisation
from people.models import Employment

router = Router(tags=["catalogue"])
LONDON = zoneinfo.ZoneInfo("Europe/London")
PAGE_SIZE = 20


class OrganisationRef(Schema):
    kind: str
    code: str
    name_en: str
    name_cy: str


class OpportunityOut(Schema):
    id: int
    title: str
    title_en: str
    title_cy: str
    summary_en: str
    summary_cy: str
    language: str
    format: str
    level: str
    delivery: str
    provider: OrganisationRef
    audience: OrganisationRef
    region: str | None
    standards: list[str]
    priority_areas: list[str]
    topics: list[str]
    hours: Decimal
    cost: Decimal
    cover_days: Decimal
    approval_required: bool
    status: str
    endorsed: bool
    next_session_starts_at: datetime.datetime | None
    open_sessions: int
    places_left: int


class OpportunityDetailOut(OpportunityOut):
    description_en: str
    description_cy: str
    elements: list[str]
    sectors: list[str]
    career_stages: list[str]
    audiences: list[str]
    pathway: str | None
    pathway_level: str | None
    resource_url: str
    endorsement: str


class FacetValueOut(Schema):
    code: str
    label: str
    count: int


class OpportunityPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OpportunityOut]
    facets: dict[str, list[FacetValueOut]]


class OpportunityIn(Schema):
    provider: str | None = None
    audience: str = "nation:WG"
    title_en: str = ""
    title_cy: str = ""
    summary_en: str = ""
    summary_cy: str = ""
    description_en: str = ""
    description_cy: str = ""
    level: str = ""
    delivery: str = ""
    format: str = "scheduled"
    language: str = ""
    standards: list[str] = []
    elements: list[str] = []
    priority_areas: list[str] = []
    topics: list[str] = []
    audiences: list[str] = []
    sectors: list[str] = []
    career_stages: list[str] = []
    pathway: str = ""
    pathway_level: str = ""
    hours: Decimal | None = None
    cost: Decimal | None = None
    cover_days: Decimal | None = None
    approval_required: bool = False
    resource_url: str = ""
    status: str = "draft"


class SessionIn(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    language: str
    venue: str = ""
    online: str = ""
    booking_deadline: datetime.datetime | None = None


class SessionChangeIn(Schema):
    capacity: int | None = None
    venue: str | None = None
    online: str | None = None
    booking_deadline: datetime.datetime | None = None


class CancelIn(Schema):
    reason: str = ""


class MeetingOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class SessionOut(Schema):
    id: int
    opportunity: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    meetings: list[MeetingOut]
    language: str
    venue: str
    online: bool
    online_url: str | None
    capacity: int
    booked: int
    taken: int
    waitlisted: int
    places_left: int
    booking_deadline: datetime.datetime
    status: str


class BookingIn(Schema):
    person: int | None = None
    reason: str = ""
    cost: Decimal | None = None
    cover_days: Decimal | None = None


class DeclineIn(Schema):
    reason: str = ""


class ClashOut(Schema):
    booking: int
    session: int
    title: str


class BookingOut(Schema):
    id: int
    status: str
    waitlist_position: int | None
    session: int
    person: int
    school: str | None
    offer_expires_at: datetime.datetime | None
    cost: Decimal
    cover_days: Decimal
    reason: str
    decision_reason: str
    clashes: list[ClashOut] = []


# Shapes.


def _ref(organisation: Organisation) -> dict[str, str]:
    return {
        "kind": organisation.kind,
        "code": organisation.code,
        "name_en": organisation.name_en,
        "name_cy": organisation.name_cy,
    }


def _opportunity_out(row: Opportunity) -> dict[str, Any]:
    return {
        "id": row.pk,
        "title": str(row.title),
        "title_en": row.title_en,
        "title_cy": row.title_cy,
        "summary_en": row.summary_en,
        "summary_cy": row.summary_cy,
        "language": row.language,
        "format": row.format,
        "level": row.level.code,
        "delivery": row.delivery.code,
        "provider": _ref(row.provider),
        "audience": _ref(row.audience_organisation),
        "region": row.region.code if row.region_id else None,
        "standards": row.standard_codes,
        "priority_areas": [t.code for t in row.priority_areas.all()],
        "topics": [t.code for t in row.topics.all()],
        "hours": row.hours,
        "cost": row.cost,
        "cover_days": row.cover_days,
        "approval_required": row.approval_required,
        "status": row.status,
        "endorsed": row.endorsement == "endorsed",
        "next_session_starts_at": row.next_starts_at,
        "open_sessions": row.open_sessions,
        "places_left": row.places_left,
    }


def _opportunity_detail(opportunity: Opportunity) -> dict[str, Any]:
    row = selectors.with_listing([opportunity])[0]
    return {
        **_opportunity_out(row),
        "description_en": row.description_en,
        "description_cy": row.description_cy,
        "elements": sorted(e.code for e in row.elements.all()),
        "sectors": [t.code for t in row.sectors.all()],
        "career_stages": [t.code for t in row.career_stages.all()],
        "audiences": sorted(a.role_type for a in row.audiences.all()),
        "pathway": row.pathway.code if row.pathway_id else None,
        "pathway_level": row.pathway_level.code if row.pathway_level_id else None,
        "resource_url": row.resource_url,
        "endorsement": row.endorsement,
    }


def _session_out(session: Session, *, user: Any) -> dict[str, Any]:
    counts = selectors.session_counts(session)
    sees_link = selectors.sees_online_link(user=user, session=session)
    return {
        "id": session.pk,
        "opportunity": session.opportunity_id,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "meetings": [
            {"starts_at": m.starts_at, "ends_at": m.ends_at} for m in session.meetings.all()
        ],
        "language": session.language,
        "venue": session.venue,
        "online": session.online,
        "online_url": session.online_url if sees_link else None,
        "capacity": counts["capacity"],
        "booked": counts["booked"],
        "taken": counts["taken"],
        "waitlisted": counts["waitlisted"],
        "places_left": session.places_left,
        "booking_deadline": session.booking_deadline,
        "status": session.status,
    }


def _booking_out(booking: Booking, clashes: list[Booking] | None = None) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "status": booking.status,
        "waitlist_position": booking.waitlist_position,
        "session": booking.session_id,
        "person": booking.person_id,
        "school": booking.school.code if booking.school_id else None,
        "offer_expires_at": booking.offer_expires_at,
        "cost": booking.cost,
        "cover_days": booking.cover_days,
        "reason": booking.reason,
        "decision_reason": booking.decision_reason,
        "clashes": [
            {
                "booking": clash.pk,
                "session": clash.session_id,
                "title": str(clash.session.opportunity.title),
            }
            for clash in clashes or []
        ],
    }


def _refused(error: DomainError, status: int = 409) -> Status:
    body: dict[str, Any] = {"detail": error.message}
    if error.field:
        body["errors"] = {error.field: [error.message]}
    return Status(status, body)


def _invalid(errors: dict[str, list[str]]) -> Status:
    return Status(422, {"detail": _("The request is not valid."), "errors": errors})


def _aware(moment: datetime.datetime) -> datetime.datetime:
    """A time without a zone is a time in Wales."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=LONDON)
    return moment


# Finding the offer.


@router.get(
    "/opportunities",
    response={200: OpportunityPage},
    summary="Find professional learning: search, filter, facets",
)
@access.rule("catalogue.opportunity.view")
def opportunities(
    request: HttpRequest,
    q: str = "",
    standard: Query[list[str]] = None,  # type: ignore[assignment]
    priority: Query[list[str]] = None,  # type: ignore[assignment]
    topic: Query[list[str]] = None,  # type: ignore[assignment]
    delivery: Query[list[str]] = None,  # type: ignore[assignment]
    language: Query[list[str]] = None,  # type: ignore[assignment]
    level: Query[list[str]] = None,  # type: ignore[assignment]
    provider: Query[list[str]] = None,  # type: ignore[assignment]
    region: Query[list[str]] = None,  # type: ignore[assignment]
    audience: Query[list[str]] = None,  # type: ignore[assignment]
    endorsed: bool = False,
    places: bool = False,
    starts_from: datetime.date | None = None,
    starts_to: datetime.date | None = None,
    sort: str = "",
    page: int = 1,
) -> Any:
    filters = selectors.OfferFilters(
        q=q.strip()[:200],
        standard=tuple(standard or ()),
        priority=tuple(priority or ()),
        topic=tuple(topic or ()),
        delivery=tuple(delivery or ()),
        language=tuple(language or ()),
        level=tuple(level or ()),
        provider=tuple(provider or ()),
        region=tuple(region or ()),
        audience=tuple(audience or ()),
        endorsed=endorsed,
        places=places,
        starts_from=starts_from,
        starts_to=starts_to,
        sort=sort,
    )
    user = request.user
    paginator = Paginator(selectors.offer_list(user=user, filters=filters), PAGE_SIZE)
    current = paginator.get_page(page)
    rows = selectors.with_listing(current.object_list)
    facets = selectors.offer_facets(user=user, filters=filters)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [_opportunity_out(row) for row in rows],
        "facets": {
            facet.name: [
                {"code": v.code, "label": str(v.label), "count": v.count} for v in facet.values
            ]
            for facet in facets
        },
    }


@router.get(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityDetailOut},
    summary="One opportunity",
)
@access.rule("catalogue.opportunity.view")
def opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    return _opportunity_detail(selectors.opportunity_get(user=request.user, pk=opportunity_id))


def _opportunity_form(request: HttpRequest, payload: OpportunityIn) -> OpportunityForm:
    providers = selectors.managed_providers(user=request.user)
    data: dict[str, Any] = {}
    for name, value in payload.model_dump().items():
        if value is None or value is False:
            continue
        data[name] = value
    if payload.provider is None and len(providers) == 1:
        data["provider"] = organisation_key(providers[0])
    multi = MultiValueDict(
        {name: value if isinstance(value, list) else [value] for name, value in data.items()}
    )
    return OpportunityForm(
        multi,
        providers=providers,
        audiences=selectors.audience_choices(providers=providers),
    )


@router.post(
    "/opportunities",
    response={201: OpportunityDetailOut, 409: ErrorOut, 422: ErrorOut},
    summary="Publish an opportunity (or save a draft)",
)
@access.rule("catalogue.opportunity.manage")
def create_opportunity(request: HttpRequest, payload: OpportunityIn) -> Any:
    form = _opportunity_form(request, payload)
    if not form.is_valid():
        return _invalid({name: list(messages) for name, messages in form.errors.items()})
    try:
        created = services.opportunity_save(by=request.user, data=form.cleaned_data)
    except DomainError as error:
        return _refused(error, 422)
    return Status(201, _opportunity_detail(created))


@router.put(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityDetailOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change an opportunity (every field, as when creating it)",
)
@access.rule("catalogue.opportunity.manage")
def change_opportunity(request: HttpRequest, opportunity_id: int, payload: OpportunityIn) -> Any:
    existing = selectors.opportunity_get(
        user=request.user, pk=opportunity_id, action="catalogue.opportunity.manage"
    )
    form = _opportunity_form(request, payload)
    if not form.is_valid():
        return _invalid({name: list(messages) for name, messages in form.errors.items()})
    try:
        changed = services.opportunity_save(
            by=request.user, data=form.cleaned_data, opportunity=existing
        )
    except DomainError as error:
        return _refused(error, 422)
    return _opportunity_detail(changed)


# Sessions.


@router.post(
    "/opportunities/{opportunity_id}/sessions",
    response={201: SessionOut, 409: ErrorOut, 422: ErrorOut},
    summary="Add a session (one meeting; times without a zone are in Wales)",
)
@access.rule("catalogue.session.manage")
def create_session(request: HttpRequest, opportunity_id: int, payload: SessionIn) -> Any:
    opportunity = selectors.opportunity_get(
        user=request.user, pk=opportunity_id, action="catalogue.session.manage"
    )
    if payload.language not in DeliveryLanguage.values:
        return _invalid({"language": [_("Choose Welsh, English or bilingual")]})
    try:
        session = services.session_create(
            opportunity=opportunity,
            meetings=[services.MeetingTimes(_aware(payload.starts_at), _aware(payload.ends_at))],
            capacity=payload.capacity,
            language=payload.language,
            venue=payload.venue.strip(),
            online_url=payload.online.strip(),
            booking_deadline=_aware(payload.booking_deadline) if payload.booking_deadline else None,
        )
    except DomainError as error:
        return _refused(error, 422)
    return Status(201, _session_out(session, user=request.user))


@router.get("/sessions/{session_id}", response={200: SessionOut}, summary="One session")
@access.rule("catalogue.session.view")
def session(request: HttpRequest, session_id: int) -> Any:
    found = selectors.session_get(user=request.user, pk=session_id)
    return _session_out(found, user=request.user)


@router.patch(
    "/sessions/{session_id}",
    response={200: SessionOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a session's places, venue, link or booking deadline",
)
@access.rule("catalogue.session.manage")
def change_session(request: HttpRequest, session_id: int, payload: SessionChangeIn) -> Any:
    found = selectors.session_get(
        user=request.user, pk=session_id, action="catalogue.session.manage"
    )
    try:
        changed = services.session_update(
            session=found,
            capacity=payload.capacity,
            venue=payload.venue,
            online_url=payload.online,
            booking_deadline=_aware(payload.booking_deadline) if payload.booking_deadline else None,
        )
    except DomainError as error:
        return _refused(
            error, 422 if error.field in ("capacity", "venue", "booking_deadline") else 409
        )
    return _session_out(changed, user=request.user)


@router.post(
    "/sessions/{session_id}/cancel",
    response={200: SessionOut, 409: ErrorOut, 422: ErrorOut},
    summary="Cancel a session: everyone booked is told",
)
@access.rule("catalogue.session.manage")
def cancel_session(request: HttpRequest, session_id: int, payload: CancelIn) -> Any:
    found = selectors.session_get(
        user=request.user, pk=session_id, action="catalogue.session.manage"
    )
    try:
        cancelled = services.session_cancel(session=found, reason=payload.reason, by=request.user)
    except DomainError as error:
        return _refused(error, 422 if error.field == "reason" else 409)
    return _session_out(cancelled, user=request.user)


# Bookings.


@router.post(
    "/sessions/{session_id}/bookings",
    response={201: BookingOut, 409: ErrorOut, 422: ErrorOut},
    summary='Book a place: yourself ({}), or a member of your staff ({"person": id})',
)
@access.signed_in
def create_booking(request: HttpRequest, session_id: int, payload: BookingIn) -> Any:
    user = request.user
    if payload.person is None:
        if not access.reach(user).allows("catalogue.booking.book"):
            return Status(404, {"detail": _("Not found.")})
        found = selectors.session_get(user=user, pk=session_id)
        person = getattr(user, "person", None)
        if person is None:
            return Status(404, {"detail": _("Not found.")})
        school = None
    else:
        if not access.reach(user).allows("catalogue.booking.book_staff"):
            return Status(404, {"detail": _("Not found.")})
        employment = get_object_or_404(
            access.visible(
                user,
                Employment.objects.on(access.today()).select_related("person__user", "school"),
                action="catalogue.booking.book_staff",
            ).filter(person_id=payload.person)[:1]
        )
        person, school = employment.person, employment.school
        found = selectors.session_get(user=user, pk=session_id)
        if not selectors.session_visible_to(user=person.user, session=found):
            return _refused(
                DomainError(_("This session is not offered to this person."), field="person"), 422
            )
    try:
        outcome = services.booking_create(
            session=found,
            person=person,
            by=user,
            reason=payload.reason,
            cost=payload.cost,
            cover_days=payload.cover_days,
            school=school,
        )
    except DomainError as error:
        return _refused(error, 422 if error.field in ("cost", "reason") else 409)
    return Status(201, _booking_out(outcome.booking, outcome.clashes))


@router.get("/bookings/{booking_id}", response={200: BookingOut}, summary="One booking")
@access.rule("catalogue.booking.view")
def booking(request: HttpRequest, booking_id: int) -> Any:
    return _booking_out(selectors.booking_get(user=request.user, pk=booking_id))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, 409: ErrorOut},
    summary="Cancel a booking, a request or a place on the waitlist",
)
@access.rule("catalogue.booking.cancel")
def cancel_booking(request: HttpRequest, booking_id: int) -> Any:
    found = selectors.booking_get(
        user=request.user, pk=booking_id, action="catalogue.booking.cancel"
    )
    try:
        return _booking_out(services.booking_cancel(booking=found, by=request.user))
    except DomainError as error:
        return _refused(error)


@router.post(
    "/bookings/{booking_id}/approve",
    response={200: BookingOut, 409: ErrorOut},
    summary="Approve a request for a place",
)
@access.rule("catalogue.booking.approve")
def approve_booking(request: HttpRequest, booking_id: int) -> Any:
    found = selectors.booking_get(
        user=request.user, pk=booking_id, action="catalogue.booking.approve"
    )
    try:
        return _booking_out(services.booking_approve(booking=found, by=request.user))
    except DomainError as error:
        return _refused(error)


@router.post(
    "/bookings/{booking_id}/decline",
    response={200: BookingOut, 409: ErrorOut, 422: ErrorOut},
    summary="Decline a request for a place, saying why",
)
@access.rule("catalogue.booking.approve")
def decline_booking(request: HttpRequest, booking_id: int, payload: DeclineIn) -> Any:
    found = selectors.booking_get(
        user=request.user, pk=booking_id, action="catalogue.booking.approve"
    )
    try:
        declined = services.booking_decline(booking=found, by=request.user, reason=payload.reason)
    except DomainError as error:
        return _refused(error, 422 if error.field == "reason" else 409)
    return _booking_out(declined)


@router.post(
    "/bookings/{booking_id}/accept-offer",
    response={200: BookingOut, 409: ErrorOut},
    summary="Take up a place offered from the waitlist",
)
@access.rule("catalogue.booking.book")
def accept_offer(request: HttpRequest, booking_id: int) -> Any:
    found = selectors.booking_get(user=request.user, pk=booking_id, action="catalogue.booking.book")
    try:
        return _booking_out(services.booking_accept_offer(booking=found, by=request.user))
    except DomainError as error:
        return _refused(error)
