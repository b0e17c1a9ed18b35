"""Loader for organisations and their dated links (see ``core.reference``)."""

from __future__ import annotations

import datetime
from typing import Any

from core.reference import loader, names
from organisations.models import Organisation, OrganisationKind, OrganisationLink
from organisations.services import closure_deferred


def _ref(text: str, known: dict[tuple[str, str], Organisation]) -> Organisation:
    kind, _, code = text.partition("/")
    try:
        return known[(kind, code)]
    except KeyError:
        raise ValueError(f"unknown organisation {text!r}") from None


@loader("organisations")
def load_organisations(data: dict[str, Any]) -> int:
    with closure_deferred():
        return _load(data)


def _load(data: dict[str, Any]) -> int:
    written = 0
    kinds = set(OrganisationKind.values)
    for item in data["organisations"]:
        if item["kind"] not in kinds:
            raise ValueError(f"unknown organisation kind {item['kind']!r}")
        name = names(item["name"])
        Organisation.objects.update_or_create(
            kind=item["kind"],
            code=str(item["code"]),
            defaults={
                "name_en": name["en"],
                "name_cy": name["cy"],
                "opened_on": item.get("opened_on"),
                "closed_on": item.get("closed_on"),
            },
        )
        written += 1
    known = {(org.kind, org.code): org for org in Organisation.objects.exclude(kind="school")}
    for link in data.get("links", []):
        parent = _ref(link["parent"], known)
        starts_on = link.get("starts_on") or datetime.date(1996, 4, 1)
        for child_ref in link["children"]:
            OrganisationLink.objects.update_or_create(
                parent=parent,
                child=_ref(child_ref, known),
                starts_on=starts_on,
                defaults={"ends_on": link.get("ends_on")},
            )
            written += 1
    return written
