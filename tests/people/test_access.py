"""The access policy: every route declares a rule, and the role × page boundaries hold."""

from __future__ import annotations

import datetime
import functools

import pytest
from django.urls import URLResolver, get_resolver

from config.api import api
from core import access
from core.roles import Role
from organisations import selectors as organisation_selectors
from organisations.models import Organisation, OrganisationKind, OrganisationLink
from tests.factories import RoleGrantFactory, UserFactory


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                pattern.namespace or namespace,
            )
        else:
            yield prefix + str(pattern.pattern), pattern.callback, namespace


def _module(callback) -> str:
    target = callback.func if isinstance(callback, functools.partial) else callback
    return target.__module__


def test_every_route_declares_an_access_rule():
    undeclared = []
    for route, callback, namespace in _walk(get_resolver().url_patterns):
        if hasattr(callback, "access_rule") or namespace in access.THIRD_PARTY_RULES:
            continue
        module = _module(callback)
        if module.startswith("ninja."):
            continue  # API operations are checked one by one below
        if any(module.startswith(prefix) for prefix in access.THIRD_PARTY_RULES):
            continue
        undeclared.append(f"{route} ({module})")
    assert undeclared == []


def test_every_api_operation_declares_an_access_rule():
    undeclared = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not hasattr(operation.view_func, "access_rule"):
                    undeclared.append(path)
    assert undeclared == []


def test_unknown_actions_and_models_are_refused(world):
    with pytest.raises(PermissionError):
        access.can(world.users["national"], "people.no_such_action", world.school_a)
    with pytest.raises(PermissionError):
        access.visible(world.users["national"], OrganisationLink.objects.all())


def test_a_user_with_no_role_reaches_nothing(world):
    assert access.visible(world.users["nobody"], Organisation.objects.all()).count() == 0


SCHOOLS_SEEN = {
    "teacher": {"6814000"},
    "assistant": {"6814000"},
    "head": {"6814000"},
    "head_c": {"6802002"},
    "pllead": {"6814000"},
    "governor": {"6814000"},
    "clusterlead": {"6814000", "6812001"},
    "laofficer": {"6814000", "6812001"},
    "regionofficer": {"6814000", "6812001"},
    "national": {"6814000", "6812001", "6802002", "6702003"},
    "admin": {"6814000", "6812001", "6802002", "6702003"},
    "provider": set(),
}


@pytest.mark.parametrize(("role", "expected"), SCHOOLS_SEEN.items())
def test_schools_each_role_sees(world, role, expected):
    response = world.client(role).get("/api/v1/schools", HTTP_AUTHORIZATION="")
    seen = {
        school.code
        for school in organisation_selectors.school_list(
            user=world.users[role], filters=organisation_selectors.SchoolFilters()
        )
    }
    assert seen == expected
    assert response.status_code == 401  # the API wants a token, not a session


# (role, school page, expected status) for another school's pages
PAGE_MATRIX = [
    ("teacher", "6814000", 200),
    ("teacher", "6802002", 404),
    ("head", "6814000", 200),
    ("head", "6802002", 404),
    ("laofficer", "6812001", 200),
    ("laofficer", "6802002", 404),
    ("laofficer", "6702003", 404),
    ("regionofficer", "6812001", 200),
    ("regionofficer", "6702003", 404),
    ("national", "6702003", 200),
    ("provider", "6814000", 404),
    ("nobody", "6814000", 404),
]


@pytest.mark.parametrize(("role", "school", "status"), PAGE_MATRIX)
def test_school_page_boundaries(world, role, school, status):
    assert world.client(role).get(f"/en/schools/{school}/").status_code == status


STAFF_MATRIX = [
    ("head", 200),
    ("pllead", 200),
    ("laofficer", 200),
    ("regionofficer", 200),
    ("national", 200),
    ("admin", 200),
    ("teacher", 404),
    ("assistant", 404),
    ("governor", 404),
    ("clusterlead", 404),
    ("head_c", 404),
    ("provider", 404),
    ("nobody", 404),
]


@pytest.mark.parametrize(("role", "status"), STAFF_MATRIX)
def test_staff_list_boundaries(world, role, status):
    """Another school's staff list is a 404, not a 403 and never a 200."""
    assert world.client(role).get("/en/schools/6814000/staff/").status_code == status


def test_anonymous_users_are_sent_to_sign_in(client, world):
    for path in [
        "/en/schools/",
        "/en/schools/6814000/",
        "/en/schools/6814000/staff/",
        "/en/account/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")


def test_a_missing_school_and_a_forbidden_one_look_the_same(world):
    client = world.client("head")
    missing = client.get("/en/schools/9999999/")
    forbidden = client.get("/en/schools/6802002/")
    assert missing.status_code == forbidden.status_code == 404
    assert missing.content.replace(b"9999999", b"") == forbidden.content.replace(b"6802002", b"")


