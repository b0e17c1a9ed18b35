"""The practitioner’s side of the catalogue: suggestions and facets, finding, booking, bookings."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from catalogue import selectors, services
from catalogue.models import (
    Audience,
    Booking,
    BookingStatus,
    Enrolment,
    Evaluation,
    Interest,
    LearningRecord,
    Status,
)
from catalogue.selectors import find as find_selectors
from people.models import RoleType
from tests.catalogue.support import in_days, make_opportunity, make_session, term
from tests.factories import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "cy"]


def page(client, path: str, language: str = "en") -> str:
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, without tags or runs of white space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def results(html: str) -> list[str]:
    """The titles of the results column, in order (suggestions left out)."""
    column = html.split('id="results-heading"', 1)[1]
    link = r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="/\w\w/catalogue/\d+/">'
    return [title.strip() for title in re.findall(link + r"([^<]+)", column)]


def book(session, person, **kwargs) -> Booking:
    return services.booking_create(session=session, person=person, by=person.user, **kwargs).booking


def other_staff(world, count: int = 1):
    people = []
    for _ in range(count):
        person = PersonFactory()
        EmploymentFactory(person=person, school=world.school_a)
        people.append(person)
    return people


def attended(session, person) -> Booking:
    booking = book(session, person)
    services.register_mark(
        session=session, attended=[booking.pk], now=session.starts_at + datetime.timedelta(hours=1)
    )
    booking.refresh_from_db()
    return booking


@pytest.fixture
def offer(world):
    """Three opportunities for everyone in Wales and one offered only in Newport."""
    coaching = make_opportunity(
        title_en="Coaching for learning",
        title_cy="Hyfforddi ar gyfer dysgu",
        standards=["pedagogy", "collaboration"],
        language="cy",
        endorsement="endorsed",
    )
    coaching.topics.set([term("topic", "coaching")])
    make_session(coaching, capacity=5)
    leading = make_opportunity(
        title_en="Leading a team", title_cy="Arwain tîm", standards=["leadership"], language="en"
    )
    make_session(leading, capacity=1, days=30)
    aln = make_opportunity(
        title_en="ALN core",
        title_cy="ADY craidd",
        standards=["pedagogy"],
        language="bilingual",
        format="self_paced",
        resource_url="https://example.org/aln",
    )
    Audience.objects.create(opportunity=aln, role_type=RoleType.TEACHING_ASSISTANT)
    newport = make_opportunity(
        title_en="Newport network", audience=world.newport, region=world.eas, standards=["pedagogy"]
    )
    return {"coaching": coaching, "leading": leading, "aln": aln, "newport": newport}


# Selectors: suggestions, facets, a person's bookings.


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


def test_my_learning_groups_a_persons_bookings(world, offer):
    teacher = world.users["teacher"].person
    booked = book(offer["coaching"].sessions.get(), teacher)
    full = offer["leading"].sessions.get()
    book(full, other_staff(world)[0])
    waiting = book(full, teacher)
    done = attended(make_session(offer["coaching"], days=20), teacher)
    services.enrolment_start(opportunity=offer["aln"], person=teacher)
    learning = selectors.my_learning(person=teacher)
    assert learning.upcoming == [booked]
    assert learning.waitlisted == [waiting]
    assert learning.past == [done]
    assert learning.to_evaluate == [done]
    assert [e.opportunity for e in learning.in_progress] == [offer["aln"]]
    services.evaluation_save(rating=4, booking=done)
    assert selectors.my_learning(person=teacher).to_evaluate == []


def test_suggestions_say_why_in_words(world):
    assistant = world.users["assistant"]
    assistant.preferred_language = "cy"
    assistant.save()
    for_assistants = make_opportunity(title_en="For assistants", language="en")
    Audience.objects.create(opportunity=for_assistants, role_type=RoleType.TEACHING_ASSISTANT)
    make_opportunity(title_en="In Welsh", language="cy")
    regional = make_opportunity(
        title_en="Regional", language="en", audience=world.cardiff, region=world.csc
    )
    secondary = make_opportunity(title_en="Secondary", language="en")
    secondary.sectors.set([term("school-sector", "secondary")])
    make_opportunity(title_en="Nothing in common", language="en")
    found = {r.opportunity.title_en: r.reasons for r in selectors.recommended_for(assistant, 10)}
    assert [str(reason) for reason in found["For assistants"]] == ["For teaching assistants"]
    assert [str(reason) for reason in found["In Welsh"]] == ["In Welsh, your preferred language"]
    assert [str(reason) for reason in found["Regional"]] == ["In your region"]
    assert [str(reason) for reason in found["Secondary"]] == ["For secondary schools"]
    assert "Nothing in common" not in found
    assert next(iter(found)) == "For assistants"  # the role weighs most
    assert regional.pk in {r.opportunity.pk for r in selectors.recommended_for(assistant, 10)}


def test_suggestions_point_to_the_standards_learning_has_not_covered(world):
    teacher = world.users["teacher"]
    done = make_opportunity(title_en="Done", standards=["pedagogy"], language="cy")
    LearningRecord.objects.create(
        person=teacher.person, opportunity=done, completed_on=timezone.localdate(), hours=3
    )
    make_opportunity(title_en="More pedagogy", standards=["pedagogy"], language="cy")
    make_opportunity(title_en="Innovating", standards=["innovation"], language="cy")
    found = selectors.recommended_for(teacher, 5)
    assert [r.opportunity.title_en for r in found] == ["Innovating"]
    assert [str(reason) for reason in found[0].reasons] == ["Maps to Innovation"]


def test_suggestions_leave_out_what_is_booked_started_or_done(world, offer):
    teacher = world.users["teacher"]
    teacher.preferred_language = "cy"
    teacher.save()
    assert [r.opportunity.title_en for r in selectors.recommended_for(teacher, 5)] == [
        "Coaching for learning"
    ]
    book(offer["coaching"].sessions.get(), teacher.person)
    assert selectors.recommended_for(teacher, 5) == []


def test_a_focus_source_is_the_hook_for_goals(world):
    """The learning journeys app registers a person's goals as a focus source."""
    make_opportunity(title_en="Collaborating", standards=["collaboration"], language="cy")
    make_opportunity(title_en="Leading", standards=["leadership"], language="cy")

    def goals(person, day):
        return {"leadership": 3}

    selectors.focus_source(goals)
    try:
        found = selectors.recommended_for(world.users["teacher"], 5)
    finally:
        find_selectors._FOCUS_SOURCES.remove(goals)
    assert [(r.opportunity.title_en, [str(x) for x in r.reasons]) for r in found] == [
        ("Leading", ["Maps to Leadership"])
    ]


