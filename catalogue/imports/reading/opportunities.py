"""An opportunities file's rows, checked with the form's rules and compared with Hawl's data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue import selectors
from catalogue.forms import OpportunityForm, OpportunityPageForm, organisation_key
from catalogue.imports.reading.columns import (
    FIELD_LABELS,
    OPPORTUNITIES,
    OPPORTUNITY_COLUMNS,
    reported,
    scope_of,
)
from catalogue.imports.reading.vocabulary import (
    NO,
    YES,
    labels,
    labels_in_both,
    named,
    split_values,
)
from catalogue.models import DeliveryLanguage, Format, Opportunity, Status
from core import access
from core.csvkit import Action, Column, ImportResult, Row, RowChange, Table, choices_text, normalise
from core.models import ImportRecord
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import below
from people.models import RoleType
from standards.models import Standard, Term

REFERENCE_LIMIT = 60


@dataclass
class _OfferReference:
    """What checking an opportunities file needs from the database, read once."""

    terms: dict[str, dict[str, str]]
    standards: dict[str, str]
    audiences: dict[str, str]
    within: set[int] | None
    languages: dict[str, str]
    formats: dict[str, str]
    statuses: dict[str, str]
    roles: dict[str, str]
    prototype: OpportunityForm
    # What each column accepts, to say so when a cell holds something else.
    accepted: dict[str, str]

    @classmethod
    def load(cls, provider: Organisation, existing: Iterable[Opportunity]) -> _OfferReference:
        vocabularies = ("provision-level", "delivery-method", "priority-area", "topic")
        terms: dict[str, list[Term]] = {code: [] for code in vocabularies}
        for term in Term.objects.filter(vocabulary__code__in=vocabularies).select_related(
            "vocabulary"
        ):
            terms[term.vocabulary.code].append(term)
        places = selectors.audience_choices(providers=[provider])
        for opportunity in existing:
            if opportunity.audience_organisation not in places:
                places.append(opportunity.audience_organisation)
        audiences: dict[str, str] = {}
        for place in places:
            key = organisation_key(place)
            for text in (key, place.code, place.name_en, place.name_cy):
                if text:
                    audiences.setdefault(normalise(text), key)
            if place.kind == OrganisationKind.NATION:
                for text in ("Wales", "All of Wales", "Cymru", "Cymru gyfan", "Nation"):
                    audiences.setdefault(normalise(text), key)
        within = None
        if provider.kind not in (OrganisationKind.PROVIDER, OrganisationKind.NATION):
            day = access.today()
            within = set(below([provider.pk], day).values_list("descendant_id", flat=True))
        formats = labels_in_both(Format.choices)
        formats.setdefault(normalise("self paced"), Format.SELF_PACED)
        formats.setdefault(normalise("sessions"), Format.SCHEDULED)
        return cls(
            terms={code: named(found) for code, found in terms.items()},
            standards=named(Standard.objects.all()),
            audiences=audiences,
            within=within,
            languages=labels_in_both(DeliveryLanguage.choices),
            formats=formats,
            statuses=labels_in_both(Status.choices),
            roles=labels_in_both(RoleType.choices),
            prototype=OpportunityForm(providers=[provider], audiences=places),
            accepted={
                "level": choices_text(terms["provision-level"]),
                "delivery": choices_text(terms["delivery-method"]),
                "priority_areas": choices_text(terms["priority-area"]),
                "topics": choices_text(terms["topic"]),
                "standards": ", ".join(
                    dict.fromkeys(
                        str(s.name) for s in Standard.objects.order_by("order", "framework")
                    )
                ),
                "format": labels(Format.choices),
                "status": labels(Status.choices),
                "audiences": labels(RoleType.choices),
            },
        )


class _RowForm(OpportunityPageForm):
    """The form's rules for one row, with the choices read once for the whole file."""

    def __init__(self, data: dict[str, Any], *, prototype: OpportunityForm) -> None:
        forms.Form.__init__(self, data)
        for name, found in prototype.fields.items():
            if isinstance(found, forms.ChoiceField):
                self.fields[name].choices = found.choices
        self.providers = prototype.providers
        self.audience_organisations = prototype.audience_organisations
        self.name_the_fields()


@dataclass
class OpportunityPlan:
    line: int
    reference: str
    existing: Opportunity | None
    data: dict[str, Any]
    fields: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.data["title_en"] or self.data["title_cy"]


