"""The one error a service raises when a rule says no: a message in the user's language.

Views show it against ``field`` (or above the form), the API returns it as
``{"detail": message, "errors": {field: [message]}}``, commands print it; nothing has changed.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change. ``message`` is already translated (gettext at raise time)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