def test_only_practitioners_get_suggestions(world, offer):
    assert selectors.recommended_for(world.users["laofficer"], 5) == []


# Find.


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


# One opportunity.


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_opportunity_shows_its_details_and_sessions(world, offer, language):
    coaching = offer["coaching"]
    coaching.description_en = "First paragraph.\n\nSecond paragraph."
    coaching.cost = Decimal("120")
    coaching.cover_days = Decimal("1")
    coaching.save()
    html = page(world.client("teacher"), f"/catalogue/{coaching.pk}/", language)
    words = text(html)
    assert '<p class="govuk-body">First paragraph.</p>' in html
    assert '<div lang="en">' not in html if language == "en" else '<div lang="en">' in html
    if language == "cy":
        assert "Saesneg yn unig" in words
        assert "Wedi’i ardystio" in words
        assert "£120.00 y lle" in words
        assert "Archebu" in words
    else:
        assert "Endorsed" in words
        assert "£120.00 a place" in words
        assert "Cardiff City Hall" in words
        assert "5 places left" in words
    assert f'action="/{language}/catalogue/sessions/' in html


def test_an_opportunity_not_offered_to_the_user_is_not_found(world, offer):
    newport = offer["newport"]
    assert world.client("teacher").get(f"/en/catalogue/{newport.pk}/").status_code == 404
    assert world.client("teacher_c").get(f"/en/catalogue/{newport.pk}/").status_code == 200
    draft = make_opportunity(title_en="Draft", status=Status.DRAFT)
    assert world.client("teacher").get(f"/en/catalogue/{draft.pk}/").status_code == 404