def known_references(provider: Organisation) -> dict[str, int]:
    """The references earlier imports of this provider's offer gave, to their opportunities
    (those of imports since undone are forgotten)."""
    found: dict[str, int] = {}
    records = (
        ImportRecord.objects.filter(
            kind=OPPORTUNITIES, scope=scope_of(provider), status=ImportRecord.Status.APPLIED
        )
        .order_by("created_at", "pk")
        .values_list("changes", flat=True)
    )
    for changes in records:
        for entry in changes.get("opportunities", []):
            found[entry["reference"].casefold()] = entry["id"]
    return found


def _existing(provider: Organisation, ids: Iterable[int]) -> dict[int, Opportunity]:
    """The provider's opportunities with these ids, with what the form shows of them."""
    return {
        opportunity.pk: opportunity
        for opportunity in Opportunity.objects.filter(pk__in=list(ids), provider=provider)
        .select_related("provider", "audience_organisation", "level", "delivery")
        .select_related("pathway", "pathway_level")
        .prefetch_related(
            "standards",
            "elements",
            "priority_areas",
            "topics",
            "sectors",
            "career_stages",
            "audiences",
        )
    }


MAPPED_LISTS = (
    "standards", "elements", "priority_areas", "topics", "sectors", "career_stages", "audiences",
)  # fmt: skip
_TEXTS = (
    "title_en", "title_cy", "summary_en", "summary_cy", "description_en", "description_cy",
    "resource_url", "pathway", "pathway_level", "level", "delivery", "language", "hours",
)  # fmt: skip


def _defaults(provider: Organisation) -> dict[str, Any]:
    """A new opportunity's data before its row's cells: as the form starts."""
    nation = Organisation.objects.filter(kind=OrganisationKind.NATION).order_by("pk").first()
    defaults: dict[str, Any] = dict.fromkeys(_TEXTS, "")
    defaults.update({name: [] for name in MAPPED_LISTS})
    defaults.update(
        provider=organisation_key(provider),
        audience=organisation_key(nation) if nation else "",
        format=Format.SCHEDULED,
        status=Status.DRAFT,
        cost="0",
        cover_days="0",
        approval_required=False,
    )
    return defaults


# Cells for each kind of value: what a non-empty cell sets in the form's data.


def _unknown(row: Row, name: str, value: str, reference: _OfferReference) -> None:
    if name == "audience":
        message = gettext("“%(value)s” is not a place you can offer to")
    elif name == "language":
        message = gettext("“%(value)s” is not Welsh, English or Bilingual")
    else:
        message = gettext("“%(value)s” is not one Hawl knows. Use one of: %(choices)s")
    row.error(name, message % {"value": value, "choices": reference.accepted.get(name, "")})


def _choice(row: Row, name: str, index: dict[str, str], reference: _OfferReference) -> str | None:
    value = row.get(name)
    code = index.get(normalise(value))
    if code is None:
        _unknown(row, name, value, reference)
    return code


def _choices(
    row: Row, name: str, index: dict[str, str], reference: _OfferReference
) -> list[str] | None:
    codes = []
    for value in split_values(row.get(name)):
        code = index.get(normalise(value))
        if code is None:
            _unknown(row, name, value, reference)
            return None
        if code not in codes:
            codes.append(code)
    return codes


def _opportunity_cells(row: Row, reference: _OfferReference, data: dict[str, Any]) -> None:
    """Set the form's data from each cell that has something in it."""
    for name in (
        "title_en",
        "title_cy",
        "summary_en",
        "summary_cy",
        "description_en",
        "description_cy",
        "resource_url",
        "hours",
        "cost",
    ):
        if row.get(name):
            data[name] = row.get(name).removeprefix("£") if name == "cost" else row.get(name)
    singles = (
        ("audience", reference.audiences),
        ("level", reference.terms["provision-level"]),
        ("delivery", reference.terms["delivery-method"]),
        ("format", reference.formats),
        ("language", reference.languages),
        ("status", reference.statuses),
    )
    for name, index in singles:
        if row.get(name):
            code = _choice(row, name, index, reference)
            if code is not None:
                data[name] = code
    lists = (
        ("standards", reference.standards),
        ("priority_areas", reference.terms["priority-area"]),
        ("topics", reference.terms["topic"]),
        ("audiences", reference.roles),
    )
    for name, index in lists:
        if row.get(name):
            codes = _choices(row, name, index, reference)
            if codes is not None:
                data[name] = codes
    approval = normalise(row.get("approval_required"))
    if approval in YES:
        data["approval_required"] = True
    elif approval in NO:
        data["approval_required"] = False
    elif approval:
        row.error("approval_required", gettext("Write Yes or No"))


