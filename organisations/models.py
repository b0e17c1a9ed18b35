"""Organisations as one dated graph, and its closure.

Wales's structure changes: local authorities move between regional partnerships, schools open and
close, clusters are redrawn. Every parent/child relation is an ``OrganisationLink`` with dates, so
"which region was this LA in on date D" is one query, and nothing about a school is a constant.
``OrganisationClosure`` holds, for every organisation, each organisation above it (itself
included) and the dates between which that holds, so "everything below these organisations on
date D" is one join, whatever the depth of the graph.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import Localised
from core.search import FullText


class OrganisationKind(models.TextChoices):
    NATION = "nation", _("Nation")
    REGION = "region", _("Region")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    DIOCESE = "diocese", _("Diocesan authority")
    CLUSTER = "cluster", _("Cluster")
    SCHOOL = "school", _("School")
    PROVIDER = "provider", _("Provider")


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    code = models.CharField(
        _("code"),
        max_length=32,
        help_text=_("Stable identifier: the 7-digit school number, the 3-digit LA code, …"),
    )
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    name = Localised()
    # Names in both languages, for the schools directory and the API's ``q`` (``core.search``;
    # made by migration 0002).
    full_text = FullText("organisation_search", {"name_en": "A", "name_cy": "A"})

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="organisation_kind_code_unique"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="organisation_closes_after_opening",
            ),
        ]
        indexes = [
            # The directory's order (name, then number) straight from the index: a late page
            # skips rows without sorting and annotating every school first.
            models.Index(fields=["kind", "name_en", "code"], name="organisation_kind_name_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class LinkQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> LinkQuerySet:
        """Links in force on ``day`` (both ends inclusive)."""
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class OrganisationLink(models.Model):
    """``parent`` holds ``child`` from ``starts_on`` to ``ends_on`` (inclusive; open when null)."""

    parent = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="child_links",
        verbose_name=_("parent"),
    )
    child = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="parent_links",
        verbose_name=_("child"),
    )
    starts_on = models.DateField(_("starts on"), default=datetime.date(1996, 4, 1))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation link")
        verbose_name_plural = _("organisation links")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "child", "starts_on"], name="organisation_link_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="organisation_link_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("child")), name="organisation_link_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "starts_on"], name="org_link_parent"),
            models.Index(fields=["child", "starts_on"], name="org_link_child"),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child} ({self.starts_on}–{self.ends_on or ''})"


class ClosureQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> ClosureQuerySet:
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class OrganisationClosure(models.Model):
    """``ancestor`` is ``descendant`` or above it, between two dates (inclusive; open when null).

    Derived from the links by ``organisations.services.closure_rebuild``, never edited by hand:
    one row per pair and stretch of time, the organisation itself included (with no start).
    """

    ancestor = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation above"),
    )
    descendant = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation below"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = ClosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation ancestry")
        verbose_name_plural = _("organisation ancestries")
        constraints = [
            models.UniqueConstraint(
                fields=["ancestor", "descendant", "starts_on"], name="organisation_closure_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="organisation_closure_ends_after_start",
            ),
        ]
        indexes = [
            # "Below these organisations on D": by ancestor, the descendant read from the index.
            models.Index(
                fields=["ancestor", "starts_on", "ends_on", "descendant"], name="org_closure_down"
            ),
            models.Index(fields=["descendant", "starts_on"], name="org_closure_up"),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.descendant_id} ({self.starts_on}–{self.ends_on or ''})"


class SchoolProfile(models.Model):
    """What a school has that other organisations lack."""

    school = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="school_profile",
        limit_choices_to={"kind": OrganisationKind.SCHOOL},
        verbose_name=_("school"),
    )
    sector = models.ForeignKey(
        "standards.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__code": "school-sector"},
        verbose_name=_("sector"),
    )
    language_category = models.ForeignKey(
        "standards.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__code": "language-category"},
        verbose_name=_("language category"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    telephone = models.CharField(_("telephone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("school profile")
        verbose_name_plural = _("school profiles")

    def __str__(self) -> str:
        return str(self.school)


class SchoolCensus(models.Model):
    """A school's verified census figures on a census date (the grant formula reads these)."""

    school = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="censuses", verbose_name=_("school")
    )
    census_date = models.DateField(_("census date"))
    fte_teachers = models.DecimalField(_("FTE teachers"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("school census")
        verbose_name_plural = _("school censuses")
        constraints = [
            models.UniqueConstraint(fields=["school", "census_date"], name="census_once_per_date"),
            models.CheckConstraint(condition=Q(fte_teachers__gte=0), name="census_fte_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.school.code} {self.census_date}: {self.fte_teachers}"