def test_grants_count_only_between_their_dates(world):
    user = UserFactory(username="former")
    RoleGrantFactory(
        user=user,
        role=Role.LA_OFFICER,
        organisation=world.newport,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 8, 31),
    )
    assert access.can(user, "people.staff.view", world.school_c, on=datetime.date(2024, 8, 31))
    assert not access.can(user, "people.staff.view", world.school_c)
    assert world.users["nobody"].__class__.objects.get(username="former")


def test_an_la_officer_sees_the_schools_of_their_la_only(world):
    visible = access.visible(
        world.users["laofficer"], Organisation.objects.filter(kind=OrganisationKind.SCHOOL)
    )
    assert set(visible.values_list("code", flat=True)) == {"6814000", "6812001"}


class TestDatedRegionMembership:
    MOVE = datetime.date(2027, 4, 1)

    @pytest.fixture
    def moved(self, world):
        """Newport leaves EAS for a new partnership on MOVE."""
        partnership = Organisation.objects.create(
            kind=OrganisationKind.REGION,
            code="SEWP",
            name_en="South East Wales Partnership",
            name_cy="Partneriaeth De-ddwyrain Cymru",
        )
        link = OrganisationLink.objects.get(parent=world.eas, child=world.newport)
        link.ends_on = self.MOVE - datetime.timedelta(days=1)
        link.save()
        OrganisationLink.objects.create(
            parent=partnership, child=world.newport, starts_on=self.MOVE
        )
        officer = UserFactory(username="eas_officer")
        RoleGrantFactory(user=officer, role=Role.REGION_OFFICER, organisation=world.eas)
        new_officer = UserFactory(username="sewp_officer")
        RoleGrantFactory(
            user=new_officer,
            role=Role.REGION_OFFICER,
            organisation=partnership,
            starts_on=datetime.date(2027, 1, 1),
        )
        return partnership, officer, new_officer

    def test_which_region_an_la_was_in_on_a_date(self, world, moved):
        partnership, _officer, _new = moved
        before = self.MOVE - datetime.timedelta(days=1)
        assert (
            organisation_selectors.region_of(local_authority=world.newport, day=before) == world.eas
        )
        assert (
            organisation_selectors.region_of(local_authority=world.newport, day=self.MOVE)
            == partnership
        )

    def test_the_reference_data_moves_swansea_from_erw_to_partneriaeth(self, world):
        assert (
            organisation_selectors.region_of(
                local_authority=world.swansea, day=datetime.date(2021, 3, 31)
            ).code
            == "ERW"
        )
        assert (
            organisation_selectors.region_of(
                local_authority=world.swansea, day=datetime.date(2021, 4, 1)
            ).code
            == "PART"
        )

    def test_region_officers_see_the_las_of_their_region_on_that_date(self, world, moved):
        _partnership, officer, new_officer = moved
        las = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
        before = self.MOVE - datetime.timedelta(days=1)

        def seen(user, day):
            return set(access.visible(user, las, on=day).values_list("code", flat=True))

        assert "680" in seen(officer, before)
        assert "680" not in seen(officer, self.MOVE)
        assert "680" not in seen(new_officer, before)
        assert "680" in seen(new_officer, self.MOVE)
        assert access.can(officer, "people.staff.view", world.school_c, on=before)
        assert not access.can(officer, "people.staff.view", world.school_c, on=self.MOVE)
        assert access.can(new_officer, "people.staff.view", world.school_c, on=self.MOVE)

    def test_the_directory_filters_by_region_on_the_date(self, world, moved):
        national = world.users["national"]
        before = self.MOVE - datetime.timedelta(days=1)
        in_eas = organisation_selectors.school_list(
            user=national, filters=organisation_selectors.SchoolFilters(region="EAS"), day=before
        )
        assert set(in_eas.values_list("code", flat=True)) == {"6802002"}
        after = organisation_selectors.school_list(
            user=national, filters=organisation_selectors.SchoolFilters(region="EAS"), day=self.MOVE
        )
        assert after.count() == 0


def test_visible_refuses_an_unknown_action(world):
    with pytest.raises(PermissionError):
        access.visible(world.users["national"], Organisation.objects.all(), action="people.nope")


def test_practitioners_see_their_own_employments_only(world):
    from people.models import Employment

    own = access.visible(world.users["teacher"], Employment.objects.all())
    assert {e.person.user.username for e in own} == {"teacher"}
    staff = access.visible(world.users["head"], Employment.objects.all())
    assert {"teacher", "assistant", "head"} <= {e.person.user.username for e in staff}
    assert "teacher_c" not in {e.person.user.username for e in staff}
