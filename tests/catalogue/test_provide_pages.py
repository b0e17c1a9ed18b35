"""The provider's pages: their offer, opportunities, sessions, registers, exports, evaluations."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from catalogue import services
from catalogue.forms import SessionForm
from catalogue.models import (
    Booking,
    LearningRecord,
    Opportunity,
    Session,
    SessionStatus,
    Status,
)
from people.models import RoleGrant
from tests.catalogue.support import in_days, make_opportunity, make_session, national_body
from tests.factories import EmploymentFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(world):
    """The world's provider administrator, moved to the national body: NAEL closed in 2025."""
    RoleGrant.objects.filter(user=world.users["provider"]).update(organisation=national_body())
    return world.client("provider")


def html(response) -> str:
    return response.content.decode()


def people(world, count: int, **user_fields):
    made = []
    for n in range(count):
        user = UserFactory(last_name=f"Person {n:02d}", **user_fields)
        person = PersonFactory(user=user)
        EmploymentFactory(person=person, school=world.school_a)
        made.append(person)
    return made


def book(session: Session, persons, *, now=None) -> list[Booking]:
    return [
        services.booking_create(
            session=session, person=p, by=p.user, now=now, reason="Needed"
        ).booking
        for p in persons
    ]


def started_session(world, *, capacity: int = 60, **fields) -> Session:
    """A session that started an hour ago, created and booked before it began."""
    before = timezone.now() - datetime.timedelta(days=3)
    starts = timezone.now() - datetime.timedelta(hours=1)
    return services.session_create(
        opportunity=fields.pop("opportunity", None) or make_opportunity(),
        meetings=[services.MeetingTimes(starts, starts + datetime.timedelta(hours=3))],
        capacity=capacity,
        language="en",
        venue="Llandudno",
        now=before,
        booking_deadline=before + datetime.timedelta(hours=1),
    )


VALID = {
    "audience": "nation:WG",
    "title_en": "Coaching for learning",
    "title_cy": "Hyfforddi ar gyfer dysgu",
    "summary_en": "Coaching conversations that move teaching on.",
    "summary_cy": "Sgyrsiau hyfforddi sy'n symud addysgu ymlaen.",
    "level": "national",
    "delivery": "live",
    "format": "scheduled",
    "language": "bilingual",
    "standards": ["pedagogy", "collaboration"],
    "priority_areas": ["curriculum-for-wales"],
    "topics": ["coaching"],
    "audiences": ["teacher", "teaching_assistant"],
    "hours": "6",
    "cost": "",
    "status": "draft",
}


# Our offer.


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_our_offer_lists_every_status_with_sessions_and_places(world, provider, lang):
    published = make_opportunity(title_en="Published one", title_cy="Un cyhoeddedig")
    make_opportunity(title_en="A draft", title_cy="Drafft", status=Status.DRAFT)
    make_opportunity(title_en="Old", title_cy="Hen", status=Status.ARCHIVED)
    make_opportunity(title_en="Cardiff's own", provider=world.cardiff)
    session = make_session(published, capacity=8)
    make_session(published, capacity=4, days=20)
    book(session, people(world, 3))
    response = provider.get(f"/{lang}/catalogue/manage/")
    assert response.status_code == 200
    page = html(response)
    assert f'<html lang="{lang}"' in page
    if lang == "en":
        assert "Published one" in page
        assert "A draft" in page
        assert "Old" in page
        assert "3 of 12" in page
        assert "govuk-tag--yellow" in page  # the draft's tag
    else:
        assert "Un cyhoeddedig" in page
        assert "Drafft" in page
        assert "3 o 12" in page
    assert "Cardiff" not in page.split('id="offer-caption"')[1]  # another provider's offer
    drafts = html(provider.get(f"/{lang}/catalogue/manage/?status=draft"))
    table = drafts.split('id="offer-caption"')[1]
    assert ("A draft" if lang == "en" else "Drafft") in table
    assert "Published one" not in table
    assert "Un cyhoeddedig" not in table


