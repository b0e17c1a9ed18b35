"""What the providers' pages share: the actions they need, a refusal's field, a session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from catalogue import selectors
from catalogue.models import Session
from core.errors import DomainError

MANAGE = "catalogue.opportunity.manage"
SESSIONS = "catalogue.session.manage"
REGISTER = "catalogue.booking.register"


def field_for(error: DomainError, form: Any, names: dict[str, str] | None = None) -> str | None:
    """The form field a service's error is about, or ``None`` to show it above the form."""
    name = (names or {}).get(error.field, error.field)
    return name if name in form.fields else None


def managed_session(request: HttpRequest, pk: int, action: str = SESSIONS) -> Session:
    """A session of a provider the user manages, if they may do ``action`` there (else 404)."""
    return selectors.managed_session_get(user=request.user, pk=pk, action=action)
