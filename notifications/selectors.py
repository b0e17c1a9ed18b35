"""Reads about notifications: a person's calendar feed."""

from __future__ import annotations

from notifications.models import CalendarFeed
from people.models import User


def calendar_feed_get(*, user: User) -> CalendarFeed | None:
    """The user's calendar feed, live or revoked; ``None`` if they never made one."""
    return CalendarFeed.objects.filter(user=user).first()