def test_our_offer_is_for_those_who_manage_an_offer(world, provider):
    assert "Our offer" in html(provider.get("/en/"))
    assert "Ein cynnig" in html(provider.get("/cy/"))
    teacher = world.client("teacher")
    assert "Our offer" not in html(teacher.get("/en/"))
    assert teacher.get("/en/catalogue/manage/").status_code == 404
    assert teacher.get("/en/catalogue/manage/new/").status_code == 404


def test_our_offer_pages_through_a_long_offer(world, provider):
    for n in range(30):
        make_opportunity(title_en=f"Opportunity {n:02d}")
    first = html(provider.get("/en/catalogue/manage/"))
    assert "30 opportunities" in first
    assert 'rel="next"' in first
    second = html(provider.get("/en/catalogue/manage/?page=2"))
    assert second.count('href="/en/catalogue/manage/') >= 5


def _counted(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_our_offer_reads_the_same_number_of_queries_for_5_or_50_rows(world, provider):
    def add(count: int) -> None:
        for _ in range(count):
            make_session(make_opportunity(), capacity=3)

    add(5)
    few = _counted(provider, "/en/catalogue/manage/")
    add(45)
    many = _counted(provider, "/en/catalogue/manage/")
    assert few == many == 8


# Creating and editing opportunities.


def test_creating_with_nothing_filled_in_shows_every_error_in_english(world, provider):
    response = provider.post("/en/catalogue/manage/new/", {"title_en": "Kept", "hours": "-1"})
    assert response.status_code == 200
    page = html(response)
    assert "<title>Error: Add an opportunity" in page
    assert 'class="govuk-error-summary"' in page
    for field in ("id_level", "id_delivery", "id_hours", "id_summary_en", "id_language"):
        assert f'href="#{field}"' in page
        assert f'id="{field}"' in page  # the link lands on the field
    assert 'value="Kept"' in page  # input kept
    assert not Opportunity.objects.exists()


def test_creating_with_errors_in_welsh_is_all_welsh(world, provider):
    response = provider.post("/cy/catalogue/manage/new/", {"title_cy": "Teitl"})
    page = html(response)
    assert response.status_code == 200
    assert "<title>Gwall:" in page
    assert "Mae problem" in page
    assert "There is a problem" not in page
    assert 'value="Teitl"' in page


def test_publishing_without_the_welsh_is_an_error_on_the_welsh_fields(world, provider):
    data = {**VALID, "title_cy": "", "summary_cy": "", "standards": [], "status": "published"}
    response = provider.post("/en/catalogue/manage/new/", data)
    page = html(response)
    assert 'href="#id_standards_0"' in page  # the summary reaches the first box
    assert 'id="id_standards_0"' in page
    assert 'href="#id_title_cy"' in page
    assert 'href="#id_summary_cy"' in page
    assert "Enter the title in Welsh before it is published" in page
    assert "Enter the summary in Welsh before it is published" in page
    assert 'id="id_title_cy" name="title_cy" type="text" lang="cy"' in page
    assert 'id="id_title_en" name="title_en" type="text" lang="en"' in page
    # A draft may be in one language for now.
    draft = provider.post("/en/catalogue/manage/new/", {**data, "status": "draft"})
    assert draft.status_code == 302


def test_creating_then_editing_an_opportunity(world, provider):
    response = provider.post("/en/catalogue/manage/new/", VALID)
    assert response.status_code == 302
    created = Opportunity.objects.get()
    assert response["Location"] == f"/en/catalogue/manage/{created.pk}/"
    assert created.provider == national_body()
    assert created.status == Status.DRAFT
    assert sorted(a.role_type for a in created.audiences.all()) == [
        "teacher",
        "teaching_assistant",
    ]
    page = html(provider.get(f"/en/catalogue/manage/{created.pk}/"))
    assert "Coaching for learning" in page
    assert f'href="/en/catalogue/{created.pk}/"' in page  # as practitioners see it
    assert provider.get(f"/en/catalogue/{created.pk}/").status_code == 200  # a draft, too
    form = html(provider.get(f"/en/catalogue/manage/{created.pk}/edit/"))
    assert 'value="Coaching for learning"' in form
    assert 'value="coaching" checked' in form
    changed = {**VALID, "title_en": "Coaching that moves learning on", "status": "published"}
    assert provider.post(f"/en/catalogue/manage/{created.pk}/edit/", changed).status_code == 302
    created.refresh_from_db()
    assert created.title_en == "Coaching that moves learning on"
    assert created.status == Status.DRAFT  # the status changes only through its actions


def test_an_error_from_the_rules_is_shown_at_its_field(world, provider):
    opportunity = make_opportunity(title_en="Has sessions")
    make_session(opportunity)
    data = {**VALID, "format": "self_paced", "resource_url": "https://hwb.example/pod"}
    response = provider.post(f"/en/catalogue/manage/{opportunity.pk}/edit/", data)
    assert response.status_code == 200
    page = html(response)
    assert 'href="#id_format"' in page
    assert "cannot become self-paced" in page


def test_status_moves_on_only_when_the_opportunity_is_ready(world, provider):
    opportunity = make_opportunity(status=Status.DRAFT, title_cy="", summary_cy="")
    path = f"/en/catalogue/manage/{opportunity.pk}/status/published/"
    asked = html(provider.get(path))
    assert "Publish the opportunity" in asked
    refused = provider.post(path)
    assert refused.status_code == 200
    assert "Enter the title in Welsh before it is published" in html(refused)
    assert "<title>Error:" in html(refused)
    opportunity.refresh_from_db()
    assert opportunity.status == Status.DRAFT
    Opportunity.objects.filter(pk=opportunity.pk).update(
        title_cy="Arwain dysgu", summary_cy="Crynodeb"
    )
    assert provider.post(path).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PUBLISHED
    assert opportunity.published_at is not None
    # Published goes only to archived; archived only back to draft.
    assert provider.get(f"/en/catalogue/manage/{opportunity.pk}/status/draft/").status_code == 404
    archive = f"/cy/catalogue/manage/{opportunity.pk}/status/archived/"
    assert provider.post(archive).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Status.ARCHIVED


# Sessions.


def _session_form(day: datetime.date, **changes):
    return {
        "date_0": str(day.day),
        "date_1": str(day.month),
        "date_2": str(day.year),
        "start_time": "09:30",
        "end_time": "15:30",
        "capacity": "20",
        "language": "cy",
        "venue": "Aberystwyth",
        "online_url": "",
        **changes,
    }


def test_adding_a_session_in_wales_time(world, provider):
    opportunity = make_opportunity()
    day = timezone.localdate() + datetime.timedelta(days=30)
    path = f"/en/catalogue/manage/{opportunity.pk}/sessions/new/"
    assert "govuk-date-input" in html(provider.get(path))
    bad = provider.post(path, _session_form(day, date_0="31", date_1="2", end_time="08:00"))
    page = html(bad)
    assert bad.status_code == 200
    assert 'href="#id_date_0"' in page
    assert "Enter a real date" in page
    assert 'value="31"' in page  # the day as typed is kept
    assert not Session.objects.exists()
    response = provider.post(path, _session_form(day))
    session = Session.objects.get()
    assert response["Location"] == f"/en/catalogue/manage/sessions/{session.pk}/"
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, local.minute) == (day, 9, 30)
    assert session.capacity == 20
    assert session.booking_deadline == session.starts_at