def test_the_online_link_only_for_people_with_a_place(world, offer):
    session = make_session(offer["coaching"], online_url="https://meet.example/abc", days=20)
    path = f"/catalogue/{offer['coaching'].pk}/"
    assert "https://meet.example/abc" not in page(world.client("teacher"), path)
    book(session, world.users["teacher"].person)
    assert "https://meet.example/abc" in page(world.client("teacher"), path)
    assert "https://meet.example/abc" not in page(world.client("assistant"), path)


@pytest.mark.parametrize("sessions", [1, 6])
def test_opportunity_page_query_count_does_not_grow(world, sessions, django_assert_num_queries):
    opportunity = make_opportunity(title_en="Counted", standards=["pedagogy", "innovation"])
    for number in range(sessions):
        session = make_session(opportunity, days=10 + number)
        if number < 2:
            book(session, other_staff(world)[0])
    for _ in range(sessions * 5):
        make_opportunity(title_en="Another")
    book(opportunity.sessions.first(), world.users["teacher"].person)
    client = world.client("teacher")
    client.get(f"/en/catalogue/{opportunity.pk}/")
    # Session, user, roles and the footer's API token; the opportunity and 7 mappings; the
    # sessions and their meetings; the person, their bookings, enrolment, interest, evaluations.
    with django_assert_num_queries(4 + 8 + 2 + 5):
        assert client.get(f"/en/catalogue/{opportunity.pk}/").status_code == 200


# Booking.


def test_booking_a_place_redirects_to_the_booking_with_what_happens_next(world, offer):
    session = offer["coaching"].sessions.get()
    client = world.client("teacher")
    response = client.post(f"/en/catalogue/sessions/{session.pk}/book/")
    booking = Booking.objects.get(session=session, person=world.users["teacher"].person)
    assert booking.status == BookingStatus.BOOKED
    assert response.status_code == 302
    assert response["Location"] == f"/en/bookings/{booking.pk}/"
    html = page(client, f"/bookings/{booking.pk}/")
    assert "You have a place on Coaching for learning." in html
    assert "What happens next" in html
    welsh = page(client, f"/bookings/{booking.pk}/", "cy")
    assert "Beth sy’n digwydd nesaf" in welsh


@pytest.mark.parametrize("language", LANGUAGES)
def test_booking_that_needs_approval_asks_why(world, offer, language):
    leading = offer["leading"]
    leading.approval_required = True
    leading.cost = Decimal("75.50")
    leading.cover_days = Decimal("0.5")
    leading.save()
    session = leading.sessions.get()
    client = world.client("teacher")
    asked = client.post(f"/{language}/catalogue/sessions/{session.pk}/book/")
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "£75.50" in html
    assert "0.5" in html
    assert 'name="reason"' in html
    assert "<title>Error:" not in html
    assert not Booking.objects.exists()
    empty = client.post(f"/{language}/catalogue/sessions/{session.pk}/book/", {"reason": " "})
    html = empty.content.decode()
    assert "govuk-error-summary" in html
    message = "Rhowch y rheswm" if language == "cy" else "Enter why you want to take part"
    assert f'href="#id_reason">{message}' in html
    assert 'class="govuk-error-message"' in html
    sent = client.post(
        f"/{language}/catalogue/sessions/{session.pk}/book/",
        {"reason": "It fits our school development plan."},
    )
    booking = Booking.objects.get()
    assert sent["Location"] == f"/{language}/bookings/{booking.pk}/"
    assert booking.status == BookingStatus.REQUESTED
    assert booking.reason == "It fits our school development plan."
    assert booking.cost == Decimal("75.50")


def test_a_full_session_puts_you_on_the_waitlist_with_your_number(world, offer):
    session = offer["leading"].sessions.get()
    book(session, other_staff(world)[0])
    client = world.client("teacher")
    response = client.post(f"/en/catalogue/sessions/{session.pk}/book/", follow=True)
    html = response.content.decode()
    assert "You are number 1 on the waitlist for Leading a team." in html
    assert "If a place comes up, we will offer it to you by email and hold it for 48 hours." in html
    detail = page(client, f"/catalogue/{offer['leading'].pk}/")
    assert "Number 1" in detail


