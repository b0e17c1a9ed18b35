"""People: accounts, practitioners, where they work, the roles they hold, their API tokens.

A practitioner's record hangs off ``Person``, never off a school: moving school adds an
``Employment`` and nothing else moves. What a person may do comes from their ``RoleGrant``s and
their employments, through the access policy (``core.access``; ``people.access`` supplies them).
"""

from __future__ import annotations

import datetime
import functools
import operator
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from organisations.models import Organisation, OrganisationKind


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


# The kind of organisation each role is granted on. Practitioners hold no grant: their rights
# come from their employments.
ROLE_ORGANISATION_KIND: dict[str, str] = {
    Role.PL_LEAD: OrganisationKind.SCHOOL,
    Role.HEADTEACHER: OrganisationKind.SCHOOL,
    Role.GOVERNOR: OrganisationKind.SCHOOL,
    Role.CLUSTER_LEAD: OrganisationKind.CLUSTER,
    Role.LA_OFFICER: OrganisationKind.LOCAL_AUTHORITY,
    Role.REGION_OFFICER: OrganisationKind.REGION,
    Role.NATIONAL_OFFICER: OrganisationKind.NATION,
    Role.PROVIDER_ADMIN: OrganisationKind.PROVIDER,
    Role.PLATFORM_ADMIN: OrganisationKind.NATION,
    Role.ENDORSEMENT_PANEL: OrganisationKind.NATION,
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
    # The organisation's kind, copied here so the database can refuse a role on the wrong kind.
    organisation_kind = models.CharField(
        _("kind of organisation"),
        max_length=16,
        choices=OrganisationKind.choices,
        editable=False,
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
            models.CheckConstraint(
                condition=functools.reduce(
                    operator.or_,
                    (
                        Q(role=role, organisation_kind=kind)
                        for role, kind in ROLE_ORGANISATION_KIND.items()
                    ),
                ),
                name="role_grant_on_right_kind",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="role_grant_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organisation.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_kind = self.organisation.kind
        super().save(*args, **kwargs)


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
