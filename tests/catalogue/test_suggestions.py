"""Suggestions: the reasons given, the standards not yet covered, what they leave out."""

from __future__ import annotations

import pytest
from django.utils import timezone

from catalogue import selectors
from catalogue.models import Audience, LearningRecord
from catalogue.selectors import find as find_selectors
from people.models import RoleType
from tests.catalogue.support import book, make_opportunity, term

pytestmark = pytest.mark.django_db


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
