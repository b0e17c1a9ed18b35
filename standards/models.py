"""National reference data: professional standards frameworks and taxonomies.

Both are versioned data that administrators load from ``reference/`` or edit in the admin; code
names a vocabulary or framework by its code and never holds the items as constants.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import Localised


class Vocabulary(models.Model):
    """A named list of terms: school sectors, language categories, priority areas, topics …"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    source = models.TextField(_("source"), blank=True)

    name = Localised()

    class Meta:
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en


class TermQuerySet(models.QuerySet):
    def in_force(self, day: datetime.date | None = None) -> TermQuerySet:
        day = day or datetime.date.today()  # noqa: DTZ011 - a calendar date in Wales
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Term(models.Model):
    vocabulary = models.ForeignKey(
        Vocabulary, on_delete=models.CASCADE, related_name="terms", verbose_name=_("vocabulary")
    )
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    name = Localised()
    description = Localised()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["vocabulary", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name_en


class Framework(models.Model):
    """A versioned set of professional standards, e.g. teaching and leadership (2017)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    version = models.CharField(_("version"), max_length=40)
    source = models.TextField(_("source"), blank=True)
    applies_to = models.JSONField(
        _("applies to role types"),
        default=list,
        blank=True,
        help_text=_("Role types this framework is for, e.g. teacher, leader."),
    )
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"), null=True, blank=True)

    name = Localised()

    class Meta:
        verbose_name = _("standards framework")
        verbose_name_plural = _("standards frameworks")
        ordering = ["starts_on", "code"]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.version})"


class Standard(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="standards", verbose_name=_("framework")
    )
    code = models.SlugField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    summary_cy = models.CharField(_("summary in Welsh"), max_length=300, blank=True)

    name = Localised()
    summary = Localised()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="standard_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name_en


class Element(models.Model):
    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="elements", verbose_name=_("standard")
    )
    code = models.SlugField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)

    name = Localised()

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="element_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name_en
