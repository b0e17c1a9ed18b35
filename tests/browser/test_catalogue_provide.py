"""A provider adds an opportunity and a session, wide and narrow, in English and in Welsh.

Every page on the way is checked with axe, and at 320 CSS pixels nothing but a table's own
scroll region may be wider than the screen. What the test adds (an opportunity and a session of
the demo's national body) no other test reads.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.browser.conftest import LANGUAGES, axe_check, focused, html_lang
from tests.browser.test_pages import DOCUMENT_WIDTH, OVERFLOWING, TABLES_OUTSIDE_A_REGION

WIDTHS = {"wide": {"width": 1280, "height": 900}, "narrow": {"width": 320, "height": 640}}


def check(page: Page, language: str, width: int) -> None:
    """The page as served: its language, one h1, axe, tables in regions, nothing too wide."""
    assert html_lang(page) == language
    assert page.locator("main#main-content h1").count() == 1
    axe_check(page)
    assert page.evaluate(TABLES_OUTSIDE_A_REGION) == 0
    if width <= 320:
        assert page.evaluate(OVERFLOWING) == [], f"content wider than 320px on {page.url}"
        assert page.evaluate(DOCUMENT_WIDTH) <= 320, f"the page scrolls sideways on {page.url}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", WIDTHS, ids=str)
def test_a_provider_adds_an_opportunity_and_a_session(open_page, server, language, size):
    viewport = WIDTHS[size]
    page = open_page("provider")
    page.set_viewport_size(viewport)
    title = f"Coaching conversations ({language}, {size})"
    welsh = f"Sgyrsiau hyfforddi ({language}, {size})"

    page.goto(f"{server.url}/{language}/catalogue/manage/")
    check(page, language, viewport["width"])
    page.locator("main a.govuk-button").first.click()
    page.wait_for_url("**/catalogue/manage/new/")
    check(page, language, viewport["width"])

    # Published without the Welsh: the summary links to each field that needs it.
    page.locator("#id_title_en").fill(title)
    page.locator("#id_summary_en").fill("Coaching that moves teaching on.")
    page.locator("input[name=status][value=published]").check()
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error:" if language == "en" else "Gwall:")
    check(page, language, viewport["width"])
    summary.locator("a[href='#id_title_cy']").click()
    assert focused(page, "el => el.id") == "id_title_cy"
    assert page.locator("#id_title_cy").get_attribute("lang") == "cy"
    assert page.locator("#id_title_en").input_value() == title  # kept

    page.locator("#id_title_cy").fill(welsh)
    page.locator("#id_summary_cy").fill("Hyfforddi sy’n symud addysgu ymlaen.")
    for choice in (
        "language][value=bilingual",
        "level][value=national",
        "delivery][value=live",
        "standards][value=pedagogy",
        "topics][value=coaching",
    ):
        page.locator(f"input[name={choice}]").check()
    page.locator("#id_hours").fill("6")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/catalogue/manage/*/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    check(page, language, viewport["width"])

    page.locator("main a[href$='/sessions/new/']").click()
    page.wait_for_url("**/sessions/new/")
    check(page, language, viewport["width"])
    day = timezone.localdate() + datetime.timedelta(days=40)
    page.locator("#id_date_0").fill(str(day.day))
    page.locator("#id_date_1").fill(str(day.month))
    page.locator("#id_date_2").fill(str(day.year))
    page.locator("#id_start_time").fill("09:30")
    page.locator("#id_end_time").fill("15:30")
    page.locator("#id_capacity").fill("24")
    page.locator("input[name=language][value=cy]").check()
    page.locator("#id_venue").fill("Canolfan y Celfyddydau, Aberystwyth")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/catalogue/manage/sessions/*/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert len(page.locator("#check-in-code").inner_text().strip()) == 6
    assert page.locator("[data-count=capacity]").inner_text() == "24"
    check(page, language, viewport["width"])

    page.goto(f"{server.url}/{language}/catalogue/manage/?status=published")
    shown = title if language == "en" else welsh
    assert page.locator("main table", has_text=shown).count() == 1
    check(page, language, viewport["width"])
