"""What attending leaves behind: learning records and evaluations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models.booking import Booking, Enrolment, Session
from catalogue.models.offer import Opportunity
from core.i18n import Localised
from people.models import Person
from standards.models import Term


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