def test_a_session_in_the_past_is_refused_at_the_date(world, provider):
    opportunity = make_opportunity()
    day = timezone.localdate() - datetime.timedelta(days=2)
    path = f"/cy/catalogue/manage/{opportunity.pk}/sessions/new/"
    page = html(provider.post(path, _session_form(day)))
    assert 'href="#id_date_0"' in page
    assert not Session.objects.exists()


def test_lowering_places_below_those_taken_is_a_field_error(world, provider):
    session = make_session(capacity=5)
    book(session, people(world, 3))
    path = f"/en/catalogue/manage/sessions/{session.pk}/edit/"
    form = html(provider.get(path))
    assert 'value="5"' in form
    data = {"capacity": "2", "language": "en", "venue": "Cardiff City Hall", "online_url": ""}
    response = provider.post(path, data)
    page = html(response)
    assert 'href="#id_capacity"' in page
    assert "3 places are taken" in page
    session.refresh_from_db()
    assert session.capacity == 5
    changed = {**data, "capacity": "12", "online_url": "https://meet.example/x"}
    assert provider.post(path, changed).status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.online_url) == (12, "https://meet.example/x")


def test_copying_a_session_keeps_the_time_of_day_in_wales(world, provider):
    session = make_session(capacity=7)
    local = timezone.localtime(session.starts_at)
    # Far enough on to cross a change of the clocks.
    day = local.date() + datetime.timedelta(days=190)
    path = f"/en/catalogue/manage/sessions/{session.pk}/copy/"
    response = provider.post(path, {"date_0": day.day, "date_1": day.month, "date_2": day.year})
    assert response.status_code == 302
    copy = Session.objects.exclude(pk=session.pk).get()
    copied = timezone.localtime(copy.starts_at)
    assert (copied.date(), copied.hour, copied.minute) == (day, local.hour, local.minute)
    assert copy.capacity == 7
    assert copy.taken == 0
    assert copy.meetings.count() == 1
    missing = provider.post(path, {"date_0": "", "date_1": "", "date_2": ""})
    assert 'href="#id_date_0"' in html(missing)


