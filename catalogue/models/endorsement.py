"""National endorsement: versioned criteria, submissions and the panel's reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models.offer import Opportunity
from core.i18n import Localised
from people.models import User


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
