"""Changes to people and organisations. Every write goes through a function here."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from people.models import ApiToken, Language, User


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
        .select_related("user")
        .first()
    )
    if found is None:
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        ApiToken.objects.filter(pk=found.pk).update(last_used_on=today)
    return found.user
