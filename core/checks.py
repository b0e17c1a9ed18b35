"""Deploy checks of Hawl's own: a production privacy notice names a real contact."""

from __future__ import annotations

from typing import Any

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
