"""Importing a provider's offer from CSV: opportunities, then sessions; all or nothing; undo."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from catalogue import imports, services
from catalogue.models import Opportunity, Session, Status
from core.import_records import UndoBlockedError
from core.models import ImportRecord
from people.models import RoleGrant
from tests.catalogue.support import make_opportunity, make_session, national_body
from tests.factories import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db

OPPORTUNITY_HEADINGS = [
    "Reference",
    "Title in English",
    "Title in Welsh",
    "Summary in English",
    "Summary in Welsh",
    "Offered to",
    "Level",
    "Delivery",
    "Language",
    "Standards",
    "Priority areas",
    "Topics",
    "Roles",
    "Hours",
    "Cost",
    "Approval",
    "Status",
]
COACHING = [
    "NPL-001",
    "Coaching for learning",
    "Hyfforddi ar gyfer dysgu",
    "Coaching conversations that move teaching on.",
    "Sgyrsiau hyfforddi sy'n symud addysgu ymlaen.",
    "Wales",
    "National",
    "live",
    "Bilingual",
    "Pedagogy; collaboration",
    "Curriculum for Wales",
    "Coaching",
    "Teacher; Cynorthwyydd addysgu",
    "6",
    "0",
    "No",
    "Published",
]
LEADING = [
    "NPL-002",
    "Leading a team",
    "",
    "For new middle leaders.",
    "",
    "CSC",
    "national",
    "Webinars",
    "English",
    "Leadership",
    "",
    "",
    "",
    "1.5",
    "£45.50",
    "yes",
    "",
]


def csv_text(headings: list[str], *rows: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue()


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


SESSION_HEADINGS = [
    "Opportunity",
    "Date",
    "Start",
    "End",
    "Places",
    "Language",
    "Venue",
    "Online link",
    "Last day to book",
]


@pytest.fixture
def body():
    return national_body()


@pytest.fixture
def provider(world, body):
    RoleGrant.objects.filter(user=world.users["provider"]).update(organisation=body)
    return world.client("provider")


def upload(client, path: str, text: str, name: str = "offer.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(path, {"file": file})


def confirm(client, path: str, preview) -> object:
    page = preview.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)
    return client.post(path, {"token": token, "digest": digest})


OPPORTUNITIES_PAGE = "/{lang}/catalogue/manage/imports/provider/NPLLEW/opportunities/"
SESSIONS_PAGE = "/{lang}/catalogue/manage/imports/provider/NPLLEW/sessions/"


def test_a_provider_imports_opportunities_then_their_sessions(world, provider, body):
    assert provider.get("/en/catalogue/manage/imports/").status_code == 302  # one provider
    page = OPPORTUNITIES_PAGE.format(lang="en")
    form = provider.get(page).content.decode()
    assert "Priority areas" in form  # the columns it can have
    preview = upload(provider, page, csv_text(OPPORTUNITY_HEADINGS, COACHING, LEADING))
    html = preview.content.decode()
    assert preview.status_code == 200, html
    assert 'data-count="created">2<' in html
    assert not Opportunity.objects.exists()  # nothing until confirmed
    done = confirm(provider, page, preview)
    assert done.status_code == 302
    coaching = Opportunity.objects.get(title_en="Coaching for learning")
    assert coaching.provider == body
    assert coaching.status == Status.PUBLISHED
    assert coaching.published_at is not None
    assert {s.code for s in coaching.standards.all()} == {"pedagogy", "collaboration"}
    assert sorted(a.role_type for a in coaching.audiences.all()) == [
        "teacher",
        "teaching_assistant",
    ]
    assert [t.code for t in coaching.topics.all()] == ["coaching"]
    leading = Opportunity.objects.get(title_en="Leading a team")
    assert leading.status == Status.DRAFT
    assert leading.audience_organisation == world.csc
    assert leading.region == world.csc
    assert str(leading.cost) == "45.50"
    assert leading.approval_required
    record = ImportRecord.objects.get()
    assert (record.kind, record.scope, record.file_name) == (
        "catalogue.opportunities",
        "provider:NPLLEW",
        "offer.csv",
    )

    sessions_page = SESSIONS_PAGE.format(lang="en")
    sessions = csv_text(
        SESSION_HEADINGS,
        ["NPL-001", in_days(30), "09:30", "15:30", "20", "", "Aberystwyth", "", in_days(25)],
        [
            str(leading.pk),
            in_days(31),
            "16:00",
            "17:30",
            "100",
            "Saesneg",
            "",
            "https://m.test/x",
            "",
        ],
    )
    preview = upload(provider, sessions_page, sessions)
    assert 'data-count="created">2<' in preview.content.decode()
    assert confirm(provider, sessions_page, preview).status_code == 302
    first = Session.objects.get(opportunity=coaching)
    local = timezone.localtime(first.starts_at)
    assert (local.hour, local.minute) == (9, 30)
    assert first.language == "bilingual"  # the opportunity's
    assert first.meetings.count() == 1
    assert len(first.check_in_code) == 6
    assert timezone.localtime(first.booking_deadline).date() == (
        timezone.localdate() + datetime.timedelta(days=25)
    )
    second = Session.objects.get(opportunity=leading)
    assert (second.language, second.online_url, second.capacity) == ("en", "https://m.test/x", 100)
    assert second.booking_deadline == second.starts_at
    records = provider.get("/en/catalogue/manage/imports/provider/NPLLEW/").content.decode()
    assert records.count("offer.csv") == 2


def test_the_same_file_twice_changes_nothing_and_a_changed_row_updates(world, provider, body):
    text = csv_text(OPPORTUNITY_HEADINGS, COACHING, LEADING)
    imports.opportunities_import(provider=body, data=text, apply=True)
    again = imports.opportunities_import(provider=body, data=text)
    assert again.is_valid
    assert again.summary() == {"rows": 2, "created": 0, "updated": 0, "unchanged": 2, "leavers": 0}
    page = OPPORTUNITIES_PAGE.format(lang="en")
    preview = upload(provider, page, text).content.decode()
    assert "Nothing would change" in preview
    changed = [*COACHING]
    changed[1] = "Coaching that moves learning on"
    changed[13] = "7"
    blank = ["NPL-002"] + [""] * (len(LEADING) - 1)  # empty cells keep what Hawl holds
    result = imports.opportunities_import(
        provider=body, data=csv_text(OPPORTUNITY_HEADINGS, changed, blank), apply=True
    )
    assert result.summary()["updated"] == 1
    assert result.summary()["unchanged"] == 1
    assert result.rows[0].fields == ["title_en", "hours"]
    coaching = Opportunity.objects.get(title_en="Coaching that moves learning on")
    assert coaching.hours == 7
    assert Opportunity.objects.count() == 2
    assert Opportunity.objects.get(title_en="Leading a team").approval_required


def test_a_file_with_bad_rows_changes_nothing_and_says_what_is_wrong_on_each(world, provider):
    missing_welsh = [*COACHING]
    missing_welsh[2] = ""
    bad_level = [*LEADING]
    bad_level[0], bad_level[6] = "NPL-003", "Galactic"
    bad_hours = [*LEADING]
    bad_hours[0], bad_hours[13], bad_hours[15] = "NPL-004", "-1", "maybe"
    no_reference = [*LEADING]
    no_reference[0] = ""
    twice = [*LEADING]
    twice[0], twice[9] = "NPL-001", "Astrophysics"
    far = [*LEADING]
    far[0], far[5] = "NPL-005", "Atlantis"
    text = csv_text(
        OPPORTUNITY_HEADINGS, missing_welsh, bad_level, bad_hours, no_reference, twice, far
    )
    page = OPPORTUNITIES_PAGE.format(lang="en")
    response = upload(provider, page, text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file has" in html
    errors = {
        (e.line, e.column)
        for e in imports.opportunities_import(provider=national_body(), data=text).errors
    }
    assert {
        (2, "Title in Welsh"),
        (3, "Level"),
        (4, "Hours"),
        (4, "Approval"),
        (5, "Reference"),
        (6, "Reference"),
        (6, "Standards"),
        (7, "Offered to"),
    } <= errors
    assert not any(line == 2 and column == "Level" for line, column in errors)
    for line in range(2, 8):
        assert f">{line}<" in html  # every bad row is on the page
    result = imports.opportunities_import(provider=national_body(), data=text, apply=True)
    assert not result.applied
    assert not Opportunity.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_sessions_file_with_bad_rows_changes_nothing(world, provider, body):
    opportunity = make_opportunity(provider=body)
    self_paced = make_opportunity(
        provider=body, format="self_paced", resource_url="https://hwb.example/pod"
    )
    text = csv_text(
        SESSION_HEADINGS,
        [str(opportunity.pk), in_days(20), "09:00", "12:00", "10", "", "Bangor", "", ""],
        ["NOPE", in_days(20), "09:00", "12:00", "10", "", "Bangor", "", ""],
        [str(opportunity.pk), "31/02/2027", "09:00", "12:00", "10", "", "Bangor", "", ""],
        [str(opportunity.pk), in_days(21), "13:00", "12:00", "10", "", "Bangor", "", ""],
        [str(opportunity.pk), in_days(22), "9am", "12:00", "", "", "", "", ""],
        [str(self_paced.pk), in_days(20), "09:00", "12:00", "10", "", "Bangor", "", ""],
        [str(opportunity.pk), in_days(-3), "09:00", "12:00", "10", "", "Bangor", "", ""],
        [str(opportunity.pk), in_days(20), "09:00", "12:00", "10", "", "Bangor", "", ""],
        [str(opportunity.pk), in_days(23), "09:00", "12:00", "10", "", "Bangor", "", in_days(24)],
    )
    result = imports.sessions_import(provider=body, data=text, apply=True)
    errors = {(e.line, e.column) for e in result.errors}
    assert {
        (3, "Opportunity"),
        (4, "Date"),
        (5, "End"),
        (6, "Start"),
        (6, "Places"),
        (6, "Venue"),
        (7, "Opportunity"),
        (8, "Date"),
        (9, "Start"),
        (10, "Last day to book"),
    } <= errors
    assert 2 not in {line for line, _column in errors}
    assert not Session.objects.exists()
    welsh = upload(provider, SESSIONS_PAGE.format(lang="cy"), text).content.decode()
    assert "Mae problem" in welsh
    assert "Rhes" in welsh


def test_an_import_changes_a_session_that_starts_at_the_same_time(world, provider, body):
    opportunity = make_opportunity(provider=body)
    session = make_session(opportunity, capacity=2)
    teacher = world.users["teacher"].person
    services.booking_create(session=session, person=teacher, by=teacher.user)
    for _n in range(2):
        person = PersonFactory()
        EmploymentFactory(person=person, school=world.school_a)
        services.booking_create(session=session, person=person, by=person.user)
    local = timezone.localtime(session.starts_at)
    row = [
        str(opportunity.pk),
        local.strftime("%d/%m/%Y"),
        local.strftime("%H:%M"),
        timezone.localtime(session.ends_at).strftime("%H:%M"),
    ]
    too_few = imports.sessions_import(
        provider=body, data=csv_text(SESSION_HEADINGS[:5], [*row, "1"])
    )
    assert [(e.line, e.column) for e in too_few.errors] == [(2, "Places")]
    more = imports.sessions_import(
        provider=body, data=csv_text(SESSION_HEADINGS[:5], [*row, "3"]), apply=True
    )
    assert more.summary()["updated"] == 1
    session.refresh_from_db()
    assert (session.capacity, session.taken, session.waitlisted) == (3, 3, 0)  # offered a place
    assert Session.objects.count() == 1
    # Undoing it is refused now that the place it added is taken.
    with pytest.raises(UndoBlockedError):
        imports.offer_import_undo(record=more.record, provider=body)


def test_undo_removes_what_an_import_added_and_puts_back_what_it_changed(world, provider, body):
    first = imports.opportunities_import(
        provider=body, data=csv_text(OPPORTUNITY_HEADINGS, COACHING), apply=True
    )
    changed = [*COACHING]
    changed[1], changed[9] = "Coaching, changed", "Innovation"
    second = imports.opportunities_import(
        provider=body, data=csv_text(OPPORTUNITY_HEADINGS, changed, LEADING), apply=True
    )
    assert Opportunity.objects.count() == 2
    # The first cannot be undone: the second changed what it added.
    with pytest.raises(UndoBlockedError):
        imports.offer_import_undo(record=first.record, provider=body)
    path = f"/en/catalogue/manage/imports/provider/NPLLEW/records/{second.record.pk}/"
    page = provider.get(path).content.decode()
    assert "Coaching, changed" in page
    assert provider.get(path + "undo/").status_code == 200
    assert provider.post(path + "undo/").status_code == 302
    coaching = Opportunity.objects.get()
    assert coaching.title_en == "Coaching for learning"
    assert {s.code for s in coaching.standards.all()} == {"pedagogy", "collaboration"}
    second.record.refresh_from_db()
    assert second.record.status == ImportRecord.Status.UNDONE
    # An opportunity with a session since is not removed by undoing the import that added it.
    make_session(coaching)
    blocked = provider.post(
        f"/en/catalogue/manage/imports/provider/NPLLEW/records/{first.record.pk}/undo/"
    )
    assert "has sessions" in blocked.content.decode()
    assert Opportunity.objects.exists()


def test_another_providers_imports_are_not_found(world, provider, body):
    result = imports.opportunities_import(
        provider=body, data=csv_text(OPPORTUNITY_HEADINGS, COACHING), apply=True
    )
    officer = world.client("laofficer")
    base = "/en/catalogue/manage/imports/provider/NPLLEW/"
    for path in (
        base,
        base + "opportunities/",
        base + "sessions/",
        f"{base}records/{result.record.pk}/",
        f"{base}records/{result.record.pk}/changes.csv",
        f"{base}records/{result.record.pk}/undo/",
    ):
        assert officer.get(path).status_code == 404, path
        assert provider.get(path).status_code == 200, path
    assert officer.post(f"{base}records/{result.record.pk}/undo/").status_code == 404
    # The officer imports into Cardiff's own offer, within Cardiff only.
    mine = "/en/catalogue/manage/imports/local_authority/681/opportunities/"
    assert officer.get(mine).status_code == 200
    assert provider.get(mine).status_code == 404
    outside = [*LEADING]
    outside[5] = "EAS"
    cardiff = world.cardiff
    errors = imports.opportunities_import(
        provider=cardiff, data=csv_text(OPPORTUNITY_HEADINGS, outside)
    ).errors
    assert [(e.line, e.column) for e in errors] == [(2, "Offered to")]


def test_headings_and_names_in_welsh_are_read(world, body):
    headings = [
        "Cyfeirnod",
        "Teitl yn Saesneg",
        "Teitl yn Gymraeg",
        "Crynodeb yn Saesneg",
        "Crynodeb yn Gymraeg",
        "Lefel",
        "Dull cyflwyno",
        "Iaith",
        "Safonau",
        "Oriau",
        "Statws",
    ]
    row = [
        "CY-1",
        "Welsh for the classroom",
        "Cymraeg yn yr ystafell ddosbarth",
        "Short",
        "Byr",
        "Cenedlaethol",
        "Gweminarau",
        "Cymraeg",
        "Addysgeg",
        "3",
        "Yn dod cyn bo hir",
    ]
    result = imports.opportunities_import(provider=body, data=csv_text(headings, row), apply=True)
    assert result.is_valid, result.errors
    made = Opportunity.objects.get()
    assert (made.language, made.status, made.delivery.code) == ("cy", "in_development", "webinar")


def test_the_command_line_imports_and_undoes(world, body, tmp_path):
    offer = tmp_path / "offer.csv"
    offer.write_text(csv_text(OPPORTUNITY_HEADINGS, COACHING, LEADING), encoding="utf-8")
    out = io.StringIO()
    call_command("import_offer", str(offer), provider="NPLLEW", stdout=out)
    assert "2 added" in out.getvalue()
    record = ImportRecord.objects.get()
    assert record.by is None
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        csv_text(
            SESSION_HEADINGS, ["NPL-002", in_days(9), "10:00", "11:00", "5", "", "Rhyl", "", ""]
        ),
        encoding="utf-8",
    )
    call_command(
        "import_offer", str(sessions), provider="provider:NPLLEW", sessions=True, stdout=out
    )
    assert Session.objects.count() == 1
    call_command(
        "undo_import", str(ImportRecord.objects.get(kind="catalogue.sessions").pk), stdout=out
    )
    assert not Session.objects.exists()
    call_command("undo_import", str(record.pk), stdout=out)
    assert not Opportunity.objects.exists()
