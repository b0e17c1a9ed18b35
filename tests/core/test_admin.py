"""The admin's read-only models: platform administrators look; nobody adds, edits or deletes."""

from __future__ import annotations

from django.test import Client

from core.models import ImportRecord

RECORDS = "/en/admin/core/importrecord/"


def test_platform_administrators_read_imports_and_change_nothing(world):
    record = ImportRecord.objects.create(
        kind="staff",
        scope="staff:6814000",
        by=world.users["head"],
        file_name="staff-2026.csv",
        digest="0" * 64,
    )
    admin = world.client("admin")

    listing = admin.get(RECORDS).content.decode()
    assert "staff-2026.csv" in listing
    assert "By kind" in listing
    assert "By status" in listing
    assert f"{RECORDS}add/" not in listing
    assert 'name="action"' not in listing  # no "delete selected"

    detail = admin.get(f"{RECORDS}{record.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    # Refused (Hawl answers a refusal as a 404, as if there were nothing there).
    assert admin.get(f"{RECORDS}add/").status_code == 404
    assert admin.get(f"{RECORDS}{record.pk}/delete/").status_code == 404
    assert admin.post(f"{RECORDS}{record.pk}/change/", {"kind": "schools"}).status_code == 404
    record.refresh_from_db()
    assert record.kind == "staff"


def test_nobody_else_reads_imports_in_the_admin(world):
    assert world.client("national").get(RECORDS).status_code == 302
    assert Client().get(RECORDS).status_code == 302
