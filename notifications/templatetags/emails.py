"""For email templates, which are rendered with no request: absolute links in the recipient's
language (``notifications.services.queue`` renders with it active)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def site_url(view_name: str, *args: Any) -> str:
    """``{% site_url "people:account" %}``: the page's full address, under ``SITE_URL``."""
    return settings.SITE_URL + reverse(view_name, args=args)
