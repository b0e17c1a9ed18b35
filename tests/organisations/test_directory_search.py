"""The schools directory finds schools by the words of their names in either language
(core.search), or by the start of their number."""

from __future__ import annotations

import pytest
from django.test import Client

from people import services
from tests.factories import SchoolFactory


@pytest.fixture
def welsh_medium(world):
    SchoolFactory(
        code="6812101",
        la=world.cardiff,
        name_en="Ysgol Gymraeg Pen-y-Dŵr",
        name_cy="Ysgol Gymraeg Pen-y-Dŵr",
        language_category="welsh-medium",
    )
    SchoolFactory(
        code="6812102",
        la=world.cardiff,
        name_en="Ysgol Gymraeg Bro Eirwg",
        name_cy="Ysgol Gymraeg Bro Eirwg",
        language_category="welsh-medium",
    )
    SchoolFactory(
        code="6812103",
        la=world.cardiff,
        name_en="Whitchurch Primary School",
        name_cy="Ysgol Gynradd yr Eglwys Newydd",
    )
    return world


def _codes(client: Client, query: str, language: str = "en") -> list[str]:
    response = client.get(f"/{language}/schools/", {"q": query})
    assert response.status_code == 200
    return [school.code for school in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ysgol gymraeg", {"6812101", "6812102"}),
        ("Ysgol Gymr", {"6812101", "6812102"}),  # the last word may be cut short
        ("gymraeg ysgol", {"6812101", "6812102"}),
        ("pen y dwr", {"6812101"}),  # circumflexes ignored
        ("PEN-Y-DŴR", {"6812101"}),
        ("eglwys newydd", {"6812103"}),  # the Welsh name of an English-named school
        ("whitch", {"6812103"}),
        ("gynradd rhath", {"6812001"}),
        ("cardiff high", {"6814000"}),
        ("caerdydd", {"6814000"}),
        ("68121", {"6812101", "6812102", "6812103"}),  # numbers by their start
        ("  6814000 ", {"6814000"}),
        ("ysgol gymraeg casnewydd", set()),
        ('"ysgol" * -', {"6812101", "6812102", "6812103", "6814000", "6812001", "6802002"}),
    ],
)
def test_the_directory_finds_schools_by_words_of_either_name(welsh_medium, query, expected):
    assert set(_codes(welsh_medium.client("national"), query)) == expected


def test_a_search_without_words_lists_every_school(welsh_medium):
    assert len(_codes(welsh_medium.client("national"), "-*-")) == 7


def test_welsh_pages_search_the_same_way(welsh_medium):
    assert set(_codes(welsh_medium.client("national"), "bro eirwg", "cy")) == {"6812102"}


def test_the_best_match_comes_first(welsh_medium):
    SchoolFactory(
        code="6812104",
        la=welsh_medium.cardiff,
        name_en="Eirwg Road Community Primary and Nursery School",
        name_cy="",
    )
    assert _codes(welsh_medium.client("national"), "eirwg") == ["6812102", "6812104"]


def test_search_stays_inside_what_the_user_may_see(welsh_medium):
    assert _codes(welsh_medium.client("teacher"), "ysgol") == ["6814000"]
    assert _codes(welsh_medium.client("head_c"), "ysgol gymraeg") == []


def test_the_api_searches_the_same_way(welsh_medium):
    token = services.api_token_create(user=welsh_medium.users["national"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = api.get("/api/v1/schools", {"q": "ysgol gymr"}).json()
    assert {school["school_number"] for school in body["results"]} == {"6812101", "6812102"}
    assert body["count"] == 2
    assert api.get("/api/v1/schools", {"q": '"*-(OR'}).status_code == 200
    providers = api.get("/api/v1/providers", {"q": "academi arwein"}).json()
    assert [provider["code"] for provider in providers["results"]] == ["NAEL"]
    assert api.get("/api/v1/providers", {"q": "NPLLEW"}).json()["count"] == 1  # by its code


def test_a_search_costs_no_more_queries_than_the_list(welsh_medium, django_assert_num_queries):
    client = welsh_medium.client("laofficer")
    client.get("/en/schools/?q=ysgol")  # warm the session
    # As the unfiltered list (tests/people/test_pages.py): the search is part of the two
    # queries that count and fetch the page.
    with django_assert_num_queries(6):
        assert client.get("/en/schools/?q=ysgol+gymraeg").status_code == 200
