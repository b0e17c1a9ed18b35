"""Find, filter and book professional learning in a real browser, wide and at 320 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check, html_lang, sign_in
from tests.catalogue.support import make_opportunity, make_session

# Nothing but a data table's own scroll region may be wider than the window (WCAG 1.4.10).
OVERFLOWING = """width => [...document.body.querySelectorAll('*')]
    .filter(el => !el.closest('.hawl-table-scroll') && el.getBoundingClientRect().right > width + 1)
    .map(el => el.outerHTML.slice(0, 100))"""


def fits(page, width: int) -> None:
    assert page.evaluate(OVERFLOWING, width) == [], f"wider than {width}px on {page.url}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def checked(page, width: int) -> None:
    axe_check(page)
    fits(page, width)


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 320])
def test_find_filter_and_book(open_page, server, width):
    wanted = make_opportunity(
        title_en=f"Browser coaching {width}",
        title_cy=f"Hyfforddi yn y porwr {width}",
        standards=["pedagogy"],
        endorsement="endorsed",
    )
    session = make_session(wanted, capacity=3, days=21)
    make_opportunity(title_en=f"Browser leading {width}", standards=["leadership"])
    page = open_page()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, server, "assistant")

    page.goto(f"{server.url}/en/catalogue/")
    assert page.locator("main h1").inner_text() == "Find professional learning"
    checked(page, width)

    page.locator("#filter-standard-1").check()  # Pedagogy, the first standard
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/en/catalogue/?*standard=pedagogy*")
    results = page.locator(".hawl-results")
    assert results.get_by_role("link", name=f"Browser coaching {width}").count() == 1
    assert results.get_by_role("link", name=f"Browser leading {width}").count() == 0
    assert page.locator(".hawl-chosen__tag", has_text="Pedagogy").is_visible()
    checked(page, width)

    results.get_by_role("link", name=f"Browser coaching {width}").click()
    page.wait_for_url(f"**/en/catalogue/{wanted.pk}/")
    checked(page, width)

    page.locator(f"form[action='/en/catalogue/sessions/{session.pk}/book/'] button").click()
    page.wait_for_url("**/en/bookings/*/")
    banner = page.locator(".govuk-notification-banner--success")
    assert f"You have a place on Browser coaching {width}." in banner.inner_text()
    checked(page, width)

    page.get_by_role("link", name="Cymraeg", exact=True).click()
    page.wait_for_load_state()
    assert html_lang(page) == "cy"
    assert page.locator("main h1").inner_text() == f"Hyfforddi yn y porwr {width}"
    checked(page, width)

    page.goto(f"{server.url}/cy/bookings/")
    assert (
        page.locator("main").get_by_role("link", name=f"Hyfforddi yn y porwr {width}").is_visible()
    )
    checked(page, width)
