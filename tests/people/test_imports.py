"""The two CSV imports: schools from the address list, a school's staff from its MIS export.

Through the service, the upload pages, the command line and the API: valid files, every kind of
bad row, all or nothing, the same file twice, Welsh messages, and who may import what.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations import imports as school_imports
from organisations.models import Organisation
from people import imports
from people.models import Employment, Person, User
from tests.factories import EmploymentFactory, PersonFactory, UserFactory
from tests.people.imports_support import (
    DATA,
    SCHOOLS,
    SCHOOLS_BAD,
    STAFF,
    STAFF_BAD,
    STAFF_HEADER,
    errors,
    snapshot,
    upload,
    yesterday,
)

# Staff, through the service.


def test_staff_from_an_mis_export_are_added_updated_and_leavers_end(named_staff):
    world = named_staff
    assistant = Person.objects.get(user__username="assistant")
    elsewhere = EmploymentFactory(person=assistant, school=world.school_c, fte="0.2")

    result = imports.staff_import(
        school=world.school_a,
        data=STAFF.read_bytes(),
        apply=True,
        end_missing=True,
        confirmed=1,
    )

    assert result.summary() == {
        "rows": 4,
        "created": 2,
        "updated": 1,
        "unchanged": 1,
        "leavers": 1,
    }
    assert [(row.key, row.action, row.fields) for row in result.rows] == [
        ("teacher@example.test", "update", ["job_title"]),
        ("HEAD@example.test", "unchanged", []),
        ("sian.aprhys@example.test", "create", []),
        ("dafydd.evans@example.test", "create", []),
    ]
    sian = User.objects.select_related("person").get(email="sian.aprhys@example.test")
    assert (sian.first_name, sian.last_name) == ("Siân", "ap Rhys")
    assert not sian.has_usable_password()
    assert sian.person.role_type == "teaching_assistant"  # "Cynorthwyydd addysgu"
    dafydd = Employment.objects.get(person__user__email="dafydd.evans@example.test")
    assert (dafydd.role_type, str(dafydd.fte), dafydd.ends_on) == (
        "hlta",
        "0.75",
        datetime.date(2026, 8, 31),
    )
    assert dafydd.person.ewc_number == "1234567"
    teacher = Employment.objects.get(person__user__username="teacher", school=world.school_a)
    assert teacher.job_title == "Teacher of mathematics"
    left = Employment.objects.get(person=assistant, school=world.school_a)
    assert left.ends_on == yesterday()
    elsewhere.refresh_from_db()
    assert elsewhere.ends_on is None  # only this school's employment ends


def test_running_the_same_staff_file_twice_changes_nothing(named_staff):
    imports.staff_import(school=named_staff.school_a, data=STAFF.read_bytes(), apply=True)
    before = snapshot()

    again = imports.staff_import(school=named_staff.school_a, data=STAFF.read_bytes(), apply=True)

    assert again.summary() == {"rows": 4, "created": 0, "updated": 0, "unchanged": 4, "leavers": 0}
    assert snapshot() == before


def test_every_kind_of_bad_staff_row_is_reported_on_its_row(world):
    before = snapshot()
    result = imports.staff_import(school=world.school_a, data=STAFF_BAD.read_bytes(), apply=True)

    assert not result.applied
    assert errors(result) == [
        (2, "Email", "Enter an email address in the correct format, like name@example.com"),
        (3, "Forename", "Enter the forename"),
        (
            4,
            "Role",
            "“Caretaker” is not a role Hawl knows. Use one of: Teacher, Teaching assistant, "
            "Higher level teaching assistant, Supply teacher, Leader, Other",
        ),
        (5, "FTE", "The FTE must be more than 0 and no more than 1"),
        (6, "FTE", "The FTE must be a number, like 0.6"),
        (7, "Start Date", "Enter a real date as DD/MM/YYYY, like 01/09/2024"),
        (8, "End Date", "The end date must be the same as or after the start date"),
        (9, "FTE", "The FTE must have no more than 2 decimal places"),
        (10, "EWC Number", "The EWC number must be up to 12 letters and digits"),
        (12, "Email", "This email address is also on row 11"),
    ]
    assert snapshot() == before


def test_one_bad_staff_row_among_good_ones_changes_nothing(named_staff):
    text = STAFF.read_text() + "gareth.bale@example.test,Gareth,Bale,Teacher,2,01/09/2024,,,\n"
    before = snapshot()

    result = imports.staff_import(
        school=named_staff.school_a, data=text, apply=True, end_missing=True, confirmed=1
    )

    assert errors(result) == [(6, "FTE", "The FTE must be more than 0 and no more than 1")]
    assert result.leavers  # the preview had a leaver, yet nobody's employment ended
    assert snapshot() == before


def test_the_schools_own_people_are_matched_on_their_ewc_number_and_conflicts_are_errors(
    named_staff,
):
    world = named_staff
    Person.objects.filter(user__username="teacher").update(ewc_number="7654321")
    Person.objects.filter(user__username="assistant").update(ewc_number="7654322")
    text = STAFF_HEADER + (
        "someone.else@example.test,Some,One,Teacher,1,01/09/2024,,7654321,\n"
        "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,7654322,\n"
    )

    result = imports.staff_import(school=world.school_a, data=text)

    assert errors(result) == [
        (
            2,
            "EWC Number",
            "This EWC number belongs to someone here with a different email address",
        ),
        (
            3,
            "EWC Number",
            "The email address and the EWC number belong to different people here",
        ),
    ]
    same = STAFF_HEADER + "TEACHER@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,7654321,\n"
    matched = imports.staff_import(school=world.school_a, data=same, apply=True)
    assert (matched.created, matched.unchanged) == (0, 1)


def test_a_different_ewc_number_for_a_known_person_is_an_error(world):
    Person.objects.filter(user__username="teacher").update(ewc_number="1111111")
    text = STAFF_HEADER + "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,2222222,\n"

    result = imports.staff_import(school=world.school_a, data=text)

    assert errors(result) == [
        (
            2,
            "EWC Number",
            "This email address belongs to someone here with a different EWC number",
        ),
    ]


def test_new_accounts_get_unique_usernames_that_give_nobody_away(world):
    """``forename.surname`` and a random number: never the next free one, which would tell a
    school that someone else in Wales has the same name."""
    UserFactory(username="sian.aprhys")
    text = STAFF_HEADER + (
        "sian.one@example.test,Siân,ap Rhys,Teacher,1,01/09/2024,,,\n"
        "sian.two@example.test,Sian,Ap-Rhys,Teacher,1,01/09/2024,,,\n"
    )

    imports.staff_import(school=world.school_a, data=text, apply=True)

    usernames = list(
        User.objects.filter(email__in=["sian.one@example.test", "sian.two@example.test"])
        .order_by("email")
        .values_list("username", flat=True)
    )
    assert len(set(usernames)) == 2
    assert all(re.fullmatch(r"sian\.aprhys\.\d{4}", name) for name in usernames)


def test_a_school_updates_but_never_renames_someone_who_also_works_elsewhere(world):
    supply = Person.objects.get(user__username="teacher_c")
    EmploymentFactory(person=supply, school=world.school_a, role_type="supply_teacher", fte="0.2")
    original = supply.user
    text = STAFF_HEADER + (
        "teacher_c@example.test,Renamed,Person,Supply teacher,0.4,01/09/2020,,7777777,\n"
    )

    result = imports.staff_import(school=world.school_a, data=text, apply=True)

    assert [(row.action, row.fields) for row in result.rows] == [("update", ["fte"])]
    renamed = User.objects.select_related("person").get(username="teacher_c")
    assert (renamed.first_name, renamed.last_name) == (original.first_name, original.last_name)
    assert renamed.person.ewc_number == ""
    assert str(Employment.objects.get(person=supply, school=world.school_a).fte) == "0.40"
    assert str(Employment.objects.get(person=supply, school=world.school_c).fte) == "1.00"


def test_checking_a_staff_file_reads_the_same_number_of_queries_for_any_length(world):
    def file_of(count: int) -> str:
        rows = "".join(
            f"person{n}@example.test,Person,Number{n},Teacher,1,01/09/2024,,,\n"
            for n in range(count)
        )
        return STAFF_HEADER + rows

    counts = []
    for size in (3, 60):
        with CaptureQueriesContext(connection) as checked:
            imports.staff_import(school=world.school_a, data=file_of(size))
        counts.append(len(checked))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as applied:
        imports.staff_import(school=world.school_a, data=file_of(60), apply=True)
    assert len(applied) <= 20


# Upload pages.


def test_a_national_officer_imports_schools_through_the_page(world):
    client = world.client("national")
    assert client.get("/en/schools/import/").status_code == 200

    preview = client.post("/en/schools/import/", {"file": upload(SCHOOLS)})

    assert preview.status_code == 200
    assert b"Check the changes before you import them" in preview.content
    assert b'data-count="created">4<' in preview.content
    assert not Organisation.objects.filter(code="6612100").exists()  # a preview writes nothing

    done = client.post(
        "/en/schools/import/",
        {"token": preview.context["token"], "digest": preview.context["digest"]},
        follow=True,
    )

    assert done.redirect_chain == [("/en/schools/", 302)]
    assert "Schools imported: 4 added, 1 updated, 0 unchanged." in done.content.decode()
    assert Organisation.objects.filter(code="6612100").exists()


def test_the_same_file_again_on_the_page_says_nothing_would_change(world):
    school_imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)

    preview = world.client("national").post("/en/schools/import/", {"file": upload(SCHOOLS)})

    assert b'data-count="unchanged">5<' in preview.content
    assert b"Nothing would change" in preview.content
    assert b"Confirm import" not in preview.content


def test_the_page_lists_every_bad_row_under_an_error_summary(world):
    before = snapshot()

    response = world.client("national").post("/en/schools/import/", {"file": upload(SCHOOLS_BAD)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import schools" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_file">The file has 11 errors. Nothing has been changed.</a>' in html
    assert '<table class="govuk-table" id="file-errors">' in html
    assert "School number 6812305 is also on row 9" in html
    assert "“Diocese of Atlantis” is not a diocesan authority Hawl knows" in html
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("schools.csv", b"", "The selected file is empty"),
        ("schools.xlsx", b"School Number\n", "The selected file must be a CSV"),
    ],
)
def test_the_page_checks_the_upload_itself(world, name, content, message):
    response = world.client("national").post(
        "/en/schools/import/", {"file": SimpleUploadedFile(name, content)}
    )

    assert message in response.content.decode()
    assert response.context["form"].errors["file"] == [message]


def test_the_page_asks_for_a_file(world):
    response = world.client("national").post("/en/schools/import/", {})

    assert response.context["form"].errors["file"] == ["Select a CSV file"]


def test_a_head_imports_staff_through_the_page_and_sees_the_leavers_first(named_staff):
    client = named_staff.client("head")

    preview = client.post(
        "/en/schools/6814000/staff/import/", {"file": upload(STAFF), "end_missing": "yes"}
    )

    html = preview.content.decode()
    assert 'data-count="leavers">1<' in html
    assert "assistant@example.test" in html
    assert "Their employment at this school will end on" in html
    leaving = html.split('<table class="govuk-table" id="leaving">', 1)[1].split("</table>", 1)[0]
    assert '<td class="govuk-table__cell">1 September 2020</td>' in leaving
    assert '<strong class="govuk-tag govuk-tag--green">New</strong>' in html
    done = client.post(
        "/en/schools/6814000/staff/import/",
        {
            "token": preview.context["token"],
            "digest": preview.context["digest"],
            "confirm": "1",
        },
        follow=True,
    )
    assert done.redirect_chain == [("/en/schools/6814000/staff/", 302)]
    assert "Staff imported: 2 added, 1 updated, 1 unchanged, 1 left." in done.content.decode()


@pytest.mark.parametrize("tamper", ["token", "digest"])
def test_a_confirmation_that_does_not_match_its_preview_changes_nothing(world, tamper):
    client = world.client("national")
    preview = client.post("/en/schools/import/", {"file": upload(SCHOOLS)})
    confirm = {"token": preview.context["token"], "digest": preview.context["digest"]}
    confirm[tamper] = "not-the-one-previewed"
    before = snapshot()

    response = client.post("/en/schools/import/", confirm)

    assert response.status_code == 200
    assert "The preview has expired. Upload the file again" in response.content.decode()
    assert snapshot() == before


def test_a_preview_cannot_be_confirmed_twice(world):
    client = world.client("national")
    preview = client.post("/en/schools/import/", {"file": upload(SCHOOLS)})
    confirm = {"token": preview.context["token"], "digest": preview.context["digest"]}
    assert client.post("/en/schools/import/", confirm).status_code == 302

    again = client.post("/en/schools/import/", confirm)

    assert "The preview has expired" in again.content.decode()


def test_a_preview_for_one_school_cannot_be_confirmed_for_another(world):
    admin = world.client("admin")
    text = STAFF_HEADER + "new.person@example.test,New,Person,Teacher,1,01/09/2024,,,\n"
    preview = admin.post(
        "/en/schools/6814000/staff/import/", {"file": upload("staff.csv", text.encode())}
    )

    response = admin.post(
        "/en/schools/6802002/staff/import/",
        {"token": preview.context["token"], "digest": preview.context["digest"]},
    )

    assert "The preview has expired" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.test").exists()


def test_confirming_checks_the_file_again_against_the_data_as_it_is_now(named_staff):
    client = named_staff.client("head")
    preview = client.post("/en/schools/6814000/staff/import/", {"file": upload(STAFF)})
    PersonFactory(user=UserFactory(username="quick"), ewc_number="1234567")  # meanwhile
    before = snapshot()

    response = client.post(
        "/en/schools/6814000/staff/import/",
        {"token": preview.context["token"], "digest": preview.context["digest"]},
    )

    html = response.content.decode()
    assert "The file has 1 error. Nothing has been changed." in html
    assert "We cannot add this person from your file." in html
    assert snapshot() == before


# Who may import what.


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("national", 200),
        ("admin", 200),
        ("head", 404),
        ("pllead", 404),
        ("laofficer", 404),
        ("regionofficer", 404),
        ("teacher", 404),
        ("nobody", 404),
    ],
)
def test_who_may_import_schools(world, role, status):
    assert world.client(role).get("/en/schools/import/").status_code == status


@pytest.mark.parametrize(
    ("role", "school_number", "status"),
    [
        ("head", "6814000", 200),
        ("pllead", "6814000", 200),
        ("admin", "6702003", 200),
        ("head", "6802002", 404),
        ("head_c", "6814000", 404),
        ("pllead", "6812001", 404),
        ("teacher", "6814000", 404),
        ("assistant", "6814000", 404),
        ("laofficer", "6814000", 404),
        ("national", "6814000", 404),
        ("governor", "6814000", 404),
        ("head", "9999999", 404),
    ],
)
def test_who_may_import_a_schools_staff(world, role, school_number, status):
    url = f"/en/schools/{school_number}/staff/import/"
    assert world.client(role).get(url).status_code == status


def test_another_schools_staff_import_is_404_even_when_posted(world):
    before = snapshot()

    response = world.client("head").post(
        "/en/schools/6802002/staff/import/", {"file": upload(STAFF)}
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_a_practitioner_cannot_import_through_the_service(world):
    from django.http import Http404

    with pytest.raises(Http404):
        school_imports.schools_import(
            data=SCHOOLS.read_bytes(), by=world.users["teacher"], apply=True
        )
    with pytest.raises(Http404):
        imports.staff_import(
            school=world.school_a, data=STAFF.read_bytes(), by=world.users["teacher"], apply=True
        )


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for path in ["/en/schools/import/", "/en/schools/6814000/staff/import/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")


# Command line.


def test_the_schools_command_imports_a_file(world, capsys):
    call_command("import_schools", str(SCHOOLS))

    assert "Schools imported: 4 added, 1 updated, 0 unchanged." in capsys.readouterr().out
    assert Organisation.objects.filter(code="6612100").exists()


def test_the_schools_command_dry_run_changes_nothing(world, capsys):
    before = snapshot()

    call_command("import_schools", str(SCHOOLS), "--dry-run")

    assert "Checked, nothing changed: 4 to add, 1 to update, 0 unchanged." in (
        capsys.readouterr().out
    )
    assert snapshot() == before


def test_the_schools_command_prints_every_error_and_fails(world, capsys):
    before = snapshot()

    with pytest.raises(CommandError, match="The file has 11 errors"):
        call_command("import_schools", str(SCHOOLS_BAD))

    printed = capsys.readouterr().err
    assert "Row 2, School Number: The school number must be 7 digits, like 6812001" in printed
    assert "Row 13, LA Code: The LA code must match" in printed
    assert snapshot() == before


def test_the_staff_command_imports_a_schools_staff(named_staff, capsys):
    call_command("import_staff", "6814000", str(STAFF), "--end-missing", "--confirm-leavers", "1")

    assert "Staff imported: 2 added, 1 updated, 1 unchanged, 1 left." in capsys.readouterr().out


def test_the_staff_command_refuses_an_unknown_school_or_file(world):
    with pytest.raises(CommandError, match="No school with number '9999999'"):
        call_command("import_staff", "9999999", str(STAFF))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_staff", "6814000", str(DATA / "no-such-file.csv"))


def test_the_staff_command_fails_on_a_bad_file(world, capsys):
    with pytest.raises(CommandError, match="The file has 10 errors"):
        call_command("import_staff", "6814000", str(STAFF_BAD), "--dry-run")

    assert "Row 12, Email: This email address is also on row 11" in capsys.readouterr().err
