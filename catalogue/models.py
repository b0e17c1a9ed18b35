"""The offer of professional learning: opportunities, their sessions, and the bookings on them.

An opportunity is published by a provider (any organisation: the national body, a university, a
local authority, a cluster, a school) for an audience organisation (all of Wales, a region, an
LA, a cluster or one school) and mapped to the standards and the national vocabularies. Scheduled
opportunities have sessions of one or more meetings; self-paced ones have none, and a
practitioner starts and completes them.

Places are counted on the session (``taken``: requested, booked, offered, attended and absent
bookings), changed only under the session's row lock by ``catalogue.services``, and guarded by
the database: ``taken`` never exceeds ``capacity``, a person holds one live booking per session,
and waitlist positions are unique.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import Localised
from core.search import FullText
from organisations.models import Organisation
from people.models import Person, RoleType, User
from standards.models import Element, Standard, Term


class DeliveryLanguage(models.TextChoices):
    WELSH = "cy", _("Welsh")
    ENGLISH = "en", _("English")
    BILINGUAL = "bilingual", _("Bilingual")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_DEVELOPMENT = "in_development", _("Coming soon")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# Who may see an opportunity that is not a draft: published ones can be booked, those in
# development are shown as "coming soon" and take registrations of interest.
LISTED = (Status.IN_DEVELOPMENT, Status.PUBLISHED)


class Format(models.TextChoices):
    SCHEDULED = "scheduled", _("Sessions on set dates")
    SELF_PACED = "self_paced", _("Self-paced")


class Endorsement(models.TextChoices):
    NONE = "", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted for endorsement")
    ENDORSED = "endorsed", _("Endorsed")
    RETURNED = "returned", _("Returned for changes")
    DECLINED = "declined", _("Not endorsed")


class Opportunity(models.Model):
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="opportunities_provided",
        verbose_name=_("provider"),
    )
    audience_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="opportunities_offered",
        verbose_name=_("offered to"),
        help_text=_("All of Wales, a region, a local authority, a cluster or one school."),
    )
    # The region the audience organisation is in (itself, if a region); empty for all of Wales.
    # Kept by the services, so the region filter and facet need no walk of the graph.
    region = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=400, blank=True)
    summary_cy = models.CharField(_("summary in Welsh"), max_length=400, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    level = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level of provision"),
        limit_choices_to={"vocabulary__code": "provision-level"},
    )
    delivery = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("delivery method"),
        limit_choices_to={"vocabulary__code": "delivery-method"},
    )
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.SCHEDULED
    )
    language = models.CharField(
        _("language of delivery"), max_length=10, choices=DeliveryLanguage.choices
    )
    standards = models.ManyToManyField(
        Standard, related_name="opportunities", blank=True, verbose_name=_("standards")
    )
    elements = models.ManyToManyField(
        Element, related_name="opportunities", blank=True, verbose_name=_("elements")
    )
    priority_areas = models.ManyToManyField(
        Term,
        related_name="opportunities_by_priority",
        blank=True,
        verbose_name=_("priority areas"),
        limit_choices_to={"vocabulary__code": "priority-area"},
    )
    topics = models.ManyToManyField(
        Term,
        related_name="opportunities_by_topic",
        blank=True,
        verbose_name=_("topics"),
        limit_choices_to={"vocabulary__code": "topic"},
    )
    sectors = models.ManyToManyField(
        Term,
        related_name="opportunities_by_sector",
        blank=True,
        verbose_name=_("sectors"),
        limit_choices_to={"vocabulary__code": "school-sector"},
    )
    career_stages = models.ManyToManyField(
        Term,
        related_name="opportunities_by_career_stage",
        blank=True,
        verbose_name=_("career stages"),
        limit_choices_to={"vocabulary__code": "career-stage"},
    )
    pathway = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("pathway"),
        limit_choices_to={"vocabulary__code": "pathway"},
    )
    pathway_level = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("level on the pathway"),
        limit_choices_to={"vocabulary__code": "pathway-level"},
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=Decimal(0))
    cost = models.DecimalField(
        _("cost per place (£)"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    cover_days = models.DecimalField(
        _("days of release"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        help_text=_("Days of cover a school usually needs to release someone to attend."),
    )
    approval_required = models.BooleanField(_("booking needs a leader's approval"), default=False)
    resource_url = models.URLField(_("link to the material"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    endorsement = models.CharField(
        _("endorsement"), max_length=10, choices=Endorsement.choices, default="", blank=True
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The next session open for booking (its start, and when its booking closes): kept by
    # ``services.next_sessions_refresh`` when sessions change and when that booking closes, so
    # "soonest first" is an index scan, not a search of every opportunity's sessions.
    next_starts_at = models.DateTimeField(_("next session"), null=True, blank=True)
    next_deadline = models.DateTimeField(
        _("booking for the next session closes"), null=True, blank=True
    )

    title = Localised()
    summary = Localised()
    description = Localised()
    full_text = FullText(
        "opportunity_search",
        {
            "title_en": "A",
            "title_cy": "A",
            "summary_en": "B",
            "summary_cy": "B",
            "description_en": "C",
            "description_cy": "C",
        },
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_en="", title_cy=""), name="opportunity_has_title"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="opportunity_hours_positive"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="opportunity_cost_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "audience_organisation"], name="opportunity_listed"),
            models.Index(fields=["provider", "status"], name="opportunity_provider"),
            models.Index(fields=["language", "status"], name="opportunity_language"),
            models.Index(fields=["level", "status"], name="opportunity_level"),
            models.Index(fields=["endorsement", "status"], name="opportunity_endorsement"),
            models.Index(fields=["region", "status"], name="opportunity_region"),
            # Ascending puts the empty last on PostgreSQL: "soonest first" reads it in order.
            models.Index(fields=["next_starts_at", "id"], name="opportunity_soonest"),
            models.Index(fields=["next_deadline"], name="opportunity_next_deadline"),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_cy

    @property
    def self_paced(self) -> bool:
        return self.format == Format.SELF_PACED


class Audience(models.Model):
    """A role type the opportunity is meant for (teaching assistants and supply staff too)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="audiences")
    role_type = models.CharField(_("role type"), max_length=24, choices=RoleType.choices)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "role_type"], name="audience_unique"),
        ]
        indexes = [models.Index(fields=["role_type", "opportunity"], name="audience_role")]

    def __str__(self) -> str:
        return self.role_type


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


