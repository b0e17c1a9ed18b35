"""CSV imports: schools from the Welsh Government's address list, staff from a school's MIS.

Both imports keep one contract, here, so the upload page, the API and the CLI cannot drift apart:

* every row is checked and *every* problem is reported with the row it is on (the header is row
  1, as a spreadsheet numbers them) and a message in the active language;
* a preview says what would be created, updated or left unchanged (and, for staff, who would
  leave);
* nothing is written unless the whole file is valid, and then in one transaction with bulk
  queries: a national file has about 1,600 rows, so one query per row is not an option;
* the same file twice changes nothing: values are normalised before they are compared, and an
  empty optional cell never clears what Hawl already holds.

Schools: the headings of the Welsh Government's "Address list of schools" spreadsheet (saved as
CSV) are accepted as they are ("School Number", "School Name", "Address 1" … "Address 4",
"Postcode", "Phone Number", "Sector", "Welsh Medium Type - see notes", "Local Authority"), plus a
few optional ones Hawl adds ("LA Code", "Welsh School Name", "Diocese", "Opened"). Columns Hawl
does not use (governance, school type, …) are ignored. Schools missing from the file are left
alone: a file may cover one local authority.

Staff: one row per person employed at the school, from the MIS export ("Email", "Forename",
"Surname", "Role", "FTE", "Start Date", optional "End Date", "EWC Number", "Job Title"). People
are matched on their email address (any case) or EWC number. Anyone with a current employment at
the school who is not in the file is a leaver: that employment, and no other, ends yesterday.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hawl.i18n import localise
from people import access
from people.models import (
    Employment,
    Organisation,
    OrganisationKind,
    OrganisationLink,
    Person,
    RoleGrant,
    RoleType,
    SchoolProfile,
    User,
)
from standards.models import Term

MAX_FILE_BYTES = 5 * 1024 * 1024
BULK_BATCH = 500
# The 22 local authorities began on 1 April 1996: no school belonged to one before then.
LINK_EARLIEST = datetime.date(1996, 4, 1)


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    LEAVE = "leave"


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
    "first_name": _("Forename"),
    "last_name": _("Surname"),
    "ewc_number": _("EWC number"),
    "role_type": _("Role"),
    "job_title": _("Job title"),
    "fte": _("FTE"),
    "starts_on": _("Start date"),
    "ends_on": _("End date"),
}


@dataclass(frozen=True)
class RowError:
    """One problem: ``line`` is the spreadsheet row (header = 1), ``None`` for the whole file."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column:
            return gettext("Row %(line)s, %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return gettext("Row %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class RowChange:
    """What one row would do (or did), or one leaver; ``fields`` are keys of FIELD_LABELS."""

    line: int | None
    action: str
    key: str
    name: str
    fields: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def field_labels(self) -> list[str]:
        return [str(FIELD_LABELS[name]) for name in self.fields]


@dataclass
class ImportResult:
    """The outcome of checking a file and, when asked and the file is valid, applying it."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    leavers: list[RowChange] = field(default_factory=list)
    applied: bool = False
    text: str = field(default="", repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def changes(self) -> list[RowChange]:
        """Rows that create or update something (unchanged rows are only counted)."""
        return [row for row in self.rows if row.action != Action.UNCHANGED]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.leavers)

    def summary(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "leavers": len(self.leavers),
        }


def error_count_text(result: ImportResult) -> str:
    """The one-line account of an invalid file, for the error summary, API and CLI."""
    count = len(result.errors)
    return ngettext(
        "The file has %(count)s error. Nothing has been changed.",
        "The file has %(count)s errors. Nothing has been changed.",
        count,
    ) % {"count": count}


def summary_text(result: ImportResult, *, staff: bool) -> str:
    """The one-line account of a valid file, applied or checked, for messages and the CLI."""
    if result.applied and staff:
        text = gettext(
            "Staff imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged, "
            "%(leavers)s left."
        )
    elif result.applied:
        text = gettext(
            "Schools imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged."
        )
    elif staff:
        text = gettext(
            "Checked, nothing changed: %(created)s to add, %(updated)s to update, "
            "%(unchanged)s unchanged, %(leavers)s leaving."
        )
    else:
        text = gettext(
            "Checked, nothing changed: %(created)s to add, %(updated)s to update, "
            "%(unchanged)s unchanged."
        )
    return text % result.summary()


# Reading the file.


@dataclass(frozen=True)
class Column:
    """A column Hawl reads: its documented heading, other headings accepted, and guidance."""

    field: str
    heading: str
    aliases: tuple[str, ...]
    required: bool
    help: Promise


def _normalise(text: str) -> str:
    """Headings and names are compared ignoring case, spacing and punctuation (not accents)."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _clean(value: str) -> str:
    return value.replace("\xa0", " ").strip()


def decode(data: bytes | str) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252, as Excel saves CSV.

    Raises ``ValueError`` with a translated message for anything that is not CSV text.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(gettext("The file must be smaller than 5 MB"))
    if b"\x00" in data or data.startswith(b"PK\x03\x04"):
        raise ValueError(
            gettext("The file must be a CSV file. Save a spreadsheet as CSV, then upload that")
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(
            gettext("The file must be saved as CSV with UTF-8 or Windows-1252 characters")
        ) from None


@dataclass
class _Table:
    headings: dict[str, str]  # field -> heading as written in the file
    rows: list[tuple[int, dict[str, str]]]

    def has(self, name: str) -> bool:
        return name in self.headings


def _read(data: bytes | str, columns: Sequence[Column], result: ImportResult) -> _Table | None:
    """Decode and split the file; header problems stop here, since no row can be read."""
    try:
        text = decode(data)
    except ValueError as error:
        result.errors.append(RowError(None, "", str(error)))
        return None
    result.text = text
    known = {
        _normalise(alias): column
        for column in columns
        for alias in (column.heading, *column.aliases)
    }
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(_clean(cell) for cell in header):
            result.errors.append(
                RowError(1, "", gettext("The first row must hold the column headings"))
            )
            return None
        positions: dict[str, int] = {}
        headings: dict[str, str] = {}
        for index, heading in enumerate(header):
            column = known.get(_normalise(heading))
            if column is None:
                continue
            if column.field in positions:
                result.errors.append(
                    RowError(
                        1,
                        _clean(heading),
                        gettext("The file has this column more than once"),
                    )
                )
                continue
            positions[column.field] = index
            headings[column.field] = _clean(heading)
        for column in columns:
            if column.required and column.field not in positions:
                result.errors.append(
                    RowError(
                        1,
                        column.heading,
                        gettext("The file has no “%(heading)s” column")
                        % {"heading": column.heading},
                    )
                )
        if result.errors:
            return None
        rows: list[tuple[int, dict[str, str]]] = []
        for line, record in enumerate(reader, start=2):
            if not any(_clean(cell) for cell in record):
                continue
            if any(_clean(cell) for cell in record[len(header) :]):
                result.errors.append(
                    RowError(
                        line,
                        "",
                        gettext(
                            "The row has more cells than there are column headings. Check for "
                            "a comma that is not inside quotation marks"
                        ),
                    )
                )
                continue
            rows.append(
                (
                    line,
                    {
                        name: _clean(record[index]) if index < len(record) else ""
                        for name, index in positions.items()
                    },
                )
            )
    except csv.Error:
        result.errors.append(
            RowError(
                reader.line_num or None,
                "",
                gettext("The file cannot be read as CSV. Check it is saved as CSV"),
            )
        )
        return None
    if not rows and not result.errors:
        result.errors.append(RowError(None, "", gettext("The file has no rows below the headings")))
    return _Table(headings=headings, rows=rows)


class _Row:
    """One row's values, and a way to report a problem against one of its columns."""

    def __init__(
        self,
        line: int,
        values: dict[str, str],
        table: _Table,
        columns: dict[str, Column],
        result: ImportResult,
    ) -> None:
        self.line = line
        self.values = values
        self.table = table
        self.columns = columns
        self.result = result
        self.valid = True

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def error(self, name: str, message: str) -> None:
        heading = self.table.headings.get(name) or self.columns[name].heading
        self.result.errors.append(RowError(self.line, heading, message))
        self.valid = False


DATE_HINT = _("Enter a real date as DD/MM/YYYY, like 01/09/2024")


def _parse_date(value: str) -> datetime.date | None:
    """DD/MM/YYYY (as UK spreadsheets write dates) or YYYY-MM-DD; a midnight time is allowed."""
    value = re.sub(r"[ T]00:00(:00)?$", "", value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _date_cell(row: _Row, name: str) -> datetime.date | None:
    value = row.get(name)
    if not value:
        return None
    found = _parse_date(value)
    if found is None:
        row.error(name, str(DATE_HINT))
    return found


def _too_long(row: _Row, name: str, limit: int, message: str) -> bool:
    if len(row.get(name)) > limit:
        row.error(name, message % {"limit": limit})
        return True
    return False


def _choices_text(items: Iterable[Any]) -> str:
    return ", ".join(str(localise(item, "name")) for item in items)


# Schools.


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
                index.setdefault(_normalise(text), term)
                index.setdefault(_normalise(re.sub(r"\(.*?\)", " ", text)), term)
    by_code = {term.code: term for term in terms}
    for spelling, code in spellings.items():
        if code in by_code:
            index.setdefault(_normalise(spelling), by_code[code])
    return index


def _find_term(index: dict[str, Term], value: str) -> Term | None:
    """Accept "Primary", "Primary schools", "Ysgol gynradd", "Bilingual type A" …"""
    key = _normalise(value)
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
                index.setdefault(_normalise(text), organisation)
    return index


@dataclass
class _SchoolPlan:
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


def _require_school_import(by: User | None) -> None:
    if by is not None and not access.reach(by).allows("people.school.import"):
        raise Http404


def schools_import(
    *,
    data: bytes | str,
    by: User | None = None,
    apply: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check a schools file and preview it; with ``apply``, write it if (and only if) valid.

    ``by`` is the user importing (``None`` from the command line, which is trusted).
    """
    _require_school_import(by)
    today = today or access.today()
    if not apply:
        return _schools(data, today, apply=False)
    with transaction.atomic():
        return _schools(data, today, apply=True)


def _schools(data: bytes | str, today: datetime.date, *, apply: bool) -> ImportResult:
    result = ImportResult()
    table = _read(data, SCHOOL_COLUMNS, result)
    if table is None:
        return result
    plans = _plan_schools(table, today, result)
    result.errors.sort(key=lambda error: error.line or 0)
    if apply and result.is_valid:
        _apply_schools(plans, today)
        result.applied = True
    return result


@dataclass
class _Links:
    """A school's links to parents of one kind: all of them, and those in force from today on."""

    all: list[OrganisationLink] = field(default_factory=list)
    current: list[OrganisationLink] = field(default_factory=list)


def _school_links(children: Iterable[int], today: datetime.date) -> dict[tuple[int, str], _Links]:
    """Every school's LA and diocese links, ended ones included: one query."""
    found: dict[tuple[int, str], _Links] = {}
    links = (
        OrganisationLink.objects.filter(
            child_id__in=list(children),
            parent__kind__in=[OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.DIOCESE],
        )
        .select_related("parent")
        .order_by("starts_on", "pk")
    )
    for link in links:
        entry = found.setdefault((link.child_id, link.parent.kind), _Links())
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
    links: dict[tuple[int, str], _Links]

    @classmethod
    def load(cls, table: _Table, today: datetime.date) -> _SchoolReference:
        las = list(Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY))
        la_by_name = _named_index(las)
        la_by_name.update({_normalise(f"the {la.name_en}"): la for la in las})
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
            links=_school_links((school.pk for school in existing.values()), today),
        )


def _plan_schools(table: _Table, today: datetime.date, result: ImportResult) -> list[_SchoolPlan]:
    """Check every row; the valid ones become plans, compared with what Hawl holds."""
    columns = {column.field: column for column in SCHOOL_COLUMNS}
    reference = _SchoolReference.load(table, today)
    seen: dict[str, int] = {}
    plans: list[_SchoolPlan] = []
    for line, values in table.rows:
        row = _Row(line, values, table, columns, result)
        la = _school_number_cell(row, reference, seen)
        _local_authority_cells(row, la, reference)
        if not row.get("name_en"):
            row.error("name_en", gettext("Enter the school’s name"))
        _too_long(
            row, "name_en", 200, gettext("The school name must be %(limit)s characters or fewer")
        )
        _too_long(
            row, "name_cy", 200, gettext("The Welsh name must be %(limit)s characters or fewer")
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
        plan = _SchoolPlan(
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
    row: _Row, reference: _SchoolReference, seen: dict[str, int]
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


def _local_authority_cells(row: _Row, la: Organisation | None, reference: _SchoolReference) -> None:
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
    named = reference.la_by_name.get(_normalise(la_name))
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


def _contact_cells(row: _Row) -> tuple[str | None, str | None, str | None]:
    """Address, postcode and phone number, normalised so that the same file compares equal."""
    address = ", ".join(part for n in range(1, 5) if (part := row.get(f"address_{n}")))
    if len(address) > 300:
        row.error(
            "address_1",
            gettext("The address must be %(limit)s characters or fewer in all") % {"limit": 300},
        )
    postcode = row.get("postcode").upper()
    match = POSTCODE.match(postcode)
    if postcode and match is None:
        row.error("postcode", gettext("Enter a real postcode, like CF10 3NQ"))
    elif match is not None:
        postcode = f"{match.group(1)} {match.group(2)}"
    telephone = " ".join(row.get("telephone").split())
    if telephone and not TELEPHONE.match(telephone):
        row.error("telephone", gettext("Enter a phone number, like 029 2087 2000"))
    return address or None, postcode or None, telephone or None


def _diocese_cell(row: _Row, reference: _SchoolReference) -> Organisation | None:
    value = row.get("diocese")
    if not value:
        return None
    diocese = reference.dioceses.get(_normalise(value))
    if diocese is None:
        row.error(
            "diocese",
            gettext("“%(value)s” is not a diocesan authority Hawl knows") % {"value": value},
        )
    return diocese


def _opened_cell(row: _Row, school: Organisation | None) -> datetime.date | None:
    """The database refuses a school that closes before it opens; say so on the row instead."""
    opened_on = _date_cell(row, "opened_on")
    if school is not None and opened_on and school.closed_on and opened_on > school.closed_on:
        row.error(
            "opened_on",
            gettext("The school closed on %(date)s, before this opening date")
            % {"date": school.closed_on.strftime("%d/%m/%Y")},
        )
    return opened_on


def _term_cell(
    row: _Row, name: str, index: dict[str, Term], terms: list[Term], missing: str, unknown: str
) -> Term | None:
    value = row.get(name)
    if not value:
        row.error(name, missing)
        return None
    term = _find_term(index, value)
    if term is None:
        row.error(name, unknown % {"value": value, "choices": _choices_text(terms)})
    return term


def _profile(school: Organisation | None) -> SchoolProfile | None:
    if school is None:
        return None
    try:
        return school.school_profile
    except SchoolProfile.DoesNotExist:
        return None


PROFILE_FIELDS = frozenset({"sector", "language_category", "address", "postcode", "telephone"})


def _school_change(plan: _SchoolPlan, links: dict[tuple[int, str], _Links]) -> RowChange:
    school = plan.existing
    if school is None:
        return RowChange(plan.line, Action.CREATE, plan.number, plan.name_en)
    wanted: dict[str, Any] = {
        "name_en": plan.name_en,
        "name_cy": plan.name_cy,
        "opened_on": plan.opened_on,
    }
    for name, value in wanted.items():
        if value is not None and getattr(school, name) != value:
            plan.fields.append(name)
    profile = _profile(school)
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
    la_links = links.get((school.pk, OrganisationKind.LOCAL_AUTHORITY), _Links())
    if not _is_sole_parent(la_links, plan.la):
        plan.fields.append("local_authority")
    if plan.diocese is not None:
        diocese_links = links.get((school.pk, OrganisationKind.DIOCESE), _Links())
        if not _is_sole_parent(diocese_links, plan.diocese):
            plan.fields.append("diocese")
    action = Action.UPDATE if plan.fields else Action.UNCHANGED
    return RowChange(plan.line, action, plan.number, plan.name_en, list(plan.fields))


def _is_sole_parent(links: _Links, parent: Organisation) -> bool:
    return [link.parent_id for link in links.current] == [parent.pk]


@dataclass
class _LinkWrites:
    update: list[OrganisationLink] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    create: list[OrganisationLink] = field(default_factory=list)


def _relink(
    child: Organisation,
    parent: Organisation,
    links: _Links,
    starts_on: datetime.date,
    today: datetime.date,
    writes: _LinkWrites,
) -> None:
    """Make ``parent`` the one parent of its kind from today, keeping the dated history.

    A link already in force ends yesterday; one that has not started yet has no history, so it
    is moved to the new parent (or removed if another already points there).
    """
    if _is_sole_parent(links, parent):
        return
    has_parent = any(link.parent_id == parent.pk for link in links.current)
    yesterday = today - datetime.timedelta(days=1)
    for link in links.current:
        if link.parent_id == parent.pk:
            continue
        if link.starts_on < today:
            link.ends_on = yesterday
            writes.update.append(link)
        elif not has_parent:
            link.parent = parent
            has_parent = True
            writes.update.append(link)
        else:
            writes.delete.append(link.pk)
    if has_parent:
        return
    if links.current:
        starts_on = today
    elif links.all:
        # After the last one ended, so it never overlaps (nor repeats) an old link.
        last_end = max(link.ends_on or link.starts_on for link in links.all)
        starts_on = max(starts_on, last_end + datetime.timedelta(days=1))
    writes.create.append(OrganisationLink(parent=parent, child=child, starts_on=starts_on))


def _apply_schools(plans: list[_SchoolPlan], today: datetime.date) -> None:
    """Write the whole file with a fixed number of bulk queries, whatever its length."""
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind=OrganisationKind.SCHOOL,
                code=plan.number,
                name_en=plan.name_en,
                name_cy=plan.name_cy or "",
                opened_on=plan.opened_on,
            )
            for plan in plans
            if plan.existing is None
        ],
        batch_size=BULK_BATCH,
    )
    schools = {
        school.code: school
        for school in Organisation.objects.filter(
            kind=OrganisationKind.SCHOOL, code__in=[plan.number for plan in plans]
        ).select_related("school_profile")
    }
    changed: list[Organisation] = []
    new_profiles: list[SchoolProfile] = []
    changed_profiles: list[SchoolProfile] = []
    for plan in plans:
        school = schools[plan.number]
        if plan.fields:
            school.name_en = plan.name_en
            school.name_cy = school.name_cy if plan.name_cy is None else plan.name_cy
            school.opened_on = plan.opened_on or school.opened_on
            changed.append(school)
        profile = _profile(school)
        if profile is not None and not PROFILE_FIELDS.intersection(plan.fields):
            continue
        if profile is None:
            profile = SchoolProfile(school=school)
            new_profiles.append(profile)
        else:
            changed_profiles.append(profile)
        profile.sector = plan.sector
        profile.language_category = plan.language_category
        for name in ("address", "postcode", "telephone"):
            value = getattr(plan, name)
            if value is not None:
                setattr(profile, name, value)
    Organisation.objects.bulk_update(
        changed, ["name_en", "name_cy", "opened_on"], batch_size=BULK_BATCH
    )
    SchoolProfile.objects.bulk_create(new_profiles, batch_size=BULK_BATCH)
    SchoolProfile.objects.bulk_update(
        changed_profiles,
        ["sector", "language_category", "address", "postcode", "telephone"],
        batch_size=BULK_BATCH,
    )
    links = _school_links((school.pk for school in schools.values()), today)
    writes = _LinkWrites()
    for plan in plans:
        school = schools[plan.number]
        starts_on = max(school.opened_on or LINK_EARLIEST, LINK_EARLIEST)
        _relink(
            school,
            plan.la,
            links.get((school.pk, OrganisationKind.LOCAL_AUTHORITY), _Links()),
            starts_on,
            today,
            writes,
        )
        if plan.diocese is not None:
            _relink(
                school,
                plan.diocese,
                links.get((school.pk, OrganisationKind.DIOCESE), _Links()),
                starts_on,
                today,
                writes,
            )
    OrganisationLink.objects.filter(pk__in=writes.delete).delete()
    OrganisationLink.objects.bulk_update(
        writes.update, ["parent", "ends_on"], batch_size=BULK_BATCH
    )
    OrganisationLink.objects.bulk_create(writes.create, batch_size=BULK_BATCH)


# Staff.


STAFF_COLUMNS: tuple[Column, ...] = (
    Column(
        "email",
        "Email",
        ("Email Address", "E-mail", "Work Email", "School Email", "E-bost", "Cyfeiriad e-bost"),
        True,
        _("Their work email address. Hawl matches people on it."),
    ),
    Column(
        "first_name",
        "Forename",
        ("First Name", "Given Name", "Preferred Forename", "Legal Forename", "Enw Cyntaf"),
        True,
        _("Their first name."),
    ),
    Column(
        "last_name",
        "Surname",
        ("Last Name", "Family Name", "Preferred Surname", "Legal Surname", "Cyfenw"),
        True,
        _("Their last name."),
    ),
    Column(
        "role",
        "Role",
        ("Staff Role", "Role Type", "Post", "Rôl"),
        True,
        _("For example, Teacher, Teaching assistant, Leader. English or Welsh."),
    ),
    Column(
        "fte",
        "FTE",
        ("Full Time Equivalent", "Contract FTE", "CALl"),
        True,
        _("More than 0 and no more than 1, like 0.6."),
    ),
    Column(
        "starts_on",
        "Start Date",
        ("Employment Start Date", "Contract Start Date", "Date Started", "Dyddiad Dechrau"),
        True,
        DATE_HINT,
    ),
    Column(
        "ends_on",
        "End Date",
        ("Leaving Date", "Contract End Date", "Date Left", "Dyddiad Gorffen"),
        False,
        _("Only if their contract has an end date."),
    ),
    Column(
        "ewc_number",
        "EWC Number",
        ("EWC Registration Number", "EWC Reg No", "EWC", "Rhif CGA", "Rhif Cofrestru CGA"),
        False,
        _("Their Education Workforce Council registration number, if they are registered."),
    ),
    Column(
        "job_title",
        "Job Title",
        ("Post Title", "Title of Post", "Teitl Swydd"),
        False,
        _("For example, Head of mathematics."),
    ),
)

# How MIS exports often name roles, by RoleType value (codes and labels are accepted too).
ROLE_SPELLINGS: dict[str, str] = {
    "TA": RoleType.TEACHING_ASSISTANT,
    "LSA": RoleType.TEACHING_ASSISTANT,
    "Learning support assistant": RoleType.TEACHING_ASSISTANT,
    "School learning support worker": RoleType.TEACHING_ASSISTANT,
    "HLTA": RoleType.HLTA,
    "Supply": RoleType.SUPPLY_TEACHER,
    "Headteacher": RoleType.LEADER,
    "Head teacher": RoleType.LEADER,
    "Deputy headteacher": RoleType.LEADER,
    "Assistant headteacher": RoleType.LEADER,
    "Pennaeth": RoleType.LEADER,
    "Dirprwy bennaeth": RoleType.LEADER,
    "Athro": RoleType.TEACHER,
    "Athrawes": RoleType.TEACHER,
}
EWC_NUMBER = re.compile(r"^[A-Z0-9]{1,12}$")
USERNAME_CHUNK = 200


def _role_index() -> dict[str, str]:
    """Role types by code, English label, Welsh label and common MIS spellings."""
    index: dict[str, str] = {}
    for value, label in RoleType.choices:
        index[_normalise(value)] = value
        for language in ("en", "cy"):
            with translation.override(language):
                index.setdefault(_normalise(str(label)), value)
    for spelling, value in ROLE_SPELLINGS.items():
        index.setdefault(_normalise(spelling), value)
    return index


@dataclass
class _StaffPlan:
    """One valid row of a staff file, then what it matched: account, profile, employment."""

    line: int
    email: str
    first_name: str
    last_name: str
    ewc_number: str
    role_type: str
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None
    job_title: str | None
    user: User | None = None
    person: Person | None = None
    employment: Employment | None = None
    username: str = ""
    may_rename: bool = True
    fields: list[str] = field(default_factory=list)


def school_for_import(*, school_number: str) -> Organisation | None:
    """The school a command-line staff import names (the CLI is trusted; pages use selectors)."""
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL, code=school_number).first()


