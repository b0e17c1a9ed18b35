"""A schools import: every value that passes fits its column; every import is recorded and
can be undone from its record, exactly, or not at all."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from core.import_records import UndoBlockedError
from core.models import ImportRecord
from organisations import imports
from organisations.models import Organisation, OrganisationClosure, OrganisationKind
from people import imports as staff_imports
from people import services
from tests.factories import EmploymentFactory, OrganisationLinkFactory
from tests.people.imports_support import SCHOOL_HEADER, SCHOOLS, STAFF, errors, snapshot, upload

RECORDS = "/en/schools/imports/"


def closure() -> list[tuple[int, int, datetime.date | None, datetime.date | None]]:
    return list(
        OrganisationClosure.objects.order_by("descendant_id", "ancestor_id", "pk").values_list(
            "descendant_id", "ancestor_id", "starts_on", "ends_on"
        )
    )


def test_a_schools_import_is_recorded(world):
    result = imports.schools_import(
        data=SCHOOLS.read_bytes(), by=world.users["national"], apply=True
    )

    record = ImportRecord.objects.get()
    assert result.record == record
    assert (record.kind, record.scope, record.by) == (
        "organisations.schools",
        "",
        world.users["national"],
    )
    assert record.counts == {"rows": 5, "created": 4, "updated": 1, "unchanged": 0, "leavers": 0}


def test_undoing_a_schools_import_puts_back_exactly_what_it_changed(world):
    church = Organisation.objects.get(kind=OrganisationKind.SCHOOL, code="6812001")
    llandaff = Organisation.objects.get(kind=OrganisationKind.DIOCESE, code="CIW-LLANDAFF")
    OrganisationLinkFactory(parent=llandaff, child=church, starts_on=datetime.date(2000, 1, 1))
    text = SCHOOLS.read_text()
    moved = (
        SCHOOL_HEADER.strip()
        + ",Diocese,Welsh School Name\n"
        + "6812001,Roath Primary School,Primary,Welsh medium,"
        + "Catholic Archdiocese of Cardiff-Menevia,Ysgol y Rhath\n"
    )
    before, links_before = snapshot(), closure()

    first = imports.schools_import(data=text, apply=True)
    second = imports.schools_import(data=moved, apply=True)
    assert snapshot() != before

    imports.schools_import_undo(record=second.record)
    imports.schools_import_undo(record=first.record)

    assert snapshot() == before
    assert closure() == links_before


def test_an_added_school_with_staff_since_cannot_be_undone(world):
    result = imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)
    EmploymentFactory(school=Organisation.objects.get(code="6612100"))
    before = snapshot()

    with pytest.raises(UndoBlockedError) as blocked:
        imports.schools_import_undo(record=result.record)

    assert blocked.value.reasons == [
        "Ysgol Bro Enlli has staff, roles or other records in Hawl since this import."
    ]
    assert snapshot() == before


def test_a_school_changed_since_the_import_blocks_the_undo(world):
    result = imports.schools_import(data=SCHOOLS.read_bytes(), apply=True)
    Organisation.objects.filter(code="6612100").update(name_cy="Ysgol Bro Enlli")

    with pytest.raises(UndoBlockedError) as blocked:
        imports.schools_import_undo(record=result.record)

    assert blocked.value.reasons == ["Ysgol Bro Enlli has changed since this import."]


def test_the_pages_list_show_and_undo_schools_imports(world):
    record = imports.schools_import(data=SCHOOLS.read_bytes(), apply=True).record
    client = world.client("national")

    listing = client.get(RECORDS).content.decode()
    page = client.get(f"{RECORDS}{record.pk}/").content.decode()
    done = client.post(f"{RECORDS}{record.pk}/undo/", follow=True)

    assert f'href="/en/schools/imports/{record.pk}/"' in listing
    assert "The command line" in page
    assert "6612100" in page
    assert "The import has been undone." in done.content.decode()
    assert not Organisation.objects.filter(code="6612100").exists()


@pytest.mark.parametrize(("role", "status"), [("national", 200), ("admin", 200), ("head", 404)])
def test_who_may_see_and_undo_schools_imports(world, role, status):
    record = imports.schools_import(data=SCHOOLS.read_bytes(), apply=True).record
    client = world.client(role)

    for path in ["", f"{record.pk}/", f"{record.pk}/changes.csv", f"{record.pk}/undo/"]:
        assert client.get(RECORDS + path).status_code == status, path
    assert client.post(f"{RECORDS}{record.pk}/undo/").status_code in {status, 302}
    assert ImportRecord.objects.get().status == ("undone" if status == 200 else "applied")


def test_a_staff_import_is_no_schools_import(world):
    record = staff_imports.staff_import(
        school=world.school_a, data=STAFF.read_bytes(), apply=True
    ).record

    assert world.client("national").get(f"{RECORDS}{record.pk}/").status_code == 404


def test_the_api_lists_shows_and_undoes_schools_imports(world):
    token = services.api_token_create(user=world.users["national"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    number = api.post("/api/v1/imports/schools", {"file": upload(SCHOOLS)}).json()["record"]

    listing = api.get("/api/v1/imports/schools").json()
    detail = api.get(f"/api/v1/imports/schools/{number}").json()
    undone = api.post(f"/api/v1/imports/schools/{number}/undo")

    assert [item["id"] for item in listing["results"]] == [number]
    assert detail["changes"][0]["key"] == "6812001"
    assert (undone.status_code, undone.json()["status"]) == (200, "undone")
    head = Client(
        HTTP_AUTHORIZATION=f"Bearer {services.api_token_create(user=world.users['head'])}"
    )
    assert head.get(f"/api/v1/imports/schools/{number}").status_code == 404


def test_a_phone_number_too_long_for_its_column_is_a_row_error(world):
    text = SCHOOL_HEADER.strip() + ",Phone Number\n6812900,New School,Primary,English medium,"
    text += "+44 (0)29 2087 200011\n"  # 21 characters

    result = imports.schools_import(data=text, apply=True)

    assert errors(result) == [
        (2, "Phone Number", "The phone number must be 20 characters or fewer")
    ]
