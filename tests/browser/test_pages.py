"""Every page, in Welsh and in English: axe finds nothing serious, and the language is right."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import LANGUAGES, SWITCH_LABEL, axe_check, html_lang
from tests.browser.pages import SCREENS

# WCAG 1.4.10 Reflow: at 320 CSS pixels the page never scrolls sideways; a data table may scroll
# inside its own region, which must be labelled and reachable by keyboard.
NARROW = {"width": 320, "height": 256}
WIDE = {"width": 1280, "height": 720}  # Playwright's default
DOCUMENT_WIDTH = "() => document.documentElement.scrollWidth"
OVERFLOWING = """() => [...document.body.querySelectorAll('*')]
    .filter(el => !el.closest('.hawl-table-scroll') && el.getBoundingClientRect().right > 321)
    .map(el => el.outerHTML.slice(0, 100))"""
TABLES_OUTSIDE_A_REGION = """() => [...document.querySelectorAll('main table')]
    .filter(table => {
        const region = table.closest('.hawl-table-scroll');
        const label = region && document.getElementById(region.getAttribute('aria-labelledby'));
        return !region || region.getAttribute('role') !== 'region' || region.tabIndex !== 0
            || !label;
    }).length"""


def test_axe_check_fails_on_a_serious_violation(page):
    """The helper itself: a page with an unlabelled field and an image without alt fails."""
    page.set_content(
        '<html lang="en"><body><main><h1>Broken</h1><img src="x.png">'
        '<input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)[\s\S]*label"):
        axe_check(page)


def visit(open_page, server, screen, language):
    page = open_page(screen.role)
    path = f"/{language}" + screen.path.format(home_school=server.demo.home_school)
    response = page.goto(server.url + path)
    assert response.status == screen.status, f"{path}: {response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, "redirected: signed in as the role?"
    if screen.then:
        screen.then(page)
    return page, path


def switch_language(page, server, path, language):
    """Follow the switch to the other language: the same path and query, the other ``lang``."""
    other = "cy" if language == "en" else "en"
    switch = page.get_by_role("link", name=SWITCH_LABEL[other], exact=True)
    assert switch.get_attribute("lang") == other
    switch.click()
    page.wait_for_load_state()
    landed = urlsplit(page.url)
    wanted = urlsplit(server.url + f"/{other}" + path.removeprefix(f"/{language}"))
    assert (landed.path, landed.query) == (wanted.path, wanted.query)
    assert html_lang(page) == other
    current = page.locator("[aria-current=true]", has_text=SWITCH_LABEL[other])
    assert current.get_attribute("lang") == other


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS, ids=str)
def test_page_is_accessible_and_switches_language(open_page, server, screen, language):
    """One visit per page and language: structure, axe, reflow, then the language switch."""
    page, path = visit(open_page, server, screen, language)
    assert html_lang(page) == language
    assert page.locator("a.govuk-skip-link").get_attribute("href") == "#main-content"
    assert page.locator("main#main-content h1").count() == 1
    assert page.title().strip()
    axe_check(page)
    assert page.evaluate(TABLES_OUTSIDE_A_REGION) == 0, "a table outside a labelled scroll region"
    page.set_viewport_size(NARROW)
    assert page.evaluate(OVERFLOWING) == [], "content wider than 320px (400% zoom)"
    assert page.evaluate(DOCUMENT_WIDTH) <= NARROW["width"], "the page scrolls sideways at 320px"
    page.set_viewport_size(WIDE)
    switch_language(page, server, path, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_on_a_missing_page_keeps_the_path(page, server, language):
    path = f"/{language}/no-such-page/"
    assert page.goto(server.url + path).status == 404
    switch_language(page, server, path, language)
