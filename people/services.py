"""Changes to people: accounts, role grants, API tokens. Every write goes through here."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.roles import Role
from organisations.models import Organisation, OrganisationKind
from people.models import ROLE_ORGANISATION_KIND, ApiToken, Language, RoleGrant, User


@transaction.atomic
def user_set_preferred_language(*, user: User, language: str) -> User:
    if language not in Language.values:
        raise ValueError(language)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, label: str = "") -> str:
    """A new Bearer token for ``user``; the caller shows it once, only its digest is kept."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(token), label=label)
    return token


def api_token_user(*, token: str) -> User | None:
    """The active user a token belongs to, or ``None``."""
    found = (
        ApiToken.objects.filter(
            digest=_digest(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user__person")
        .first()
    )
    if found is None:
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        ApiToken.objects.filter(pk=found.pk).update(last_used_on=today)
    return found.user


# Role grants: one service creates, changes and ends them (admin, commands, imports all use it).


def _lock(user_id: int) -> None:
    """Hold the user's row until the transaction ends: grants for one user are made in turn."""
    User.objects.select_for_update().values_list("pk", flat=True).get(pk=user_id)


# Whole sentences per kind, so each reads right in Welsh (no glued-in lower-case labels).
WRONG_KIND = {
    OrganisationKind.SCHOOL: gettext_lazy("This role is held at a school. Choose a school."),
    OrganisationKind.CLUSTER: gettext_lazy("This role is held in a cluster. Choose a cluster."),
    OrganisationKind.LOCAL_AUTHORITY: gettext_lazy(
        "This role is held in a local authority. Choose a local authority."
    ),
    OrganisationKind.REGION: gettext_lazy("This role is held in a region. Choose a region."),
    OrganisationKind.NATION: gettext_lazy(
        "This role is held for the whole of Wales. Choose Wales (code WG)."
    ),
    OrganisationKind.PROVIDER: gettext_lazy("This role is held at a provider. Choose a provider."),
}


def role_grant_check(
    *,
    user: User,
    role: str,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    grant: RoleGrant | None = None,
) -> None:
    """Raise DomainError (with the field at fault) unless the grant would keep every rule.

    A role is held on the kind of organisation it is for (a headteacher on a school, a region
    officer on a region, a platform administrator on the nation); practitioners hold no grant
    (their employments make them one); dates run forwards; and the same role on the same
    organisation is held once at a time.
    """
    if role not in Role.values:
        raise DomainError(_("Select a role from the list"), field="role")
    wanted = ROLE_ORGANISATION_KIND.get(role)
    if wanted is None:
        raise DomainError(
            _("Practitioners hold no role grant: their employment at a school makes them one"),
            field="role",
        )
    if organisation.kind != wanted:
        raise DomainError(str(WRONG_KIND[wanted]), field="organisation")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(
            _("The end date must be the same as or after the start date"), field="ends_on"
        )
    overlapping = RoleGrant.objects.filter(user=user, role=role, organisation=organisation).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if grant is not None and grant.pk is not None:
        overlapping = overlapping.exclude(pk=grant.pk)
    if overlapping.exists():
        raise DomainError(
            _("%(name)s already holds this role there for some of these dates")
            % {"name": user.display_name},
            field="starts_on",
        )


@transaction.atomic
def role_grant_create(
    *,
    user: User,
    role: str,
    organisation: Organisation,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> RoleGrant:
    """Give ``user`` ``role`` over ``organisation`` (and what lies below it) from ``starts_on``."""
    starts_on = starts_on or timezone.localdate()
    # Lock the user's row so two grants made at once cannot both pass the overlap check.
    _lock(user.pk)
    role_grant_check(
        user=user, role=role, organisation=organisation, starts_on=starts_on, ends_on=ends_on
    )
    return RoleGrant.objects.create(
        user=user, role=role, organisation=organisation, starts_on=starts_on, ends_on=ends_on
    )


@transaction.atomic
def role_grant_change(
    *, grant: RoleGrant, starts_on: datetime.date, ends_on: datetime.date | None
) -> RoleGrant:
    """Move a grant's dates (its role, holder and organisation stay: that is a new grant)."""
    _lock(grant.user_id)
    role_grant_check(
        user=grant.user,
        role=grant.role,
        organisation=grant.organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        grant=grant,
    )
    grant.starts_on, grant.ends_on = starts_on, ends_on
    grant.save(update_fields=["starts_on", "ends_on"])
    return grant


def role_grant_end(*, grant: RoleGrant, on: datetime.date | None = None) -> RoleGrant:
    """End a grant: ``on`` is its last day (today by default)."""
    on = on or timezone.localdate()
    if grant.ends_on is not None and grant.ends_on <= on:
        raise DomainError(
            _("This role had already ended on %(date)s")
            % {"date": grant.ends_on.strftime("%d/%m/%Y")}
        )
    return role_grant_change(grant=grant, starts_on=grant.starts_on, ends_on=on)


def role_grant_in_force(
    *, user: User, role: str, organisation: Organisation, on: datetime.date | None = None
) -> RoleGrant:
    """The grant of ``role`` on ``organisation`` that ``user`` holds on ``on``, or DomainError."""
    grant = (
        RoleGrant.objects.on(on or timezone.localdate())
        .filter(user=user, role=role, organisation=organisation)
        .first()
    )
    if grant is None:
        raise DomainError(
            _("%(name)s does not hold this role there now") % {"name": user.display_name}
        )
    return grant
