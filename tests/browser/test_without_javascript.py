"""Everything works with JavaScript off: signing in, the directory's filters, saving a form."""

from __future__ import annotations

import pytest

from tests.browser.conftest import html_lang, sign_in


@pytest.fixture
def page(open_page):
    return open_page(javascript=False)


def test_sign_in_and_filter_the_directory(page, server):
    sign_in(page, server, "national")
    assert "js-enabled" not in page.locator("body").get_attribute("class")
    page.get_by_role("link", name="Schools", exact=True).first.click()
    page.locator("#id_la").select_option(label="Cardiff")
    page.locator("#id_sector").select_option("primary")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/en/schools/?*")
    assert "la=681" in page.url
    assert "sector=primary" in page.url
    rows = page.locator("main tbody tr")
    assert rows.count() > 0
    for row in rows.all():
        assert row.locator("td").nth(1).inner_text().strip() == "Cardiff"
        assert row.locator("td").nth(2).inner_text().strip() == "Primary"
    rows.first.locator("a").click()
    page.wait_for_url("**/en/schools/681*/")


def test_pagination_keeps_the_filters(page, server):
    sign_in(page, server, "national")
    page.goto(f"{server.url}/en/schools/?sector=primary")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/en/schools/?*page=2*")
    assert "sector=primary" in page.url
    assert page.locator("#id_sector").input_value() == "primary"


def test_skip_link_and_error_summary_links_move_focus(page, server):
    page.goto(f"{server.url}/en/accounts/login/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.get_by_role("button", name="Sign in").click()
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_login"


def test_saving_the_preferred_language_switches_to_it(page, server):
    sign_in(page, server, "supply")
    page.goto(f"{server.url}/en/account/")
    page.get_by_label("Cymraeg").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{server.url}/cy/account/")
    assert html_lang(page) == "cy"
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.get_by_label("Cymraeg").is_checked()