def staff_import(
    *,
    school: Organisation,
    data: bytes | str,
    by: User | None = None,
    apply: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check a school's staff file and preview it; with ``apply``, write it only if valid.

    ``by`` must be allowed to import this school's staff (``None`` from the command line).
    """
    if by is not None:
        access.require(by, "people.school.staff.import", school)
    today = today or access.today()
    if not apply:
        return _staff(school, data, today, apply=False)
    with transaction.atomic():
        return _staff(school, data, today, apply=True)


def _staff(
    school: Organisation, data: bytes | str, today: datetime.date, *, apply: bool
) -> ImportResult:
    result = ImportResult()
    table = _read(data, STAFF_COLUMNS, result)
    if table is None:
        return result
    plans = _parse_staff(table, result)
    leavers = _match_staff(plans, school, today, result)
    result.errors.sort(key=lambda error: error.line or 0)
    if apply and result.is_valid:
        _apply_staff(plans, leavers, school, today)
        result.applied = True
    return result


def _parse_staff(table: _Table, result: ImportResult) -> list[_StaffPlan]:
    """Check each row on its own (no queries): shapes, ranges and duplicates in the file."""
    columns = {column.field: column for column in STAFF_COLUMNS}
    roles = _role_index()
    emails: dict[str, int] = {}
    ewc_numbers: dict[str, int] = {}
    plans: list[_StaffPlan] = []
    for line, values in table.rows:
        row = _Row(line, values, table, columns, result)
        email = _email_cell(row, emails)
        _name_cells(row)
        role_type = _role_cell(row, roles)
        fte = _fte_cell(row)
        starts_on, ends_on = _contract_dates(row)
        ewc_number = _ewc_cell(row, ewc_numbers)
        _too_long(
            row, "job_title", 100, gettext("The job title must be %(limit)s characters or fewer")
        )
        if row.valid and fte is not None and starts_on is not None:
            plans.append(
                _StaffPlan(
                    line=line,
                    email=email,
                    first_name=row.get("first_name"),
                    last_name=row.get("last_name"),
                    ewc_number=ewc_number,
                    role_type=role_type,
                    fte=fte,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    job_title=row.get("job_title") or None,
                )
            )
    return plans


def _email_cell(row: _Row, seen: dict[str, int]) -> str:
    """The address as Hawl stores it (domain in lower case); once per file, in any case."""
    email = row.get("email")
    if not email:
        row.error("email", gettext("Enter an email address"))
        return ""
    try:
        validate_email(email)
    except ValidationError:
        row.error(
            "email", gettext("Enter an email address in the correct format, like name@example.com")
        )
        return ""
    email = BaseUserManager.normalize_email(email)
    if email.lower() in seen:
        row.error(
            "email",
            gettext("This email address is also on row %(line)s") % {"line": seen[email.lower()]},
        )
    else:
        seen[email.lower()] = row.line
    return email


def _name_cells(row: _Row) -> None:
    if not row.get("first_name"):
        row.error("first_name", gettext("Enter the forename"))
    _too_long(row, "first_name", 150, gettext("The forename must be %(limit)s characters or fewer"))
    if not row.get("last_name"):
        row.error("last_name", gettext("Enter the surname"))
    _too_long(row, "last_name", 150, gettext("The surname must be %(limit)s characters or fewer"))


def _role_cell(row: _Row, roles: dict[str, str]) -> str:
    value = row.get("role")
    if not value:
        row.error("role", gettext("Enter the role"))
        return ""
    role_type = roles.get(_normalise(value), "")
    if not role_type:
        row.error(
            "role",
            gettext("“%(value)s” is not a role Hawl knows. Use one of: %(choices)s")
            % {"value": value, "choices": ", ".join(str(label) for label in RoleType.labels)},
        )
    return role_type


def _fte_cell(row: _Row) -> Decimal | None:
    """More than 0 and at most 1, to 2 decimal places, as the database insists."""
    value = row.get("fte")
    if not value:
        row.error("fte", gettext("Enter the FTE"))
        return None
    try:
        fte = Decimal(value)
    except InvalidOperation:
        row.error("fte", gettext("The FTE must be a number, like 0.6"))
        return None
    if not fte.is_finite() or fte <= 0 or fte > 1:
        row.error("fte", gettext("The FTE must be more than 0 and no more than 1"))
        return None
    if fte != fte.quantize(Decimal("0.01")):
        row.error("fte", gettext("The FTE must have no more than 2 decimal places"))
        return None
    return fte.quantize(Decimal("0.01"))


def _contract_dates(row: _Row) -> tuple[datetime.date | None, datetime.date | None]:
    starts_on = _date_cell(row, "starts_on")
    if not row.get("starts_on"):
        row.error("starts_on", gettext("Enter the start date"))
    ends_on = _date_cell(row, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        row.error("ends_on", gettext("The end date must be the same as or after the start date"))
    return starts_on, ends_on


def _ewc_cell(row: _Row, seen: dict[str, int]) -> str:
    ewc_number = re.sub(r"\s+", "", row.get("ewc_number")).upper()
    if not ewc_number:
        return ""
    if not EWC_NUMBER.match(ewc_number):
        row.error("ewc_number", gettext("The EWC number must be up to 12 letters and digits"))
    elif ewc_number in seen:
        row.error(
            "ewc_number",
            gettext("This EWC number is also on row %(line)s") % {"line": seen[ewc_number]},
        )
    else:
        seen[ewc_number] = row.line
    return ewc_number


def _match_staff(
    plans: list[_StaffPlan], school: Organisation, today: datetime.date, result: ImportResult
) -> list[Employment]:
    """Match rows to people and employments with a fixed number of queries; return leavers."""
    matched = _match_people(plans, result)
    people = {plan.person.pk for plan in matched if plan.person is not None}
    in_force = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    employments = list(
        Employment.objects.filter(school=school)
        .filter(Q(person_id__in=list(people)) | (Q(starts_on__lt=today) & in_force))
        .select_related("person__user")
        .order_by("-starts_on", "pk")
    )
    by_person: dict[int, list[Employment]] = {}
    for employment in employments:
        by_person.setdefault(employment.person_id, []).append(employment)
    fixed = _accounts_held_elsewhere(
        [plan.user.pk for plan in matched if plan.user is not None], school, today
    )
    new_accounts = [plan for plan in matched if plan.user is None]
    bases = [_username_base(plan.first_name, plan.last_name) for plan in new_accounts]
    for plan, username in zip(new_accounts, _usernames(bases), strict=True):
        plan.username = username
    for plan in matched:
        if plan.user is not None:
            plan.may_rename = not (
                plan.user.is_staff or plan.user.is_superuser or plan.user.pk in fixed
            )
        mine = by_person.get(plan.person.pk, []) if plan.person is not None else []
        plan.employment = _employment_for(plan, mine, today)
        result.rows.append(_staff_change(plan))
    # Nobody can leave a post they have not started: those starting today or later stay.
    leavers = [
        employment
        for employment in employments
        if employment.person_id not in people
        and employment.starts_on < today
        and (employment.ends_on is None or employment.ends_on >= today)
    ]
    result.leavers = [_leaver(employment, today) for employment in leavers]
    return leavers


def _match_people(plans: list[_StaffPlan], result: ImportResult) -> list[_StaffPlan]:
    """Find each row's account by email (any case) or EWC number; two keys must agree."""
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[plan.email.lower() for plan in plans])
        .select_related("person")
    }
    by_ewc = {
        person.ewc_number: person
        for person in Person.objects.filter(
            ewc_number__in=[plan.ewc_number for plan in plans if plan.ewc_number]
        ).select_related("user")
    }
    matched: list[_StaffPlan] = []
    rows_of: dict[int, int] = {}
    for plan in plans:
        user = users.get(plan.email.lower())
        person = getattr(user, "person", None) if user is not None else None
        holder = by_ewc.get(plan.ewc_number) if plan.ewc_number else None
        problem = ""
        if holder is not None and user is None:
            problem = gettext(
                "This EWC number belongs to someone with a different email address in Hawl"
            )
        elif holder is not None and user is not None and holder.user_id != user.pk:
            problem = gettext(
                "The email address and the EWC number belong to different people in Hawl"
            )
        elif (
            person is not None
            and plan.ewc_number
            and person.ewc_number not in {"", plan.ewc_number}
        ):
            problem = gettext(
                "This email address belongs to someone with a different EWC number in Hawl"
            )
        if problem:
            result.errors.append(RowError(plan.line, _heading("ewc_number"), problem))
            continue
        if person is not None and person.pk in rows_of:
            result.errors.append(
                RowError(
                    plan.line,
                    _heading("email"),
                    gettext("This is the same person as on row %(line)s")
                    % {"line": rows_of[person.pk]},
                )
            )
            continue
        if person is not None:
            rows_of[person.pk] = plan.line
        plan.user, plan.person = user, person
        matched.append(plan)
    return matched


