"""What notifications adds to pages it does not own: the calendar link on the account page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.panels import panel


@panel("account", template="notifications/panels/calendar.html", order=10)
def calendar_link(request: HttpRequest) -> dict[str, Any]:
    return {}
