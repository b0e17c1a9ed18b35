"""Hawl by keyboard alone: skip link, signing in, filtering the directory, visible focus."""

from __future__ import annotations

import pytest

from people.seed import DEMO_PASSWORD
from tests.browser.conftest import DEMO_NAMES, FOCUS_VISIBLE, LANGUAGES, focused, tab_to

LAST_TAB_STOPS = 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_tab_reaches_the_skip_link_and_enter_moves_to_main(page, server, language):
    page.goto(f"{server.url}/{language}/")
    page.keyboard.press("Tab")
    assert focused(page, "el => el.classList.contains('govuk-skip-link')")
    skip = page.locator("a.govuk-skip-link")
    assert skip.is_visible()
    assert focused(page, FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    assert focused(page, "el => el.id") == "main-content"


def test_sign_in_with_the_keyboard_only(page, server):
    page.goto(f"{server.url}/en/accounts/login/")
    tab_to(page, "#id_login")
    page.keyboard.type("head@demo.hawl.example")
    page.keyboard.press("Tab")
    assert focused(page, "el => el.id") == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/en/")
    assert DEMO_NAMES["head"] in page.locator("h1").inner_text()


def test_filter_the_directory_and_open_a_school_with_the_keyboard_only(open_page, server):
    page = open_page("national")
    page.goto(f"{server.url}/en/schools/")
    tab_to(page, "#id_sector")
    page.keyboard.type("Primary")  # type-ahead picks the option without opening the list
    assert page.locator("#id_sector").input_value() == "primary"
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/schools/?*sector=primary*")
    assert page.locator("#id_sector").input_value() == "primary"
    tab_to(page, "main table a")
    name = focused(page, "el => el.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/schools/*/")
    assert page.locator("h1").inner_text().strip() == name
    assert "Primary" in page.locator("main dl").inner_text()


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (None, "/en/"),
        (None, "/en/accounts/login/"),
        ("national", "/en/schools/?sector=primary&page=2"),
        ("head", "/en/schools/{home_school}/"),
        ("teacher", "/en/account/"),
    ],
)
def test_every_tab_stop_shows_where_focus_is(open_page, server, role, path):
    page = open_page(role)
    page.goto(server.url + path.format(home_school=server.demo.home_school))
    seen = []
    for _ in range(LAST_TAB_STOPS):
        page.keyboard.press("Tab")
        if focused(page, "el => el === document.body"):
            break
        where = focused(page, "el => el.outerHTML.slice(0, 120)")
        seen.append(where)
        assert focused(page, FOCUS_VISIBLE), f"no visible focus on {where}"
    else:
        raise AssertionError(f"Tab never left the page after {LAST_TAB_STOPS} stops")
    assert len(seen) > 5
