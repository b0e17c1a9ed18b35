"""Loader for the booking rules (see ``core.reference``)."""

from __future__ import annotations

from typing import Any

from catalogue.models import BookingRules
from core.reference import loader


@loader("booking-rules")
def load_booking_rules(data: dict[str, Any]) -> int:
    written = 0
    for item in data["rules"]:
        BookingRules.objects.update_or_create(
            starts_on=item["starts_on"],
            defaults={
                "offer_hold_hours": int(item["offer_hold_hours"]),
                "reminder_days": int(item["reminder_days"]),
                "source": data.get("source", ""),
            },
        )
        written += 1
    return written
