"""Every API error is JSON in the caller's language, 500 included, and OpenAPI declares it."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory

from config.api import api as ninja_api
from people import services

SORRY_EN = "Sorry, there is a problem with the service"
SORRY_CY = "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth"


@pytest.fixture
def api(world):
    def client_for(role: str) -> Client:
        token = services.api_token_create(user=world.users[role])
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False)

    return client_for


def test_an_unhandled_error_in_an_operation_is_a_json_500_with_its_traceback_logged(
    api, settings, caplog
):
    settings.HAWL_API_PAGE_SIZE = 0  # a broken setting: the paginator divides by zero
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = api("national").get("/api/v1/schools")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": SORRY_EN}
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[0] is ZeroDivisionError
    assert "/api/v1/schools" in record.getMessage()


def test_the_500_is_in_the_callers_language(api, settings):
    settings.HAWL_API_PAGE_SIZE = 0
    response = api("national").get("/api/v1/schools", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.json() == {"detail": SORRY_CY}


@pytest.mark.urls("tests.core.urls_failing")
def test_a_failure_outside_the_api_handlers_is_json_too(db):
    response = Client(raise_request_exception=False).get("/api/v1/boom", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 500
    assert response.json() == {"detail": SORRY_CY}


@pytest.mark.urls("tests.core.urls_failing")
def test_a_failing_page_keeps_its_html_500_page(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert SORRY_EN in response.content.decode()


def test_an_unknown_api_address_is_a_json_404(api):
    response = api("national").get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_method_the_address_does_not_take_is_a_json_405(api):
    response = api("national").delete("/api/v1/schools")
    assert response.status_code == 405
    assert response.json() == {"detail": "This address does not accept that method."}
    assert response["Allow"] == "GET"


def test_a_missing_token_is_json_with_its_challenge(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in with a Bearer token."}
    assert response["WWW-Authenticate"] == "Bearer"


def test_client_errors_raised_in_an_operation_are_left_to_django(rf: RequestFactory):
    """Django answers a SuspiciousOperation 400 and logs it to django.security, not a 500."""
    with pytest.raises(SuspiciousOperation):
        ninja_api.on_exception(rf.get("/api/v1/schools"), SuspiciousOperation("too many fields"))


def test_pages_keep_their_html_error_pages(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_openapi_declares_every_status_with_the_shape_it_answers(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}

    def shape(operation, status):
        return operation["responses"][status]["content"]["application/json"]["schema"]

    operations = dict(_operations(schema))
    for name, operation in operations.items():
        for status in ("400", "401", "500"):
            assert shape(operation, status) == error, (name, status)
    # Behind an access rule (refused as 404) or naming something in the path.
    for name in ("GET /api/v1/schools", "GET /api/v1/regions", "GET /api/v1/regions/{code}"):
        assert shape(operations[name], "404") == error, name
    assert "404" not in operations["GET /api/v1/me"]["responses"]
    # Ninja validates query parameters and uploads (422); text in the path needs none.
    for name in ("GET /api/v1/schools", "GET /api/v1/clusters"):
        assert shape(operations[name], "422") == error, name
    assert "422" not in operations["GET /api/v1/me"]["responses"]
    assert "422" not in operations["GET /api/v1/schools/{school_number}"]["responses"]
    # An import's 422 lists bad rows, or is ninja's field errors when the upload is missing.
    imports = ("POST /api/v1/imports/schools", "POST /api/v1/schools/{school_number}/staff/import")
    for name in imports:
        assert shape(operations[name], "422")["anyOf"] == [
            {"$ref": "#/components/schemas/ImportErrorOut"},
            error,
        ], name
    assert list(operations["GET /api/v1/schools"]["responses"]) == [
        "200",
        "400",
        "401",
        "404",
        "422",
        "500",
    ]


def test_an_upload_without_its_file_gets_the_declared_field_errors(api):
    response = api("national").post("/api/v1/imports/schools")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}
    assert "file" in response.json()["errors"]
