"""A head imports staff, confirms that many will leave, then finds the import and undoes it.

Every page on the way is checked with axe, in English and in Welsh. The undo at the end puts the
demo back as it was (the import's record stays, marked undone).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import axe_check

STAFF = Path(__file__).resolve().parent.parent / "people" / "data" / "staff_mis_export.csv"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_import_many_leavers_then_undo_from_the_record(open_page, server, language):
    page = open_page("head")
    school = server.demo.home_school
    page.goto(f"{server.url}/{language}/schools/{school}/staff/import/")
    page.locator("input[name=end_missing][value=yes]").check()
    page.locator("input[type=file]").set_input_files(STAFF)
    page.locator("main button[type=submit]").click()
    page.locator("#id_confirm").wait_for()
    axe_check(page)

    page.locator("main button.govuk-button--warning").click()  # without ticking the box
    page.locator(".govuk-error-summary").wait_for()
    axe_check(page)
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_confirm"

    page.locator("#id_confirm").check()
    page.locator("main button.govuk-button--warning").click()
    page.wait_for_url(f"**/{language}/schools/{school}/staff/")
    assert page.locator(".govuk-notification-banner--success").is_visible()

    page.goto(f"{server.url}/{language}/schools/{school}/staff/imports/")
    axe_check(page)
    page.locator("main tbody tr a").first.click()
    page.wait_for_url(f"**/{language}/schools/{school}/staff/imports/*/")
    axe_check(page)
    page.locator("main a.govuk-button--warning").click()
    page.wait_for_url("**/undo/")
    axe_check(page)
    page.locator("main button.govuk-button--warning").click()
    page.wait_for_url(f"**/{language}/schools/{school}/staff/imports/*/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.locator("main .govuk-tag--grey").count() == 1  # undone
    axe_check(page)