def _employment_for(
    plan: _StaffPlan, employments: list[Employment], today: datetime.date
) -> Employment | None:
    """The employment a row describes: the one with its start date, else the one in force."""
    for employment in employments:
        if employment.starts_on == plan.starts_on:
            return employment
    for employment in employments:
        if employment.ends_on is None or employment.ends_on >= today:
            return employment
    return None


def _leaver(employment: Employment, today: datetime.date) -> RowChange:
    user = employment.person.user
    return RowChange(
        None,
        Action.LEAVE,
        user.email,
        user.display_name,
        ["ends_on"],
        {
            "role_type": employment.role_type,
            "role": employment.get_role_type_display(),
            "starts_on": employment.starts_on,
            "ends_on": today - datetime.timedelta(days=1),
        },
    )


def _heading(name: str) -> str:
    """The documented heading of a staff column (matching errors come after reading)."""
    return next(column.heading for column in STAFF_COLUMNS if column.field == name)


def _accounts_held_elsewhere(
    user_ids: list[int], school: Organisation, today: datetime.date
) -> set[int]:
    """Accounts whose names this school may not change: working elsewhere or holding a role.

    A school corrects its own staff's details; someone who also works at another school, or
    holds a role in Hawl, keeps the details Hawl already has.
    """
    if not user_ids:
        return set()
    elsewhere = set(
        Employment.objects.on(today)
        .filter(person__user_id__in=user_ids)
        .exclude(school=school)
        .values_list("person__user_id", flat=True)
    )
    granted = set(
        RoleGrant.objects.on(today).filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    return elsewhere | granted


def _username_base(first_name: str, last_name: str) -> str:
    """``forename.surname`` in plain ASCII, as Hwb-style usernames read."""
    parts = []
    for name in (first_name, last_name):
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        parts.append(re.sub(r"[^a-z0-9]+", "", ascii_name.lower()))
    return ".".join(part for part in parts if part)[:140] or "staff"


def _usernames(bases: list[str]) -> list[str]:
    """A unique username for each base, numbered on clashes; deterministic for a file and data."""
    unique = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(unique), USERNAME_CHUNK):
        query = Q()
        for base in unique[start : start + USERNAME_CHUNK]:
            query |= Q(username__istartswith=base)
        taken.update(
            name.lower() for name in User.objects.filter(query).values_list("username", flat=True)
        )
    chosen: list[str] = []
    for base in bases:
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}{number}"
        taken.add(candidate)
        chosen.append(candidate)
    return chosen


