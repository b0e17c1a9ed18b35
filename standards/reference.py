"""Loaders for vocabularies and standards frameworks (see ``core.reference``)."""

from __future__ import annotations

from typing import Any

from core.reference import loader, names
from standards.models import Element, Framework, Standard, Term, Vocabulary


@loader("vocabularies")
def load_vocabularies(data: dict[str, Any]) -> int:
    written = 0
    for item in data["vocabularies"]:
        name = names(item["name"])
        vocabulary, _ = Vocabulary.objects.update_or_create(
            code=item["code"],
            defaults={
                "name_en": name["en"],
                "name_cy": name["cy"],
                "version": str(data.get("version", "")),
                "source": item.get("source", ""),
            },
        )
        written += 1
        for order, term in enumerate(item["terms"], start=1):
            name = names(term["name"])
            description = names(term.get("description") or "")
            Term.objects.update_or_create(
                vocabulary=vocabulary,
                code=term["code"],
                defaults={
                    "name_en": name["en"],
                    "name_cy": name["cy"],
                    "description_en": description["en"],
                    "description_cy": description["cy"],
                    "order": order,
                    "valid_from": term.get("valid_from"),
                    "valid_to": term.get("valid_to"),
                },
            )
            written += 1
    return written


@loader("framework")
def load_framework(data: dict[str, Any]) -> int:
    name = names(data["name"])
    framework, _ = Framework.objects.update_or_create(
        code=data["code"],
        defaults={
            "name_en": name["en"],
            "name_cy": name["cy"],
            "version": str(data["version"]),
            "source": data.get("source", ""),
            "applies_to": list(data.get("applies_to", [])),
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
        },
    )
    written = 1
    for order, item in enumerate(data["standards"], start=1):
        name = names(item["name"])
        summary = names(item.get("summary") or "")
        standard, _ = Standard.objects.update_or_create(
            framework=framework,
            code=item["code"],
            defaults={
                "order": order,
                "name_en": name["en"],
                "name_cy": name["cy"],
                "summary_en": summary["en"],
                "summary_cy": summary["cy"],
            },
        )
        written += 1
        for element_order, element in enumerate(item.get("elements", []), start=1):
            name = names(element["name"])
            Element.objects.update_or_create(
                standard=standard,
                code=element["code"],
                defaults={"order": element_order, "name_en": name["en"], "name_cy": name["cy"]},
            )
            written += 1
    return written