def test_cancelling_says_who_will_be_told_and_needs_a_reason(world, provider):
    session = make_session(capacity=2)
    book(session, people(world, 3))  # two places, one on the waitlist
    path = f"/en/catalogue/manage/sessions/{session.pk}/cancel/"
    asked = html(provider.get(path))
    assert "3 people will be told" in asked
    assert "2 with a place or asking for one, 1 on the waitlist" in asked
    welsh = html(provider.get(f"/cy/catalogue/manage/sessions/{session.pk}/cancel/"))
    assert "Bydd 3 o bobl yn cael gwybod" in welsh
    no_reason = provider.post(path, {"reason": "  "})
    assert 'href="#id_reason"' in html(no_reason)
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    assert provider.post(path, {"reason": "The trainer is ill"}).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert not Booking.objects.filter(status__in=["booked", "waitlisted"]).exists()


def test_the_session_page_shows_counts_and_the_check_in_code(world, provider):
    opportunity = make_opportunity(approval_required=True)
    session = make_session(opportunity, capacity=2)
    booked = book(session, people(world, 3))
    services.booking_approve(booking=booked[0], by=world.users["admin"])
    page = html(provider.get(f"/en/catalogue/manage/sessions/{session.pk}/"))
    assert session.check_in_code in page
    assert 'data-count="capacity">2<' in page
    assert 'data-count="booked">1<' in page
    assert 'data-count="requested">1<' in page
    assert 'data-count="waitlisted">1<' in page
    assert 'data-count="left">0<' in page
    assert 'id="register-closed"' in page  # it has not started


# Registers.


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_marking_the_register_in_bulk_makes_learning_records(world, provider, lang):
    session = started_session(world)
    persons = people(world, 4)
    bookings = book(session, persons, now=timezone.now() - datetime.timedelta(days=3))
    path = f"/{lang}/catalogue/manage/sessions/{session.pk}/"
    page = html(provider.get(path))
    assert 'id="register-closed"' not in page
    assert f'value="{bookings[0].pk}"' in page
    nothing = provider.post(path, {"mark": "attended"})
    assert nothing.status_code == 200
    assert 'class="govuk-error-summary"' in html(nothing)
    response = provider.post(
        path, {"mark": "attended", "booking": [bookings[0].pk, bookings[1].pk]}
    )
    assert response.status_code == 302
    assert LearningRecord.objects.count() == 2
    provider.post(path, {"mark": "absent", "booking": [bookings[2].pk]})
    provider.post(path, {"mark": "all"})
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert [statuses[b.pk] for b in bookings] == ["attended", "attended", "absent", "attended"]
    assert LearningRecord.objects.count() == 3


