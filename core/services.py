"""The site's own writes: feedback from the phase banner."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.i18n import current_language
from core.models import Feedback


def safe_page(path: str) -> str:
    """The page feedback came from, if it is a path on Hawl; anything else is dropped."""
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        return ""
    return path[:500]


@transaction.atomic
def feedback_create(*, message: str, page: str, user: Any) -> Feedback:
    return Feedback.objects.create(
        message=message.strip(),
        page=safe_page(page),
        language=current_language(),
        user=user if getattr(user, "is_authenticated", False) else None,
    )
