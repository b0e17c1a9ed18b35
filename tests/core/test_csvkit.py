"""The CSV kit's own rules: which encodings it reads and names, and CSV it writes safely."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from core import csvkit
from people.models import Employment, User

ROWS = "Email,Forename\nsian@example.test,Siân\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF16_LE + ROWS.encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + ROWS.encode("utf-16-be"), "UTF-16"),
        (ROWS.encode("utf-16-le"), "UTF-16"),  # no byte order mark
        (ROWS.encode("utf-16-be"), "UTF-16"),
        (ROWS.encode("utf-32"), "UTF-32"),
        (ROWS.encode("utf-32-le"), "UTF-32"),
    ],
)
def test_utf16_and_utf32_files_are_named_rather_than_read_as_garbage(data, encoding):
    with pytest.raises(ValueError, match=encoding) as refused:
        csvkit.decode(data)

    assert str(refused.value) == (
        f"The file is saved as {encoding} text, which Hawl cannot read. Save it as "
        "“CSV UTF-8 (comma delimited)”, then upload it again"
    )


def test_utf8_and_windows_1252_are_still_read():
    assert csvkit.decode(ROWS.encode("utf-8")) == ROWS
    assert csvkit.decode(codecs.BOM_UTF8 + ROWS.encode("utf-8")) == ROWS
    assert csvkit.decode("Email,Name\nx@example.test,Zoë\n".encode("cp1252")).endswith("Zoë\n")


def test_bytes_that_are_neither_utf8_nor_windows_1252_say_which_encodings_work():
    with pytest.raises(ValueError, match="UTF-8 or Windows-1252"):
        csvkit.decode(b"Email\n\x81\x8d\n")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("+44 29 2087 2000", "'+44 29 2087 2000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Siân ap Rhys", "Siân ap Rhys"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_every_cell_hawl_writes_that_could_start_a_formula_is_neutralised(value, cell):
    assert csvkit.export_cell(value) == cell


def test_written_csv_reads_back_as_written_with_formulas_neutralised():
    text = csvkit.write_csv([["Name", "Note"], ["=1+1", "ok, with a comma"]])

    assert list(csv.reader(io.StringIO(text))) == [
        ["Name", "Note"],
        ["'=1+1", "ok, with a comma"],
    ]


def test_limits_come_from_the_model_fields():
    assert csvkit.field_limit(User, "email") == User._meta.get_field("email").max_length
    assert csvkit.field_limit(Employment, "job_title") == 100
    with pytest.raises(ValueError, match="no max_length"):
        csvkit.field_limit(Employment, "fte")
