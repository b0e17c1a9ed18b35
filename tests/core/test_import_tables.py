"""The import pages' tables: what each shows, and the gaps that say "–"."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import import_tables
from core.csvkit import Action, Column, RowChange, RowError
from core.models import ImportRecord


def headings(table) -> list[str]:
    return [str(column.label) for column in table.headers]


def texts(table) -> list[list[str]]:
    return [[str(cell.text) for cell in row] for row in table.body]


def test_errors_show_a_dash_where_a_problem_has_no_row_or_column():
    table = import_tables.errors_table(
        [
            RowError(3, "Forename", "Enter the forename"),
            RowError(4, "", "The row has more cells than there are column headings"),
            RowError(None, "", "The file is not a CSV"),
        ]
    )

    assert headings(table) == ["Row", "Column", "Problem"]
    assert texts(table) == [
        ["3", "Forename", "Enter the forename"],
        ["4", "–", "The row has more cells than there are column headings"],
        ["–", "–", "The file is not a CSV"],
    ]
    html = render_to_string("components/table.html", {"table": table})
    assert '<table class="govuk-table" id="file-errors">' in html
    assert "govuk-table__caption--m" in html


def test_a_problem_with_the_whole_file_needs_no_row_or_column():
    table = import_tables.errors_table([RowError(None, "", "The file is empty")])

    assert headings(table) == ["Problem"]


def change(action, key="ann@example.test", line=2, fields=(), **detail) -> RowChange:
    labels = {"job_title": "Job title", "fte": "FTE"}
    return RowChange(line, action, key, "Ann Lee", list(fields), detail, labels=labels)


def test_changes_tag_what_is_new_before_the_fields():
    table = import_tables.changes_table(
        [
            change(Action.CREATE, new_account=True),
            change(Action.CREATE, fields=["fte"], new_account=False),
            change(Action.UPDATE, fields=["job_title", "fte"]),
        ],
        staff=True,
    )

    assert headings(table) == ["Row", "Email address", "Name", "Change"]
    tags = [[tag.text for tag in row[3].tags] for row in table.body]
    assert tags == [["New", "New account"], ["New"], []]
    assert [row[3].text for row in table.body] == ["", "FTE", "Job title, FTE"]
    colours = [tag.colour for tag in table.body[0][3].tags]
    assert colours == ["green", "blue"]


def test_a_schools_file_is_keyed_by_school_number():
    table = import_tables.changes_table([change(Action.UPDATE, key="6814000")], staff=False)

    assert headings(table)[1] == "School number"


def test_leavers_and_those_kept_share_a_table_with_a_dash_for_no_email():
    leaving = import_tables.leaving_table(
        [
            change(Action.LEAVE, line=None, role="Teacher", starts_on=datetime.date(2020, 9, 1)),
            change(Action.LEAVE, key="", line=None, role="Leader", starts_on=None),
        ]
    )
    kept = import_tables.kept_table(
        [
            change(Action.LEAVE, line=None, kept="importer"),
            change(Action.LEAVE, key="", line=None, kept="headteacher"),
        ]
    )

    assert headings(leaving) == ["Name", "Email address", "Role", "Since"]
    assert texts(leaving) == [
        ["Ann Lee", "ann@example.test", "Teacher", "1 September 2020"],
        ["Ann Lee", "–", "Leader", ""],
    ]
    assert (leaving.id, str(leaving.caption)) == ("leaving", "Leaving")
    assert headings(kept) == ["Name", "Email address", "Why"]
    assert texts(kept) == [
        ["Ann Lee", "ann@example.test", "You are importing this file"],
        ["Ann Lee", "–", "The school’s last headteacher"],
    ]
    assert (kept.id, str(kept.caption)) == ("kept", "Not leaving")


def test_nobody_has_an_email_address_so_the_column_goes():
    table = import_tables.kept_table([change(Action.LEAVE, key="", line=None, kept="importer")])

    assert headings(table) == ["Name", "Why"]


def test_a_recorded_change_with_no_row_shows_a_dash():
    rows = [
        {"line": 2, "key": "6814000", "name": "Ysgol", "change": "Updated", "fields_text": "Name"},
        {"line": None, "key": "", "name": "Ann Lee", "change": "Left", "fields_text": ""},
    ]

    table = import_tables.record_changes_table(rows, staff=False)

    assert texts(table) == [
        ["2", "6814000", "Ysgol", "Updated: Name"],
        ["–", "–", "Ann Lee", "Left"],
    ]


def record(**fields) -> ImportRecord:
    when = datetime.datetime(2026, 7, 1, 8, 30, tzinfo=datetime.UTC)
    return ImportRecord(
        pk=7,
        kind="staff",
        created_at=when,
        counts={"created": 2, "updated": 0, "leavers": 1},
        **fields,
    )


def test_past_imports_link_to_each_record_with_its_status_as_a_tag():
    records = [record(file_name="staff.csv"), record(status=ImportRecord.Status.UNDONE)]

    with timezone.override("Europe/London"):
        table = import_tables.records_table(records, url=lambda found: "/r/7/", staff=True)

    assert headings(table) == ["Imported", "By", "Added", "Updated", "Left", "Status"]
    first = table.body[0]
    assert (first[0].text, first[0].href, first[0].hint) == (
        "1 July 2026, 09:30",
        "/r/7/",
        "staff.csv",
    )
    assert first[1].text == "The command line"
    assert [cell.text for cell in first[2:5]] == [2, 0, 1]
    assert [(row[5].tags[0].text, row[5].tags[0].colour) for row in table.body] == [
        ("Imported", ""),
        ("Undone", "grey"),
    ]


def test_past_schools_imports_have_no_leavers_column():
    table = import_tables.records_table([record()], url=lambda found: "", staff=False)

    assert "Left" not in headings(table)


def test_the_columns_a_file_needs_head_their_rows_in_english():
    columns = [
        Column("email", "Email", (), True, "Their work email address."),
        Column("job_title", "Job Title", (), False, "For example, Head of mathematics."),
    ]

    with translation.override("cy"):
        table = import_tables.columns_table(columns)
        html = render_to_string("components/table.html", {"table": table})

    assert '<th scope="row" class="govuk-table__header"><span lang="en">Email</span></th>' in html
    assert '<td class="govuk-table__cell">Gorfodol</td>' in html
    assert '<td class="govuk-table__cell">Dewisol</td>' in html
