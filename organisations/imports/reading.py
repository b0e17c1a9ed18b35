"""Reading a schools file: its columns, and each row checked against Hawl's reference data.

The headings of the "Address list of schools" spreadsheet (saved as CSV) are accepted as they are
("School Number", "School Name", "Address 1" … "Address 4", "Postcode", "Phone Number", "Sector",
"Welsh Medium Type - see notes", "Local Authority"), plus a few optional ones Hawl adds ("LA
Code", "Welsh School Name", "Diocese", "Opened"). Columns Hawl does not use (governance, school
type, …) are ignored. Every value that passes fits the column it is bound for.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.csvkit import (
    DATE_HINT,
    Action,
    Column,
    ImportResult,
    Row,
    RowChange,
    Table,
    choices_text,
    date_cell,
    field_limit,
    normalise,
    too_long,
)
from core.i18n import localise
from organisations.models import Organisation, OrganisationKind, OrganisationLink, SchoolProfile
from standards.models import Term

# The 22 local authorities began on 1 April 1996: no school belonged to one before then.
LINK_EARLIEST = datetime.date(1996, 4, 1)

# What changed, by field key: the API returns the keys, pages show these labels.
FIELD_LABELS: dict[str, Promise] = {
    "name_en": _("English name"),
    "name_cy": _("Welsh name"),
    "opened_on": _("Opened"),
    "sector": _("Sector"),
    "language_category": _("Language category"),
    "address": _("Address"),
    "postcode": _("Postcode"),
    "telephone": _("Phone number"),
    "local_authority": _("Local authority"),
    "diocese": _("Diocesan authority"),
}


def summary_text(result: ImportResult) -> str:
    """The one-line account of a valid file, applied or checked, for messages and the CLI."""
    if result.applied:
        text = gettext(
            "Schools imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged."
        )
    else:
        text = gettext(
            "Checked, nothing changed: %(created)s to add, %(updated)s to update, "
            "%(unchanged)s unchanged."
        )
    return text % result.summary()


SCHOOL_COLUMNS: tuple[Column, ...] = (
    Column(
        "school_number",
        "School Number",
        ("School No", "School Code", "Rhif yr Ysgol"),
        True,
        _("7 digits: the 3-digit local authority code, then the 4-digit school number."),
    ),
    Column(
        "la_code",
        "LA Code",
        ("Local Authority Code", "LA Number", "Cod Awdurdod Lleol"),
        False,
        _("3 digits. It must match the first 3 digits of the school number."),
    ),
    Column(
        "la_name",
        "Local Authority",
        ("LA Name", "LA", "Local Authority Name", "Awdurdod Lleol"),
        False,
        _("In English or Welsh. It must be the local authority of the school number."),
    ),
    Column(
        "name_en",
        "School Name",
        ("Name", "English School Name", "School Name (English)"),
        True,
        _("The school’s name in English."),
    ),
    Column(
        "name_cy",
        "Welsh School Name",
        ("School Name (Welsh)", "Welsh Name", "Enw Cymraeg", "Enw Cymraeg yr Ysgol"),
        False,
        _("The school’s name in Welsh, if it has one."),
    ),
    Column(
        "address_1",
        "Address 1",
        ("Address", "Address Line 1", "Cyfeiriad 1"),
        False,
        _("The first line of the address."),
    ),
    Column(
        "address_2",
        "Address 2",
        ("Address Line 2", "Cyfeiriad 2"),
        False,
        _("More of the address."),
    ),
    Column(
        "address_3",
        "Address 3",
        ("Address Line 3", "Cyfeiriad 3"),
        False,
        _("More of the address."),
    ),
    Column(
        "address_4",
        "Address 4",
        ("Address Line 4", "Cyfeiriad 4"),
        False,
        _("More of the address."),
    ),
    Column("postcode", "Postcode", ("Post Code", "Cod Post"), False, _("For example, CF10 3NQ.")),
    Column(
        "telephone",
        "Phone Number",
        ("Telephone", "Telephone Number", "Phone", "Tel", "Ffôn", "Rhif Ffôn"),
        False,
        _("For example, 029 2087 2000."),
    ),
    Column(
        "sector",
        "Sector",
        ("School Sector", "Phase", "Sector Ysgol"),
        True,
        _("For example, Primary, Secondary, Special. English or Welsh."),
    ),
    Column(
        "language_category",
        "Welsh Medium Type",
        ("Welsh Medium Type - see notes", "Language Category", "Language Medium", "Categori Iaith"),
        True,
        _("For example, Welsh medium, Dual stream, Bilingual - AB, English medium."),
    ),
    Column(
        "diocese",
        "Diocese",
        ("Diocesan Authority", "Esgobaeth", "Awdurdod Esgobaethol"),
        False,
        _("For a church school: the diocese’s name in English or Welsh."),
    ),
    Column(
        "opened_on",
        "Opened",
        ("Date Opened", "Open Date", "Opening Date", "Dyddiad Agor"),
        False,
        DATE_HINT,
    ),
)

# How the Welsh Government's list spells some language categories, by term code.
LANGUAGE_CATEGORY_SPELLINGS: dict[str, str] = {
    "Bilingual - AB": "bilingual-a",
    "Bilingual - BB": "bilingual-b",
    "Bilingual - CB": "bilingual-c",
    "Bilingual - CH": "bilingual-ch",
    "Not applicable (Nursery & Special)": "not-applicable",
}
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
TELEPHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
SCHOOL_NUMBER = re.compile(r"^[0-9]{7}$")


def _term_index(terms: Iterable[Term], spellings: dict[str, str]) -> dict[str, Term]:
    """Terms by code and by English and Welsh name (with and without any bracketed part)."""
    terms = list(terms)
    index: dict[str, Term] = {}
    for term in terms:
        for text in (term.code, term.name_en, term.name_cy):
            if text:
                index.setdefault(normalise(text), term)
                index.setdefault(normalise(re.sub(r"\(.*?\)", " ", text)), term)
    by_code = {term.code: term for term in terms}
    for spelling, code in spellings.items():
        if code in by_code:
            index.setdefault(normalise(spelling), by_code[code])
    return index


def _find_term(index: dict[str, Term], value: str) -> Term | None:
    """Accept "Primary", "Primary schools", "Ysgol gynradd", "Bilingual type A" …"""
    key = normalise(value)
    candidates = [
        key,
        re.sub(r"\s(schools?)$", "", key),
        re.sub(r"^(ysgolion|ysgol)\s", "", key),
        re.sub(r"\btype\s", "", key),
    ]
    for candidate in candidates:
        if candidate in index:
            return index[candidate]
    return None


def _named_index(organisations: Iterable[Organisation]) -> dict[str, Organisation]:
    index: dict[str, Organisation] = {}
    for organisation in organisations:
        for text in (organisation.code, organisation.name_en, organisation.name_cy):
            if text:
                index.setdefault(normalise(text), organisation)
    return index


@dataclass
class SchoolPlan:
    line: int
    number: str
    existing: Organisation | None
    name_en: str
    name_cy: str | None
    opened_on: datetime.date | None
    sector: Term
    language_category: Term
    address: str | None
    postcode: str | None
    telephone: str | None
    la: Organisation
    diocese: Organisation | None
    fields: list[str] = field(default_factory=list)


@dataclass
class Links:
    """A school's links to parents of one kind: all of them, and those in force from today on."""

    all: list[OrganisationLink] = field(default_factory=list)
    current: list[OrganisationLink] = field(default_factory=list)


