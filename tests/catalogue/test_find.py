"""Finding the offer: facets, filters in the URL, search and sort, pages, an empty result."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from catalogue import selectors
from catalogue.models import Audience
from people.models import RoleType
from tests.catalogue.support import (
    LANGUAGES,
    book,
    make_opportunity,
    make_session,
    page,
    term,
    text,
)

pytestmark = pytest.mark.django_db


def results(html: str) -> list[str]:
    """The titles of the results column, in order (suggestions left out)."""
    column = html.split('id="results-heading"', 1)[1]
    link = r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="/\w\w/catalogue/\d+/">'
    return [title.strip() for title in re.findall(link + r"([^<]+)", column)]


def test_facets_count_a_facets_own_choices_as_alternatives(world, offer):
    teacher = world.users["teacher"]
    plain = selectors.find_facets(user=teacher, filters=selectors.OfferFilters())
    assert {v.code: v.count for v in plain["language"].values} == {"cy": 1, "en": 1, "bilingual": 1}
    # Named for teaching assistants (ALN core), or for everyone (no role named: the other two).
    roles = {v.code: v.count for v in plain["audience"].values}
    assert roles["teaching_assistant"] == 3
    assert roles["teacher"] == 2
    # Offered to all of Wales: a region value of its own.
    assert {v.code: v.count for v in plain["region"].values} == {"all-wales": 3}
    welsh = selectors.OfferFilters(language=("cy",))
    facets = selectors.find_facets(user=teacher, filters=welsh)
    # Its own choices are counted as if none were ticked; the others narrow with it.
    assert {v.code: v.count for v in facets["language"].values} == {
        "cy": 1,
        "en": 1,
        "bilingual": 1,
    }
    assert {v.code: v.count for v in facets["standard"].values} == {
        "pedagogy": 1,
        "collaboration": 1,
    }
    nowhere = selectors.OfferFilters(language=("cy",), standard=("leadership",))
    facets = selectors.find_facets(user=teacher, filters=nowhere)
    assert [(v.code, str(v.label), v.count) for v in facets["standard"].values][-1] == (
        "leadership",
        "Leadership",
        0,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_find_lists_the_offer_with_its_facts_and_facet_counts(world, offer, language):
    html = page(world.client("teacher"), "/catalogue/", language)
    words = text(html)
    if language == "cy":
        assert "Dod o hyd i ddysgu proffesiynol" in html
        assert "Hyfforddi ar gyfer dysgu" in html
        assert "Addysgeg (2)" in words
        assert "3 o gyfleoedd" in words
    else:
        assert "Find professional learning" in html
        assert "Coaching for learning" in html
        assert "Pedagogy (2)" in words
        assert "3 opportunities" in words
        assert "Endorsed learning (1)" in words
        assert "Self-paced: start when you choose" in words
        assert "5 places left" in words
    assert "Newport network" not in html  # offered in another region
    # The soonest session first, self-paced (no date) last.
    assert results(html)[-1] in ("ALN core", "ADY craidd")


def test_filters_live_in_the_url_and_show_as_tags_that_remove_them(world, offer):
    html = page(world.client("teacher"), "/catalogue/?standard=leadership&endorsed=")
    assert results(html) == ["Leading a team"]
    assert 'name="standard" type="checkbox" value="leadership" checked' in html
    words = text(html)
    assert "Remove this filter: Professional standard: Leadership" in words
    assert 'href="/en/catalogue/?endorsed="' in html  # the tag's link drops only its own value


def test_a_facets_choices_stay_open_as_alternatives(world, offer):
    html = page(world.client("teacher"), "/catalogue/?language=cy")
    assert results(html) == ["Coaching for learning"]
    words = text(html)
    # English and bilingual are still offered, counted as if Welsh were not ticked.
    assert "English (1)" in words
    assert "Bilingual (1)" in words
    both = page(world.client("teacher"), "/catalogue/?language=cy&language=en")
    assert sorted(results(both)) == ["Coaching for learning", "Leading a team"]


def test_the_role_facet_counts_and_filters(world, offer):
    """Learning for a role: named for it, or for everyone."""
    html = page(world.client("teacher"), "/catalogue/")
    assert "Teaching assistant (3)" in text(html)
    assert "Teacher (2)" in text(html)
    teachers = page(world.client("teacher"), "/catalogue/?audience=teacher")
    assert sorted(results(teachers)) == ["Coaching for learning", "Leading a team"]


def test_the_region_facet_offers_all_of_wales_beside_the_regions(world, offer):
    client = world.client("laofficer")
    words = text(page(client, "/catalogue/"))
    assert "All of Wales (3)" in words
    assert results(page(client, "/catalogue/?region=all-wales")) != []
    welsh = text(page(client, "/catalogue/", language="cy"))
    assert "Cymru gyfan (3)" in welsh


def test_endorsed_places_and_date_filters(world, offer):
    client = world.client("teacher")
    assert results(page(client, "/catalogue/?endorsed=1")) == ["Coaching for learning"]
    book(offer["leading"].sessions.get(), world.users["assistant"].person)  # its only place
    assert results(page(client, "/catalogue/?places=1")) == ["Coaching for learning"]
    day = (timezone.localdate() + datetime.timedelta(days=20)).strftime("%d/%m/%Y")
    assert results(page(client, f"/catalogue/?starts_from={day}")) == ["Leading a team"]
    assert results(page(client, f"/catalogue/?starts_to={day}")) == ["Coaching for learning"]


def test_a_bad_date_is_explained_and_the_rest_still_applies(world, offer):
    response = world.client("teacher").get(
        "/en/catalogue/?starts_from=31/02/2027&standard=leadership"
    )
    html = response.content.decode()
    assert "<title>Error:" in html
    assert 'href="#id_starts_from">Enter a real date, for example 27/3/2027' in html
    assert results(html) == ["Leading a team"]


def test_search_and_sort(world, offer):
    client = world.client("teacher")
    html = page(client, "/catalogue/?q=team")
    assert results(html) == ["Leading a team"]
    assert '<option value="relevance"' not in page(client, "/catalogue/")
    titles = results(page(client, "/catalogue/?sort=title"))
    assert titles == sorted(titles)
    welsh = results(page(client, "/catalogue/?sort=title", "cy"))
    assert welsh == ["ADY craidd", "Arwain tîm", "Hyfforddi ar gyfer dysgu"]


def test_pages_of_results(world, settings):
    settings.HAWL_PAGE_SIZE = 5
    for number in range(7):
        make_opportunity(title_en=f"Opportunity {number:02}", title_cy=f"Cyfle {number:02}")
    client = world.client("teacher")
    first = page(client, "/catalogue/?sort=title")
    assert len(results(first)) == 5
    assert 'href="?sort=title&amp;page=2" rel="next"' in first
    second = page(client, "/catalogue/?sort=title&page=2")
    assert results(second) == ["Opportunity 05", "Opportunity 06"]
    assert "7 opportunities" in text(second)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_result_says_which_filters_to_remove(world, offer, language):
    html = page(world.client("teacher"), "/catalogue/?standard=leadership&language=cy", language)
    assert results(html) == []
    words = text(html)
    if language == "cy":
        assert "Does dim yn cyfateb i’ch chwiliad a’ch hidlyddion" in words
        assert "Iaith y cyflwyno: Cymraeg’ (1 cyfle)" in words
    else:
        assert "Nothing matches your search and filters" in words
        assert "Language of delivery: Welsh’ (1 opportunity)" in words
        assert "Professional standard: Leadership’ (1 opportunity)" in words
    assert f'href="/{language}/catalogue/?standard=leadership"' in html


def test_nothing_offered_yet_says_so(world):
    html = page(world.client("teacher"), "/catalogue/")
    assert "No professional learning is offered to you yet" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_find_page_query_count_does_not_grow_with_the_offer(world, rows, django_assert_num_queries):
    for number in range(rows):
        opportunity = make_opportunity(
            title_en=f"Opportunity {number}",
            standards=["pedagogy", "innovation"],
            region=world.csc,
            audience=world.cardiff,
        )
        opportunity.topics.set([term("topic", "coaching")])
        Audience.objects.create(opportunity=opportunity, role_type=RoleType.TEACHER)
        if number % 2:
            make_session(opportunity)
    client = world.client("teacher")
    client.get("/en/catalogue/")
    # Session, user, roles and the footer's API token; the count, the page's ids and rows and
    # 5 for the listing; the facets (one grouped query over the facet rows, the places, the
    # labels); the suggestions (the person, employments, regions, the standards learnt, the
    # scored query, 5 for the listing, 2 for roles and sectors).
    with django_assert_num_queries(30):
        assert client.get("/en/catalogue/").status_code == 200
    # Searching shows no suggestions; a ticked facet is counted again without its own choices.
    with django_assert_num_queries(24):
        assert client.get("/en/catalogue/?standard=pedagogy").status_code == 200


def test_the_find_page_recommends_only_before_searching(world, offer):
    client = world.client("assistant")
    html = page(client, "/catalogue/")
    assert "Recommended for you" in html
    assert "For teaching assistants" in html
    assert "Recommended for you" not in page(client, "/catalogue/?q=aln")
    welsh = page(client, "/catalogue/", "cy")
    assert "Argymhellion i chi" in welsh
    assert "Ar gyfer cynorthwywyr addysgu" in welsh


def test_signing_in_comes_first(client, world, offer):
    response = client.get("/en/catalogue/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert (
        client.post(
            f"/en/catalogue/sessions/{offer['coaching'].sessions.get().pk}/book/"
        ).status_code
        == 302
    )
