"""Loader for the booking rules (see ``core.reference``)."""

from __future__ import annotations

from typing import Any

from catalogue.models import BookingRules, EndorsementCriteria, EndorsementCriterion
from core.reference import loader, names


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


@loader("endorsement-criteria")
def load_endorsement_criteria(data: dict[str, Any]) -> int:
    criteria, _ = EndorsementCriteria.objects.update_or_create(
        version=str(data["version"]),
        defaults={"starts_on": data["starts_on"], "source": data.get("source", "")},
    )
    written = 1
    for order, item in enumerate(data["criteria"], start=1):
        text = names(item["text"])
        guidance = names(item.get("guidance") or "")
        EndorsementCriterion.objects.update_or_create(
            criteria=criteria,
            code=item["code"],
            defaults={
                "order": order,
                "text_en": text["en"],
                "text_cy": text["cy"],
                "guidance_en": guidance["en"],
                "guidance_cy": guidance["cy"],
            },
        )
        written += 1
    return written
