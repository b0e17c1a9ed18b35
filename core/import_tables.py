"""The tables of the import pages, built for ``components/table.html``.

A gap that means something (a problem with the whole file rather than a row, a person with no
email address, a change with no row in the file) shows "–"; a column empty in every row goes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.utils.formats import date_format
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from core import csvkit
from core.csvkit import RowChange, RowError
from core.models import ImportRecord
from core.tables import Cell, Column, Table, Tag

DASH = "–"


def _day(value: datetime.date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _when(value: datetime.datetime) -> str:
    """As the template ``date`` filter shows it: in the site's time zone."""
    return date_format(template_localtime(value), "j F Y, H:i")


def _key_column(staff: bool, *, blank: str = "") -> Column:
    return Column(_("Email address") if staff else _("School number"), blank=blank)


def errors_table(errors: Iterable[RowError]) -> Table:
    """Each problem in a file: on a row (and in a column), or with the whole file."""
    table = Table(
        _("Errors in the file"),
        [
            Column(_("Row"), numeric=True, blank=DASH),
            Column(_("Column"), blank=DASH),
            Column(_("Problem")),
        ],
        caption_visible=True,
        name="file-errors-list",
        id="file-errors",
    )
    for error in errors:
        table.add(Cell(error.line, numeric=True), error.column, error.message)
    return table


def changes_table(changes: Iterable[RowChange], *, staff: bool) -> Table:
    """What a previewed file would add or update, row by row."""
    table = Table(
        _("What will change"),
        [
            Column(_("Row"), numeric=True),
            _key_column(staff),
            Column(_("Name")),
            Column(_("Change")),
        ],
        caption_visible=True,
        name="changes",
    )
    for row in changes:
        tags: tuple[Tag, ...] = ()
        if row.action == csvkit.Action.CREATE:
            tags = (Tag(_("New"), "green"),)
            if row.detail.get("new_account"):
                tags += (Tag(_("New account"), "blue"),)
        table.add(
            Cell(row.line, numeric=True),
            row.key,
            row.name,
            Cell(", ".join(row.field_labels), tags=tags),
        )
    return table


# People a staff file leaves out: what else to show of each, as (heading, value) pairs.
Shown = Sequence[tuple[str, Callable[[RowChange], Any]]]


def absent_table(people: Iterable[RowChange], *, caption: str, name: str, shown: Shown) -> Table:
    """People who work here now but are not in the file: name, email address, then ``shown``."""
    table = Table(
        caption,
        [Column(_("Name")), Column(_("Email address"), blank=DASH)]
        + [Column(heading) for heading, _value in shown],
        name=name,
        id=name,
    )
    for person in people:
        table.add(person.name, person.key, *(value(person) for _heading, value in shown))
    return table


def leaving_table(leavers: Iterable[RowChange]) -> Table:
    return absent_table(
        leavers,
        caption=_("Leaving"),
        name="leaving",
        shown=[
            (_("Role"), lambda person: person.detail.get("role", "")),
            (_("Since"), lambda person: _day(person.detail.get("starts_on"))),
        ],
    )


def _why_kept(person: RowChange) -> str:
    if person.detail.get("kept") == "importer":
        return _("You are importing this file")
    return _("The school’s last headteacher")


def kept_table(kept: Iterable[RowChange]) -> Table:
    return absent_table(kept, caption=_("Not leaving"), name="kept", shown=[(_("Why"), _why_kept)])


def records_table(
    records: Iterable[ImportRecord], *, url: Callable[[ImportRecord], str], staff: bool
) -> Table:
    """A scope's imports: when (linking to the record) and the file, who, the counts, status."""
    columns = [
        Column(_("Imported")),
        Column(_("By")),
        Column(_("Added"), numeric=True),
        Column(_("Updated"), numeric=True),
    ]
    if staff:
        columns.append(Column(_("Left"), numeric=True))
    columns.append(Column(_("Status")))
    table = Table(_("Past imports"), columns, name="records")
    for record in records:
        counts = [record.counts.get("created"), record.counts.get("updated")]
        if staff:
            counts.append(record.counts.get("leavers"))
        undone = record.status == ImportRecord.Status.UNDONE
        table.add(
            Cell(_when(record.created_at), href=url(record), hint=record.file_name),
            record.by.display_name if record.by else _("The command line"),
            *(Cell(count, numeric=True) for count in counts),
            Cell(tags=(Tag(record.get_status_display(), "grey" if undone else ""),)),
        )
    return table


def record_changes_table(rows: Iterable[Mapping[str, Any]], *, staff: bool) -> Table:
    """What an import changed; ``rows`` are as the record page has them (with ``change``)."""
    table = Table(
        _("What changed"),
        [
            Column(_("Row"), numeric=True, blank=DASH),
            _key_column(staff, blank=DASH),
            Column(_("Name")),
            Column(_("Change")),
        ],
        caption_visible=True,
        name="record-changes",
    )
    for row in rows:
        change = f"{row['change']}: {row['fields_text']}" if row["fields_text"] else row["change"]
        table.add(Cell(row["line"], numeric=True), row["key"], row["name"], change)
    return table


def columns_table(columns: Iterable[csvkit.Column]) -> Table:
    """The columns an import reads: each heading (in English, as the file has it) and guidance."""
    table = Table(
        _("Columns the file must have"),
        [
            Column(_("Column heading")),
            Column(_("Required or optional")),
            Column(_("What to put in it")),
        ],
        name="columns",
    )
    for column in columns:
        table.add(
            Cell(column.heading, header=True, lang="en"),
            _("Required") if column.required else _("Optional"),
            column.help,
        )
    return table
