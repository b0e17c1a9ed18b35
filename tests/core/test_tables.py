"""The table component: what a Cell, Column and Table can say, drawn through the template."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from core.i18n import LocalisedText
from core.tables import Cell, Column, Table, Tag


def draw(table: Table) -> str:
    return render_to_string("components/table.html", {"table": table})


def body_rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>", 1)[0].strip() for row in body.split("<tr")[1:]]


def test_a_table_sits_in_a_region_its_caption_labels():
    table = Table("Schools", [Column("School")], name="schools")
    table.add("Ysgol Gymraeg")

    html = draw(table)

    assert 'role="region" aria-labelledby="schools-caption" tabindex="0"' in html
    assert 'id="schools-caption">Schools</caption>' in html
    assert "govuk-visually-hidden" in html
    assert '<table class="govuk-table">' in html  # no id unless asked


def test_a_table_may_have_an_id_and_a_visible_caption():
    table = Table("Errors", [Column("Problem")], caption_visible=True, name="errors", id="errs")
    table.add("Bad")

    html = draw(table)

    assert '<table class="govuk-table" id="errs">' in html
    assert 'class="govuk-table__caption govuk-table__caption--m" id="errors-caption"' in html


def test_tags_come_before_the_text_a_space_apart():
    table = Table("Changes", [Column("Change"), Column("Status")])
    table.add(
        Cell("Job title", tags=(Tag("New", "green"), Tag("New account", "blue"))),
        Cell(tags=(Tag("Imported"),)),
    )

    [row] = body_rows(draw(table))

    assert (
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green">New</strong> '
        '<strong class="govuk-tag govuk-tag--blue">New account</strong> Job title</td>'
    ) in row
    # A cell of only a tag is not empty, and a tag with no colour is the default one.
    assert '<td class="govuk-table__cell"><strong class="govuk-tag">Imported</strong></td>' in row


def test_a_row_header_and_text_in_another_language():
    table = Table("Columns", [Column("Column heading"), Column("What to put in it")])
    table.add(Cell("Start Date", header=True, lang="en"), "Dyddiad")

    [row] = body_rows(draw(table))

    assert row.endswith(
        '<th scope="row" class="govuk-table__header"><span lang="en">Start Date</span></th>'
        '<td class="govuk-table__cell">Dyddiad</td>'
    )


def test_a_numeric_row_header_and_a_link_with_a_hint():
    table = Table("Imports", [Column("Row", numeric=True), Column("Imported")])
    table.add(Cell(3, numeric=True, header=True), Cell("1 May", href="/i/1/", hint="staff.csv"))

    [row] = body_rows(draw(table))

    assert '<th scope="row" class="govuk-table__header govuk-table__header--numeric">3</th>' in row
    assert '<a class="govuk-link" href="/i/1/">1 May</a><br><span class="govuk-hint' in row
    assert ">staff.csv</span></td>" in row


def test_a_column_blank_fills_gaps_in_a_column_that_is_shown():
    table = Table(
        "Errors",
        [Column("Row", numeric=True, blank="–"), Column("Column", blank="–"), Column("Problem")],
    )
    table.add(Cell(2, numeric=True), "", "Enter the forename")
    table.add(Cell(None, numeric=True), "", "The file is empty")

    html = draw(table)

    assert [column.label for column in table.headers] == ["Row", "Problem"]
    assert ">Column</th>" not in html
    rows = body_rows(html)
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in rows[0]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">–</td>' in rows[1]


def test_a_column_empty_in_every_row_goes_even_with_a_blank():
    table = Table("Errors", [Column("Row", blank="–"), Column("Problem")])
    table.add(None, "The file is empty")

    assert [column.label for column in table.headers] == ["Problem"]
    assert table.body == [[Cell("The file is empty")]]


def test_zero_is_something_to_show():
    table = Table("Counts", [Column("Added", numeric=True)])
    table.add(Cell(0, numeric=True))

    assert 'govuk-table__cell--numeric">0</td>' in draw(table)


def test_an_empty_table_shows_every_heading():
    table = Table("Nothing", [Column("A"), Column("B")])

    assert [column.label for column in table.headers] == ["A", "B"]


def test_a_localised_fallback_is_marked():
    table = Table("Schools", [Column("School")])
    table.add(LocalisedText("Swansea Primary School", "en", is_fallback=True))

    assert '<span lang="en">Swansea Primary School</span>' in draw(table)


def test_a_row_must_fill_every_column():
    table = Table("Schools", [Column("School"), Column("Sector")])

    with pytest.raises(ValueError, match="1 cells for 2 columns"):
        table.add("Ysgol Gymraeg")