def school_links(children: Iterable[int], today: datetime.date) -> dict[tuple[int, str], Links]:
    """Every school's LA and diocese links, ended ones included: one query."""
    found: dict[tuple[int, str], Links] = {}
    links = (
        OrganisationLink.objects.filter(
            child_id__in=list(children),
            parent__kind__in=[OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.DIOCESE],
        )
        .select_related("parent")
        .order_by("starts_on", "pk")
    )
    for link in links:
        entry = found.setdefault((link.child_id, link.parent.kind), Links())
        entry.all.append(link)
        if link.ends_on is None or link.ends_on >= today:
            entry.current.append(link)
    return found


@dataclass
class _SchoolReference:
    """What checking a schools file needs from the database, read once whatever its length."""

    la_by_code: dict[str, Organisation]
    la_by_name: dict[str, Organisation]
    dioceses: dict[str, Organisation]
    sectors: list[Term]
    categories: list[Term]
    sector_index: dict[str, Term]
    category_index: dict[str, Term]
    existing: dict[str, Organisation]
    links: dict[tuple[int, str], Links]

    @classmethod
    def load(cls, table: Table, today: datetime.date) -> _SchoolReference:
        las = list(Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY))
        la_by_name = _named_index(las)
        la_by_name.update({normalise(f"the {la.name_en}"): la for la in las})
        dioceses = (
            _named_index(Organisation.objects.filter(kind=OrganisationKind.DIOCESE))
            if table.has("diocese")
            else {}
        )
        terms = list(
            Term.objects.filter(vocabulary__code__in=["school-sector", "language-category"])
            .in_force(today)
            .select_related("vocabulary")
        )
        sectors = [term for term in terms if term.vocabulary.code == "school-sector"]
        categories = [term for term in terms if term.vocabulary.code == "language-category"]
        numbers = [values.get("school_number", "") for _line, values in table.rows]
        existing = {
            school.code: school
            for school in Organisation.objects.filter(
                kind=OrganisationKind.SCHOOL,
                code__in=[number for number in numbers if SCHOOL_NUMBER.match(number)],
            ).select_related("school_profile")
        }
        return cls(
            la_by_code={la.code: la for la in las},
            la_by_name=la_by_name,
            dioceses=dioceses,
            sectors=sectors,
            categories=categories,
            sector_index=_term_index(sectors, {}),
            category_index=_term_index(categories, LANGUAGE_CATEGORY_SPELLINGS),
            existing=existing,
            links=school_links((school.pk for school in existing.values()), today),
        )