def _staff_change(plan: _StaffPlan) -> RowChange:
    name = f"{plan.first_name} {plan.last_name}"
    detail: dict[str, Any] = {"new_account": plan.user is None, "username": plan.username}
    if plan.user is not None and plan.may_rename:
        for attribute in ("first_name", "last_name"):
            if getattr(plan.user, attribute) != getattr(plan, attribute):
                plan.fields.append(attribute)
    if plan.person is not None and plan.ewc_number and not plan.person.ewc_number:
        plan.fields.append("ewc_number")
    employment = plan.employment
    if employment is None:
        return RowChange(plan.line, Action.CREATE, plan.email, name, list(plan.fields), detail)
    wanted: dict[str, Any] = {
        "role_type": plan.role_type,
        "job_title": plan.job_title,
        "fte": plan.fte,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
    }
    for attribute, value in wanted.items():
        if attribute == "job_title" and value is None:
            continue
        if getattr(employment, attribute) != value:
            plan.fields.append(attribute)
    action = Action.UPDATE if plan.fields else Action.UNCHANGED
    return RowChange(plan.line, action, plan.email, name, list(plan.fields), detail)


EMPLOYMENT_FIELDS = ("role_type", "job_title", "fte", "starts_on", "ends_on")
EMPLOYMENT_FIELDS_SET = frozenset(EMPLOYMENT_FIELDS)


