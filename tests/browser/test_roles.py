"""Signing in through the form as different roles, each seeing what that role may see."""

from __future__ import annotations

from tests.browser.conftest import DEMO_NAMES, html_lang, sign_in


def school_count(page) -> str:
    return page.locator("main [role=status]").inner_text().strip()


def test_teacher_signs_in_in_welsh_and_cannot_see_the_staff_list(page, server):
    sign_in(page, server, "teacher", language="cy")
    assert html_lang(page) == "cy"
    assert DEMO_NAMES["teacher"] in page.locator("h1").inner_text()
    page.locator("main table a").first.click()
    page.wait_for_url(f"**/cy/schools/{server.demo.home_school}/")
    assert page.locator(f"a[href$='/schools/{server.demo.home_school}/staff/']").count() == 0
    response = page.goto(f"{server.url}/cy/schools/{server.demo.home_school}/staff/")
    assert response.status == 404
    assert html_lang(page) == "cy"


def test_head_follows_the_staff_list_link_from_their_school(page, server):
    sign_in(page, server, "head")
    page.goto(f"{server.url}/en/schools/{server.demo.home_school}/")
    page.get_by_role("link", name="View the staff list").click()
    page.wait_for_url(f"**/en/schools/{server.demo.home_school}/staff/")
    assert page.locator("h1").inner_text().strip() == "Staff"
    assert page.locator("main tbody tr").count() > 1
    response = page.goto(f"{server.url}/en/schools/{server.demo.other_school}/staff/")
    assert response.status == 404


def test_la_officer_sees_only_their_authoritys_schools(page, server):
    sign_in(page, server, "laofficer")
    page.get_by_role("link", name="Schools", exact=True).first.click()
    page.wait_for_url("**/en/schools/")
    assert school_count(page) == f"{server.demo.cardiff_count} schools"
    authorities = page.locator("main tbody tr td:nth-child(2)").all_inner_texts()
    assert authorities
    assert {text.strip() for text in authorities} == {"Cardiff"}
    response = page.goto(f"{server.url}/en/schools/{server.demo.other_school}/")
    assert response.status == 404


def test_national_officer_sees_every_school(page, server):
    sign_in(page, server, "national")
    page.goto(f"{server.url}/en/schools/")
    assert school_count(page) == f"{server.demo.school_count} schools"
    assert page.locator("nav.govuk-pagination").is_visible()
    response = page.goto(f"{server.url}/en/schools/{server.demo.other_school}/")
    assert response.status == 200


def test_signing_out_asks_first_and_then_signs_out(page, server):
    sign_in(page, server, "assistant")
    page.get_by_role("link", name="Sign out").click()
    page.wait_for_url("**/en/accounts/logout/")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{server.url}/en/")
    assert page.get_by_role("link", name="Sign in", exact=True).first.is_visible()
    response = page.goto(f"{server.url}/en/account/")
    assert "/en/accounts/login/" in response.url
