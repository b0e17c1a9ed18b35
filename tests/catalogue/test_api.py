"""The catalogue's API contract: the paths and fields external clients rely on."""

from __future__ import annotations

import json

import pytest

from catalogue.models import Booking, Opportunity, Session, Status
from people.models import RoleGrant
from tests.catalogue.support import in_days, make_opportunity, make_session

pytestmark = pytest.mark.django_db


def post(client, path, body=None, **headers):
    return client.post(path, json.dumps(body or {}), content_type="application/json", **headers)


NEW = {
    "title_en": "Coaching for learning",
    "title_cy": "Hyfforddi ar gyfer dysgu",
    "summary_en": "Coaching conversations that move teaching on.",
    "summary_cy": "Sgyrsiau hyfforddi sy'n symud addysgu ymlaen.",
    "level": "national",
    "delivery": "live",
    "language": "bilingual",
    "standards": ["pedagogy", "collaboration"],
    "priority_areas": ["curriculum-for-wales"],
    "topics": ["coaching"],
    "audiences": ["teacher", "teaching_assistant"],
    "hours": "6",
    "status": "published",
}


def test_finding_the_offer_answers_the_contract(api, world):
    make_opportunity(title_en="Welsh for the classroom", language="cy", standards=["pedagogy"])
    make_opportunity(title_en="Leading a team", standards=["leadership"])
    make_session(make_opportunity(title_en="ALN core", standards=["pedagogy"]))
    response = api("teacher").get("/api/v1/opportunities")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["results"][0]
    assert {"id", "title", "language", "standards"} <= set(first)
    assert first["title"] == "ALN core"  # the one with a session comes first
    assert set(body["facets"]) >= {"standard", "priority", "topic", "language", "level", "region"}
    standards = {v["code"]: v["count"] for v in body["facets"]["standard"]}
    assert standards == {"pedagogy": 2, "leadership": 1}

    narrowed = api("teacher").get("/api/v1/opportunities?standard=pedagogy&language=cy").json()
    assert [r["title"] for r in narrowed["results"]] == ["Welsh for the classroom"]
    found = api("teacher").get("/api/v1/opportunities?q=leading").json()
    assert [r["title"] for r in found["results"]] == ["Leading a team"]


def test_people_see_only_what_is_offered_to_them(api, world):
    make_opportunity(title_en="For Cardiff", audience=world.cardiff)
    make_opportunity(title_en="Draft", status=Status.DRAFT)
    cardiff = [r["title"] for r in api("teacher").get("/api/v1/opportunities").json()["results"]]
    newport = [r["title"] for r in api("teacher_c").get("/api/v1/opportunities").json()["results"]]
    assert cardiff == ["For Cardiff"]
    assert newport == []
    hidden = Opportunity.objects.get(title_en="For Cardiff")
    assert api("teacher_c").get(f"/api/v1/opportunities/{hidden.pk}").status_code == 404
    draft = Opportunity.objects.get(title_en="Draft")
    assert api("teacher").get(f"/api/v1/opportunities/{draft.pk}").status_code == 404


def test_a_provider_publishes_an_opportunity_and_adds_a_session(api, world):
    RoleGrant.objects.filter(user=world.users["provider"]).update(organisation=_national_body())
    response = post(api("provider"), "/api/v1/opportunities", NEW)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["provider"]["code"] == "NPLLEW"
    assert created["standards"] == ["pedagogy", "collaboration"]
    assert created["audiences"] == ["teacher", "teaching_assistant"]
    session = post(
        api("provider"),
        f"/api/v1/opportunities/{created['id']}/sessions",
        {
            "starts_at": in_days(20).isoformat(),
            "ends_at": in_days(20, hour=15).isoformat(),
            "capacity": 25,
            "language": "cy",
            "venue": "Aberystwyth",
            "online": "",
        },
    )
    assert session.status_code == 201, session.content
    assert {"id", "capacity", "booked", "waitlisted"} <= set(session.json())
    # The teacher finds it.
    titles = [r["title"] for r in api("teacher").get("/api/v1/opportunities").json()["results"]]
    assert "Coaching for learning" in titles


def _national_body():
    from tests.catalogue.support import national_body

    return national_body()


def test_only_managers_publish(api, world):
    assert post(api("teacher"), "/api/v1/opportunities", NEW).status_code == 404


def test_bad_opportunity_input_gets_field_messages_in_the_users_language(api, world):
    RoleGrant.objects.filter(user=world.users["provider"]).update(organisation=_national_body())
    bad = {**NEW, "title_cy": "", "hours": "-1", "level": "nope", "standards": ["nope"]}
    response = post(api("provider"), "/api/v1/opportunities", bad)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) >= {"title_cy", "hours", "level", "standards"}
    welsh = post(api("provider"), "/api/v1/opportunities", bad, HTTP_ACCEPT_LANGUAGE="cy")
    assert welsh.json()["errors"]["title_cy"] != errors["title_cy"]
    assert not Opportunity.objects.exists()