def plan_schools(table: Table, today: datetime.date, result: ImportResult) -> list[SchoolPlan]:
    """Check every row; the valid ones become plans, compared with what Hawl holds."""
    columns = {column.field: column for column in SCHOOL_COLUMNS}
    reference = _SchoolReference.load(table, today)
    seen: dict[str, int] = {}
    plans: list[SchoolPlan] = []
    for line, values in table.rows:
        row = Row(line, values, table, columns, result)
        la = _school_number_cell(row, reference, seen)
        _local_authority_cells(row, la, reference)
        if not row.get("name_en"):
            row.error("name_en", gettext("Enter the school’s name"))
        too_long(
            row,
            "name_en",
            field_limit(Organisation, "name_en"),
            gettext("The school name must be %(limit)s characters or fewer"),
        )
        too_long(
            row,
            "name_cy",
            field_limit(Organisation, "name_cy"),
            gettext("The Welsh name must be %(limit)s characters or fewer"),
        )
        address, postcode, telephone = _contact_cells(row)
        sector = _term_cell(
            row,
            "sector",
            reference.sector_index,
            reference.sectors,
            gettext("Enter the sector"),
            gettext("“%(value)s” is not a sector Hawl knows. Use one of: %(choices)s"),
        )
        category = _term_cell(
            row,
            "language_category",
            reference.category_index,
            reference.categories,
            gettext("Enter the language category (Welsh medium type)"),
            gettext("“%(value)s” is not a language category Hawl knows. Use one of: %(choices)s"),
        )
        diocese = _diocese_cell(row, reference)
        school = reference.existing.get(row.get("school_number"))
        opened_on = _opened_cell(row, school)
        if not row.valid or la is None or sector is None or category is None:
            continue
        plan = SchoolPlan(
            line=line,
            number=row.get("school_number"),
            existing=school,
            name_en=row.get("name_en"),
            name_cy=row.get("name_cy") or None,
            opened_on=opened_on,
            sector=sector,
            language_category=category,
            address=address,
            postcode=postcode,
            telephone=telephone,
            la=la,
            diocese=diocese,
        )
        plans.append(plan)
        result.rows.append(_school_change(plan, reference.links))
    return plans


def _school_number_cell(
    row: Row, reference: _SchoolReference, seen: dict[str, int]
) -> Organisation | None:
    """The school's local authority, read from its number, which must be new to the file."""
    number = row.get("school_number")
    if not number:
        row.error("school_number", gettext("Enter the school number"))
        return None
    if not SCHOOL_NUMBER.match(number):
        row.error("school_number", gettext("The school number must be 7 digits, like 6812001"))
        return None
    la = reference.la_by_code.get(number[:3])
    if la is None:
        row.error(
            "school_number",
            gettext(
                "The first 3 digits of the school number, %(code)s, are not the code of a "
                "local authority"
            )
            % {"code": number[:3]},
        )
        return None
    if number in seen:
        row.error(
            "school_number",
            gettext("School number %(number)s is also on row %(line)s")
            % {"number": number, "line": seen[number]},
        )
    else:
        seen[number] = row.line
    return la


def _local_authority_cells(row: Row, la: Organisation | None, reference: _SchoolReference) -> None:
    """The LA code and name columns are optional, but must agree with the school number."""
    if la is None:
        return
    la_code = row.get("la_code")
    if la_code and la_code != la.code:
        row.error(
            "la_code",
            gettext("The LA code must match the first 3 digits of the school number, %(code)s")
            % {"code": la.code},
        )
    la_name = row.get("la_name")
    if not la_name:
        return
    named = reference.la_by_name.get(normalise(la_name))
    if named is None:
        row.error(
            "la_name", gettext("“%(value)s” is not a local authority in Wales") % {"value": la_name}
        )
    elif named != la:
        row.error(
            "la_name",
            gettext("School number %(number)s belongs to %(la)s, not %(value)s")
            % {"number": row.get("school_number"), "la": localise(la, "name"), "value": la_name},
        )