_NEEDED = {
    "level": _("Enter the level of provision"),
    "delivery": _("Enter the delivery method"),
    "language": _("Enter the language of delivery"),
    "hours": _("Enter the hours of learning"),
}


def _check_rules(
    row: Row, data: dict[str, Any], reference: _OfferReference, columns: dict[str, Column]
) -> dict[str, Any] | None:
    """The form's rules on the row's data; its messages on the row, at their columns."""
    for name, message in _NEEDED.items():
        if not data.get(name) and name not in reported(row):
            row.error(name, str(message))
    form = _RowForm(data, prototype=reference.prototype)
    valid = form.is_valid()
    already = reported(row)
    for name, messages in form.errors.items():
        if name in already:
            continue
        for message in messages:
            if name in columns:
                row.error(name, message)
            else:
                label = form.fields[name].label if name in form.fields else ""
                row.error("reference", f"{label}: {message}" if label else message)
    if not valid or not row.valid:
        return None
    cleaned = form.cleaned_data
    if reference.within is not None and cleaned["audience"].pk not in reference.within:
        row.error("audience", gettext("You can offer learning only within your own area"))
        return None
    return cleaned


def _comparable(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The form's cleaned data as plain values, so two can be compared."""
    shown: dict[str, Any] = {}
    for name, value in cleaned.items():
        if isinstance(value, Organisation):
            shown[name] = value.pk
        elif isinstance(value, list):
            shown[name] = sorted(value)
        elif isinstance(value, Decimal):
            shown[name] = value.normalize()
        else:
            shown[name] = value
    return shown


def plan_opportunities(
    table: Table, provider: Organisation, result: ImportResult
) -> list[OpportunityPlan]:
    """Check every row; valid ones become plans, compared with what Hawl holds."""
    columns = {column.field: column for column in OPPORTUNITY_COLUMNS}
    known = known_references(provider)
    wanted = {
        known[values.get("reference", "").casefold()]
        for _line, values in table.rows
        if values.get("reference", "").casefold() in known
    }
    existing = _existing(provider, wanted)
    reference = _OfferReference.load(provider, existing.values())
    defaults = _defaults(provider)
    seen: dict[str, int] = {}
    plans = []
    for line, values in table.rows:
        row = Row(line, values, table, columns, result)
        key = row.get("reference")
        if not key:
            row.error("reference", gettext("Enter your reference for the opportunity"))
        elif len(key) > REFERENCE_LIMIT:
            row.error(
                "reference",
                gettext("The reference must be %(limit)s characters or fewer")
                % {"limit": REFERENCE_LIMIT},
            )
        elif key.casefold() in seen:
            row.error(
                "reference",
                gettext("Reference %(reference)s is also on row %(line)s")
                % {"reference": key, "line": seen[key.casefold()]},
            )
        else:
            seen[key.casefold()] = line
        found = existing.get(known.get(key.casefold(), 0))
        before = selectors.opportunity_form_data(found) if found else None
        data = dict(before or defaults)
        data["provider"] = organisation_key(provider)
        _opportunity_cells(row, reference, data)
        cleaned = _check_rules(row, data, reference, columns)
        if cleaned is None or not row.valid:
            continue
        plan = OpportunityPlan(line, key, found, cleaned)
        if found is not None:
            earlier = _RowForm(before or {}, prototype=reference.prototype)
            old = _comparable(earlier.cleaned_data) if earlier.is_valid() else {}
            new = _comparable(cleaned)
            plan.fields = [
                name for name in FIELD_LABELS if name in new and old.get(name) != new[name]
            ]
        action = (
            Action.CREATE if found is None else Action.UPDATE if plan.fields else Action.UNCHANGED
        )
        result.rows.append(
            RowChange(line, action, key, plan.title, list(plan.fields), labels=FIELD_LABELS)
        )
        plans.append(plan)
    return plans
