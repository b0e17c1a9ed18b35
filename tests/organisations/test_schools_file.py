"""Schools from the Welsh Government's address list, through the import service: valid files,
every kind of bad row, all or nothing, the same file twice."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import csvkit
from organisations import imports as school_imports
from organisations.models import Organisation, OrganisationKind
from tests.factories import OrganisationLinkFactory
from tests.people.imports_support import (
    SCHOOL_HEADER,
    SCHOOLS,
    SCHOOLS_BAD,
    SCHOOLS_EXTRA,
    errors,
    parents,
    school,
    snapshot,
    today,
    yesterday,
)

# Schools, through the service.


def test_schools_from_the_address_list_are_created_and_linked(world):
    result = school_imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)

    assert result.applied
    assert result.summary() == {
        "rows": 5,
        "created": 4,
        "updated": 1,
        "unchanged": 0,
        "leavers": 0,
    }
    bro_enlli = school("6612100")
    assert bro_enlli.name_en == "Ysgol Bro Enlli"
    profile = bro_enlli.school_profile
    assert profile.sector.code == "primary"
    assert profile.language_category.code == "welsh-medium"
    assert profile.address == "Ffordd yr Ysgol, Aberdaron, Pwllheli, Gwynedd"
    assert (profile.postcode, profile.telephone) == ("LL53 8AA", "01758 000004")
    assert parents(bro_enlli, OrganisationKind.LOCAL_AUTHORITY) == [
        ("661", datetime.date(1996, 4, 1), None)
    ]
    assert school("6694100").school_profile.language_category.code == "bilingual-a"
    assert school("6804100").school_profile.sector.code == "secondary"


def test_an_existing_school_is_updated_and_its_blank_cells_keep_what_hawl_holds(world):
    result = school_imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)

    roath = school("6812001")
    assert [row.fields for row in result.rows if row.key == "6812001"] == [
        ["address", "postcode", "telephone"]
    ]
    assert roath.school_profile.postcode == "CF24 3AA"  # written "cf24 3aa" in the file
    assert roath.name_cy == "Ysgol Gynradd y Rhath"  # the file has no Welsh names
    assert roath.school_profile.language_category.code == "welsh-medium"
    assert parents(roath, OrganisationKind.LOCAL_AUTHORITY) == [
        ("681", datetime.date(1990, 9, 1), None)
    ]


def test_optional_columns_give_welsh_names_dioceses_and_opening_dates(world):
    result = school_imports.schools_import(data=SCHOOLS_EXTRA.read_bytes(), apply=True)

    assert result.created == 2
    church = school("6613200")
    assert church.name_cy == "Ysgol Gynradd yr Eglwys yng Nghymru y Santes Fair"
    assert church.opened_on == datetime.date(1998, 9, 1)
    assert church.school_profile.sector.code == "primary"  # "Cynradd"
    assert church.school_profile.language_category.code == "welsh-medium"  # "Cyfrwng Cymraeg"
    assert parents(church, OrganisationKind.DIOCESE) == [
        ("CIW-BANGOR", datetime.date(1998, 9, 1), None)
    ]
    special = school("6704200")
    assert special.opened_on == datetime.date(2010, 9, 1)
    assert special.school_profile.sector.code == "special"
    assert parents(special, OrganisationKind.DIOCESE) == []


def test_headings_are_matched_whatever_their_case_and_spelling(world):
    text = (
        "school number,SCHOOL NAME,phase,Language Category,LA,post code,Tel\n"
        "6812400,Llys Celyn Primary School,Primary schools,Bilingual type B,Caerdydd,"
        "CF5 1AA,029 2000 0009\n"
    )
    result = school_imports.schools_import(data=text, apply=True)

    assert result.is_valid, errors(result)
    profile = school("6812400").school_profile
    assert profile.language_category.code == "bilingual-b"
    assert (profile.postcode, profile.telephone) == ("CF5 1AA", "029 2000 0009")


def test_nursery_and_special_schools_have_no_language_category(world):
    text = (
        "School Number,School Name,Sector,Welsh Medium Type - see notes,Local Authority\n"
        "6817001,Greenhill Special School,Special,Not applicable (Nursery & Special),Cardiff\n"
    )
    result = school_imports.schools_import(data=text, apply=True)

    assert result.is_valid, errors(result)
    assert school("6817001").school_profile.language_category.code == "not-applicable"


def test_running_the_same_schools_file_twice_changes_nothing(world):
    school_imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)
    school_imports.schools_import(data=SCHOOLS_EXTRA.read_bytes(), apply=True)
    before = snapshot()

    again = school_imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)
    extra_again = school_imports.schools_import(data=SCHOOLS_EXTRA.read_bytes(), apply=True)

    assert again.summary() == {"rows": 5, "created": 0, "updated": 0, "unchanged": 5, "leavers": 0}
    assert extra_again.unchanged == 2
    assert not again.changes
    assert snapshot() == before


def test_every_kind_of_bad_school_row_is_reported_on_its_row(world):
    before = snapshot()
    result = school_imports.schools_import(data=SCHOOLS_BAD.read_bytes(), apply=True)

    assert not result.applied
    assert errors(result) == [
        (2, "School Number", "The school number must be 7 digits, like 6812001"),
        (
            3,
            "School Number",
            "The first 3 digits of the school number, 999, are not the code of a local authority",
        ),
        (4, "Local Authority", "School number 6812300 belongs to Cardiff, not Newport"),
        (5, "School Name", "Enter the school’s name"),
        (6, "Postcode", "Enter a real postcode, like CF10 3NQ"),
        (
            7,
            "Sector",
            "“Boarding” is not a sector Hawl knows. Use one of: Nursery, Primary, "
            "Middle (all-age), Secondary, Special, Pupil referral unit",
        ),
        (
            8,
            "Welsh Medium Type",
            "“Mostly Welsh” is not a language category Hawl knows. Use one of: Welsh medium, "
            "Dual stream, Transitional, Bilingual A, Bilingual B, Bilingual C, Bilingual Ch, "
            "English with significant Welsh, English medium, Not applicable (nursery and special)",
        ),
        (10, "School Number", "School number 6812305 is also on row 9"),
        (11, "Opened", "Enter a real date as DD/MM/YYYY, like 01/09/2024"),
        (12, "Diocese", "“Diocese of Atlantis” is not a diocesan authority Hawl knows"),
        (13, "LA Code", "The LA code must match the first 3 digits of the school number, 681"),
    ]
    assert snapshot() == before


def test_one_bad_school_row_among_good_ones_changes_nothing(world):
    text = SCHOOLS.read_text() + "Cardiff,6812999,,,,,,CF10 1AA,,Primary,,English medium,\n"
    before = snapshot()

    result = school_imports.schools_import(data=text, apply=True)

    assert errors(result) == [(7, "School Name", "Enter the school’s name")]
    assert not result.applied
    assert snapshot() == before


def test_missing_columns_are_reported_on_the_heading_row(world):
    result = school_imports.schools_import(data="School Number,Postcode\n6812500,CF10 1AA\n")

    assert errors(result) == [
        (1, "School Name", "The file has no “School Name” column"),
        (1, "Sector", "The file has no “Sector” column"),
        (1, "Welsh Medium Type", "The file has no “Welsh Medium Type” column"),
    ]


def test_a_column_given_twice_is_an_error(world):
    result = school_imports.schools_import(data=SCHOOL_HEADER.strip() + ",Telephone,Phone Number\n")

    assert errors(result) == [(1, "Phone Number", "The file has this column more than once")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The first row must hold the column headings"),
        (SCHOOL_HEADER.encode(), "The file has no rows below the headings"),
        (
            b"PK\x03\x04 a spreadsheet",
            "The file must be a CSV file. Save a spreadsheet as CSV, then upload that",
        ),
        (b"x" * (csvkit.MAX_FILE_BYTES + 1), "The file must be smaller than 5 MB"),
    ],
)
def test_files_that_are_not_usable_csv_are_refused(world, content, message):
    result = school_imports.schools_import(data=content)

    assert [error.message for error in result.errors] == [message]


def test_a_row_with_too_many_cells_is_reported(world):
    text = SCHOOL_HEADER + "6812600,Ysgol Newydd, Caerdydd,Primary,English medium\n"

    result = school_imports.schools_import(data=text)

    assert [(error.line, error.column) for error in result.errors] == [(2, "")]
    assert "more cells than there are column headings" in result.errors[0].message


def test_utf8_with_a_byte_order_mark_and_windows_1252_are_both_read(world):
    header = "School Number,School Name,Welsh School Name,Sector,Welsh Medium Type\r\n"
    row = "6812700,Sea View Primary School,Ysgol Gynradd Bro Môr,Primary,Welsh medium\r\n"
    with_bom = b"\xef\xbb\xbf" + (header + row).encode("utf-8")
    windows = (header + row.replace("6812700", "6812701")).encode("cp1252")

    assert school_imports.schools_import(data=with_bom, apply=True).created == 1
    assert school_imports.schools_import(data=windows, apply=True).created == 1
    assert school("6812700").name_cy == school("6812701").name_cy == "Ysgol Gynradd Bro Môr"


def test_a_school_that_changes_diocese_keeps_its_dated_history(world):
    church = school("6812001")
    llandaff = Organisation.objects.get(kind=OrganisationKind.DIOCESE, code="CIW-LLANDAFF")
    OrganisationLinkFactory(parent=llandaff, child=church, starts_on=datetime.date(2000, 1, 1))
    text = (
        SCHOOL_HEADER.strip()
        + ",Diocese\n"
        + (
            "6812001,Roath Primary School,Primary,Welsh medium,"
            "Catholic Archdiocese of Cardiff-Menevia\n"
        )
    )

    result = school_imports.schools_import(data=text, apply=True)

    assert result.rows[0].fields == ["diocese"]
    assert parents(church, OrganisationKind.DIOCESE) == [
        ("CIW-LLANDAFF", datetime.date(2000, 1, 1), yesterday()),
        ("RC-CARDIFFMENEVIA", today(), None),
    ]
    assert school_imports.schools_import(data=text, apply=True).unchanged == 1


def test_checking_a_schools_file_reads_the_same_number_of_queries_for_any_length(world):
    def file_of(count: int, first: int) -> str:
        rows = "".join(
            f"669{first + n:04d},School {n},Primary,English medium\n" for n in range(count)
        )
        return SCHOOL_HEADER + rows

    counts = []
    for size, first in ((3, 1000), (60, 2000)):
        with CaptureQueriesContext(connection) as checked:
            school_imports.schools_import(data=file_of(size, first))
        with CaptureQueriesContext(connection) as applied:
            school_imports.schools_import(data=file_of(size, first), apply=True)
        # The closure's rows go in batches sized by the database's parameter limit (SQLite's
        # 999): more batches for a longer file, but never a query per row.
        writes = [q for q in applied.captured_queries if "organisationclosure" not in q["sql"]]
        counts.append((len(checked), len(writes)))
    assert counts[0] == counts[1]
