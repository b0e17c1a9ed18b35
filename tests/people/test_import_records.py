"""Every staff import is recorded and can be undone from its record, exactly, or not at all.

Previews wait in the database (not the session) until they are confirmed or expire.
"""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from core.import_records import UndoBlockedError
from core.models import ImportPreview, ImportRecord
from people import imports, services
from people.models import Employment, Person, User
from tests.factories import EmploymentFactory, PersonFactory, UserFactory
from tests.people.imports_support import STAFF, STAFF_HEADER, snapshot, upload

IMPORT = "/en/schools/6814000/staff/import/"
RECORDS = "/en/schools/6814000/staff/imports/"


def full_import(world, **options):
    """The MIS export: two new people, a job title, an EWC number, the assistant leaving."""
    return imports.staff_import(
        school=world.school_a,
        data=STAFF.read_bytes(),
        by=world.users["head"],
        apply=True,
        end_missing=True,
        confirmed=1,
        **options,
    )


# Previews.


def test_a_preview_is_kept_in_the_database_not_the_session(named_staff):
    client = named_staff.client("head")

    preview = client.post(IMPORT, {"file": upload(STAFF)})

    stored = ImportPreview.objects.get(token=preview.context["token"])
    assert (stored.page, stored.by, stored.file_name) == (
        "staff:6814000",
        named_staff.users["head"],
        "staff_mis_export.csv",
    )
    assert stored.digest == hashlib.sha256(stored.text.encode()).hexdigest()
    assert "hawl_imports" not in client.session
    assert all("staff_mis_export" not in str(value) for value in client.session.values())


def test_an_expired_preview_cannot_be_confirmed(named_staff):
    client = named_staff.client("head")
    preview = client.post(IMPORT, {"file": upload(STAFF)})
    ImportPreview.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    before = snapshot()

    response = client.post(
        IMPORT, {"token": preview.context["token"], "digest": preview.context["digest"]}
    )

    assert "The preview has expired. Upload the file again" in response.content.decode()
    assert snapshot() == before


def test_only_the_user_who_uploaded_a_preview_can_confirm_it(named_staff):
    preview = named_staff.client("head").post(IMPORT, {"file": upload(STAFF)})
    before = snapshot()

    response = named_staff.client("pllead").post(
        IMPORT, {"token": preview.context["token"], "digest": preview.context["digest"]}
    )

    assert "The preview has expired" in response.content.decode()
    assert snapshot() == before


def test_a_user_keeps_a_few_previews_and_expired_ones_go(named_staff):
    client = named_staff.client("head")
    tokens = [client.post(IMPORT, {"file": upload(STAFF)}).context["token"] for _ in range(5)]

    kept = set(ImportPreview.objects.values_list("token", flat=True))

    assert kept == set(tokens[-3:])
    ImportPreview.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.post(IMPORT, {"file": upload(STAFF)})
    assert ImportPreview.objects.count() == 1


# Records.


def test_an_import_is_recorded_with_who_when_what_file_and_counts(named_staff):
    client = named_staff.client("head")
    preview = client.post(IMPORT, {"file": upload(STAFF), "end_missing": "yes"})
    client.post(
        IMPORT,
        {"token": preview.context["token"], "digest": preview.context["digest"], "confirm": "1"},
    )

    record = ImportRecord.objects.get()
    assert (record.kind, record.scope, record.by, record.status) == (
        "people.staff",
        "6814000",
        named_staff.users["head"],
        "applied",
    )
    assert record.file_name == "staff_mis_export.csv"
    assert record.digest == hashlib.sha256(STAFF.read_text().encode()).hexdigest()
    assert record.choices == {"end_missing": True}
    assert record.counts == {"rows": 4, "created": 2, "updated": 1, "unchanged": 1, "leavers": 1}
    assert timezone.now() - record.created_at < datetime.timedelta(minutes=1)
    assert [(row["key"], row["action"]) for row in record.rows] == [
        ("teacher@example.test", "update"),
        ("sian.aprhys@example.test", "create"),
        ("dafydd.evans@example.test", "create"),
        ("assistant@example.test", "leave"),
    ]


def test_checking_or_a_file_with_errors_records_nothing(named_staff):
    imports.staff_import(school=named_staff.school_a, data=STAFF.read_bytes())
    imports.staff_import(
        school=named_staff.school_a, data=STAFF_HEADER + "bad,,,,,,,,\n", apply=True
    )

    assert not ImportRecord.objects.exists()


# Undo.


