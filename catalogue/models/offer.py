"""The offer: opportunities, who they are for, and their facet rows."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import Localised
from core.search import FullText
from organisations.models import Organisation
from people.models import RoleType, User
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
