"""Registers, check-in codes, self-paced learning, interest and evaluations: attending or
completing makes a learning record."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import (
    Booking,
    BookingStatus,
    Enrolment,
    Evaluation,
    Interest,
    LearningRecord,
    Opportunity,
    Session,
    Status,
)
from catalogue.services.places import (
    locked,
)
from core.errors import DomainError
from people.models import Person, User
from standards.models import Term


def _record_learning(
    *,
    person: Person,
    opportunity: Opportunity,
    on: datetime.date,
    booking: Booking | None = None,
    enrolment: Enrolment | None = None,
) -> LearningRecord:
    """The person's record of learning they took part in (mapped through the opportunity)."""
    return LearningRecord.objects.create(
        person=person,
        opportunity=opportunity,
        booking=booking,
        enrolment=enrolment,
        completed_on=on,
        title_en=opportunity.title_en,
        title_cy=opportunity.title_cy,
        hours=opportunity.hours,
    )


@transaction.atomic
def register_mark(
    *,
    session: Session,
    attended: Iterable[int] = (),
    absent: Iterable[int] = (),
    by: User | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Mark people with a place attended or absent (ids of their bookings on this session).
    Attending makes a learning record; marking someone absent after all removes it."""
    now = now or timezone.now()
    session = locked(session)
    if session.cancelled:
        raise DomainError(_("This session is cancelled."), field="session")
    if now < session.starts_at:
        raise DomainError(_("The register opens when the session starts."), field="session")
    marked = 0
    markable = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.ABSENT)
    for status, ids in ((BookingStatus.ATTENDED, attended), (BookingStatus.ABSENT, absent)):
        bookings = list(
            Booking.objects.filter(session=session, pk__in=list(ids), status__in=markable)
            .exclude(status=status)
            .select_related("person")
        )
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
            status=status, updated_at=now
        )
        for booking in bookings:
            if status == BookingStatus.ATTENDED:
                _record_learning(
                    person=booking.person,
                    opportunity=session.opportunity,
                    on=timezone.localdate(session.ends_at),
                    booking=booking,
                )
            else:
                LearningRecord.objects.filter(booking=booking).delete()
        marked += len(bookings)
    return marked


def check_in(
    *, session: Session, person: Person, code: str, now: datetime.datetime | None = None
) -> Booking:
    """An attendee enters the session's short code: they are marked attended."""
    now = now or timezone.now()
    given = "".join((code or "").split()).upper()
    if not given:
        raise DomainError(_("Enter the check-in code you were given."), field="code")
    if not secrets.compare_digest(given, session.check_in_code):
        raise DomainError(_("That is not this session’s check-in code."), field="code")
    if (
        not session.starts_at - datetime.timedelta(hours=1)
        <= now
        <= session.ends_at + datetime.timedelta(days=1)
    ):
        raise DomainError(
            _("Check in on the day of the session, from an hour before it starts."), field="code"
        )
    booking = Booking.objects.filter(
        session=session,
        person=person,
        status__in=(BookingStatus.BOOKED, BookingStatus.ATTENDED),
    ).first()
    if booking is None:
        raise DomainError(_("You do not have a place on this session."), field="code")
    if booking.status != BookingStatus.ATTENDED:
        register_mark(session=session, attended=[booking.pk], now=max(now, session.starts_at))
        booking.refresh_from_db()
    return booking


# Self-paced learning, interest, evaluation.


def _check_listed(opportunity: Opportunity) -> None:
    if opportunity.status != Status.PUBLISHED:
        raise DomainError(_("This opportunity is not open yet."), field="opportunity")


def enrolment_start(*, opportunity: Opportunity, person: Person) -> Enrolment:
    if not opportunity.self_paced:
        raise DomainError(
            _("This opportunity runs in sessions: book a place on one."), field="opportunity"
        )
    _check_listed(opportunity)
    enrolment, _created = Enrolment.objects.get_or_create(opportunity=opportunity, person=person)
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, now: datetime.datetime | None = None) -> Enrolment:
    """Completing self-paced learning makes a learning record (once)."""
    now = now or timezone.now()
    enrolment = (
        Enrolment.objects.select_for_update().select_related("opportunity").get(pk=enrolment.pk)
    )
    if enrolment.completed_at is not None:
        raise DomainError(_("You have already completed this."), field="enrolment")
    enrolment.completed_at = now
    enrolment.save(update_fields=["completed_at"])
    _record_learning(
        person=enrolment.person,
        opportunity=enrolment.opportunity,
        on=timezone.localdate(now),
        enrolment=enrolment,
    )
    return enrolment


def interest_register(*, opportunity: Opportunity, person: Person) -> Interest:
    """Ask to be told when the opportunity gets a session or is published."""
    if opportunity.status not in (Status.IN_DEVELOPMENT, Status.PUBLISHED):
        raise DomainError(_("This opportunity is not open yet."), field="opportunity")
    interest, _created = Interest.objects.get_or_create(opportunity=opportunity, person=person)
    return interest


def interest_withdraw(*, opportunity: Opportunity, person: Person) -> None:
    Interest.objects.filter(opportunity=opportunity, person=person).delete()


@transaction.atomic
def evaluation_save(
    *,
    rating: int,
    comment: str = "",
    characteristics: Iterable[str] = (),
    booking: Booking | None = None,
    enrolment: Enrolment | None = None,
) -> Evaluation:
    """Evaluate learning the person attended or completed: once, and changeable after."""
    if booking is not None and booking.status != BookingStatus.ATTENDED:
        raise DomainError(_("You can evaluate a session after you attend it."), field="booking")
    if enrolment is not None and enrolment.completed_at is None:
        raise DomainError(_("You can evaluate this after you complete it."), field="enrolment")
    if booking is None and enrolment is None:
        raise DomainError(_("There is nothing to evaluate."), field="booking")
    if not 1 <= int(rating) <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating")
    opportunity = booking.session.opportunity if booking else enrolment.opportunity  # type: ignore[union-attr]
    evaluation, _created = Evaluation.objects.update_or_create(
        booking=booking,
        enrolment=enrolment,
        defaults={
            "opportunity": opportunity,
            "session": booking.session if booking else None,
            "rating": int(rating),
            "comment": (comment or "").strip(),
        },
    )
    evaluation.characteristics.set(
        Term.objects.filter(vocabulary__code="estyn-characteristic", code__in=list(characteristics))
    )
    return evaluation
