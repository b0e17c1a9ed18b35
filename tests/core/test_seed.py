"""``hawl seed``: the same seed gives the same Wales, every LA and demo account is there, schools
are named after places of their own LA, every school has one headteacher, and a second run
changes nothing."""

from __future__ import annotations

import hashlib
from collections import Counter

from django.db import transaction

from core.seeding import SCALES, seed
from organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationLink,
    SchoolCensus,
    SchoolProfile,
)
from organisations.seed import seed_places
from people.models import Employment, RoleGrant, RoleType, User
from people.seed import DEMO_ACCOUNTS


def digest_of_seeded_rows() -> str:
    """A digest of what was seeded, by natural keys (ids differ between databases)."""
    rows = [
        *Organisation.objects.order_by("kind", "code").values_list(
            "kind", "code", "name_en", "name_cy", "opened_on", "closed_on"
        ),
        *SchoolProfile.objects.order_by("school__code").values_list(
            "school__code", "sector__code", "language_category__code", "address", "postcode"
        ),
        *SchoolCensus.objects.order_by("school__code").values_list(
            "school__code", "census_date", "fte_teachers"
        ),
        *OrganisationLink.objects.order_by(
            "parent__kind", "parent__code", "child__kind", "child__code", "starts_on"
        ).values_list("parent__code", "child__code", "starts_on", "ends_on"),
        *User.objects.order_by("username").values_list(
            "username", "first_name", "last_name", "email", "preferred_language", "password"
        ),
        *Employment.objects.order_by(
            "person__user__username", "school__code", "starts_on"
        ).values_list(
            "person__user__username",
            "person__role_type",
            "person__ewc_number",
            "school__code",
            "role_type",
            "job_title",
            "fte",
            "starts_on",
        ),
        *RoleGrant.objects.order_by("user__username", "role").values_list(
            "user__username", "role", "organisation__code", "starts_on"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seeded_digest(seed_value: int) -> str:
    """Seed the demo, take its digest, and roll back to empty: one test can seed again."""
    with transaction.atomic():
        assert seed(scale="demo", seed_value=seed_value)
        digest = digest_of_seeded_rows()
        transaction.set_rollback(True)
    assert not Organisation.objects.filter(kind=OrganisationKind.SCHOOL).exists()
    return digest


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not(db):
    first = seeded_digest(1)
    assert seeded_digest(1) == first
    assert seeded_digest(2) != first


def test_every_local_authority_has_schools_at_demo_scale(db):
    seed(scale="demo")
    las = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    with_schools = las.filter(child_links__child__kind=OrganisationKind.SCHOOL).distinct()
    assert las.count() == 22
    assert with_schools.count() == 22


def test_the_sector_mix_follows_the_scale(db):
    seed(scale="demo")
    found = Counter(SchoolProfile.objects.values_list("sector__code", flat=True))
    assert found == Counter(SCALES["demo"].schools_per_sector)
    assert 1400 <= sum(SCALES["wales"].schools_per_sector.values()) <= 1550


def test_every_demo_account_exists_with_its_role(db):
    seed(scale="demo")
    demo_users = User.objects.filter(username__in=[account[0] for account in DEMO_ACCOUNTS])
    assert demo_users.count() == len(DEMO_ACCOUNTS)
    # One Argon2 hash for them all (hashing is slow on purpose): check it once.
    assert len(set(demo_users.values_list("password", flat=True))) == 1
    assert demo_users.first().check_password("hawl-demo-2026")
    for username, _first, _last, role_type, roles, language in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.preferred_language == language
        assert set(user.role_grants.values_list("role", flat=True)) == set(roles)
        if role_type is None:
            assert not hasattr(user, "person")
        else:
            assert user.person.role_type == role_type
            assert user.person.employments.exists()


def test_school_names_are_unique_in_each_local_authority_in_both_languages(db):
    seed(scale="demo")
    names: dict[str, list[str]] = {}
    for la, name_en, name_cy in OrganisationLink.objects.filter(
        parent__kind=OrganisationKind.LOCAL_AUTHORITY, child__kind=OrganisationKind.SCHOOL
    ).values_list("parent__code", "child__name_en", "child__name_cy"):
        names.setdefault(la, []).extend({name_en, name_cy})
    assert len(names) == 22
    for la, in_la in names.items():
        assert len(in_la) == len(set(in_la)), la


def test_every_school_stands_in_a_place_of_its_own_local_authority(db):
    seed(scale="demo")
    places = seed_places().local_authorities
    profiles = SchoolProfile.objects.filter(
        school__parent_links__parent__kind=OrganisationKind.LOCAL_AUTHORITY
    ).values_list("school__parent_links__parent__code", "address", "postcode")
    assert len(profiles) == sum(SCALES["demo"].schools_per_sector.values())
    for la, address, postcode in profiles:
        street, place_name = address.rsplit(", ", 1)
        place = next(place for place in places[la].places if place.en == place_name)
        district, inward = postcode.split(" ")
        assert street
        assert district == place.district
        assert district in places[la].postcodes
        assert len(inward) == 3


def test_faith_schools_and_only_they_belong_to_a_diocese_of_their_church(db):
    seed(scale="demo")
    dioceses = dict(
        OrganisationLink.objects.filter(parent__kind=OrganisationKind.DIOCESE).values_list(
            "child__code", "parent__code"
        )
    )
    assert dioceses
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL)
    for code, name_en in schools.values_list("code", "name_en"):
        church = dioceses.get(code, "")
        if "Catholic" in name_en:
            assert church.startswith("RC-"), name_en
        elif "Church in Wales" in name_en:
            assert church.startswith("CIW-"), name_en
        elif church:  # a Welsh-medium church school, named after its saint: Ysgol Dewi Sant
            assert church.startswith("CIW-"), name_en
            assert name_en.startswith("Ysgol "), name_en


def test_every_school_with_staff_has_one_headteacher(db):
    seed(scale="demo")
    headteachers = Counter(
        Employment.objects.filter(job_title="Headteacher").values_list("school__code", flat=True)
    )
    with_staff = set(Employment.objects.values_list("school__code", flat=True))
    assert headteachers == dict.fromkeys(with_staff, 1)
    assert not Employment.objects.filter(job_title="").exists()
    head = Employment.objects.get(person__user__username="head")
    assert (head.school.code, head.job_title) == ("6814000", "Headteacher")
    assert not Employment.objects.filter(
        job_title="Headteacher", role_type=RoleType.TEACHER
    ).exists()


def test_practitioners_cannot_sign_in_with_a_password(db):
    seed(scale="demo")
    practitioner = User.objects.get(username="p000001")
    assert practitioner.person.employments.exists()
    assert not practitioner.has_usable_password()


def test_seeding_twice_seeds_nothing_and_changes_nothing(db):
    assert seed(scale="demo")
    before = digest_of_seeded_rows()
    messages: list[str] = []
    assert seed(scale="demo", seed_value=2, log=messages.append) is False
    assert digest_of_seeded_rows() == before
    assert any("nothing seeded" in message for message in messages)
