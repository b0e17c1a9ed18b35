"""The practitioner’s side of the catalogue: suggestions, facets and a person’s bookings."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from catalogue import selectors, services
from catalogue.models import Audience, Booking, LearningRecord
from people.models import RoleType
from tests.catalogue.support import make_opportunity, make_session, term
from tests.factories import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db


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
    assert {v.code: v.count for v in plain["audience"].values} == {"teaching_assistant": 1}
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
    record = LearningRecord.objects.create(
        person=teacher.person, opportunity=done, completed_on=timezone.localdate(), hours=3
    )
    record.standards.set(done.standards.all())
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
        selectors._FOCUS_SOURCES.remove(goals)
    assert [(r.opportunity.title_en, [str(x) for x in r.reasons]) for r in found] == [
        ("Leading", ["Maps to Leadership"])
    ]


def test_only_practitioners_get_suggestions(world, offer):
    assert selectors.recommended_for(world.users["laofficer"], 5) == []