def test_undoing_an_import_puts_back_exactly_what_it_changed(named_staff):
    world = named_staff
    Person.objects.filter(user__username="teacher").update(ewc_number="")
    returning = PersonFactory(user=UserFactory(username="returning", first_name="Old"))
    EmploymentFactory(
        person=returning,
        school=world.school_a,
        starts_on=datetime.date(2015, 9, 1),
        ends_on=datetime.date(2019, 8, 31),
    )
    text = (
        STAFF.read_text().replace(
            "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,,Teacher of mathematics",
            "teacher@example.test,Rhys,Morgan,Teacher,1,01/09/2020,,7000001,Teacher of mathematics",
        )
        + "returning@example.test,New,Name,Teacher,0.5,01/09/2025,,,\n"
    )
    before = snapshot()

    result = imports.staff_import(
        school=world.school_a,
        data=text,
        by=world.users["head"],
        apply=True,
        end_missing=True,
        confirmed=1,
    )

    assert result.applied
    assert snapshot() != before
    changes = result.record.changes
    assert {key: len(value) for key, value in changes.items()} == {
        "accounts": 2,  # Siân and Dafydd
        "renamed": 1,  # the returning teacher's new name
        "registered": 1,  # the teacher's EWC number
        "employments": 3,  # Siân's, Dafydd's and the returning teacher's
        "updated": 1,  # the teacher's job title
        "ended": 1,  # the assistant
    }

    imports.staff_import_undo(record=result.record, school=world.school_a, by=world.users["head"])

    assert snapshot() == before
    record = ImportRecord.objects.get()
    assert (record.status, record.undone_by) == ("undone", world.users["head"])
    assert record.undone_at is not None


def test_an_account_used_since_the_import_is_switched_off_not_removed(named_staff):
    result = full_import(named_staff)
    User.objects.filter(email="sian.aprhys@example.test").update(last_login=timezone.now())

    imports.staff_import_undo(record=result.record, school=named_staff.school_a)

    sian = User.objects.get(email="sian.aprhys@example.test")
    assert not sian.is_active
    assert not Employment.objects.filter(person__user=sian).exists()
    assert not User.objects.filter(email="dafydd.evans@example.test").exists()


def test_an_undo_overtaken_by_later_changes_says_why_and_changes_nothing(named_staff):
    result = full_import(named_staff)
    Employment.objects.filter(person__user__username="teacher").update(fte="0.5")
    Employment.objects.filter(person__user__username="assistant").update(ends_on=None)
    before = snapshot()

    with pytest.raises(UndoBlockedError) as blocked:
        imports.staff_import_undo(record=result.record, school=named_staff.school_a)

    assert blocked.value.message == "This import cannot be undone. Nothing has been changed."
    assert blocked.value.reasons == [
        "Rhys Morgan’s employment at this school has changed since this import.",
        "Cerys Hughes’s employment at this school has changed since this import.",
    ]
    assert snapshot() == before
    assert ImportRecord.objects.get().status == "applied"


def test_a_later_import_blocks_undoing_an_earlier_one_until_it_is_undone(named_staff):
    first = full_import(named_staff)
    second = imports.staff_import(
        school=named_staff.school_a,
        data=STAFF.read_text().replace("0.6,01/09/2024", "0.8,01/09/2024"),
        apply=True,
    )

    with pytest.raises(UndoBlockedError) as blocked:
        imports.staff_import_undo(record=first.record, school=named_staff.school_a)

    assert blocked.value.reasons == [
        "Siân ap Rhys’s employment at this school has changed since this import."
    ]
    imports.staff_import_undo(record=second.record, school=named_staff.school_a)
    imports.staff_import_undo(record=first.record, school=named_staff.school_a)
    assert not User.objects.filter(email="sian.aprhys@example.test").exists()


def test_an_account_that_now_works_elsewhere_blocks_the_undo(named_staff):
    result = full_import(named_staff)
    dafydd = Person.objects.get(user__email="dafydd.evans@example.test")
    EmploymentFactory(person=dafydd, school=named_staff.school_c)

    with pytest.raises(UndoBlockedError) as blocked:
        imports.staff_import_undo(record=result.record, school=named_staff.school_a)

    assert blocked.value.reasons == ["Dafydd Evans’s account has changed since this import."]


def test_an_import_is_undone_once(named_staff):
    result = full_import(named_staff)
    imports.staff_import_undo(record=result.record, school=named_staff.school_a)

    with pytest.raises(UndoBlockedError) as blocked:
        imports.staff_import_undo(record=result.record, school=named_staff.school_a)

    assert blocked.value.reasons == ["This import has already been undone."]


# Pages.


def test_the_import_pages_list_show_and_undo_a_schools_imports(named_staff):
    record = full_import(named_staff).record
    client = named_staff.client("pllead")

    listing = client.get(RECORDS)
    page = client.get(f"{RECORDS}{record.pk}/")
    confirm = client.get(f"{RECORDS}{record.pk}/undo/")

    assert f'href="/en/schools/6814000/staff/imports/{record.pk}/"' in listing.content.decode()
    html = page.content.decode()
    assert "Eleri Price" in html  # who imported
    assert 'data-count="leavers">1<' in html
    assert "sian.aprhys@example.test" in html
    # The assistant left without being in the file, so her change has no row.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">–</td>' in html
    assert f'href="/en/schools/6814000/staff/imports/{record.pk}/undo/"' in html
    assert "Undoing puts back what this import changed" in confirm.content.decode()
    assert User.objects.filter(email="sian.aprhys@example.test").exists()
    done = client.post(f"{RECORDS}{record.pk}/undo/", follow=True)
    assert done.redirect_chain == [(f"/en/schools/6814000/staff/imports/{record.pk}/", 302)]
    assert "The import has been undone." in done.content.decode()
    assert not User.objects.filter(email="sian.aprhys@example.test").exists()


