"""Hardened pages: the language switch, headers, CSRF failures, redirects after sign-in."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

HAWL = "https://hawl.example/en/page/"


def _stays_in_hawl(href: str) -> bool:
    """Where a browser would go from a Hawl page (it reads a backslash as a slash)."""
    return urlsplit(urljoin(HAWL, href.replace("\\", "/"))).netloc == "hawl.example"


def _switch_links(html: str) -> list[str]:
    links = re.findall(r'<a class="govuk-language-navigation__link" href="([^"]*)"', html)
    links += re.findall(r'<link rel="alternate" hreflang="[a-z]+" href="([^"]*)"', html)
    return links


@pytest.mark.parametrize(
    "path",
    [
        "/%2Fevil.example/en/",
        "/%2F%2Fevil.example/en/",
        "/en//evil.example/",
        "/en/%2F%2Fevil.example/",
        "/en/\\evil.example/",
        "/en/%5Cevil.example/",
        "/en/%5C%5Cevil.example/",
        "/en/schools/%2F%2Fevil.example/",
    ],
)
def test_the_language_switch_never_leaves_hawl(client, db, path):
    html = client.get(path).content.decode()
    links = _switch_links(html)
    assert links
    for href in links:
        assert href.startswith(("/cy/", "/en/")), href
        assert _stays_in_hawl(href), href


def test_the_language_switch_keeps_the_page_and_its_query(world):
    html = world.client("national").get("/en/schools/?q=cardiff&page=1").content.decode()
    assert "/cy/schools/?q=cardiff&amp;page=1" in _switch_links(html)[0].replace("&", "&amp;") or (
        "/cy/schools/?q=cardiff&amp;page=1" in html
    )


def test_the_switch_on_sign_in_sends_the_next_page_in_that_language(client, db):
    html = client.get("/en/accounts/login/?next=/en/schools/").content.decode()
    assert "/cy/accounts/login/?next=%2Fcy%2Fschools%2F" in html


def test_pages_carry_a_content_security_policy_without_inline_code(world):
    response = world.client("national").get("/en/schools/")
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert " style=" not in html


def test_headers_limit_referrers_and_browser_features(client, db):
    response = client.get("/en/accessibility/")
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_with_personal_data_are_not_stored(world, client):
    assert "no-store" not in client.get("/en/accessibility/").get("Cache-Control", "")
    assert "no-store" in world.client("teacher").get("/en/account/")["Cache-Control"]
    from people import services

    token = services.api_token_create(user=world.users["teacher"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "no-store" in api.get("/api/v1/me")["Cache-Control"]


def test_the_language_cookie_is_secure_when_cookies_are(world, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = world.client("teacher").post("/en/account/", {"preferred_language": "cy"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


def test_a_csrf_failure_is_explained_in_hawls_layout_and_language(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["teacher"])
    response = client.post("/cy/account/", {"preferred_language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="cy"' in html
    assert "Nid oedd modd anfon eich ffurflen" in html
    assert "govuk-header" in html or "hawl-header" in html


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/%5Cevil.example",
        "http:evil.example",
    ],
)
def test_sign_in_goes_on_only_within_hawl(world, password, target):
    client = Client()
    response = client.post(
        "/en/accounts/login/",
        {"login": "teacher", "password": password, "next": target},
    )
    assert response.status_code == 302
    assert _stays_in_hawl(response["Location"]), response["Location"]


def test_sign_in_goes_on_to_a_page_within_hawl(world, password):
    client = Client()
    response = client.post(
        "/en/accounts/login/",
        {"login": "teacher", "password": password, "next": "/en/schools/"},
    )
    assert response["Location"] == "/en/schools/"
