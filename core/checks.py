"""Deploy checks of Hawl's own: a production privacy notice names a real contact, and emails
link to Hawl's real address."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def data_protection_contact(app_configs: Any, **kwargs: Any) -> list[Warning]:
    contact = settings.DATA_PROTECTION_CONTACT
    if not contact or contact.endswith(".localhost"):
        return [
            Warning(
                "DATA_PROTECTION_CONTACT is the development placeholder.",
                hint="Set it to the address people write to about their data.",
                id="hawl.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url(app_configs: Any, **kwargs: Any) -> list[Warning]:
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in {"", "localhost", "127.0.0.1", "::1"} or host.endswith(".localhost"):
        return [
            Warning(
                "SITE_URL is a local address, so the links in emails lead nowhere.",
                hint="Set it to Hawl's public address, e.g. https://hawl.example.",
                id="hawl.W002",
            )
        ]
    return []