def test_a_refusal_is_shown_as_an_error_summary(world, offer):
    session = offer["coaching"].sessions.get()
    client = world.client("teacher")
    client.post(f"/en/catalogue/sessions/{session.pk}/book/")
    again = client.post(f"/en/catalogue/sessions/{session.pk}/book/")
    html = again.content.decode()
    assert again.status_code == 200
    assert "govuk-error-summary" in html
    assert "This person already has a booking on this session." in html
    assert Booking.objects.count() == 1


def test_a_clash_is_warned_about(world, offer):
    teacher = world.users["teacher"].person
    first = offer["coaching"].sessions.get()
    same_time = make_session(offer["leading"], days=14)
    book(first, teacher)
    client = world.client("teacher")
    response = client.post(f"/en/catalogue/sessions/{same_time.pk}/book/", follow=True)
    html = response.content.decode()
    assert "This session is at the same time as:" in html
    assert "Coaching for learning" in html


def test_people_cannot_book_what_is_not_offered_to_them(world, offer):
    session = make_session(offer["newport"])
    assert (
        world.client("teacher").post(f"/en/catalogue/sessions/{session.pk}/book/").status_code
        == 404
    )
    assert (
        world.client("laofficer").post(f"/en/catalogue/sessions/{session.pk}/book/").status_code
        == 404
    )
    assert not Booking.objects.exists()


def test_a_booking_page_is_only_for_its_person(world, offer):
    booking = book(offer["coaching"].sessions.get(), world.users["teacher"].person)
    assert world.client("teacher").get(f"/en/bookings/{booking.pk}/").status_code == 200
    for role in ("assistant", "head", "teacher_c"):
        assert world.client(role).get(f"/en/bookings/{booking.pk}/").status_code == 404
        assert world.client(role).post(f"/en/bookings/{booking.pk}/cancel/").status_code == 404
    assert Booking.objects.get().status == BookingStatus.BOOKED


# Cancel, accept an offer.


def test_cancelling_asks_first_then_gives_the_place_to_the_waitlist(world, offer):
    session = offer["leading"].sessions.get()
    teacher = world.users["teacher"].person
    booking = book(session, teacher)
    (waiting,) = other_staff(world)
    queued = book(session, waiting)
    client = world.client("teacher")
    html = page(client, f"/bookings/{booking.pk}/cancel/")
    assert "Cancel your booking?" in html
    assert "Your place will go to the next person on the waitlist." in html
    assert "Canslo eich archeb?" in page(client, f"/bookings/{booking.pk}/cancel/", "cy")
    response = client.post(f"/en/bookings/{booking.pk}/cancel/")
    assert response["Location"] == "/en/bookings/"
    booking.refresh_from_db()
    queued.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert queued.status == BookingStatus.OFFERED
    assert "Your booking on Leading a team is cancelled." in page(client, "/bookings/")


def test_an_offered_place_is_accepted_from_my_bookings(world, offer):
    session = offer["leading"].sessions.get()
    (holder,) = other_staff(world)
    held = book(session, holder)
    waiting = book(session, world.users["teacher"].person)
    services.booking_cancel(booking=held, by=holder.user)
    client = world.client("teacher")
    html = page(client, "/bookings/")
    assert "Places offered to you" in html
    assert f'action="/en/bookings/{waiting.pk}/accept/"' in html
    assert "Lleoedd a gynigir i chi" in page(client, "/bookings/", "cy")
    response = client.post(f"/en/bookings/{waiting.pk}/accept/")
    assert response["Location"] == f"/en/bookings/{waiting.pk}/"
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED


def test_an_expired_offer_says_so(world, offer):
    session = offer["leading"].sessions.get()
    (holder,) = other_staff(world)
    held = book(session, holder)
    waiting = book(session, world.users["teacher"].person)
    services.booking_cancel(booking=held, by=holder.user)
    Booking.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = world.client("teacher").post(f"/en/bookings/{waiting.pk}/accept/")
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The offer of a place has expired." in html
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.EXPIRED


