"""Roles that mean what they say: one service grants them, on the right kind of organisation."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client

from core import access
from core.errors import DomainError
from core.roles import Role
from organisations.models import Organisation
from people import services
from people.models import RoleGrant, User
from tests.factories import UserFactory

START = datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("role", "organisation", "message"),
    [
        (Role.HEADTEACHER, "nation", "This role is held at a school. Choose a school."),
        (Role.PLATFORM_ADMIN, "school_a", "whole of Wales"),
        (Role.LA_OFFICER, "csc", "Choose a local authority."),
        (Role.REGION_OFFICER, "cardiff", "Choose a region."),
        (Role.CLUSTER_LEAD, "school_b", "Choose a cluster."),
        (Role.PROVIDER_ADMIN, "nation", "Choose a provider."),
        (Role.GOVERNOR, "cluster", "Choose a school."),
    ],
)
def test_a_role_on_the_wrong_kind_of_organisation_is_refused(world, role, organisation, message):
    user = UserFactory()
    with pytest.raises(DomainError, match=message) as refused:
        services.role_grant_create(
            user=user, role=role, organisation=getattr(world, organisation), starts_on=START
        )
    assert refused.value.field == "organisation"
    assert not RoleGrant.objects.filter(user=user).exists()


def test_the_database_refuses_a_role_on_the_wrong_kind_too(world):
    grant = RoleGrant(
        user=UserFactory(),
        role=Role.HEADTEACHER,
        organisation=world.nation,
        organisation_kind=world.nation.kind,
        starts_on=START,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.bulk_create([grant])


def test_a_headteacher_grant_cannot_reach_all_of_wales(world):
    user = UserFactory()
    with pytest.raises(DomainError):
        services.role_grant_create(user=user, role=Role.HEADTEACHER, organisation=world.nation)
    assert access.visible(user, Organisation.objects.all()).count() == 0


def test_practitioners_hold_no_grant(world):
    with pytest.raises(DomainError, match="employment"):
        services.role_grant_create(
            user=UserFactory(), role=Role.PRACTITIONER, organisation=world.school_a
        )


def test_dates_must_run_forwards_and_the_same_role_is_held_once_at_a_time(world):
    user = UserFactory()
    with pytest.raises(DomainError, match="end date") as refused:
        services.role_grant_create(
            user=user,
            role=Role.LA_OFFICER,
            organisation=world.cardiff,
            starts_on=START,
            ends_on=START - datetime.timedelta(days=1),
        )
    assert refused.value.field == "ends_on"
    first = services.role_grant_create(
        user=user,
        role=Role.LA_OFFICER,
        organisation=world.cardiff,
        starts_on=START,
        ends_on=datetime.date(2027, 8, 31),
    )
    with pytest.raises(DomainError, match="already holds"):
        services.role_grant_create(
            user=user, role=Role.LA_OFFICER, organisation=world.cardiff, starts_on=START
        )
    later = services.role_grant_create(
        user=user,
        role=Role.LA_OFFICER,
        organisation=world.cardiff,
        starts_on=datetime.date(2027, 9, 1),
    )
    assert {first.pk, later.pk} == set(
        RoleGrant.objects.filter(user=user).values_list("pk", flat=True)
    )


def test_ending_a_role_ends_what_it_reaches(world):
    officer = world.users["laofficer"]
    grant = services.role_grant_in_force(
        user=officer, role=Role.LA_OFFICER, organisation=world.cardiff
    )
    last_day = access.today()
    services.role_grant_end(grant=grant, on=last_day)
    tomorrow = last_day + datetime.timedelta(days=1)
    assert access.visible(officer, Organisation.objects.all(), on=last_day).exists()
    officer.__dict__.pop("_hawl_reach", None)
    assert not access.visible(officer, Organisation.objects.all(), on=tomorrow).exists()
    with pytest.raises(DomainError, match="already ended"):
        services.role_grant_end(grant=grant, on=last_day)


# The commands.


def test_grant_role_and_end_role_commands(world, capsys):
    UserFactory(username="newhead", email="newhead@example.test")
    call_command(
        "grant_role", "newhead@example.test", "headteacher", "6812001", "--from", "2026-09-01"
    )
    grant = RoleGrant.objects.get(user__username="newhead")
    assert (grant.role, grant.organisation, grant.starts_on) == (
        "headteacher",
        world.school_b,
        START,
    )
    call_command("end_role", "newhead", "headteacher", "6812001", "--on", "2027-08-31")
    grant.refresh_from_db()
    assert grant.ends_on == datetime.date(2027, 8, 31)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nosuchuser", "headteacher", "6812001"], "No user"),
        (["newhead", "headteacher", "9999999"], "no organisation with the code 9999999"),
        (["newhead", "headteacher", "WG"], "held at a school"),
        (
            ["newhead", "la_officer", "681", "--from", "2026-09-01", "--to", "2026-08-01"],
            "end date",
        ),
        (["newhead", "la_officer", "681", "--from", "1/9/2026"], "YYYY-MM-DD"),
    ],
)
def test_grant_role_explains_bad_input_and_changes_nothing(world, arguments, message):
    UserFactory(username="newhead")
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *arguments)
    assert not RoleGrant.objects.filter(user__username="newhead").exists()


def test_end_role_says_when_there_is_nothing_to_end(world):
    with pytest.raises(CommandError, match="does not hold"):
        call_command("end_role", "teacher", "headteacher", "6814000")


def test_createsuperuser_makes_a_platform_administrator(world, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-password-2026")
    call_command(
        "createsuperuser", "--username", "root", "--email", "root@example.test", "--no-input"
    )
    root = User.objects.get(username="root")
    assert root.role_grants.get().role == Role.PLATFORM_ADMIN
    client = Client()
    client.force_login(root)
    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/people/rolegrant/").status_code == 200
    token = services.api_token_create(user=root)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/schools").json()["count"] == 4


def test_createsuperuser_needs_the_reference_data(db, monkeypatch):
    Organisation.objects.filter(kind="nation").delete()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-password-2026")
    with pytest.raises(CommandError, match="load-reference"):
        call_command(
            "createsuperuser", "--username", "root", "--email", "r@example.test", "--no-input"
        )
    assert not User.objects.filter(username="root").exists()


# The admin goes through the same service.


def test_the_admin_refuses_a_role_on_the_wrong_kind_with_a_field_error(world):
    admin = world.client("admin")
    user = UserFactory(username="someone")
    response = admin.post(
        "/en/admin/people/rolegrant/add/",
        {
            "user": user.pk,
            "role": "headteacher",
            "organisation": world.nation.pk,
            "starts_on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "This role is held at a school. Choose a school." in response.content.decode()
    assert not RoleGrant.objects.filter(user=user).exists()
    response = admin.post(
        "/en/admin/people/rolegrant/add/",
        {
            "user": user.pk,
            "role": "headteacher",
            "organisation": world.school_b.pk,
            "starts_on": "2026-09-01",
        },
    )
    assert response.status_code == 302
    assert RoleGrant.objects.get(user=user).organisation_kind == "school"


def test_the_admin_is_closed_to_a_superuser_flag_without_the_role(world):
    flagged = UserFactory(username="flagged", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(flagged)
    assert client.get("/en/admin/").status_code == 302
    assert client.get("/en/admin/people/user/").status_code == 302
