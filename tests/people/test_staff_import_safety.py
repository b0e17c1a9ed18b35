"""A staff import cannot wipe a school or reach another.

Ending employments is a separate, explicit choice with a second confirmation when many would
end; the importer and the school's last headteacher never leave through an import; a school's
file changes only its own people and never says who else is in Hawl; every value that passes
fits its column.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from core.models import ImportPreview
from core.roles import Role
from people import imports, services
from people.models import Employment, Person, User
from tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory, UserFactory
from tests.people.imports_support import (
    STAFF,
    STAFF_HEADER,
    errors,
    snapshot,
    upload,
)

NEUTRAL = (
    "We cannot add this person from your file. Remove the row, then ask the Hawl helpdesk "
    "to add them."
)
IMPORT = "/en/schools/6814000/staff/import/"


def today() -> datetime.date:
    return timezone.localdate()


def current_staff(school) -> set[str]:
    return set(
        Employment.objects.on(today())
        .filter(school=school)
        .values_list("person__user__username", flat=True)
    )


@pytest.fixture
def big_school(world):
    """School A with 22 people working there now: the head, a teacher, an assistant and 19."""
    for number in range(19):
        person = PersonFactory(user=UserFactory(username=f"staff{number}"))
        EmploymentFactory(person=person, school=world.school_a)
    return world


TWO_ROWS = STAFF_HEADER + (
    "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,,\n"
    "new.person@example.test,New,Person,Teacher,1,01/09/2025,,,\n"
)


# Changes only, unless asked.


def test_by_default_an_import_adds_and_updates_and_ends_nobodys_employment(big_school):
    result = imports.staff_import(
        school=big_school.school_a, data=TWO_ROWS, by=big_school.users["head"], apply=True
    )

    assert result.applied
    assert (result.created, result.current, result.absent, len(result.leavers)) == (1, 22, 21, 0)
    assert len(current_staff(big_school.school_a)) == 23


def test_the_page_offers_changes_only_by_default_and_says_who_stays(big_school):
    client = big_school.client("head")

    form = client.get(IMPORT).content.decode()
    preview = client.post(IMPORT, {"file": upload("staff.csv", TWO_ROWS.encode())})

    assert 'name="end_missing" type="radio" value="no" checked' in form
    html = preview.content.decode()
    assert 'data-count="absent">21<' in html
    assert "21 people who work here now are not in the file." in html
    assert "Their employment at this school will not change." in html
    assert 'data-count="leavers"' not in html


def test_ending_the_employment_of_many_needs_a_second_confirmation(big_school):
    before = snapshot()
    by = big_school.users["head"]

    refused = imports.staff_import(
        school=big_school.school_a, data=TWO_ROWS, by=by, apply=True, end_missing=True
    )
    wrong = imports.staff_import(
        school=big_school.school_a,
        data=TWO_ROWS,
        by=by,
        apply=True,
        end_missing=True,
        confirmed=21,  # the head stays, so 20 leave
    )

    assert (refused.unconfirmed, refused.confirm_count, refused.applied) == (True, 20, False)
    assert (wrong.unconfirmed, wrong.applied) == (True, False)
    assert snapshot() == before
    done = imports.staff_import(
        school=big_school.school_a,
        data=TWO_ROWS,
        by=by,
        apply=True,
        end_missing=True,
        confirmed=20,
    )
    assert done.applied
    assert current_staff(big_school.school_a) == {"teacher", "head"} | {
        User.objects.get(email="new.person@example.test").username
    }


def test_the_page_asks_for_the_second_confirmation_with_a_warning(big_school):
    client = big_school.client("head")
    preview = client.post(
        IMPORT, {"file": upload("staff.csv", TWO_ROWS.encode()), "end_missing": "yes"}
    )
    html = preview.content.decode()
    confirm = {"token": preview.context["token"], "digest": preview.context["digest"]}

    assert 'data-count="leavers">20<' in html
    assert "This would end the employment of 20 of the 22 people who work here now." in html
    assert "I understand 20 people’s employment at this school will end" in html
    assert 'class="govuk-button govuk-button--warning"' in html
    before = snapshot()

    unticked = client.post(IMPORT, confirm)

    assert unticked.status_code == 200
    assert "<title>Error: Check the changes" in unticked.content.decode()
    assert unticked.context["form"].errors["confirm"] == [
        "Select the box to confirm that 20 people’s employment at this school will end"
    ]
    assert snapshot() == before
    done = client.post(IMPORT, {**confirm, "confirm": "20"}, follow=True)
    assert done.redirect_chain == [("/en/schools/6814000/staff/", 302)]
    assert len(current_staff(big_school.school_a)) == 3
    assert not ImportPreview.objects.exists()


def test_a_few_leavers_need_no_second_confirmation(named_staff, settings):
    settings.HAWL_IMPORT_CONFIRM_LEAVERS_PERCENT = 40  # 1 of 3 is 33%

    result = imports.staff_import(
        school=named_staff.school_a, data=STAFF.read_bytes(), apply=True, end_missing=True
    )

    assert result.confirm_count is None
    assert result.applied
    assert len(result.leavers) == 1


def test_the_share_that_needs_confirming_is_a_setting(named_staff, settings):
    settings.HAWL_IMPORT_CONFIRM_LEAVERS_PERCENT = 30

    result = imports.staff_import(
        school=named_staff.school_a, data=STAFF.read_bytes(), end_missing=True
    )

    assert result.confirm_count == 1


def test_the_api_and_command_line_need_the_same_confirmation(big_school, tmp_path, capsys):
    token = services.api_token_create(user=big_school.users["head"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = "/api/v1/schools/6814000/staff/import?end_missing=true"
    path = tmp_path / "staff.csv"
    path.write_text(TWO_ROWS)

    refused = api.post(url, {"file": upload(path)})

    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "This file would end the employment of 20 of the 22 people who work at this "
        "school now. Confirm that number to go ahead. Nothing has been changed.",
        "confirm_leavers": 20,
    }
    # The command line names nobody, so only the last headteacher is kept: 20 again.
    with pytest.raises(CommandError, match="would end the employment of 20 of the 22"):
        call_command("import_staff", "6814000", str(path), "--end-missing")
    call_command("import_staff", "6814000", str(path), "--end-missing", "--confirm-leavers", "20")
    assert "20 left." in capsys.readouterr().out
    assert len(current_staff(big_school.school_a)) == 3


def test_the_api_answers_with_who_leaves_and_who_is_kept(big_school):
    token = services.api_token_create(user=big_school.users["head"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    body = api.post(
        "/api/v1/schools/6814000/staff/import?end_missing=true&confirm_leavers=20",
        {"file": upload("staff.csv", TWO_ROWS.encode())},
    ).json()

    assert (body["applied"], body["current"], body["absent"], body["leavers"]) == (
        True,
        22,
        21,
        20,
    )
    assert [(row["key"], row["action"]) for row in body["kept"]] == [("head@example.test", "leave")]


# Never ended by an import.


def test_the_importers_own_employment_never_ends(named_staff):
    result = imports.staff_import(
        school=named_staff.school_a,
        data=STAFF_HEADER + "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,,\n",
        by=named_staff.users["head"],
        apply=True,
        end_missing=True,
        confirmed=1,
    )

    assert [leaver.key for leaver in result.leavers] == ["assistant@example.test"]
    assert [(kept.key, kept.detail["kept"]) for kept in result.kept] == [
        ("head@example.test", "importer")
    ]
    assert current_staff(named_staff.school_a) == {"teacher", "head"}


def test_the_schools_last_headteacher_never_leaves_through_an_import(named_staff):
    """The head holds a headteacher role grant and works here; the PL lead imports."""
    text = STAFF_HEADER + "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,,\n"

    result = imports.staff_import(
        school=named_staff.school_a,
        data=text,
        by=named_staff.users["pllead"],
        apply=True,
        end_missing=True,
        confirmed=1,
    )

    assert [(kept.key, kept.detail["kept"]) for kept in result.kept] == [
        ("head@example.test", "headteacher")
    ]
    assert current_staff(named_staff.school_a) == {"teacher", "head"}


def test_a_headteacher_may_leave_while_another_stays(named_staff):
    acting = PersonFactory(user=UserFactory(username="acting"))
    EmploymentFactory(person=acting, school=named_staff.school_a, role_type="leader")
    RoleGrantFactory(user=acting.user, role=Role.HEADTEACHER, organisation=named_staff.school_a)
    text = STAFF_HEADER + "acting@example.test,Acting,Head,Leader,1,01/09/2020,,,\n"

    result = imports.staff_import(
        school=named_staff.school_a, data=text, apply=True, end_missing=True, confirmed=3
    )

    assert result.kept == []
    assert current_staff(named_staff.school_a) == {"acting"}


def test_the_preview_says_who_an_import_never_ends(named_staff):
    client = named_staff.client("head")
    text = STAFF_HEADER + "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,,\n"

    html = client.post(
        IMPORT, {"file": upload("staff.csv", text.encode()), "end_missing": "yes"}
    ).content.decode()

    assert (
        "an import never ends your own employment or that of the school’s last headteacher" in html
    )
    kept = html.split('<table class="govuk-table" id="kept">', 1)[1].split("</table>", 1)[0]
    assert "You are importing this file" in kept


# A school's file reaches only the school's own people.


def conwy_teacher() -> Person:
    """Someone working at another school, with an EWC number and her own name."""
    person = PersonFactory(
        user=UserFactory(username="conwy", first_name="Gwen", last_name="Conwy"),
        ewc_number="C123456",
    )
    EmploymentFactory(person=person)
    return person


@pytest.mark.parametrize(
    "row",
    [
        # Her email, her EWC number, or both: each is refused the same way.
        "conwy@example.test,Renamed,Teacher,Teacher,1,01/09/2025,,,",
        "someone.new@example.test,Renamed,Teacher,Teacher,1,01/09/2025,,C123456,",
        "conwy@example.test,Renamed,Teacher,Teacher,1,01/09/2025,,C999999,",
    ],
)
def test_a_school_cannot_touch_someone_working_at_another_school(world, row):
    teacher = conwy_teacher()
    before = snapshot()

    checked = imports.staff_import(school=world.school_a, data=STAFF_HEADER + row + "\n")
    applied = imports.staff_import(
        school=world.school_a, data=STAFF_HEADER + row + "\n", apply=True
    )

    assert errors(checked) == errors(applied) == [(2, "", NEUTRAL)]
    assert snapshot() == before
    teacher.refresh_from_db()
    assert teacher.ewc_number == "C123456"
    assert not Employment.objects.filter(person=teacher, school=world.school_a).exists()


@pytest.mark.parametrize(
    "username", ["laofficer", "national", "admin", "nobody", "teacher_c", "head_c"]
)
def test_a_school_cannot_attach_any_account_that_is_not_its_own(world, username):
    """Officers, administrators, another school's staff and accounts tied to nothing: the same
    refusal, so a file cannot tell which of them an address belongs to."""
    row = f"{username}@example.test,Some,One,Teacher,1,01/09/2025,,,\n"
    before = snapshot()

    result = imports.staff_import(school=world.school_a, data=STAFF_HEADER + row, apply=True)

    assert errors(result) == [(2, "", NEUTRAL)]
    assert snapshot() == before


def test_the_refusal_reads_the_same_whoever_the_account_is(world):
    conwy_teacher()
    PersonFactory(user=UserFactory(username="unattached"), ewc_number="U123456")
    rows = [
        "laofficer@example.test,A,B,Teacher,1,01/09/2025,,,",
        "conwy@example.test,A,B,Teacher,1,01/09/2025,,,",
        "fresh.one@example.test,A,B,Teacher,1,01/09/2025,,C123456,",
        "fresh.two@example.test,A,B,Teacher,1,01/09/2025,,U123456,",
        "nobody@example.test,A,B,Teacher,1,01/09/2025,,,",
    ]

    result = imports.staff_import(school=world.school_a, data=STAFF_HEADER + "\n".join(rows))

    assert {(error.column, error.message) for error in result.errors} == {("", NEUTRAL)}
    assert [error.line for error in result.errors] == [2, 3, 4, 5, 6]
    assert result.rows == []


def test_someone_who_once_worked_here_and_nowhere_else_can_come_back(world):
    returning = PersonFactory(user=UserFactory(username="returning"))
    EmploymentFactory(
        person=returning,
        school=world.school_a,
        starts_on=datetime.date(2015, 9, 1),
        ends_on=datetime.date(2019, 8, 31),
    )
    text = STAFF_HEADER + "returning@example.test,Back,Again,Teacher,1,01/09/2025,,,\n"

    result = imports.staff_import(school=world.school_a, data=text, apply=True)

    assert result.applied
    assert result.created == 1
    assert Employment.objects.filter(person=returning, school=world.school_a).count() == 2


def test_someone_who_once_worked_here_but_now_works_elsewhere_is_refused(world):
    moved = PersonFactory(user=UserFactory(username="moved"))
    EmploymentFactory(
        person=moved,
        school=world.school_a,
        starts_on=datetime.date(2015, 9, 1),
        ends_on=datetime.date(2019, 8, 31),
    )
    EmploymentFactory(person=moved, school=world.school_c)
    text = STAFF_HEADER + "moved@example.test,Back,Again,Teacher,1,01/09/2025,,,\n"

    assert errors(imports.staff_import(school=world.school_a, data=text)) == [(2, "", NEUTRAL)]


def test_a_school_leader_is_matched_but_keeps_their_name(named_staff):
    text = STAFF_HEADER + "head@example.test,Renamed,Head,Leader,1,01/09/2020,,5555555,\n"

    result = imports.staff_import(school=named_staff.school_a, data=text, apply=True)

    assert [(row.action, row.fields) for row in result.rows] == [("unchanged", [])]
    head = User.objects.select_related("person").get(username="head")
    assert (head.first_name, head.person.ewc_number) == ("Eleri", "")


# Every value that passes fits its column.


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (
            ("x" * 243 + "@example.test", "Ann", "Lee", ""),
            "Email",
            "The email address must be 254 characters or fewer",
        ),
        (
            ("ann@example.test", "A" * 151, "Lee", ""),
            "Forename",
            "The forename must be 150 characters or fewer",
        ),
        (
            ("ann@example.test", "Ann", "L" * 151, ""),
            "Surname",
            "The surname must be 150 characters or fewer",
        ),
        (
            ("ann@example.test", "Ann", "Lee", "J" * 101),
            "Job Title",
            "The job title must be 100 characters or fewer",
        ),
    ],
)
def test_a_staff_value_too_long_for_its_column_is_a_row_error(world, cells, column, message):
    email, first, last, title = cells
    text = STAFF_HEADER + f"{email},{first},{last},Teacher,1,01/09/2025,,,{title}\n"

    result = imports.staff_import(school=world.school_a, data=text, apply=True)

    assert errors(result) == [(2, column, message)]


def test_the_longest_values_that_fit_are_imported(world):
    email = "x" * 241 + "@example.test"  # 254 characters
    text = STAFF_HEADER + (
        f"{email},{'A' * 150},{'L' * 150},Teacher,1,01/09/2025,,ABCDEF123456,{'J' * 100}\n"
    )

    result = imports.staff_import(school=world.school_a, data=text, apply=True)

    assert result.applied, errors(result)
    user = User.objects.select_related("person").get(email=email)
    assert len(user.username) <= 150
    assert user.person.ewc_number == "ABCDEF123456"


def test_a_cell_that_looks_like_a_formula_is_stored_as_written(world):
    text = STAFF_HEADER + (
        'ann@example.test,"=HYPERLINK(""http://x.example"")",-Lee,Teacher,1,01/09/2025,,,+1\n'
    )

    result = imports.staff_import(school=world.school_a, data=text, apply=True)

    assert result.applied, errors(result)
    user = User.objects.get(email="ann@example.test")
    assert (user.first_name, user.last_name) == ('=HYPERLINK("http://x.example")', "-Lee")
    assert Employment.objects.get(person__user=user).job_title == "+1"
