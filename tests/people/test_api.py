"""The API contract: /api/v1/ with Bearer tokens, scoped by the same policy, JSON errors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from people import services
from tests.factories import SchoolFactory


def test_without_a_token_the_api_answers_401(client, world):
    response = client.get("/api/v1/schools")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_a_revoked_token_stops_working(world):
    from django.utils import timezone

    from people.models import ApiToken

    token = services.api_token_create(user=world.users["head"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/me").status_code == 401


def test_tokens_are_stored_as_digests_only(world):
    from people.models import ApiToken

    token = services.api_token_create(user=world.users["head"])
    assert not ApiToken.objects.filter(digest=token).exists()


def test_the_api_token_command_prints_a_working_token(world, capsys):
    call_command("api_token", "laofficer")
    token = capsys.readouterr().out.strip()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me")
    assert response.json()["username"] == "laofficer"


def test_me(api):
    body = api("head").get("/api/v1/me").json()
    assert body["username"] == "head"
    assert body["role_type"] == "leader"
    assert body["roles"][0]["role"] == "headteacher"
    assert body["roles"][0]["organisation"]["code"] == "6814000"
    assert body["employments"][0]["school"]["name_cy"] == "Ysgol Uwchradd Caerdydd"


def test_schools_contract(api):
    body = api("laofficer").get("/api/v1/schools").json()
    assert body["count"] == 2
    school = next(s for s in body["results"] if s["school_number"] == "6814000")
    assert school == {
        "school_number": "6814000",
        "name_en": "Cardiff High School",
        "name_cy": "Ysgol Uwchradd Caerdydd",
        "sector": "secondary",
        "language_category": "english-medium",
        "local_authority": {"code": "681", "name_en": "Cardiff", "name_cy": "Caerdydd"},
        "region": {
            "code": "CSC",
            "name_en": "Central South Consortium",
            "name_cy": "Consortiwm Canolbarth y De",
        },
        "opened_on": "1990-09-01",
        "closed_on": None,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=roath", {"6812001"}),
        ("la=680", {"6802002"}),
        ("region=CSC", {"6814000", "6812001"}),
        ("sector=secondary", {"6814000"}),
        ("language_category=welsh-medium", {"6812001"}),
    ],
)
def test_schools_filters(api, query, expected):
    body = api("national").get(f"/api/v1/schools?{query}").json()
    assert {s["school_number"] for s in body["results"]} == expected


def test_schools_paginate(api, world, settings):
    settings.HAWL_API_PAGE_SIZE = 3
    for index in range(4):
        SchoolFactory(code=f"681{6000 + index}", la=world.cardiff)
    client = api("national")
    first = client.get("/api/v1/schools?page=1").json()
    last = client.get("/api/v1/schools?page=3").json()
    assert (first["count"], first["pages"], len(first["results"])) == (8, 3, 3)
    assert len(last["results"]) == 2


def test_bad_filters_get_field_level_errors(api):
    response = api("national").get("/api/v1/schools?sector=nope&la=999&page=0")
    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"sector", "la", "page"}
    assert body["errors"]["sector"] == ["Select an option from the list"]


def test_bad_filters_in_welsh(api):
    response = api("national").get("/api/v1/schools?sector=nope", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.json()["errors"]["sector"] == ["Dewiswch opsiwn o’r rhestr"]


def test_a_malformed_parameter_is_a_field_error(api):
    response = api("national").get("/api/v1/schools?page=abc")
    assert response.status_code == 422
    assert "page" in response.json()["errors"]


def test_school_detail_and_scope(api):
    assert api("head").get("/api/v1/schools/6814000").json()["cluster"]["code"] == "681-C01"
    response = api("head").get("/api/v1/schools/6802002")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert api("head").get("/api/v1/schools/0000000").status_code == 404


def test_staff_lists_usernames_for_leaders_only(api):
    body = api("head").get("/api/v1/schools/6814000/staff").json()
    assert {"teacher", "assistant", "head"} <= {s["username"] for s in body["results"]}
    assert api("teacher").get("/api/v1/schools/6814000/staff").status_code == 404
    assert api("head_c").get("/api/v1/schools/6814000/staff").status_code == 404
    assert api("laofficer").get("/api/v1/schools/6802002/staff").status_code == 404


def test_local_authorities_carry_their_region(api):
    body = api("regionofficer").get("/api/v1/local-authorities").json()
    codes = {la["code"]: la["parent"]["code"] for la in body["results"]}
    assert codes == {
        "672": "CSC",
        "673": "CSC",
        "674": "CSC",
        "675": "CSC",
        "681": "CSC",
        "671": "CSC",
    }


def test_organisation_endpoints(api):
    national = api("national")
    assert national.get("/api/v1/regions").json()["count"] == 6
    assert national.get("/api/v1/local-authorities").json()["count"] == 22
    assert national.get("/api/v1/local-authorities/681").json()["name_cy"] == "Caerdydd"
    assert national.get("/api/v1/clusters/681-C01").json()["parent"]["code"] == "681"
    assert national.get("/api/v1/providers?q=Academy").json()["count"] == 1
    assert national.get("/api/v1/dioceses").json()["count"] == 8
    assert api("head").get("/api/v1/local-authorities/680").status_code == 404
    assert api("provider").get("/api/v1/providers").json()["count"] == 1


def test_openapi_document_and_docs_page(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/me",
        "/api/v1/schools",
        "/api/v1/schools/{school_number}",
        "/api/v1/schools/{school_number}/staff",
        "/api/v1/local-authorities",
    ]:
        assert path in schema["paths"]
    moved = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="cy")
    assert (moved.status_code, moved["Location"]) == (302, "/cy/api/")
    docs = client.get("/cy/api/").content.decode()
    assert 'lang="cy"' in docs
    assert "cdn" not in docs.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert 'href="/en/api/"' in docs  # the language switch