def test_bad_session_input_is_refused_with_the_field(api, world):
    opportunity = make_opportunity()
    path = f"/api/v1/opportunities/{opportunity.pk}/sessions"
    past = {
        "starts_at": in_days(-2).isoformat(),
        "ends_at": in_days(-2, hour=12).isoformat(),
        "capacity": 5,
        "language": "en",
        "venue": "Wrexham",
    }
    response = post(api("admin"), path, past)
    assert response.status_code == 422
    assert "starts_at" in response.json()["errors"]
    backwards = {
        **past,
        "starts_at": in_days(5, 12).isoformat(),
        "ends_at": in_days(5, 9).isoformat(),
    }
    assert "ends_at" in post(api("admin"), path, backwards).json()["errors"]
    # Another provider's opportunity is not the caller's to schedule.
    assert (
        post(api("provider"), path, {**past, "starts_at": in_days(5).isoformat()}).status_code
        == 404
    )
    assert not Session.objects.exists()


def test_booking_myself_then_the_waitlist_then_an_offer(api, world):
    session = make_session(capacity=1)
    path = f"/api/v1/sessions/{session.pk}/bookings"
    first = post(api("teacher"), path)
    assert first.status_code == 201
    assert first.json()["status"] == "booked"
    assert first.json()["waitlist_position"] is None
    assert post(api("teacher"), path).status_code == 409  # no double booking
    second = post(api("assistant"), path)
    assert second.json() == second.json() | {"status": "waitlisted", "waitlist_position": 1}
    counts = api("teacher").get(f"/api/v1/sessions/{session.pk}").json()
    assert (counts["capacity"], counts["booked"], counts["waitlisted"]) == (1, 1, 1)

    cancelled = post(api("teacher"), f"/api/v1/bookings/{first.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    offered = api("assistant").get(f"/api/v1/bookings/{second.json()['id']}").json()
    assert offered["status"] == "offered"
    # Only the person offered the place can take it up.
    assert post(api("teacher"), f"/api/v1/bookings/{offered['id']}/accept-offer").status_code == 404
    accepted = post(api("assistant"), f"/api/v1/bookings/{offered['id']}/accept-offer")
    assert accepted.json()["status"] == "booked"


def test_a_leader_books_staff_and_approves_but_not_for_another_school(api, world):
    session = make_session(make_opportunity(approval_required=True), capacity=3)
    path = f"/api/v1/sessions/{session.pk}/bookings"
    teacher = world.users["teacher"].person
    no_reason = post(api("head"), path, {"person": teacher.pk})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["errors"]
    booked = post(api("head"), path, {"person": teacher.pk, "reason": "Our ALN plan"})
    assert booked.status_code == 201
    assert booked.json()["status"] == "requested"
    assert booked.json()["school"] == world.school_a.code
    other = world.users["teacher_c"].person
    assert post(api("head"), path, {"person": other.pk}).status_code == 404
    assert post(api("teacher"), path, {"person": other.pk}).status_code == 404

    booking_id = booked.json()["id"]
    assert post(api("head_c"), f"/api/v1/bookings/{booking_id}/approve").status_code == 404
    assert post(api("teacher"), f"/api/v1/bookings/{booking_id}/approve").status_code == 404
    no_reason = post(api("head"), f"/api/v1/bookings/{booking_id}/decline", {"reason": ""})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["errors"]
    approved = post(api("pllead"), f"/api/v1/bookings/{booking_id}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "booked"


def test_the_online_link_is_shown_only_to_people_with_a_place(api, world):
    session = make_session(capacity=5, online_url="https://meet.example/room")
    path = f"/api/v1/sessions/{session.pk}"
    assert api("teacher").get(path).json()["online_url"] is None
    post(api("teacher"), f"/api/v1/sessions/{session.pk}/bookings")
    assert api("teacher").get(path).json()["online_url"] == "https://meet.example/room"
    assert api("assistant").get(path).json()["online_url"] is None


def test_lowering_capacity_below_the_booked_is_a_field_error(api, world):
    session = make_session(capacity=2)
    post(api("teacher"), f"/api/v1/sessions/{session.pk}/bookings")
    post(api("assistant"), f"/api/v1/sessions/{session.pk}/bookings")
    response = api("admin").patch(
        f"/api/v1/sessions/{session.pk}",
        json.dumps({"capacity": 1}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "capacity" in response.json()["errors"]
    assert Booking.objects.filter(status="booked").count() == 2


def test_searching_finds_either_language_by_word_and_prefix(api, world):
    make_opportunity(title_en="Leading learning", title_cy="Arwain dysgu", summary_cy="Llesiant")
    make_opportunity(title_en="Digital skills", title_cy="Sgiliau digidol")
    for q in ("arwain", "arwa", "LEADING", "llesiant dysgu"):
        found = api("teacher").get(f"/api/v1/opportunities?q={q}").json()
        assert [r["title_en"] for r in found["results"]] == ["Leading learning"], q
    assert api("teacher").get('/api/v1/opportunities?q="*OR-').json()["count"] == 0
