"""Reading a provider's files: the columns, and each row checked against Hawl's rules and data.

An opportunities file has a row per opportunity, named by a reference of the provider's
choosing; importing a row again with the same reference changes that opportunity (the
references an import gave are remembered in its record). A sessions file has a row per session,
naming its opportunity by that reference or by its number in Hawl. Codes and names are both
accepted, in English or Welsh ("pedagogy", "Pedagogy", "Addysgeg"); several values in one cell
are separated by semicolons. An empty cell leaves what Hawl holds for an opportunity already
imported; a new one gets the form's defaults, and the same rules as the form (both languages
before it is listed, a standard, a link for self-paced learning …), with the form's messages.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue import selectors
from catalogue.forms import OpportunityForm, OpportunityPageForm, SessionForm, organisation_key
from catalogue.models import (
    DeliveryLanguage,
    Format,
    Opportunity,
    Session,
    SessionStatus,
    Status,
)
from core import access
from core.csvkit import (
    DATE_HINT,
    Action,
    Column,
    ImportResult,
    Row,
    RowChange,
    Table,
    choices_text,
    normalise,
    parse_date,
)
from core.i18n import localise
from core.models import ImportRecord
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import below
from people.models import RoleType
from standards.models import Standard, Term

LONDON = zoneinfo.ZoneInfo("Europe/London")
OPPORTUNITIES = "catalogue.opportunities"
SESSIONS = "catalogue.sessions"
REFERENCE_LIMIT = 60

# What changed, by field key: the API and records keep the keys, pages show these labels.
FIELD_LABELS: dict[str, Promise] = {
    "title_en": _("Title in English"),
    "title_cy": _("Title in Welsh"),
    "summary_en": _("Summary in English"),
    "summary_cy": _("Summary in Welsh"),
    "description_en": _("Description in English"),
    "description_cy": _("Description in Welsh"),
    "audience": _("Who it is offered to"),
    "level": _("Level of provision"),
    "delivery": _("Delivery method"),
    "format": _("Format"),
    "language": _("Language of delivery"),
    "standards": _("Professional standards"),
    "priority_areas": _("National priority areas"),
    "topics": _("Topics"),
    "audiences": _("Roles it is for"),
    "hours": _("Hours of learning"),
    "cost": _("Cost per place"),
    "approval_required": _("Approval"),
    "resource_url": _("Link to the material"),
    "status": _("Status"),
    "capacity": _("Number of places"),
    "venue": _("Venue"),
    "online_url": _("Online meeting link"),
    "booking_deadline": _("Last day to book"),
}

SEPARATED = _("Separate several with semicolons.")

OPPORTUNITY_COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Reference",
        ("Ref", "Your reference", "Key", "Cyfeirnod"),
        True,
        _(
            "Your own reference for the opportunity, up to 60 characters, once in the file. "
            "Import a row with the same reference again to change that opportunity."
        ),
    ),
    Column(
        "title_en",
        "Title in English",
        ("Title", "English title", "Title (English)", "Teitl yn Saesneg"),
        False,
        _("Up to 200 characters."),
    ),
    Column(
        "title_cy",
        "Title in Welsh",
        ("Welsh title", "Title (Welsh)", "Teitl", "Teitl yn Gymraeg"),
        False,
        _("Up to 200 characters. Needed before it is published or shown as coming soon."),
    ),
    Column(
        "summary_en",
        "Summary in English",
        ("Summary", "Summary (English)", "Crynodeb yn Saesneg"),
        False,
        _("Up to 400 characters."),
    ),
    Column(
        "summary_cy",
        "Summary in Welsh",
        ("Summary (Welsh)", "Crynodeb", "Crynodeb yn Gymraeg"),
        False,
        _("Up to 400 characters. Needed before it is published or shown as coming soon."),
    ),
    Column(
        "description_en",
        "Description in English",
        ("Description", "Description (English)", "Disgrifiad yn Saesneg"),
        False,
        _("As long as you need."),
    ),
    Column(
        "description_cy",
        "Description in Welsh",
        ("Description (Welsh)", "Disgrifiad", "Disgrifiad yn Gymraeg"),
        False,
        _("As long as you need."),
    ),
    Column(
        "audience",
        "Offered to",
        ("Who it is offered to", "Audience organisation", "Yn cael ei gynnig i"),
        False,
        _(
            "All of Wales, a region or a local authority, by name or code (Wales, CSC, 681, "
            "Cardiff). Empty for a new opportunity: all of Wales."
        ),
    ),
    Column(
        "level",
        "Level",
        ("Level of provision", "Lefel", "Lefel y ddarpariaeth"),
        False,
        _(
            "National, Regional or local, School or setting-led, or Collaborative. Needed for "
            "a new opportunity."
        ),
    ),
    Column(
        "delivery",
        "Delivery",
        ("Delivery method", "Dull cyflwyno"),
        False,
        _(
            "For example, Live, Asynchronous, Webinars, Network meetings. Needed for a new "
            "opportunity."
        ),
    ),
    Column(
        "format",
        "Format",
        ("Fformat",),
        False,
        _("Sessions on set dates, or Self-paced. Empty for a new opportunity: sessions."),
    ),
    Column(
        "language",
        "Language",
        ("Language of delivery", "Iaith", "Iaith y cyflwyno"),
        False,
        _("Welsh, English or Bilingual. Needed for a new opportunity."),
    ),
    Column(
        "standards",
        "Standards",
        ("Professional standards", "Safonau", "Safonau proffesiynol"),
        False,
        _("For example, Pedagogy; Collaboration. Separate several with semicolons."),
    ),
    Column(
        "priority_areas",
        "Priority areas",
        ("National priority areas", "Meysydd blaenoriaeth"),
        False,
        SEPARATED,
    ),
    Column("topics", "Topics", ("Topic", "Pynciau"), False, SEPARATED),
    Column(
        "audiences",
        "Roles",
        ("Roles it is for", "Audiences", "Rolau"),
        False,
        _("For example, Teacher; Teaching assistant. Empty: for everyone."),
    ),
    Column(
        "hours",
        "Hours",
        ("Hours of learning", "Oriau", "Oriau o ddysgu"),
        False,
        _("For example, 6 or 1.5. Needed for a new opportunity."),
    ),
    Column(
        "cost",
        "Cost",
        ("Cost per place", "Cost (£)", "Cost y lle"),
        False,
        _("In pounds, for example 0 or 45.50."),
    ),
    Column(
        "approval_required",
        "Approval",
        ("Approval required", "Needs approval", "Cymeradwyaeth"),
        False,
        _("Yes if a leader must approve each booking, otherwise No."),
    ),
    Column(
        "resource_url",
        "Link to the material",
        ("Link", "Resource link", "Dolen i’r deunydd"),
        False,
        _("For self-paced learning: where people find it."),
    ),
    Column(
        "status",
        "Status",
        ("Statws",),
        False,
        _("Draft, Coming soon, Published or Archived. Empty for a new opportunity: Draft."),
    ),
)

SESSION_COLUMNS: tuple[Column, ...] = (
    Column(
        "opportunity",
        "Opportunity",
        ("Opportunity reference", "Reference", "Cyfle", "Cyfeirnod"),
        True,
        _(
            "The reference you gave the opportunity in an opportunities file, or its number "
            "in Hawl (on its page)."
        ),
    ),
    Column("date", "Date", ("Session date", "Dyddiad"), True, DATE_HINT),
    Column(
        "start",
        "Start",
        ("Start time", "Starts", "Amser dechrau"),
        True,
        _("In Wales, on the 24-hour clock, like 09:30."),
    ),
    Column(
        "end",
        "End",
        ("End time", "Ends", "Amser gorffen"),
        True,
        _("In Wales, on the 24-hour clock, like 15:30."),
    ),
    Column(
        "capacity",
        "Places",
        ("Number of places", "Capacity", "Lleoedd", "Nifer y lleoedd"),
        False,
        _("A whole number, 1 to 10,000. Needed for a new session."),
    ),
    Column(
        "language",
        "Language",
        ("Language of delivery", "Iaith"),
        False,
        _("Welsh, English or Bilingual. Empty for a new session: the opportunity’s language."),
    ),
    Column("venue", "Venue", ("Where", "Lleoliad"), False, _("Up to 300 characters.")),
    Column(
        "online_url",
        "Online link",
        ("Online meeting link", "Meeting link", "Dolen ar-lein"),
        False,
        _("Shown only to people with a place. A session needs a venue, a link, or both."),
    ),
    Column(
        "booking_deadline",
        "Last day to book",
        ("Booking deadline", "Booking closes", "Y diwrnod olaf i archebu"),
        False,
        _("On or before the date. Empty: bookings are taken until the session starts."),
    ),
)

TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
YES = {"yes", "y", "true", "1", "ie", "oes", "do"}
NO = {"no", "n", "false", "0", "na", "nac oes", "naddo"}


def scope_of(provider: Organisation) -> str:
    """What an import of this provider's offer is recorded under: ``provider:NPLLEW``."""
    return organisation_key(provider)