class LearningRecord(models.Model):
    """Learning a practitioner took part in, with its hours: made when a session is attended or
    a self-paced item completed, and mapped to the standards, priority areas and topics through
    its opportunity. The person's learning journey builds on these; they belong to the person,
    whichever school they move to."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="learning_records")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="record"
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="record"
    )
    completed_on = models.DateField(_("date"))
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    title = Localised()

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["person", "completed_on"], name="record_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.title_en or self.title_cy}"


class Evaluation(models.Model):
    """What a person thought of learning they attended or completed."""

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation"
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="evaluations"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluations"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    characteristics = models.ManyToManyField(
        Term,
        related_name="+",
        blank=True,
        verbose_name=_("characteristics it showed"),
        limit_choices_to={"vocabulary__code": "estyn-characteristic"},
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=False) | Q(enrolment__isnull=False),
                name="evaluation_of_something",
            ),
        ]
        indexes = [models.Index(fields=["opportunity", "session"], name="evaluation_opportunity")]

    def __str__(self) -> str:
        return f"{self.opportunity} · {self.rating}"


class EndorsementCriteria(models.Model):
    """A version of the National Endorsement Panel's published criteria."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    starts_on = models.DateField(_("in force from"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("endorsement criteria")
        verbose_name_plural = _("endorsement criteria")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.version


class EndorsementCriterion(models.Model):
    criteria = models.ForeignKey(
        EndorsementCriteria, on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.TextField(_("criterion in English"))
    text_cy = models.TextField(_("criterion in Welsh"))
    guidance_en = models.TextField(_("guidance in English"), blank=True)
    guidance_cy = models.TextField(_("guidance in Welsh"), blank=True)

    text = Localised()
    guidance = Localised()

    class Meta:
        verbose_name = _("endorsement criterion")
        verbose_name_plural = _("endorsement criteria items")
        ordering = ["criteria", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria", "code"], name="criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Decision(models.TextChoices):
    ENDORSED = "endorsed", _("Endorsed")
    RETURNED = "returned", _("Returned for changes")
    DECLINED = "declined", _("Not endorsed")


class Submission(models.Model):
    """One submission of an opportunity for national endorsement, and the panel's decision."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="submissions"
    )
    criteria = models.ForeignKey(EndorsementCriteria, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("how it meets the criteria"), blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("endorsement submission")
        verbose_name_plural = _("endorsement submissions")
        ordering = ["-submitted_at"]
        constraints = [
            # One submission waits for a decision at a time.
            models.UniqueConstraint(
                fields=["opportunity"], condition=Q(decision=""), name="submission_one_open"
            ),
        ]
        indexes = [models.Index(fields=["decision", "submitted_at"], name="submission_queue")]

    def __str__(self) -> str:
        return f"{self.opportunity} · {self.submitted_at:%Y-%m-%d}"


class Judgement(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Review(models.Model):
    """A panel member's judgement of a submission against one criterion."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    criterion = models.ForeignKey(EndorsementCriterion, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    judgement = models.CharField(_("judgement"), max_length=8, choices=Judgement.choices)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("criterion review")
        verbose_name_plural = _("criterion reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion", "reviewer"], name="review_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} · {self.judgement}"


# The region facet's value for what is offered to all of Wales (no region).
ALL_WALES = "all-wales"
# The audience facet's value for learning that names no role: it is for every role.
EVERYONE = "everyone"


class Facet(models.Model):
    """What an opportunity is, one row per facet and value (``standard``/``pedagogy``,
    ``language``/``cy`` …): kept by the services from the opportunity and its mappings, so
    counting the whole offer by every facet is one grouped query over one narrow index, and a
    standard shared by two frameworks counts once."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=12)
    code = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("facet")
        verbose_name_plural = _("facets")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "facet", "code"], name="facet_unique"),
        ]
        indexes = [models.Index(fields=["facet", "code", "opportunity"], name="facet_lookup")]

    def __str__(self) -> str:
        return f"{self.facet}={self.code}"
