"""The pages: home per role, the schools directory, a school, its staff, my account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.factories import EmploymentFactory, SchoolFactory


def test_home_for_a_visitor_offers_sign_in(client, db):
    html = client.get("/en/").content.decode()
    assert 'href="/en/accounts/login/"' in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", ["Cardiff High School", "Teacher"]),
        ("head", ["Cardiff High School", "Headteacher"]),
        ("laofficer", ["Local authority officer", "Cardiff"]),
        ("regionofficer", ["Region officer", "Central South Consortium"]),
        ("national", ["National officer", "Welsh Government"]),
        ("clusterlead", ["Cluster lead", "Cardiff High cluster"]),
        ("provider", ["Provider administrator", "National Academy for Educational Leadership"]),
    ],
)
def test_home_shows_the_users_organisations_and_roles(world, role, expected):
    html = world.client(role).get("/en/").content.decode()
    for text in expected:
        assert text in html


def test_home_in_welsh_shows_welsh_role_and_organisation_names(world):
    html = world.client("laofficer").get("/cy/").content.decode()
    assert "Swyddog awdurdod lleol" in html
    assert "Caerdydd" in html


def test_directory_filters_by_la_region_sector_and_language(world):
    client = world.client("national")

    def codes(query):
        response = client.get("/en/schools/" + query)
        assert response.status_code == 200
        return {school.code for school in response.context["page_obj"]}

    assert codes("?la=681") == {"6814000", "6812001"}
    assert codes("?region=EAS") == {"6802002"}
    assert codes("?region=PART") == {"6702003"}
    assert codes("?sector=secondary") == {"6814000"}
    assert codes("?language_category=welsh-medium") == {"6812001"}
    assert codes("?q=roath") == {"6812001"}
    assert codes("?q=Rhath") == {"6812001"}
    assert codes("?q=6802") == {"6802002"}
    assert codes("?la=681&sector=primary") == {"6812001"}


def test_directory_reports_an_unknown_filter_value_and_shows_everything(world):
    response = world.client("national").get("/en/schools/?sector=nope")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert '<a href="#id_sector">Select an option from the list</a>' in html
    assert html.count("<title>Error:") == 1
    assert response.context["page_obj"].paginator.count == 4


def test_directory_paginates(world, settings):
    settings.HAWL_PAGE_SIZE = 2
    client = world.client("national")
    first = client.get("/en/schools/")
    second = client.get("/en/schools/?page=2")
    names_first = [s.code for s in first.context["page_obj"]]
    names_second = [s.code for s in second.context["page_obj"]]
    assert len(names_first) == len(names_second) == 2
    assert not set(names_first) & set(names_second)
    assert 'href="?page=2"' in first.content.decode()


def _grow(world, schools: int, staff: int) -> None:
    for index in range(schools):
        school = SchoolFactory(code=f"681{5000 + index}", la=world.cardiff)
        for _ in range(staff):
            EmploymentFactory(school=school)
    for _ in range(staff):
        EmploymentFactory(school=world.school_a)


@pytest.mark.parametrize("rows", [0, 30])
def test_directory_query_count_does_not_grow_with_rows(world, rows, django_assert_num_queries):
    _grow(world, rows, 0)
    client = world.client("laofficer")
    client.get("/en/schools/")  # warm the session
    # session, user, roles held (grants and employments in one), the cached filter options
    # (one read), count, page; what the LA reaches is a join against the closure.
    with django_assert_num_queries(6):
        assert client.get("/en/schools/").status_code == 200


@pytest.mark.parametrize("rows", [0, 30])
def test_staff_list_query_count_does_not_grow_with_rows(world, rows, django_assert_num_queries):
    _grow(world, 0, rows)
    client = world.client("head")
    client.get("/en/schools/6814000/staff/")
    # 8, one for the roles the page's people hold at the school (Headteacher, PL lead), and
    # one for whether a head who is no officer holds an API token (the footer's API link).
    with django_assert_num_queries(10):
        assert client.get("/en/schools/6814000/staff/").status_code == 200


def test_school_page_shows_its_facts_in_both_languages(world):
    en = world.client("head").get("/en/schools/6814000/").content.decode()
    cy = world.client("head").get("/cy/schools/6814000/").content.decode()
    for text in [
        "Cardiff High School",
        "Cardiff",
        "Central South Consortium",
        "Secondary",
        "Cardiff High cluster",
        "12.5",
        "/en/schools/6814000/staff/",
    ]:
        assert text in en
    for text in ["Ysgol Uwchradd Caerdydd", "Caerdydd", "Consortiwm Canolbarth y De", "Uwchradd"]:
        assert text in cy


def test_school_page_hides_the_staff_link_from_those_who_may_not_see_it(world):
    html = world.client("teacher").get("/en/schools/6814000/").content.decode()
    assert "/staff/" not in html


def test_staff_list_shows_current_staff_only(world):
    import datetime

    leaver = EmploymentFactory(school=world.school_a, ends_on=datetime.date(2021, 7, 31))
    html = world.client("head").get("/en/schools/6814000/staff/").content.decode()
    assert world.users["teacher"].get_full_name() in html
    assert leaver.person.user.get_full_name() not in html


def test_account_saves_the_preferred_language_and_switches(world):
    client = world.client("teacher")
    response = client.post("/en/account/", {"preferred_language": "cy"})
    assert response.status_code == 302
    assert response["Location"] == "/cy/account/"
    world.users["teacher"].refresh_from_db()
    assert world.users["teacher"].preferred_language == "cy"
    html = client.get(response["Location"]).content.decode()
    assert "Mae eich dewis iaith wedi’i gadw." in html


def test_account_rejects_a_bad_language_with_a_field_error(world):
    response = world.client("teacher").post("/en/account/", {"preferred_language": "fr"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "govuk-error-message" in html
    world.users["teacher"].refresh_from_db()
    assert world.users["teacher"].preferred_language == "en"


def test_sign_in_with_a_wrong_password_explains_in_welsh(client, world):
    response = client.post("/cy/accounts/login/", {"login": "teacher", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nid yw’r enw defnyddiwr na’r cyfrinair yn gywir." in html
    assert "<title>Gwall:" in html


def test_sign_in_and_out(client, world, password):
    response = client.post("/en/accounts/login/", {"login": "teacher", "password": password})
    assert response.status_code == 302
    assert "Cardiff High School" in client.get("/en/").content.decode()
    client.post("/en/accounts/logout/")
    assert 'href="/en/accounts/login/"' in client.get("/en/").content.decode()


def test_passwords_are_hashed_with_argon2(world, password, settings):
    from config import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # tests run with a faster one
    user = get_user_model().objects.get(username="teacher")
    user.set_password(password)
    assert user.password.startswith("argon2")


def test_nobody_can_sign_up(client, db):
    assert client.get("/en/accounts/signup/").status_code == 404


def test_healthz_says_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_admin_is_for_platform_administrators_only(world):
    assert world.client("admin").get("/en/admin/").status_code == 200
    national = world.users["national"]
    national.is_staff = True
    national.save()
    assert world.client("national").get("/en/admin/").status_code == 302


def test_admin_pages_link_to_the_other_language(world):
    html = world.client("admin").get("/cy/admin/").content.decode()
    assert 'href="/en/admin/"' in html
    assert '<html lang="cy"' in html


def test_import_links_show_only_to_those_who_may_import(world):
    assert "/en/schools/import/" in world.client("national").get("/en/schools/").content.decode()
    assert (
        "/en/schools/import/" not in world.client("laofficer").get("/en/schools/").content.decode()
    )
    staff_import = "/en/schools/6814000/staff/import/"
    head_page = world.client("head").get("/en/schools/6814000/staff/").content.decode()
    assert staff_import in head_page
    officer_page = world.client("laofficer").get("/en/schools/6814000/staff/").content.decode()
    assert staff_import not in officer_page


def test_the_directory_lists_welsh_names_alphabetically_in_welsh(world):
    english = world.client("national").get("/en/schools/").context["page_obj"]
    welsh = world.client("national").get("/cy/schools/").context["page_obj"]
    assert [s.code for s in english] == ["6814000", "6802002", "6812001", "6702003"]
    # Swansea has no Welsh name, so it sorts by its English one
    assert [s.code for s in welsh] == ["6702003", "6802002", "6812001", "6814000"]


def test_officers_are_not_told_they_have_no_school(world):
    assert "Where you work" not in world.client("laofficer").get("/en/").content.decode()
    assert "Where you work" in world.client("teacher").get("/en/").content.decode()