# Check in, evaluate.


def test_checking_in_with_the_sessions_code(world, offer):
    starts = timezone.now() + datetime.timedelta(minutes=30)
    session = services.session_create(
        opportunity=offer["coaching"],
        meetings=[services.MeetingTimes(starts, starts + datetime.timedelta(hours=2))],
        capacity=5,
        language="cy",
        venue="Ysgol",
    )
    booking = book(session, world.users["teacher"].person)
    client = world.client("teacher")
    assert f"/en/bookings/{booking.pk}/check-in/" in page(client, f"/bookings/{booking.pk}/")
    wrong = client.post(f"/cy/bookings/{booking.pk}/check-in/", {"code": "NOPE99"})
    html = wrong.content.decode()
    assert 'href="#id_code"' in html
    assert "Nid dyna god cofrestru’r sesiwn hon." in html
    right = client.post(
        f"/en/bookings/{booking.pk}/check-in/", {"code": session.check_in_code.lower()}
    )
    assert right["Location"] == f"/en/bookings/{booking.pk}/"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    assert LearningRecord.objects.filter(booking=booking).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_evaluating_attended_learning(world, offer, language):
    booking = attended(offer["coaching"].sessions.get(), world.users["teacher"].person)
    client = world.client("teacher")
    path = f"/{language}/bookings/{booking.pk}/evaluate/"
    html = client.get(path).content.decode()
    assert ("Myfyriol" if language == "cy" else "Reflective") in html
    missing = client.post(path, {"comment": "Useful"}).content.decode()
    message = "Dewiswch sgôr o 1 i 5" if language == "cy" else "Choose a rating from 1 to 5"
    assert f'href="#id_rating">{message}' in missing
    assert "Useful" in missing  # the input is kept
    saved = client.post(
        path,
        {"rating": "4", "characteristics": ["reflective", "collaborative"], "comment": "Useful"},
    )
    assert saved["Location"] == f"/{language}/bookings/"
    evaluation = Evaluation.objects.get(booking=booking)
    assert evaluation.rating == 4
    assert sorted(t.code for t in evaluation.characteristics.all()) == [
        "collaborative",
        "reflective",
    ]
    again = client.get(path).content.decode()
    assert 'value="4" checked' in again
    assert 'value="reflective" checked' in again


def test_learning_not_attended_cannot_be_evaluated(world, offer):
    booking = book(offer["coaching"].sessions.get(), world.users["teacher"].person)
    response = world.client("teacher").post(f"/en/bookings/{booking.pk}/evaluate/", {"rating": "5"})
    assert "You can evaluate a session after you attend it." in response.content.decode()
    assert not Evaluation.objects.exists()


# Self-paced learning, interest.


def test_self_paced_learning_is_started_completed_and_evaluated(world, offer):
    aln = offer["aln"]
    client = world.client("assistant")
    path = f"/catalogue/{aln.pk}/"
    assert f'action="/en/catalogue/{aln.pk}/start/"' in page(client, path)
    assert client.post(f"/en/catalogue/{aln.pk}/start/")["Location"] == f"/en{path}"
    html = page(client, path)
    assert "https://example.org/aln" in html
    assert "Mark as complete" in html
    client.post(f"/en/catalogue/{aln.pk}/complete/")
    enrolment = Enrolment.objects.get()
    assert enrolment.completed_at is not None
    assert LearningRecord.objects.filter(enrolment=enrolment).exists()
    html = page(client, path)
    assert f"/en/catalogue/{aln.pk}/evaluate/" in html
    client.post(f"/en/catalogue/{aln.pk}/evaluate/", {"rating": "5"})
    assert Evaluation.objects.get(enrolment=enrolment).rating == 5
    assert "Self-paced learning" in page(client, "/bookings/")


def test_starting_a_scheduled_opportunity_is_refused_on_its_page(world, offer):
    response = world.client("teacher").post(f"/en/catalogue/{offer['coaching'].pk}/start/")
    html = response.content.decode()
    assert "This opportunity runs in sessions: book a place on one." in html
    assert "govuk-error-summary" in html