def _contact_cells(row: Row) -> tuple[str | None, str | None, str | None]:
    """Address, postcode and phone number, normalised so that the same file compares equal.

    Each must fit its column; a postcode that passes ``POSTCODE`` is at most 8 characters.
    """
    address = ", ".join(part for n in range(1, 5) if (part := row.get(f"address_{n}")))
    limit = field_limit(SchoolProfile, "address")
    if len(address) > limit:
        row.error(
            "address_1",
            gettext("The address must be %(limit)s characters or fewer in all") % {"limit": limit},
        )
    postcode = row.get("postcode").upper()
    match = POSTCODE.match(postcode)
    if postcode and match is None:
        row.error("postcode", gettext("Enter a real postcode, like CF10 3NQ"))
    elif match is not None:
        postcode = f"{match.group(1)} {match.group(2)}"
    telephone = " ".join(row.get("telephone").split())
    limit = field_limit(SchoolProfile, "telephone")
    if telephone and not TELEPHONE.match(telephone):
        row.error("telephone", gettext("Enter a phone number, like 029 2087 2000"))
    elif len(telephone) > limit:
        row.error(
            "telephone",
            gettext("The phone number must be %(limit)s characters or fewer") % {"limit": limit},
        )
    return address or None, postcode or None, telephone or None


def _diocese_cell(row: Row, reference: _SchoolReference) -> Organisation | None:
    value = row.get("diocese")
    if not value:
        return None
    diocese = reference.dioceses.get(normalise(value))
    if diocese is None:
        row.error(
            "diocese",
            gettext("“%(value)s” is not a diocesan authority Hawl knows") % {"value": value},
        )
    return diocese


def _opened_cell(row: Row, school: Organisation | None) -> datetime.date | None:
    """The database refuses a school that closes before it opens; say so on the row instead."""
    opened_on = date_cell(row, "opened_on")
    if school is not None and opened_on and school.closed_on and opened_on > school.closed_on:
        row.error(
            "opened_on",
            gettext("The school closed on %(date)s, before this opening date")
            % {"date": school.closed_on.strftime("%d/%m/%Y")},
        )
    return opened_on


def _term_cell(
    row: Row, name: str, index: dict[str, Term], terms: list[Term], missing: str, unknown: str
) -> Term | None:
    value = row.get(name)
    if not value:
        row.error(name, missing)
        return None
    term = _find_term(index, value)
    if term is None:
        row.error(name, unknown % {"value": value, "choices": choices_text(terms)})
    return term


def profile_of(school: Organisation | None) -> SchoolProfile | None:
    if school is None:
        return None
    try:
        return school.school_profile
    except SchoolProfile.DoesNotExist:
        return None


PROFILE_FIELDS = frozenset({"sector", "language_category", "address", "postcode", "telephone"})


def _school_change(plan: SchoolPlan, links: dict[tuple[int, str], Links]) -> RowChange:
    school = plan.existing
    if school is None:
        return RowChange(plan.line, Action.CREATE, plan.number, plan.name_en, labels=FIELD_LABELS)
    wanted: dict[str, Any] = {
        "name_en": plan.name_en,
        "name_cy": plan.name_cy,
        "opened_on": plan.opened_on,
    }
    for name, value in wanted.items():
        if value is not None and getattr(school, name) != value:
            plan.fields.append(name)
    profile = profile_of(school)
    profile_wanted: dict[str, Any] = {
        "sector": plan.sector.pk,
        "language_category": plan.language_category.pk,
        "address": plan.address,
        "postcode": plan.postcode,
        "telephone": plan.telephone,
    }
    for name, value in profile_wanted.items():
        attribute = f"{name}_id" if name in {"sector", "language_category"} else name
        if value is not None and (profile is None or getattr(profile, attribute) != value):
            plan.fields.append(name)
    la_links = links.get((school.pk, OrganisationKind.LOCAL_AUTHORITY), Links())
    if not is_sole_parent(la_links, plan.la):
        plan.fields.append("local_authority")
    if plan.diocese is not None:
        diocese_links = links.get((school.pk, OrganisationKind.DIOCESE), Links())
        if not is_sole_parent(diocese_links, plan.diocese):
            plan.fields.append("diocese")
    action = Action.UPDATE if plan.fields else Action.UNCHANGED
    return RowChange(
        plan.line, action, plan.number, plan.name_en, list(plan.fields), labels=FIELD_LABELS
    )


def is_sole_parent(links: Links, parent: Organisation) -> bool:
    return [link.parent_id for link in links.current] == [parent.pk]
