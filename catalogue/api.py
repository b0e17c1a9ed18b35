"""API for the catalogue: find the offer, publish it, schedule sessions, book, approve.

The paths and fields of opportunities, sessions and bookings are a contract external clients
rely on (see the catalogue issue); anything added keeps them as they are.
"""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catalogue import selectors, services
from catalogue.forms import OpportunityForm, organisation_key
from catalogue.models import DeliveryLanguage
from catalogue.schemas import (
    BookingIn,
    BookingOut,
    CancelIn,
    DeclineIn,
    OpportunityDetailOut,
    OpportunityIn,
    OpportunityPage,
    SessionChangeIn,
    SessionIn,
    SessionOut,
    aware,
    booking_out,
    invalid,
    opportunity_detail_out,
    opportunity_out,
    refused,
    session_out,
)
from core import access
from core.errors import DomainError
from core.schemas import ErrorOut
from people.models import Employment

router = Router(tags=["catalogue"])
PAGE_SIZE = 20


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
        "results": [opportunity_out(row) for row in rows],
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
    return opportunity_detail_out(selectors.opportunity_get(user=request.user, pk=opportunity_id))


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
        return invalid({name: list(messages) for name, messages in form.errors.items()})
    try:
        created = services.opportunity_save(by=request.user, data=form.cleaned_data)
    except DomainError as error:
        return refused(error, 422)
    return Status(201, opportunity_detail_out(created))


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
        return invalid({name: list(messages) for name, messages in form.errors.items()})
    try:
        changed = services.opportunity_save(
            by=request.user, data=form.cleaned_data, opportunity=existing
        )
    except DomainError as error:
        return refused(error, 422)
    return opportunity_detail_out(changed)


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
        return invalid({"language": [_("Choose Welsh, English or bilingual")]})
    try:
        session = services.session_create(
            opportunity=opportunity,
            meetings=[services.MeetingTimes(aware(payload.starts_at), aware(payload.ends_at))],
            capacity=payload.capacity,
            language=payload.language,
            venue=payload.venue.strip(),
            online_url=payload.online.strip(),
            booking_deadline=aware(payload.booking_deadline) if payload.booking_deadline else None,
        )
    except DomainError as error:
        return refused(error, 422)
    return Status(201, session_out(session, user=request.user))


@router.get("/sessions/{session_id}", response={200: SessionOut}, summary="One session")
@access.rule("catalogue.session.view")
def session(request: HttpRequest, session_id: int) -> Any:
    found = selectors.session_get(user=request.user, pk=session_id)
    return session_out(found, user=request.user)


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
            booking_deadline=aware(payload.booking_deadline) if payload.booking_deadline else None,
        )
    except DomainError as error:
        return refused(
            error, 422 if error.field in ("capacity", "venue", "booking_deadline") else 409
        )
    return session_out(changed, user=request.user)


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
        return refused(error, 422 if error.field == "reason" else 409)
    return session_out(cancelled, user=request.user)


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
            return refused(
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
        return refused(error, 422 if error.field in ("cost", "reason") else 409)
    return Status(201, booking_out(outcome.booking, outcome.clashes))


def _act(request: HttpRequest, booking_id: int, action: str, change: Any) -> Any:
    """Find the booking the user may act on with ``action`` (404 otherwise) and change it."""
    found = selectors.booking_get(user=request.user, pk=booking_id, action=action)
    try:
        return booking_out(change(booking=found, by=request.user))
    except DomainError as error:
        return refused(error)


@router.get("/bookings/{booking_id}", response={200: BookingOut}, summary="One booking")
@access.rule("catalogue.booking.view")
def booking(request: HttpRequest, booking_id: int) -> Any:
    return booking_out(selectors.booking_get(user=request.user, pk=booking_id))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, 409: ErrorOut},
    summary="Cancel a booking, a request or a place on the waitlist",
)
@access.rule("catalogue.booking.cancel")
def cancel_booking(request: HttpRequest, booking_id: int) -> Any:
    return _act(request, booking_id, "catalogue.booking.cancel", services.booking_cancel)


@router.post(
    "/bookings/{booking_id}/approve",
    response={200: BookingOut, 409: ErrorOut},
    summary="Approve a request for a place",
)
@access.rule("catalogue.booking.approve")
def approve_booking(request: HttpRequest, booking_id: int) -> Any:
    return _act(request, booking_id, "catalogue.booking.approve", services.booking_approve)


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
        return refused(error, 422 if error.field == "reason" else 409)
    return booking_out(declined)


@router.post(
    "/bookings/{booking_id}/accept-offer",
    response={200: BookingOut, 409: ErrorOut},
    summary="Take up a place offered from the waitlist",
)
@access.rule("catalogue.booking.book")
def accept_offer(request: HttpRequest, booking_id: int) -> Any:
    return _act(request, booking_id, "catalogue.booking.book", services.booking_accept_offer)