def summary_text(result: ImportResult, *, sessions: bool = False) -> str:
    """The one-line account of a valid file, applied or checked, for messages and the CLI."""
    if result.applied and sessions:
        text = gettext(
            "Sessions imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged."
        )
    elif result.applied:
        text = gettext(
            "Opportunities imported: %(created)s added, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
    else:
        text = gettext(
            "Checked, nothing changed: %(created)s to add, %(updated)s to update, "
            "%(unchanged)s unchanged."
        )
    return text % result.summary()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _labels_in_both(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """A choice's code and its label in English and in Welsh, normalised, to its code."""
    index: dict[str, str] = {}
    choices = list(choices)
    for language in ("en", "cy"):
        with translation.override(language):
            for code, label in choices:
                index.setdefault(normalise(str(label)), code)
    for code, _label in choices:
        index.setdefault(normalise(code), code)
    return index


def _labels(choices: Iterable[tuple[str, Any]]) -> str:
    return ", ".join(str(label) for _code, label in choices)


def _named(items: Iterable[Any], *, code: str = "code") -> dict[str, str]:
    """Terms or standards by code and by English and Welsh name (without any bracketed part)."""
    index: dict[str, str] = {}
    for item in items:
        value = getattr(item, code)
        for text in (value, item.name_en, item.name_cy):
            if text:
                index.setdefault(normalise(text), value)
                index.setdefault(normalise(re.sub(r"\(.*?\)", " ", text)), value)
    return index


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
        formats = _labels_in_both(Format.choices)
        formats.setdefault(normalise("self paced"), Format.SELF_PACED)
        formats.setdefault(normalise("sessions"), Format.SCHEDULED)
        return cls(
            terms={code: _named(found) for code, found in terms.items()},
            standards=_named(Standard.objects.all()),
            audiences=audiences,
            within=within,
            languages=_labels_in_both(DeliveryLanguage.choices),
            formats=formats,
            statuses=_labels_in_both(Status.choices),
            roles=_labels_in_both(RoleType.choices),
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
                "format": _labels(Format.choices),
                "status": _labels(Status.choices),
                "audiences": _labels(RoleType.choices),
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
    for value in _split(row.get(name)):
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
        if not data.get(name) and name not in _reported(row):
            row.error(name, str(message))
    form = _RowForm(data, prototype=reference.prototype)
    valid = form.is_valid()
    already = _reported(row)
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


def _reported(row: Row) -> set[str]:
    """The columns of this row that already have an error (so the form does not repeat it)."""
    headings = {
        row.table.headings.get(name) or row.columns[name].heading: name for name in row.columns
    }
    return {
        headings[error.column]
        for error in row.result.errors
        if error.line == row.line and error.column in headings
    }


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


# Sessions.


@dataclass
class SessionPlan:
    line: int
    opportunity: Opportunity
    existing: Session | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    language: str
    venue: str
    online_url: str
    booking_deadline: datetime.datetime
    key: str
    fields: list[str] = field(default_factory=list)


def _time(row: Row, name: str) -> datetime.time | None:
    value = row.get(name)
    match = TIME.match(value)
    if not value:
        row.error(name, gettext("Enter the time"))
    elif match is None:
        row.error(name, gettext("Enter a time on the 24-hour clock, like 09:30 or 14:00"))
    else:
        return datetime.time(int(match.group(1)), int(match.group(2)))
    return None


def _date(row: Row, name: str, *, required: bool) -> datetime.date | None:
    value = row.get(name)
    if not value:
        if required:
            row.error(name, gettext("Enter the date"))
        return None
    found = parse_date(value)
    if found is None:
        row.error(name, str(DATE_HINT))
    return found


@dataclass
class _SessionReference:
    opportunities: dict[str, Opportunity]
    sessions: dict[tuple[int, datetime.datetime], Session]
    languages: dict[str, str]

    @classmethod
    def load(cls, table: Table, provider: Organisation) -> _SessionReference:
        known = known_references(provider)
        cells = [values.get("opportunity", "") for _line, values in table.rows]
        ids = {known[cell.casefold()] for cell in cells if cell.casefold() in known}
        ids |= {int(cell) for cell in cells if cell.isdigit() and len(cell) < 10}
        found = {
            o.pk: o
            for o in Opportunity.objects.filter(pk__in=ids, provider=provider).prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.filter(status=SessionStatus.SCHEDULED),
                    to_attr="scheduled",
                )
            )
        }
        by_cell: dict[str, Opportunity] = {}
        for cell in cells:
            pk = known.get(cell.casefold())
            if pk is None and cell.isdigit() and len(cell) < 10:
                pk = int(cell)
            if pk in found:
                by_cell[cell.casefold()] = found[pk]
        sessions = {(s.opportunity_id, s.starts_at): s for o in found.values() for s in o.scheduled}
        return cls(by_cell, sessions, _labels_in_both(DeliveryLanguage.choices))


_SESSION_FORM_COLUMNS = {
    "date": "date",
    "start_time": "start",
    "end_time": "end",
    "capacity": "capacity",
    "language": "language",
    "venue": "venue",
    "online_url": "online_url",
    "booking_deadline": "booking_deadline",
}


def _session_opportunity(row: Row, reference: _SessionReference) -> Opportunity | None:
    value = row.get("opportunity")
    if not value:
        row.error("opportunity", gettext("Enter the opportunity’s reference or number"))
        return None
    opportunity = reference.opportunities.get(value.casefold())
    if opportunity is None:
        row.error(
            "opportunity",
            gettext("None of your opportunities has the reference or number %(value)s")
            % {"value": value},
        )
    elif opportunity.self_paced:
        row.error(
            "opportunity",
            gettext("%(value)s is self-paced: it has no sessions") % {"value": value},
        )
    elif opportunity.status == Status.ARCHIVED:
        row.error("opportunity", gettext("%(value)s is archived") % {"value": value})
    else:
        return opportunity
    return None


def _session_form_data(
    row: Row,
    reference: _SessionReference,
    opportunity: Opportunity | None,
    existing: Session | None,
    day: datetime.date | None,
    start: datetime.time | None,
    end: datetime.time | None,
) -> dict[str, Any]:
    """The session form's data: the row's cells, what Hawl holds for any they leave empty."""
    language = ""
    if row.get("language"):
        language = reference.languages.get(normalise(row.get("language")), "")
        if not language:
            row.error(
                "language",
                gettext("“%(value)s” is not Welsh, English or Bilingual")
                % {"value": row.get("language")},
            )
    elif existing is not None:
        language = existing.language
    elif opportunity is not None:
        language = opportunity.language
    else:
        language = DeliveryLanguage.ENGLISH  # the opportunity's error says what is wrong
    deadline = _date(row, "booking_deadline", required=False)
    if deadline is None and existing is not None and existing.booking_deadline < existing.starts_at:
        deadline = existing.booking_deadline.astimezone(LONDON).date()
    data = {
        "date": day.isoformat() if day else "",
        "start_time": start.strftime("%H:%M") if start else "",
        "end_time": end.strftime("%H:%M") if end else "",
        "capacity": row.get("capacity") or (existing.capacity if existing else ""),
        "language": language,
        "venue": row.get("venue") or (existing.venue if existing else ""),
        "online_url": row.get("online_url") or (existing.online_url if existing else ""),
        "booking_deadline": deadline.isoformat() if deadline else "",
    }
    if not data["capacity"]:
        row.error("capacity", gettext("Enter the number of places"))
    return data


def plan_sessions(
    table: Table, provider: Organisation, result: ImportResult, now: datetime.datetime
) -> list[SessionPlan]:
    """Check every row; valid ones become plans: a new session, or a change to one that starts
    at the same time."""
    columns = {column.field: column for column in SESSION_COLUMNS}
    reference = _SessionReference.load(table, provider)
    seen: dict[tuple[int, datetime.datetime], int] = {}
    plans = []
    for line, values in table.rows:
        row = Row(line, values, table, columns, result)
        opportunity = _session_opportunity(row, reference)
        day = _date(row, "date", required=True)
        start, end = _time(row, "start"), _time(row, "end")
        starts_at = datetime.datetime.combine(day, start, tzinfo=LONDON) if day and start else None
        existing = None
        if opportunity is not None and starts_at is not None:
            key = (opportunity.pk, starts_at)
            existing = reference.sessions.get(key)
            if key in seen:
                row.error(
                    "start",
                    gettext("Row %(line)s is a session of the same opportunity at the same time")
                    % {"line": seen[key]},
                )
            else:
                seen[key] = line
        data = _session_form_data(row, reference, opportunity, existing, day, start, end)
        form = SessionForm(data)
        valid = form.is_valid()
        already = _reported(row)
        for name, messages in form.errors.items():
            column = _SESSION_FORM_COLUMNS.get(name, "opportunity")
            if column not in already:
                for message in messages:
                    row.error(column, message)
        if not valid or not row.valid or opportunity is None or starts_at is None:
            continue
        cleaned = form.cleaned_data
        plan = SessionPlan(
            line=line,
            opportunity=opportunity,
            existing=existing,
            starts_at=cleaned["starts_at"],
            ends_at=cleaned["ends_at"],
            capacity=cleaned["capacity"],
            language=cleaned["language"],
            venue=cleaned["venue"],
            online_url=cleaned["online_url"],
            booking_deadline=cleaned.get("booking_deadline_at") or cleaned["starts_at"],
            key=f"{row.get('opportunity')} {day:%d/%m/%Y} {start:%H:%M}",
        )
        if existing is not None and not row.get("booking_deadline"):
            plan.booking_deadline = existing.booking_deadline  # an empty cell keeps it
        if not _session_rules(row, plan, now):
            continue
        action = Action.CREATE
        if existing is not None:
            plan.fields = _session_changes(plan, existing)
            action = Action.UPDATE if plan.fields else Action.UNCHANGED
        title = str(localise(opportunity, "title"))
        result.rows.append(
            RowChange(line, action, plan.key, title, list(plan.fields), labels=FIELD_LABELS)
        )
        plans.append(plan)
    return plans


def _session_rules(row: Row, plan: SessionPlan, now: datetime.datetime) -> bool:
    """The services' rules, said on the row: a new session starts in the future; a session
    already there keeps its end and never has fewer places than are taken."""
    existing = plan.existing
    if existing is None:
        if plan.starts_at <= now:
            row.error("date", gettext("The session must start in the future"))
        return row.valid
    if existing.ends_at != plan.ends_at:
        row.error(
            "end",
            gettext(
                "The session that starts then ends at %(end)s. Give that end time, or start "
                "the new session at another time"
            )
            % {"end": existing.ends_at.astimezone(LONDON).strftime("%H:%M")},
        )
    if plan.capacity < existing.taken:
        row.error(
            "capacity",
            gettext("%(taken)s places are taken: the session cannot have fewer places than that")
            % {"taken": existing.taken},
        )
    return row.valid


def _session_changes(plan: SessionPlan, existing: Session) -> list[str]:
    wanted = {
        "capacity": plan.capacity,
        "language": plan.language,
        "venue": plan.venue,
        "online_url": plan.online_url,
        "booking_deadline": plan.booking_deadline,
    }
    return [name for name, value in wanted.items() if getattr(existing, name) != value]
