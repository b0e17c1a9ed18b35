"""The catalogue API's shapes: what comes in, what goes out, and the functions that build the
answers from models (shared by every operation in ``catalogue.api``)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema, Status

from catalogue import selectors
from catalogue.models import Booking, Opportunity, Session
from core.errors import DomainError
from organisations.models import Organisation

LONDON = zoneinfo.ZoneInfo("Europe/London")


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


def ref_out(organisation: Organisation) -> dict[str, str]:
    return {
        "kind": organisation.kind,
        "code": organisation.code,
        "name_en": organisation.name_en,
        "name_cy": organisation.name_cy,
    }


def opportunity_out(row: Opportunity) -> dict[str, Any]:
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
        "provider": ref_out(row.provider),
        "audience": ref_out(row.audience_organisation),
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


def opportunity_detail_out(opportunity: Opportunity) -> dict[str, Any]:
    row = selectors.with_listing([opportunity])[0]
    return {
        **opportunity_out(row),
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


def session_out(session: Session, *, user: Any) -> dict[str, Any]:
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


def booking_out(booking: Booking, clashes: list[Booking] | None = None) -> dict[str, Any]:
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


def refused(error: DomainError, status: int = 409) -> Status:
    body: dict[str, Any] = {"detail": error.message}
    if error.field:
        body["errors"] = {error.field: [error.message]}
    return Status(status, body)


def invalid(errors: dict[str, list[str]]) -> Status:
    return Status(422, {"detail": _("The request is not valid."), "errors": errors})


def aware(moment: datetime.datetime) -> datetime.datetime:
    """A time without a zone is a time in Wales."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=LONDON)
    return moment
