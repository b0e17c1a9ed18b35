"""The seed's places (``organisations/seed_places.yaml``) and the schools it plans from them.

Planning touches no database table but the LAs, so these check the names of a whole Wales
(1,480 schools) without seeding one.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from core.seeding import SCALES, SeedContext
from organisations.models import Organisation, OrganisationKind
from organisations.seed import (
    ENGLISH_MEDIUM,
    WELSH_MEDIUM,
    WELSH_MEDIUM_SOUTH,
    PlannedSchool,
    school_plan,
    seed_places,
)

# The postcode areas that cover Wales: Cardiff, Chester, Hereford, Llandrindod Wells, Llandudno,
# Newport, Swansea and Shrewsbury.
DISTRICT = re.compile(r"(CF|CH|HR|LD|LL|NP|SA|SY)[1-9][0-9]?")
INWARD = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")


def local_authorities() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("code"))


def plan(scale: str, seed_value: int) -> list[PlannedSchool]:
    context = SeedContext(
        scale=SCALES[scale], rng=random.Random(seed_value), log=lambda _message: None
    )
    return school_plan(context, local_authorities())


def test_the_places_cover_every_local_authority_and_name_real_dioceses(db):
    las = seed_places().local_authorities
    assert set(las) == {la.code for la in local_authorities()}
    dioceses = set(
        Organisation.objects.filter(kind=OrganisationKind.DIOCESE).values_list("code", flat=True)
    )
    for la in las.values():
        assert la.church_in_wales
        assert la.catholic
        assert set(la.church_in_wales) | set(la.catholic) <= dioceses


def test_every_place_has_two_names_and_a_postcode_district_of_its_local_authority():
    for code, la in seed_places().local_authorities.items():
        assert all(DISTRICT.fullmatch(district) for district in la.postcodes), code
        assert len(la.places) >= 20, code
        for place in la.places:
            assert place.en.strip() == place.en, place
            assert place.cy.strip() == place.cy, place
            assert place.district in la.postcodes, (code, place)
        names = [place.en for place in la.places]
        names += [place.cy for place in la.places if place.cy != place.en]
        assert not [name for name, count in Counter(names).items() if count > 1], code


@pytest.mark.parametrize(("scale", "seed_value"), [("wales", 1), ("wales", 7), ("region", 3)])
def test_schools_are_named_after_places_of_their_own_local_authority(db, scale, seed_value):
    schools = plan(scale, seed_value)
    assert len(schools) == sum(SCALES[scale].schools_per_sector.values())
    places = seed_places().local_authorities
    names: dict[str, list[str]] = {}
    for school in schools:
        la = places[school.la.code]
        assert school.place in la.places
        assert school.address.endswith(f", {school.place.en}")
        district, inward = school.postcode.split(" ")
        assert district == school.place.district
        assert district in la.postcodes
        assert INWARD.fullmatch(inward)
        assert school.name_en
        assert school.name_cy
        if school.category == "welsh-medium":
            assert school.name_en == school.name_cy
        names.setdefault(school.la.code, []).extend({school.name_en, school.name_cy})
    for code, in_la in names.items():
        assert not [name for name, count in Counter(in_la).items() if count > 1], code


def test_no_place_has_two_schools_of_one_sector_and_medium_named_after_it(db):
    """Never both "Gabalfa Primary School" and "Gabalfa Community Primary School"."""
    named_after: Counter[tuple[str, str, str, bool]] = Counter()
    for school in plan("wales", 1):
        patterns = {welsh for _english, welsh in ENGLISH_MEDIUM[school.sector]}
        patterns |= set(WELSH_MEDIUM[school.sector]) | set(WELSH_MEDIUM_SOUTH[school.sector])
        if school.name_cy in {pattern.format(cy=school.place.cy) for pattern in patterns}:
            welsh_medium = school.category == "welsh-medium"
            named_after[(school.la.code, school.place.en, school.sector, welsh_medium)] += 1
    assert len(named_after) > 1000
    assert max(named_after.values()) == 1


def test_the_same_seed_plans_the_same_schools_and_another_seed_does_not(db):
    def names(seed_value: int) -> list[tuple[str, str, str, str]]:
        return [
            (school.name_en, school.name_cy, school.address, school.postcode)
            for school in plan("wales", seed_value)
        ]

    first = names(1)
    assert names(1) == first
    assert names(2) != first