def test_the_undo_page_explains_what_blocks_it(named_staff):
    record = full_import(named_staff).record
    Employment.objects.filter(person__user__username="teacher").update(fte="0.5")
    before = snapshot()

    response = named_staff.client("head").post(f"{RECORDS}{record.pk}/undo/")

    html = response.content.decode()
    assert "<title>Error: Undo this import" in html
    assert "This import cannot be undone. Nothing has been changed." in html
    assert "Rhys Morgan’s employment at this school has changed since this import." in html
    assert snapshot() == before


def test_the_changes_download_as_csv_with_formulas_neutralised(world):
    text = STAFF_HEADER + "ann@example.test,=cmd|' /C calc'!A0,Lee,Teacher,1,01/09/2025,,,\n"
    record = imports.staff_import(school=world.school_a, data=text, apply=True).record

    response = world.client("head").get(f"{RECORDS}{record.pk}/changes.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Row,Change,Email address,Name,What changed"
    assert lines[1] == "2,New,ann@example.test,'=cmd|' /C calc'!A0 Lee,"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("head", 200),
        ("pllead", 200),
        ("admin", 200),
        ("head_c", 404),
        ("teacher", 404),
        ("governor", 404),
        ("laofficer", 404),
        ("national", 404),
    ],
)
def test_who_may_see_and_undo_a_schools_imports(named_staff, role, status):
    record = full_import(named_staff).record
    client = named_staff.client(role)

    for path in ["", f"{record.pk}/", f"{record.pk}/changes.csv", f"{record.pk}/undo/"]:
        assert client.get(RECORDS + path).status_code == status, path


def test_another_schools_record_is_a_404_even_to_its_own_head(named_staff):
    record = full_import(named_staff).record
    client = named_staff.client("head_c")

    assert client.get(f"/en/schools/6802002/staff/imports/{record.pk}/").status_code == 404
    assert client.post(f"/en/schools/6802002/staff/imports/{record.pk}/undo/").status_code == 404
    assert ImportRecord.objects.get().status == "applied"


# API and command line.


@pytest.fixture
def head_api(named_staff):
    token = services.api_token_create(user=named_staff.users["head"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_lists_shows_and_undoes_a_schools_imports(named_staff, head_api):
    applied = head_api.post(
        "/api/v1/schools/6814000/staff/import?end_missing=true&confirm_leavers=1",
        {"file": upload(STAFF)},
    ).json()
    number = applied["record"]

    listing = head_api.get("/api/v1/schools/6814000/staff/imports").json()
    detail = head_api.get(f"/api/v1/schools/6814000/staff/imports/{number}").json()
    undone = head_api.post(f"/api/v1/schools/6814000/staff/imports/{number}/undo")

    assert [item["id"] for item in listing["results"]] == [number]
    assert (detail["by"], detail["kind"], detail["counts"]["leavers"]) == (
        "head",
        "people.staff",
        1,
    )
    assert detail["changes"][0]["key"] == "teacher@example.test"
    assert (undone.status_code, undone.json()["status"]) == (200, "undone")
    again = head_api.post(f"/api/v1/schools/6814000/staff/imports/{number}/undo")
    assert again.status_code == 409
    assert again.json() == {
        "detail": "This import cannot be undone. Nothing has been changed.",
        "reasons": ["This import has already been undone."],
    }


def test_the_api_refuses_another_schools_imports(named_staff):
    record = full_import(named_staff).record
    token = services.api_token_create(user=named_staff.users["head_c"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert api.get("/api/v1/schools/6814000/staff/imports").status_code == 404
    assert api.get(f"/api/v1/schools/6802002/staff/imports/{record.pk}").status_code == 404
    assert api.post(f"/api/v1/schools/6802002/staff/imports/{record.pk}/undo").status_code == 404
    assert ImportRecord.objects.get().status == "applied"


def test_the_command_line_records_lists_and_undoes_imports(named_staff, capsys):
    call_command("import_staff", "6814000", str(STAFF))
    record = ImportRecord.objects.get()
    assert (record.by, record.choices) == (None, {"end_missing": False})
    assert f"Recorded as import {record.pk}. To undo it: hawl undo-import {record.pk}" in (
        capsys.readouterr().out
    )

    call_command("import_records", "--scope", "6814000")
    listed = capsys.readouterr().out
    call_command("undo_import", str(record.pk))

    assert f"{record.pk}\t" in listed
    assert "people.staff\t6814000\tcommand line" in listed
    assert "The import has been undone." in capsys.readouterr().out
    assert not User.objects.filter(email="sian.aprhys@example.test").exists()
    with pytest.raises(CommandError, match="This import cannot be undone"):
        call_command("undo_import", str(record.pk))
    with pytest.raises(CommandError, match="No import with number 999999"):
        call_command("undo_import", "999999")
