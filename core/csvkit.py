"""The CSV import kit: one contract for every import, so pages, API and CLI cannot drift apart.

* every row is checked and *every* problem is reported with the row it is on (the header is row
  1, as a spreadsheet numbers them) and a message in the active language;
* a preview says what would be created, updated or left unchanged;
* nothing is written unless the whole file is valid, and then in one transaction with bulk
  queries, never one query per row;
* the same file twice changes nothing: values are normalised before they are compared, and an
  empty optional cell never clears what Hawl already holds.

An import module declares its ``Column``s, reads the file with ``read_table`` and checks each
``Row``; what it finds goes into an ``ImportResult``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.i18n import localise

if TYPE_CHECKING:
    from core.models import ImportRecord

MAX_FILE_BYTES = 5 * 1024 * 1024
BULK_BATCH = 500


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    LEAVE = "leave"


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
    """What one row would do (or did), or one leaver; ``fields`` are keys of ``labels``."""

    line: int | None
    action: str
    key: str
    name: str
    fields: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)
    # What each field is called on the page (the API gives the keys).
    labels: Mapping[str, Promise] = field(default_factory=dict, repr=False)

    @property
    def field_labels(self) -> list[str]:
        return [str(self.labels[name]) for name in self.fields]


@dataclass
class ImportResult:
    """The outcome of checking a file and, when asked and the file is valid, applying it."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    leavers: list[RowChange] = field(default_factory=list)
    # Not in the file, yet never ended by an import (the importer, the last headteacher).
    kept: list[RowChange] = field(default_factory=list)
    # Working here now: how many, and how many of them the file leaves out.
    current: int = 0
    absent: int = 0
    # A number the user must confirm on a second step before this file may be applied (the
    # leavers, when they are many); ``unconfirmed`` when applying was refused for want of it.
    confirm_count: int | None = None
    unconfirmed: bool = False
    applied: bool = False
    record: ImportRecord | None = field(default=None, repr=False)
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


# Reading the file.


@dataclass(frozen=True)
class Column:
    """A column Hawl reads: its documented heading, other headings accepted, and guidance."""

    field: str
    heading: str
    aliases: tuple[str, ...]
    required: bool
    help: Promise


def normalise(text: str) -> str:
    """Headings and names are compared ignoring case, spacing and punctuation (not accents)."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def clean(value: str) -> str:
    return value.replace("\xa0", " ").strip()


# Byte order marks of the encodings Excel's "Unicode text" and some MIS exports use.
WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, with or without a byte order mark, or ``None``.

    Without a mark, ASCII text in UTF-16 has a NUL in every other byte (UTF-32: three in four),
    which no CSV in UTF-8 or Windows-1252 has.
    """
    for mark, name in WIDE_ENCODINGS:
        if data.startswith(mark):
            return name
    sample = data[:4096]
    if len(sample) < 4:
        return None
    for name, step in (("UTF-32", 4), ("UTF-16", 2)):
        for offset in range(step):
            lanes = [sample[lane::step] for lane in range(step) if lane != offset]
            if all(lane and lane.count(0) > len(lane) * 0.9 for lane in lanes):
                return name
    return None


def decode(data: bytes | str) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252, as Excel saves CSV.

    Raises ``ValueError`` with a translated message for anything that is not CSV text, naming
    the encoding when the file is text in one Hawl does not read (UTF-16, as Excel's "Unicode
    text" saves, or UTF-32).
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(gettext("The file must be smaller than 5 MB"))
    wide = _wide_encoding(data)
    if wide is not None:
        raise ValueError(
            gettext(
                "The file is saved as %(encoding)s text, which Hawl cannot read. Save it as "
                "“CSV UTF-8 (comma delimited)”, then upload it again"
            )
            % {"encoding": wide}
        )
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
class Table:
    headings: dict[str, str]  # field -> heading as written in the file
    rows: list[tuple[int, dict[str, str]]]

    def has(self, name: str) -> bool:
        return name in self.headings


def read_table(data: bytes | str, columns: Sequence[Column], result: ImportResult) -> Table | None:
    """Decode and split the file; header problems stop here, since no row can be read."""
    try:
        text = decode(data)
    except ValueError as error:
        result.errors.append(RowError(None, "", str(error)))
        return None
    result.text = text
    known = {
        normalise(alias): column
        for column in columns
        for alias in (column.heading, *column.aliases)
    }
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(clean(cell) for cell in header):
            result.errors.append(
                RowError(1, "", gettext("The first row must hold the column headings"))
            )
            return None
        positions: dict[str, int] = {}
        headings: dict[str, str] = {}
        for index, heading in enumerate(header):
            column = known.get(normalise(heading))
            if column is None:
                continue
            if column.field in positions:
                result.errors.append(
                    RowError(
                        1,
                        clean(heading),
                        gettext("The file has this column more than once"),
                    )
                )
                continue
            positions[column.field] = index
            headings[column.field] = clean(heading)
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
            if not any(clean(cell) for cell in record):
                continue
            if any(clean(cell) for cell in record[len(header) :]):
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
                        name: clean(record[index]) if index < len(record) else ""
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
    return Table(headings=headings, rows=rows)


class Row:
    """One row's values, and a way to report a problem against one of its columns."""

    def __init__(
        self,
        line: int,
        values: dict[str, str],
        table: Table,
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


def parse_date(value: str) -> datetime.date | None:
    """DD/MM/YYYY (as UK spreadsheets write dates) or YYYY-MM-DD; a midnight time is allowed."""
    value = re.sub(r"[ T]00:00(:00)?$", "", value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def date_cell(row: Row, name: str) -> datetime.date | None:
    value = row.get(name)
    if not value:
        return None
    found = parse_date(value)
    if found is None:
        row.error(name, str(DATE_HINT))
    return found


def field_limit(model: type[Model], name: str) -> int:
    """The most characters a model's field holds: what a cell bound for it must fit."""
    limit = model._meta.get_field(name).max_length
    if limit is None:
        raise ValueError(f"{model.__name__}.{name} has no max_length")
    return limit


def too_long(row: Row, name: str, limit: int, message: str | Promise) -> bool:
    if len(row.get(name)) > limit:
        row.error(name, message % {"limit": limit})
        return True
    return False


def choices_text(items: Iterable[Any]) -> str:
    return ", ".join(str(localise(item, "name")) for item in items)


def read_file(path: Path) -> bytes:
    """A file named on the command line, or a CommandError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error


def report(
    command: BaseCommand, result: ImportResult, summary: Callable[[ImportResult], str]
) -> None:
    """Every error on its own line, then a non-zero exit; or the one-line summary."""
    if not result.is_valid:
        for error in result.errors:
            command.stderr.write(str(error))
        raise CommandError(error_count_text(result))
    command.stdout.write(summary(result))


# Writing CSV.

# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as written and never runs.

    Imports store what the file says (a name may start with "="); every CSV Hawl writes goes
    through here, which puts an apostrophe before a cell that would start a formula.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (UTF-8 with Excel's line endings), every cell through ``export_cell``."""
    output = io.StringIO()
    writer = csv.writer(output)
    for row in rows:
        writer.writerow([export_cell(value) for value in row])
    return output.getvalue()