def _apply_staff(
    plans: list[_StaffPlan], leavers: list[Employment], school: Organisation, today: datetime.date
) -> None:
    """Write accounts, profiles and employments in bulk, then end the leavers' employments."""
    new_users = [
        User(
            username=plan.username,
            email=plan.email,
            first_name=plan.first_name,
            last_name=plan.last_name,
            password=make_password(None),
        )
        for plan in plans
        if plan.user is None
    ]
    User.objects.bulk_create(new_users, batch_size=BULK_BATCH)
    created = User.objects.in_bulk([user.username for user in new_users], field_name="username")
    accounts: dict[int, User] = {}
    renamed: list[User] = []
    for plan in plans:
        user = plan.user or created[plan.username]
        accounts[plan.line] = user
        if plan.user is not None and {"first_name", "last_name"}.intersection(plan.fields):
            user.first_name, user.last_name = plan.first_name, plan.last_name
            renamed.append(user)
    User.objects.bulk_update(renamed, ["first_name", "last_name"], batch_size=BULK_BATCH)
    unregistered = [plan for plan in plans if plan.person is None]
    Person.objects.bulk_create(
        [
            Person(user=accounts[plan.line], role_type=plan.role_type, ewc_number=plan.ewc_number)
            for plan in unregistered
        ],
        batch_size=BULK_BATCH,
    )
    persons = {
        person.user_id: person
        for person in Person.objects.filter(
            user_id__in=[accounts[plan.line].pk for plan in unregistered]
        )
    }
    registered: list[Person] = []
    for plan in plans:
        if plan.person is None:
            plan.person = persons[accounts[plan.line].pk]
        elif "ewc_number" in plan.fields:
            plan.person.ewc_number = plan.ewc_number
            registered.append(plan.person)
    Person.objects.bulk_update(registered, ["ewc_number"], batch_size=BULK_BATCH)
    new_employments: list[Employment] = []
    changed: list[Employment] = []
    for plan in plans:
        employment = plan.employment
        if employment is None:
            employment = Employment(person=plan.person, school=school, job_title="")
            new_employments.append(employment)
        elif EMPLOYMENT_FIELDS_SET.intersection(plan.fields):
            changed.append(employment)
        else:
            continue
        employment.role_type = plan.role_type
        employment.fte = plan.fte
        employment.starts_on = plan.starts_on
        employment.ends_on = plan.ends_on
        if plan.job_title is not None:
            employment.job_title = plan.job_title
    Employment.objects.bulk_create(new_employments, batch_size=BULK_BATCH)
    Employment.objects.bulk_update(changed, list(EMPLOYMENT_FIELDS), batch_size=BULK_BATCH)
    yesterday = today - datetime.timedelta(days=1)
    for employment in leavers:
        employment.ends_on = yesterday
    Employment.objects.bulk_update(leavers, ["ends_on"], batch_size=BULK_BATCH)
