"""The schools directory offers only filters that narrow the user's own list, from a cache."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from core.reference import load_all, reference_loaded
from organisations import selectors
from organisations.selectors import FILTERS_VERSION_KEY
from standards.models import Term


def _filters(world, role: str) -> set[str]:
    html = world.client(role).get("/en/schools/").content.decode()
    form = html.split('class="hawl-filters"', 1)[1].split("</form>", 1)[0]
    return set(re.findall(r'<select[^>]* name="([a-z_]+)"', form))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", set()),  # one school: nothing to narrow
        ("laofficer", {"sector", "language_category"}),  # two Cardiff schools, one LA
        ("clusterlead", {"sector", "language_category"}),
        ("national", {"la", "region", "sector", "language_category"}),
    ],
)
def test_the_directory_offers_only_filters_that_narrow_the_users_list(world, role, expected):
    assert _filters(world, role) == expected


def test_a_region_officer_chooses_among_the_regions_authorities_only(world):
    options = selectors.school_filter_options(user=world.users["regionofficer"])
    assert [la.code for la in options.local_authorities] == ["681"]
    national = selectors.school_filter_options(user=world.users["national"])
    assert len(national.local_authorities) == 22


def test_filters_are_not_marked_optional(world):
    html = world.client("national").get("/en/schools/").content.decode()
    assert "(optional)" not in html


def test_the_api_still_accepts_any_real_filter_value(world):
    from people import services

    token = services.api_token_create(user=world.users["teacher"])
    response = world.client("teacher").get(
        "/api/v1/schools?la=670", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_filter_options_come_from_the_cache_until_reference_data_loads(world):
    national = world.users["national"]
    before = selectors.school_filter_choices()
    sector = Term.objects.get(vocabulary__code="school-sector", code="primary")
    sector.name_en = "Primary (renamed)"
    sector.save()
    cached = selectors.school_filter_choices()
    assert "Primary (renamed)" not in [term.name_en for term in cached.sectors]
    assert cached.version == before.version
    reference_loaded.send(sender=None)
    fresh = selectors.school_filter_options(user=national)
    assert "Primary (renamed)" in [term.name_en for term in fresh.sectors]


def test_loading_reference_data_gives_the_cache_a_new_version(world):
    cache.set(FILTERS_VERSION_KEY, "old", None)
    load_all()
    assert cache.get(FILTERS_VERSION_KEY) not in {None, "old"}