def test_interest_in_learning_coming_soon(world):
    soon = make_opportunity(title_en="Coming later", status=Status.IN_DEVELOPMENT)
    client = world.client("teacher")
    html = page(client, f"/catalogue/{soon.pk}/")
    assert "Coming soon" in html
    assert f'action="/en/catalogue/{soon.pk}/interest/"' in html
    client.post(f"/en/catalogue/{soon.pk}/interest/")
    assert Interest.objects.filter(opportunity=soon).exists()
    html = page(client, f"/catalogue/{soon.pk}/")
    assert f'action="/en/catalogue/{soon.pk}/interest/withdraw/"' in html
    assert "Registered interest" in page(client, "/bookings/")
    client.post(f"/en/catalogue/{soon.pk}/interest/withdraw/")
    assert not Interest.objects.exists()


# My bookings, home, navigation.


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_bookings_groups_what_is_coming_and_what_is_past(world, offer, language):
    teacher = world.users["teacher"].person
    book(offer["coaching"].sessions.get(), teacher)
    full = offer["leading"].sessions.get()
    book(full, other_staff(world)[0])
    book(full, teacher)
    past = attended(make_session(offer["coaching"], days=20), teacher)
    past.session.__class__.objects.filter(pk=past.session_id).update(
        starts_at=in_days(-3), ends_at=in_days(-3, hour=12)
    )
    html = page(world.client("teacher"), "/bookings/", language)
    words = text(html)
    if language == "cy":
        assert "Ar y gweill" in words
        assert "Ar y rhestr aros" in words
        assert "Wedi bod" in words
    else:
        assert "Coming up" in words
        assert "On the waitlist" in words
        assert "Past" in words
        assert "Leave the waitlist" in words
        assert "Evaluate" in words


def test_my_bookings_says_when_there_is_nothing_yet(world):
    assert "You have no bookings" in page(world.client("teacher"), "/bookings/")


@pytest.mark.parametrize("count", [1, 6])
def test_my_bookings_query_count_does_not_grow(world, count, django_assert_num_queries):
    teacher = world.users["teacher"].person
    for number in range(count):
        book(make_session(make_opportunity(title_en=f"Booked {number}")), teacher)
    client = world.client("teacher")
    client.get("/en/bookings/")
    # Session, user, roles and the footer's API token; the person, their bookings, enrolments
    # and interests.
    with django_assert_num_queries(4 + 4):
        assert client.get("/en/bookings/").status_code == 200


def test_home_shows_offers_evaluations_and_next_bookings(world, offer):
    teacher = world.users["teacher"].person
    session = offer["leading"].sessions.get()
    (holder,) = other_staff(world)
    held = book(session, holder)
    book(session, teacher)
    services.booking_cancel(booking=held, by=holder.user)
    attended(make_session(offer["coaching"], days=3), teacher)
    html = page(world.client("teacher"), "/")
    words = text(html)
    assert "Accept your place on Leading a team" in words
    assert "Evaluate Coaching for learning" in words
    assert "Your next professional learning" in words
    welsh = text(page(world.client("teacher"), "/", "cy"))
    assert "Derbyn eich lle ar Arwain tîm" in welsh
    assert "Dod o hyd i ddysgu proffesiynol" in welsh


def test_navigation_offers_find_and_bookings_to_those_who_use_them(world):
    teacher = page(world.client("teacher"), "/")
    assert 'href="/en/catalogue/"' in teacher
    assert 'href="/en/bookings/"' in teacher
    officer = page(world.client("laofficer"), "/")
    assert 'href="/en/catalogue/"' in officer
    assert 'href="/en/bookings/"' not in officer
    assert world.client("laofficer").get("/en/bookings/").status_code == 404
    nobody = page(world.client("nobody"), "/")
    assert 'href="/en/catalogue/"' not in nobody
    current = page(world.client("teacher"), "/catalogue/")
    assert re.search(r'aria-current="page"><strong[^>]*>Find learning', current)


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
