"""Feedback from the phase banner: anyone can send it, in either language; admins read it."""

from __future__ import annotations

import pytest
from django.test import Client

from core.models import Feedback


def test_the_phase_banner_links_to_feedback_from_the_page(client, db):
    html = client.get("/cy/accessibility/").content.decode()
    assert 'href="/cy/feedback/?from=%2Fcy%2Faccessibility%2F"' in html


def test_anyone_can_send_feedback_and_go_back(client, db):
    response = client.post(
        "/cy/feedback/", {"message": "  Mae’n dda.  ", "page": "/cy/schools/?q=a"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/cy/schools/?q=a"' in html
    sent = Feedback.objects.get()
    assert (sent.message, sent.page, sent.language, sent.user) == (
        "Mae’n dda.",
        "/cy/schools/?q=a",
        "cy",
        None,
    )


def test_a_signed_in_sender_is_linked(world):
    world.client("teacher").post("/en/feedback/", {"message": "Useful", "page": "/en/"})
    assert Feedback.objects.get().user == world.users["teacher"]


@pytest.mark.parametrize(
    ("message", "error"),
    [("", "Rhowch eich adborth"), ("x" * 2001, "2,000")],
)
def test_bad_feedback_is_explained_and_nothing_is_kept(client, db, message, error):
    html = client.post("/cy/feedback/", {"message": message}).content.decode()
    assert error in html
    assert "govuk-error-summary" in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("page", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_a_page_off_hawl_is_not_kept_or_linked(client, db, page):
    html = client.post("/en/feedback/", {"message": "Hi", "page": page}).content.decode()
    assert "evil.example" not in html
    assert Feedback.objects.get().page == ""


def test_platform_administrators_read_feedback_and_nobody_else(world):
    Feedback.objects.create(message="Please add X", page="/en/", language="en")
    admin = world.client("admin").get("/en/admin/core/feedback/")
    assert admin.status_code == 200
    assert "/en/" in admin.content.decode()
    assert world.client("national").get("/en/admin/core/feedback/").status_code == 302
    assert Client().get("/en/admin/core/feedback/").status_code == 302
