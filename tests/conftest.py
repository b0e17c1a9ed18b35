"""Shared fixtures: reference data in every test database, and a small Wales to test against."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import override_settings, setup_databases, teardown_databases
from django.utils import translation

from core.reference import load_all
from core.roles import Role
from organisations.models import Organisation, OrganisationKind
from people.models import RoleType, User
from tests.factories import (
    PASSWORD,
    EmploymentFactory,
    OrganisationLinkFactory,
    PersonFactory,
    RoleGrantFactory,
    SchoolFactory,
    UserFactory,
)

# Argon2 is slow by design (about 0.2 s a check on this machine, a second under load); tests sign
# in hundreds of times. They hash with MD5 first, and still check the Argon2 hashes the demo seed
# makes; tests/people/test_pages.py proves production hashes with Argon2.
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _english_to_begin_with() -> Iterator[None]:
    """Each test starts in English, whatever language a request or command before it left
    active in this worker (a response in Welsh leaves Welsh active in the thread)."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment, django_db_blocker, django_db_keepdb, django_db_modify_db_settings
):
    """One test database, always, with the reference data every Hawl database holds.

    pytest-django creates databases only for tests it sees asking for one; the browser tests
    share a session-wide live server instead, so a run of them alone must still get (and only
    ever touch) a test database.
    """
    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=0,
            interactive=False,
            keepdb=django_db_keepdb,
            aliases={"default"},
            serialized_aliases=set(),
        )
        load_all()
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            # A live-server request thread can leave its connection idle behind it; end it so
            # the test database can be dropped.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connections.close_all()
        teardown_databases(config, verbosity=0, keepdb=django_db_keepdb)


def org(kind: str, code: str) -> Organisation:
    return Organisation.objects.get(kind=kind, code=code)


@dataclass
class World:
    """Two regions, three LAs, a cluster, four schools and a user for every role."""

    cardiff: Organisation
    newport: Organisation
    swansea: Organisation
    csc: Organisation
    eas: Organisation
    nation: Organisation
    school_a: Organisation  # Cardiff secondary
    school_b: Organisation  # Cardiff primary, in school_a's cluster
    school_c: Organisation  # Newport
    school_d: Organisation  # Swansea
    cluster: Organisation
    provider: Organisation
    users: dict[str, User]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


@pytest.fixture
def world(db) -> World:
    cardiff = org(OrganisationKind.LOCAL_AUTHORITY, "681")
    newport = org(OrganisationKind.LOCAL_AUTHORITY, "680")
    swansea = org(OrganisationKind.LOCAL_AUTHORITY, "670")
    school_a = SchoolFactory(
        code="6814000",
        la=cardiff,
        sector="secondary",
        name_en="Cardiff High School",
        name_cy="Ysgol Uwchradd Caerdydd",
    )
    school_b = SchoolFactory(
        code="6812001",
        la=cardiff,
        name_en="Roath Primary School",
        name_cy="Ysgol Gynradd y Rhath",
        language_category="welsh-medium",
    )
    school_c = SchoolFactory(
        code="6802002",
        la=newport,
        name_en="Newport Primary School",
        name_cy="Ysgol Gynradd Casnewydd",
    )
    school_d = SchoolFactory(
        code="6702003", la=swansea, name_en="Swansea Primary School", name_cy=""
    )
    cluster = Organisation.objects.create(
        kind=OrganisationKind.CLUSTER,
        code="681-C01",
        name_en="Cardiff High cluster",
        name_cy="Clwstwr Ysgol Uwchradd Caerdydd",
    )
    OrganisationLinkFactory(parent=cardiff, child=cluster)
    OrganisationLinkFactory(parent=cluster, child=school_a)
    OrganisationLinkFactory(parent=cluster, child=school_b)
    provider = org(OrganisationKind.PROVIDER, "NAEL")
    nation = org(OrganisationKind.NATION, "WG")
    users: dict[str, User] = {}

    def staff(username: str, school: Organisation, role_type: str = RoleType.TEACHER) -> User:
        person = PersonFactory(user=UserFactory(username=username), role_type=role_type)
        EmploymentFactory(person=person, school=school, role_type=role_type)
        return person.user

    users["teacher"] = staff("teacher", school_a)
    users["teacher_c"] = staff("teacher_c", school_c)
    users["assistant"] = staff("assistant", school_a, RoleType.TEACHING_ASSISTANT)
    users["head"] = staff("head", school_a, RoleType.LEADER)
    users["head_c"] = staff("head_c", school_c, RoleType.LEADER)
    grants = {
        "head": (Role.HEADTEACHER, school_a),
        "head_c": (Role.HEADTEACHER, school_c),
        "pllead": (Role.PL_LEAD, school_a),
        "governor": (Role.GOVERNOR, school_a),
        "clusterlead": (Role.CLUSTER_LEAD, cluster),
        "laofficer": (Role.LA_OFFICER, cardiff),
        "regionofficer": (Role.REGION_OFFICER, org(OrganisationKind.REGION, "CSC")),
        "national": (Role.NATIONAL_OFFICER, nation),
        "provider": (Role.PROVIDER_ADMIN, provider),
        "admin": (Role.PLATFORM_ADMIN, nation),
    }
    for username, (role, organisation) in grants.items():
        user = users.get(username) or UserFactory(username=username)
        users[username] = user
        RoleGrantFactory(
            user=user, role=role, organisation=organisation, starts_on=datetime.date(2020, 9, 1)
        )
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    users["nobody"] = UserFactory(username="nobody")
    return World(
        cardiff=cardiff,
        newport=newport,
        swansea=swansea,
        csc=org(OrganisationKind.REGION, "CSC"),
        eas=org(OrganisationKind.REGION, "EAS"),
        nation=nation,
        school_a=school_a,
        school_b=school_b,
        school_c=school_c,
        school_d=school_d,
        cluster=cluster,
        provider=provider,
        users=users,
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def api(world):
    """``api(role)`` gives a client that sends that user's Bearer token."""
    from people import services

    def client_for(role: str, **options: Any) -> Client:
        token = services.api_token_create(user=world.users[role])
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **options)

    return client_for
