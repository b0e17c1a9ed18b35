"""Sessions and their meetings, bookings and the rules they follow, interest and self-paced
enrolments."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models.offer import DeliveryLanguage, Opportunity
from organisations.models import Organisation
from people.models import Person, User


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    """A run of an opportunity: one or more meetings, a number of places, a waitlist."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="sessions")
    language = models.CharField(
        _("language of delivery"), max_length=10, choices=DeliveryLanguage.choices
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to people with a place."),
    )
    capacity = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(_("places taken"), default=0)
    waitlisted = models.PositiveIntegerField(_("on the waitlist"), default=0)
    booking_deadline = models.DateTimeField(_("booking closes"))
    # The first meeting's start and the last one's end, kept by the services for listing.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    check_in_code = models.CharField(_("check-in code"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            # The last guard against overbooking, whatever the code above it does.
            models.CheckConstraint(
                condition=Q(taken__lte=F("capacity")), name="session_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["opportunity", "starts_at"], name="session_opportunity"),
            models.Index(fields=["starts_at", "status"], name="session_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} {self.starts_at:%Y-%m-%d}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def online(self) -> bool:
        return bool(self.online_url)

    @property
    def cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class Meeting(models.Model):
    """One meeting of a session: stored in UTC, entered and shown in Europe/London."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["session", "starts_at"], name="meeting_session")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    BOOKED = "booked", _("Booked")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Place offered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


# Bookings that hold one of the session's places.
HOLDS_PLACE = (
    BookingStatus.REQUESTED,
    BookingStatus.BOOKED,
    BookingStatus.OFFERED,
    BookingStatus.ATTENDED,
    BookingStatus.ABSENT,
)
# Bookings still alive: a person holds at most one of these per session.
LIVE = (*HOLDS_PLACE, BookingStatus.WAITLISTED)


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bookings")
    # The school the person books through: its leaders approve, and its grant pays.
    school = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices)
    waitlist_position = models.PositiveIntegerField(
        _("place on the waitlist"), null=True, blank=True
    )
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    reason = models.TextField(_("reason for the request"), blank=True)
    cost = models.DecimalField(_("cost (£)"), max_digits=8, decimal_places=2, default=Decimal(0))
    cover_days = models.DecimalField(
        _("days of cover"), max_digits=4, decimal_places=1, default=Decimal(0)
    )
    booked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # When the reminder before the session was queued (``catalogue.notify.reminders_due``).
    reminded_at = models.DateTimeField(_("reminder queued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=LIVE),
                name="booking_one_live_per_person",
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="booking_waitlist_position_unique",
            ),
            models.CheckConstraint(
                condition=Q(status=BookingStatus.WAITLISTED, waitlist_position__gte=1)
                | (~Q(status=BookingStatus.WAITLISTED) & Q(waitlist_position__isnull=True)),
                name="booking_waitlist_position_iff_waitlisted",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="booking_session_status"),
            models.Index(fields=["person", "status"], name="booking_person_status"),
            models.Index(fields=["school", "status", "created_at"], name="booking_school_status"),
            models.Index(
                fields=["offer_expires_at"],
                condition=Q(status=BookingStatus.OFFERED),
                name="booking_offers_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session} · {self.status}"


class BookingRules(models.Model):
    """How booking works from a date on: data an administrator edits, never constants."""

    starts_on = models.DateField(_("in force from"), unique=True)
    offer_hold_hours = models.PositiveIntegerField(_("hours a waitlist offer is held"), default=48)
    reminder_days = models.PositiveIntegerField(_("days before a session to remind"), default=2)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("booking rules")
        verbose_name_plural = _("booking rules")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.starts_on}"

    @property
    def offer_hold(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.offer_hold_hours)


class Interest(models.Model):
    """A person asked to hear when an opportunity gets a session or is published."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    notified_at = models.DateTimeField(_("last told"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration of interest")
        verbose_name_plural = _("registrations of interest")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="interest_unique"),
        ]
        indexes = [models.Index(fields=["person"], name="interest_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.opportunity}"


class Enrolment(models.Model):
    """A person taking a self-paced opportunity: started, and perhaps completed."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-paced enrolment")
        verbose_name_plural = _("self-paced enrolments")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="enrolment_unique"),
        ]
        indexes = [models.Index(fields=["person", "completed_at"], name="enrolment_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.opportunity}"
