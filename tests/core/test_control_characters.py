"""Control characters in a request are bad input: a 400, never a server error (ASVS 5.1).

PostgreSQL cannot store a NUL, so before ``core.middleware`` a ``%00`` in a search box was a
500 there; these run on both databases.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PAGES_400 = "There is a problem with your request"


@pytest.mark.parametrize(
    "url",
    [
        "/en/schools/%00/",
        "/en/schools/6814000%01/",
        "/en/schools/?q=%00",
        "/en/schools/?q=Cardiff%1b",
        "/en/schools/?%00=x",
        "/cy/schools/?la=%00&sector=secondary",
    ],
)
def test_a_page_answers_400_with_the_sites_400_page(world, url):
    response = world.client("national").get(url)
    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]


def test_the_400_page_is_in_the_pages_language(world):
    response = world.client("national").get("/cy/schools/?q=%00")
    assert response.status_code == 400
    assert "Mae problem gyda’ch cais" in response.content.decode()


def test_a_control_character_in_a_posted_form_field_is_refused(client, db):
    response = client.post("/en/accounts/login/", {"login": "teacher\x00", "password": "x"})
    assert response.status_code == 400
    assert PAGES_400 in response.content.decode()


def test_tab_and_newlines_in_form_text_and_queries_are_ordinary(client, world):
    response = client.post("/en/accounts/login/", {"login": "teacher\r\n", "password": "x\t"})
    assert response.status_code == 200  # the sign-in form, saying the details are wrong
    assert world.client("national").get("/en/schools/?q=Cardiff%09High%0A").status_code == 200


def test_a_newline_in_the_path_is_refused(world):
    assert world.client("national").get("/en/schools/6814000%0A/").status_code == 400


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/api/v1/schools/%00", None),
        ("/api/v1/schools?q=%00", {"q"}),
        ("/api/v1/schools?q=ok&la=%7f&sector=%1f", {"la", "sector"}),
        ("/api/v1/me?anything=%00", {"anything"}),
        ("/api/v1/local-authorities?%00=1", {"\\x00"}),
    ],
)
def test_the_api_answers_400_json_naming_the_fields(api, url, fields):
    response = api("national").get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The request is not valid."
    if fields is None:
        assert "errors" not in body
    else:
        assert set(body["errors"]) == fields
        for messages in body["errors"].values():
            assert messages == ["This value contains a character that is not allowed."]


def test_the_api_answers_in_the_callers_language(api):
    response = api("national").get("/api/v1/schools?q=%00", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 400
    assert response.json()["detail"] == "Nid yw’r cais yn ddilys."


def test_a_control_character_in_an_api_form_field_is_refused(api):
    upload = SimpleUploadedFile("schools.csv", b"school_number\n", content_type="text/csv")
    response = api("national").post(
        "/api/v1/imports/schools?dry_run=true", {"file": upload, "note": "a\x00b"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"note"}


def test_before_a_token_is_checked_the_request_is_refused(client, db):
    """Refusing bad input needs no sign-in, and says nothing about what exists."""
    response = client.get("/api/v1/schools?q=%00")
    assert response.status_code == 400
