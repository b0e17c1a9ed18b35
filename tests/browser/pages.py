"""Every page Hawl serves, in the states worth checking, and who is signed in to see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page


def submit_empty_sign_in(page: Page) -> None:
    page.locator("main button[type=submit]").click()
    page.locator(".govuk-error-summary").wait_for()


def submit_account_without_a_language(page: Page) -> None:
    """Radios cannot be cleared by hand; clearing them is the only way to send no choice."""
    page.locator("input[name=preferred_language]").evaluate_all(
        "inputs => inputs.forEach(input => { input.checked = false; })"
    )
    page.locator("main button[type=submit]").click()
    page.locator(".govuk-error-summary").wait_for()


def make_calendar_link(page: Page) -> None:
    page.locator("main button[value=create]").click()
    page.locator("#feed-url").wait_for()


def submit_empty_feedback(page: Page) -> None:
    page.locator("main button[type=submit]").click()
    page.locator(".govuk-error-summary").wait_for()


DATA = Path(__file__).resolve().parent.parent / "people" / "data"


def _upload(name: str, *, end_missing: bool = False) -> Callable[[Page], None]:
    def upload(page: Page) -> None:
        if end_missing:
            page.locator("input[name=end_missing][value=yes]").check()
        page.locator("input[type=file]").set_input_files(DATA / name)
        page.locator("main button[type=submit]").click()
        page.locator("main h1").wait_for()

    return upload


@dataclass(frozen=True)
class Screen:
    name: str
    path: str  # after the language prefix; ``{home_school}`` is the head's school number
    role: str | None = None  # demo username, or None for a visitor
    then: Callable[[Page], None] | None = None  # what to do once the page has loaded
    status: int = 200

    def __str__(self) -> str:
        return self.name


SCREENS = [
    Screen("home-visitor", "/"),
    Screen("home-signed-in", "/", role="teacher"),
    Screen("home-head", "/", role="head"),
    Screen("home-national", "/", role="national"),
    Screen("home-provider", "/", role="provider"),
    Screen("sign-in", "/accounts/login/"),
    Screen("sign-in-errors", "/accounts/login/", then=submit_empty_sign_in),
    Screen("sign-out", "/accounts/logout/", role="teacher"),
    Screen("schools", "/schools/", role="national"),
    Screen("schools-filtered", "/schools/?sector=primary&page=2", role="national"),
    Screen("schools-invalid-filter", "/schools/?sector=nope", role="national"),
    Screen("school", "/schools/{home_school}/", role="head"),
    Screen("staff", "/schools/{home_school}/staff/", role="head"),
    Screen("person", "/people/teacher/", role="head"),
    Screen("schools-import", "/schools/import/", role="national"),
    Screen(
        "schools-import-errors",
        "/schools/import/",
        role="national",
        then=_upload("schools_bad_rows.csv"),
    ),
    Screen("staff-import", "/schools/{home_school}/staff/import/", role="head"),
    Screen(
        "staff-import-preview",
        "/schools/{home_school}/staff/import/",
        role="head",
        then=_upload("staff_mis_export.csv"),
    ),
    Screen(
        "staff-import-errors",
        "/schools/{home_school}/staff/import/",
        role="head",
        then=_upload("staff_bad_rows.csv"),
    ),
    Screen(
        "staff-import-leavers",
        "/schools/{home_school}/staff/import/",
        role="head",
        then=_upload("staff_mis_export.csv", end_missing=True),
    ),
    Screen("staff-imports", "/schools/{home_school}/staff/imports/", role="head"),
    Screen("schools-imports", "/schools/imports/", role="national"),
    Screen("account", "/account/", role="teacher"),
    Screen("account-errors", "/account/", role="teacher", then=submit_account_without_a_language),
    Screen("calendar", "/account/calendar/", role="supply"),
    Screen("calendar-link", "/account/calendar/", role="supply", then=make_calendar_link),
    Screen("find-learning", "/catalogue/", role="teacher"),
    Screen("find-learning-filtered", "/catalogue/?standard=pedagogy&language=cy", role="teacher"),
    Screen("my-bookings", "/bookings/", role="teacher"),
    Screen("our-offer", "/catalogue/manage/", role="provider"),
    Screen("requests", "/schools/{home_school}/learning/requests/", role="head"),
    Screen("staff-learning", "/schools/{home_school}/learning/", role="head"),
    Screen("offer-report", "/catalogue/offer/", role="national"),
    Screen("offer-gaps", "/catalogue/offer/gaps/", role="regionofficer"),
    Screen("endorsement-panel", "/catalogue/endorsement/", role="panel"),
    Screen("accessibility", "/accessibility/"),
    Screen("privacy", "/privacy/"),
    Screen("api-docs", "/api/", role="national"),
    Screen("feedback", "/feedback/?from=%2Fen%2Fschools%2F"),
    Screen("feedback-errors", "/feedback/", then=submit_empty_feedback),
    Screen("not-found", "/no-such-page/", status=404),
    Screen("not-found-signed-in", "/schools/0000000/", role="teacher", status=404),
]
