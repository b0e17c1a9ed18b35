"""Organisations as one dated graph, and the people who work in them.

Wales's structure changes: local authorities move between regional partnerships, schools open and
close, clusters are redrawn. Every parent/child relation is an ``OrganisationLink`` with dates, so
"which region was this LA in on date D" is one query, and nothing about a school is a constant.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hawl.i18n import Localised


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Cymraeg"


class User(AbstractUser):
    """An account. Practitioners' accounts are provisioned from their school's MIS export."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleType(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    TEACHING_ASSISTANT = "teaching_assistant", _("Teaching assistant")
    HLTA = "hlta", _("Higher level teaching assistant")
    SUPPLY_TEACHER = "supply_teacher", _("Supply teacher")
    LEADER = "leader", _("Leader")
    OTHER = "other", _("Other")


class Person(models.Model):
    """A practitioner's profile. Their learning journey hangs off this, never off a school."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="person", verbose_name=_("account")
    )
    role_type = models.CharField(
        _("role type"), max_length=24, choices=RoleType.choices, default=RoleType.TEACHER
    )
    ewc_number = models.CharField(
        _("EWC registration number"),
        max_length=12,
        blank=True,
        help_text=_("Education Workforce Council registration number, if registered."),
    )

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        constraints = [
            models.UniqueConstraint(
                fields=["ewc_number"], condition=~Q(ewc_number=""), name="person_ewc_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name


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

    def is_open_on(self, day: datetime.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or self.closed_on >= day
        )


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


class EmploymentQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> EmploymentQuerySet:
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Employment(models.Model):
    """A person works at a school; supply staff and part-timers hold several at once."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="employments", verbose_name=_("person")
    )
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employments",
        limit_choices_to={"kind": OrganisationKind.SCHOOL},
        verbose_name=_("school"),
    )
    role_type = models.CharField(_("role"), max_length=24, choices=RoleType.choices)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2, default=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="employment_fte_range"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "school", "starts_on"], name="employment_unique_start"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "ends_on"], name="employment_school"),
            models.Index(fields=["person", "ends_on"], name="employment_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.school.code}"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    PL_LEAD = "pl_lead", _("Professional learning lead")
    HEADTEACHER = "headteacher", _("Headteacher")
    GOVERNOR = "governor", _("Governor")
    CLUSTER_LEAD = "cluster_lead", _("Cluster lead")
    LA_OFFICER = "la_officer", _("Local authority officer")
    REGION_OFFICER = "region_officer", _("Region officer")
    NATIONAL_OFFICER = "national_officer", _("National officer")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


# The kind of organisation each role is granted on.
ROLE_ORGANISATION_KIND: dict[str, str] = {
    Role.PRACTITIONER: OrganisationKind.SCHOOL,
    Role.PL_LEAD: OrganisationKind.SCHOOL,
    Role.HEADTEACHER: OrganisationKind.SCHOOL,
    Role.GOVERNOR: OrganisationKind.SCHOOL,
    Role.CLUSTER_LEAD: OrganisationKind.CLUSTER,
    Role.LA_OFFICER: OrganisationKind.LOCAL_AUTHORITY,
    Role.REGION_OFFICER: OrganisationKind.REGION,
    Role.NATIONAL_OFFICER: OrganisationKind.NATION,
    Role.PROVIDER_ADMIN: OrganisationKind.PROVIDER,
    Role.PLATFORM_ADMIN: OrganisationKind.NATION,
}


class RoleGrantQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> RoleGrantQuerySet:
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class RoleGrant(models.Model):
    """``user`` holds ``role`` over ``organisation`` (and what lies below it) between two dates."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("organisation"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation", "starts_on"], name="role_grant_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_grant_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="role_grant_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organisation.code}"


class ApiToken(models.Model):
    """A Bearer token for the API. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.label or self.created_at:%Y-%m-%d}"