def test_the_session_page_reads_the_same_number_of_queries_for_5_or_50_bookings(world, provider):
    session = started_session(world)
    before = timezone.now() - datetime.timedelta(days=3)
    everyone = people(world, 50)
    book(session, everyone[:5], now=before)
    path = f"/en/catalogue/manage/sessions/{session.pk}/"
    few = _counted(provider, path)
    book(session, everyone[5:], now=before)
    many = _counted(provider, path)
    assert few == many == 10


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    ("lang", "heading", "name"), [("en", "Last name", "register"), ("cy", "Cyfenw", "cofrestr")]
)
def test_the_register_as_csv_is_translated_and_safe_to_open(world, provider, lang, heading, name):
    session = make_session(capacity=5)
    persons = people(world, 1, first_name='=HYPERLINK("http://x")')
    persons += people(world, 1, first_name="@SUM(A1)")
    [p.user.refresh_from_db() for p in persons]
    book(session, persons)
    response = provider.get(f"/{lang}/catalogue/manage/sessions/{session.pk}/register.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{name}-{session.pk}-' in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][0] == heading
    first_names = {row[1] for row in rows[1:]}
    assert first_names == {'\'=HYPERLINK("http://x")', "'@SUM(A1)"}
    assert {row[3] for row in rows[1:]} == {
        "Cardiff High School" if lang == "en" else "Ysgol Uwchradd Caerdydd"
    }


def test_the_bookings_as_csv_hold_every_booking(world, provider):
    session = make_session(capacity=1)
    book(session, people(world, 2))
    response = provider.get(f"/en/catalogue/manage/sessions/{session.pk}/bookings.csv")
    rows = _rows(response)
    assert rows[0][:5] == ["Last name", "First name", "Email address", "School", "Status"]
    assert [row[4] for row in rows[1:]] == ["Booked", "On the waitlist"]
    assert rows[2][5] == "1"
    assert "bookings-" in response["Content-Disposition"]
    welsh = provider.get(f"/cy/catalogue/manage/sessions/{session.pk}/bookings.csv")
    assert "archebion-" in welsh["Content-Disposition"]


# Evaluations.


def test_evaluations_are_summed_up_for_the_opportunity_and_each_session(world, provider):
    opportunity = make_opportunity()
    first = started_session(world, opportunity=opportunity)
    second = started_session(world, opportunity=opportunity)
    before = timezone.now() - datetime.timedelta(days=3)
    persons = people(world, 4)
    answers = [
        (first, persons[0], 5, "Really useful", ["reflective", "collaborative"]),
        (first, persons[1], 4, "", ["reflective"]),
        (second, persons[2], 2, "Too fast =1+1", []),
        (second, persons[3], 5, "", ["informed"]),
    ]
    for session, person, rating, comment, characteristics in answers:
        booking = book(session, [person], now=before)[0]
        services.register_mark(session=session, attended=[booking.pk])
        booking.refresh_from_db()
        services.evaluation_save(
            booking=booking, rating=rating, comment=comment, characteristics=characteristics
        )
    page = html(provider.get(f"/en/catalogue/manage/{opportunity.pk}/evaluations/"))
    assert 'data-count="evaluations">4<' in page
    assert "4.0 out of 5" in page
    assert 'data-rating="5">2<' in page
    assert 'data-rating="2">1<' in page
    assert 'data-rating="1">0<' in page
    assert 'data-characteristic="reflective">2<' in page
    assert 'data-characteristic="responsive-agile">0<' in page
    assert "Really useful" in page
    assert "Too fast =1+1" in page
    assert persons[0].user.last_name not in page  # evaluations are not signed
    one = html(provider.get(f"/cy/catalogue/manage/sessions/{second.pk}/evaluations/"))
    assert 'data-count="evaluations">2<' in one
    assert "3.5 allan o 5" in one
    assert "Really useful" not in one


def test_evaluation_summary_counts_in_two_queries(world):
    from catalogue import selectors

    opportunity = make_opportunity()
    with CaptureQueriesContext(connection) as queries:
        summary = selectors.evaluation_summary(opportunity=opportunity)
    assert summary.count == 0
    assert len(queries) == 2


# Boundaries.


def _routes(opportunity: Opportunity, session: Session) -> list[str]:
    o, s = opportunity.pk, session.pk
    return [
        f"/en/catalogue/manage/{o}/",
        f"/en/catalogue/manage/{o}/edit/",
        f"/en/catalogue/manage/{o}/status/archived/",
        f"/en/catalogue/manage/{o}/sessions/new/",
        f"/en/catalogue/manage/{o}/evaluations/",
        f"/en/catalogue/manage/sessions/{s}/",
        f"/en/catalogue/manage/sessions/{s}/edit/",
        f"/en/catalogue/manage/sessions/{s}/copy/",
        f"/en/catalogue/manage/sessions/{s}/cancel/",
        f"/en/catalogue/manage/sessions/{s}/register.csv",
        f"/en/catalogue/manage/sessions/{s}/bookings.csv",
        f"/en/catalogue/manage/sessions/{s}/evaluations/",
    ]


def test_another_providers_opportunity_and_session_are_not_found(world, provider):
    national = make_opportunity()
    session = make_session(national)
    officer = world.client("laofficer")
    for path in _routes(national, session):
        assert officer.get(path).status_code == 404, path
        assert provider.get(path).status_code == 200, path
    cancel = f"/en/catalogue/manage/sessions/{session.pk}/cancel/"
    assert officer.post(cancel, {"reason": "x"}).status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    # The officer manages Cardiff's own offer, and the national body's administrator does not.
    cardiff = make_opportunity(provider=world.cardiff, audience=world.cardiff)
    cardiff_session = make_session(cardiff)
    for path in _routes(cardiff, cardiff_session):
        assert provider.get(path).status_code == 404, path
        assert officer.get(path).status_code == 200, path
    # A teacher manages nothing.
    assert world.client("teacher").get(f"/en/catalogue/manage/{national.pk}/").status_code == 404


def test_an_la_officer_offers_learning_only_within_their_area(world):
    officer = world.client("laofficer")
    form = html(officer.get("/en/catalogue/manage/new/"))
    assert "Cardiff" in form
    refused = officer.post("/en/catalogue/manage/new/", {**VALID, "audience": "region:EAS"})
    assert refused.status_code == 200
    assert 'href="#id_audience"' in html(refused)
    assert "only within its own area" in html(refused)
    done = officer.post("/en/catalogue/manage/new/", {**VALID, "audience": "local_authority:681"})
    assert done.status_code == 302
    assert Opportunity.objects.get().provider == world.cardiff


def test_times_show_in_wales_time(world, provider):
    session = make_session(capacity=3)
    local = timezone.localtime(session.starts_at)
    page = html(provider.get(f"/en/catalogue/manage/sessions/{session.pk}/"))
    assert f"{local:%H:%M}" in page
    assert in_days(14).date() == local.date()


@pytest.mark.parametrize("written", ["27 3 2027", "27/03/2027", "27-3-2027", "2027-03-27"])
@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_sessions_date_is_read_day_first_in_either_language(written, language):
    with translation.override(language):
        form = SessionForm(data={"date": written})
        form.is_valid()
    assert "date" not in form.errors
    assert form.cleaned_data["date"] == datetime.date(2027, 3, 27)
