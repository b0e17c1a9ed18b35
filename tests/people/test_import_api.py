"""The imports' API and their Welsh: dry runs, 422 with every bad row, scope, and Welsh messages
on the page, in the API and on the command line."""

from __future__ import annotations

from django.core.management import call_command

from people.models import Employment
from tests.people.imports_support import (
    SCHOOLS,
    SCHOOLS_BAD,
    STAFF,
    snapshot,
    upload,
    yesterday,
)

# API.


def test_the_api_checks_a_schools_file_on_a_dry_run(api):
    before = snapshot()

    response = api("national").post(
        "/api/v1/imports/schools?dry_run=true", {"file": upload(SCHOOLS)}
    )

    assert response.status_code == 200
    body = response.json()
    assert {
        key: body[key] for key in ("dry_run", "applied", "created", "updated", "unchanged")
    } == {
        "dry_run": True,
        "applied": False,
        "created": 4,
        "updated": 1,
        "unchanged": 0,
    }
    assert body["changes"][0] == {
        "line": 2,
        "action": "update",
        "key": "6812001",
        "name": "Roath Primary School",
        "fields": ["address", "postcode", "telephone"],
    }
    assert snapshot() == before


def test_the_api_imports_a_schools_file(api):
    client = api("admin")
    first = client.post("/api/v1/imports/schools", {"file": upload(SCHOOLS)}).json()
    second = client.post("/api/v1/imports/schools", {"file": upload(SCHOOLS)}).json()

    assert (first["applied"], first["created"]) == (True, 4)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 5)


def test_the_api_answers_422_with_every_bad_row(api):
    before = snapshot()

    response = api("national").post("/api/v1/imports/schools", {"file": upload(SCHOOLS_BAD)})

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The file has 11 errors. Nothing has been changed."
    assert len(body["errors"]) == 11
    assert body["errors"][0] == {
        "line": 2,
        "column": "School Number",
        "message": "The school number must be 7 digits, like 6812001",
    }
    assert snapshot() == before


def test_the_api_imports_a_schools_staff(named_staff, api):
    response = api("pllead").post(
        "/api/v1/schools/6814000/staff/import?end_missing=true&confirm_leavers=1",
        {"file": upload(STAFF)},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["created"], body["updated"], body["unchanged"], body["leavers"]) == (2, 1, 1, 1)
    assert body["leaving"][0]["key"] == "assistant@example.test"
    assert (
        Employment.objects.get(
            person__user__username="assistant", school=named_staff.school_a
        ).ends_on
        == yesterday()
    )


def test_the_api_refuses_what_the_caller_may_not_import(api, client, world):
    before = snapshot()
    head = api("head")

    assert head.post("/api/v1/imports/schools", {"file": upload(SCHOOLS)}).status_code == 404
    assert (
        head.post("/api/v1/schools/6802002/staff/import", {"file": upload(STAFF)}).status_code
        == 404
    )
    assert (
        api("teacher")
        .post("/api/v1/schools/6814000/staff/import", {"file": upload(STAFF)})
        .status_code
        == 404
    )
    assert (
        client.post("/api/v1/schools/6814000/staff/import", {"file": upload(STAFF)}).status_code
        == 401
    )
    assert snapshot() == before


def test_the_api_wants_a_file(api):
    response = api("national").post("/api/v1/imports/schools", {})

    assert response.status_code == 422
    assert any(field.startswith("file") for field in response.json()["errors"])


# Welsh. These read the Welsh in locale/pending/imports.po, so they pass once it is merged.


def test_the_welsh_page_gives_row_errors_in_welsh(world):
    response = world.client("national").post("/cy/schools/import/", {"file": upload(SCHOOLS_BAD)})

    html = response.content.decode()
    assert "<title>Gwall: Mewnforio ysgolion" in html
    assert "Mae 11 o wallau yn y ffeil. Does dim byd wedi’i newid." in html
    assert "Mae rhif ysgol 6812305 hefyd ar res 9" in html
    assert "Rhaid i rif yr ysgol fod yn 7 digid, fel 6812001" in html


def test_the_api_gives_row_errors_in_welsh(api):
    response = api("national", HTTP_ACCEPT_LANGUAGE="cy").post(
        "/api/v1/imports/schools", {"file": upload(SCHOOLS_BAD)}
    )

    body = response.json()
    assert body["detail"] == "Mae 11 o wallau yn y ffeil. Does dim byd wedi’i newid."
    assert body["errors"][0]["message"] == "Rhaid i rif yr ysgol fod yn 7 digid, fel 6812001"


def test_the_command_line_speaks_welsh_when_asked(world, capsys):
    call_command("import_schools", str(SCHOOLS), "--dry-run", "--language", "cy")

    assert "Wedi gwirio, heb newid dim: 4 i’w hychwanegu" in capsys.readouterr().out
