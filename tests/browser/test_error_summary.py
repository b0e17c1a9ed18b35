"""GOV.UK error summaries: "Error:" in the title, focus on the summary, links to each field."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LANGUAGES, focused


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_sign_in_shows_the_error_summary(page, server, language):
    page.goto(f"{server.url}/{language}/accounts/login/")
    title = page.title()
    page.locator("main button[type=submit]").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    if language == "en":
        assert page.title().startswith("Error: ")
    assert page.title() != title
    assert focused(page, "el => el.classList.contains('govuk-error-summary')")
    links = summary.locator("a")
    assert links.count() == 2
    assert page.locator(".govuk-form-group--error").count() == 2
    links.nth(1).click()
    assert focused(page, "el => el.id") == "id_password"
    links.nth(0).click()
    assert focused(page, "el => el.id") == "id_login"


def test_a_wrong_password_keeps_the_username_and_says_what_is_wrong(page, server):
    page.goto(f"{server.url}/en/accounts/login/")
    page.locator("#id_login").fill("teacher")
    page.locator("#id_password").fill("not-the-password")
    page.locator("main button[type=submit]").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "not right" in summary.inner_text()
    assert page.locator("#id_login").input_value() == "teacher"
    assert page.locator("#id_password").input_value() == ""


@pytest.mark.parametrize(
    ("role", "path", "field"),
    [
        ("national", "/en/schools/?sector=nope", "id_sector"),
        ("teacher", "/en/account/", "id_preferred_language"),
    ],
)
def test_summary_links_reach_the_field_by_keyboard(open_page, server, role, path, field):
    page = open_page(role)
    page.goto(server.url + path)
    if path.endswith("/account/"):
        page.locator("input[name=preferred_language]").evaluate_all(
            "inputs => inputs.forEach(input => { input.checked = false; })"
        )
        page.locator("main button[type=submit]").click()
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    page.keyboard.press("Tab")  # the summary has focus; its first link is next
    assert focused(page, "el => el.closest('.govuk-error-summary') !== null")
    page.keyboard.press("Enter")
    assert focused(page, "el => el.id") == field
