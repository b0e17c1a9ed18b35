"""Home pages say what each person can do now; staff lead to scoped person pages."""

from __future__ import annotations

import re

import pytest

from core.roles import Role
from people import services
from tests.factories import EmploymentFactory, PersonFactory, UserFactory


def _tasks(world, role: str, language: str = "en") -> list[str]:
    html = world.client(role).get(f"/{language}/").content.decode()
    block = html.split('class="govuk-list hawl-tasks"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="govuk-link" href="([^"]+)">', block)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", ["/en/catalogue/", "/en/schools/", "/en/account/"]),
        (
            "head",
            [
                "/en/schools/6814000/learning/",
                "/en/schools/6814000/staff/",
                "/en/schools/6814000/staff/import/",
                "/en/catalogue/",
                "/en/schools/",
                "/en/account/",
            ],
        ),
        ("laofficer", ["/en/schools/", "/en/schools/", "/en/account/"]),
        ("national", ["/en/schools/", "/en/schools/", "/en/schools/import/", "/en/account/"]),
        ("provider", ["/en/account/"]),
    ],
)
def test_each_home_page_lists_what_that_person_can_do(world, role, expected):
    assert _tasks(world, role) == expected


def test_a_provider_sees_their_provider_not_a_list_of_schools(world):
    html = world.client("provider").get("/en/").content.decode()
    assert "Your organisation" in html
    assert "National Academy for Educational Leadership" in html
    assert 'href="/en/schools/"' not in html
    assert world.client("provider").get("/en/schools/").status_code == 404


def test_someone_with_no_role_is_told_why_there_is_little_to_see(world):
    html = world.client("nobody").get("/cy/").content.decode()
    assert 'lang="cy"' in html
    assert "/cy/account/" in html


def test_the_staff_list_names_roles_as_every_other_page_does(world):
    html = world.client("head").get("/en/schools/6814000/staff/").content.decode()
    row = html.split(world.users["head"].display_name, 1)[1].split("</tr>", 1)[0]
    assert "Headteacher" in row
    assert "Leader" not in row


def test_the_staff_list_leaves_out_a_column_nobody_has(world):
    html = world.client("head").get("/en/schools/6814000/staff/").content.decode()
    assert "Job title" not in html  # the world fixture's staff have none
    first = world.users["teacher"].person.employments.get()
    first.job_title = "Head of mathematics"
    first.save()
    html = world.client("head").get("/en/schools/6814000/staff/").content.decode()
    assert "Job title" in html
    assert "Head of mathematics" in html


def test_staff_names_lead_to_a_person_page(world):
    html = world.client("head").get("/en/schools/6814000/staff/").content.decode()
    assert 'href="/en/people/teacher/"' in html
    page = world.client("head").get("/en/people/teacher/").content.decode()
    assert world.users["teacher"].display_name in page
    assert "Cardiff High School" in page


def test_a_person_page_shows_only_the_jobs_the_viewer_reaches(world):
    supply = PersonFactory(user=UserFactory(username="supplyperson"), role_type="supply_teacher")
    EmploymentFactory(person=supply, school=world.school_a, role_type="supply_teacher", fte="0.2")
    EmploymentFactory(person=supply, school=world.school_c, role_type="supply_teacher", fte="0.2")
    page = world.client("head").get("/en/people/supplyperson/").content.decode()
    assert "Cardiff High School" in page
    assert "Newport Primary School" not in page
    national = world.client("national").get("/en/people/supplyperson/").content.decode()
    assert "Newport Primary School" in national


@pytest.mark.parametrize(
    ("viewer", "status"), [("head_c", 404), ("teacher", 404), ("laofficer", 200)]
)
def test_a_person_page_is_404_outside_the_viewers_reach(world, viewer, status):
    assert world.client(viewer).get("/en/people/teacher/").status_code == status


def test_a_person_page_lists_roles_at_schools_in_reach(world):
    services.role_grant_create(
        user=world.users["teacher"], role=Role.PL_LEAD, organisation=world.school_a
    )
    page = world.client("laofficer").get("/cy/people/teacher/").content.decode()
    assert "Arweinydd dysgu proffesiynol" in page


@pytest.mark.parametrize(
    ("role", "shown"), [("teacher", False), ("head", False), ("laofficer", True)]
)
def test_the_footer_offers_the_api_to_officers_and_token_holders(world, role, shown):
    def has_link() -> bool:
        return 'href="/en/api/"' in world.client(role).get("/en/account/").content.decode()

    assert has_link() is shown
    services.api_token_create(user=world.users[role])
    assert has_link() is True


def test_where_you_work_names_the_role_held_there_and_dates_in_full(world):
    html = world.client("head").get("/en/").content.decode()
    work = html.split('id="work-caption"', 1)[1].split("</table>", 1)[0]
    assert "Headteacher" in work
    assert "Leader" not in work
    assert "1 September 2020" in work
    welsh = world.client("head").get("/cy/").content.decode()
    assert "1 Medi 2020" in welsh
