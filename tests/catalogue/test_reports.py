"""Officers' view of the offer: the mapping matrix, by region and language, and its gaps."""

from __future__ import annotations

import pytest

from catalogue import selectors
from catalogue.models import Audience, Status
from people.models import RoleType
from tests.catalogue.support import make_opportunity, make_session, term

pytestmark = pytest.mark.django_db


def mapped(standards, priorities=(), **fields):
    opportunity = make_opportunity(standards=list(standards), **fields)
    opportunity.priority_areas.set(term("priority-area", code) for code in priorities)
    return opportunity


def test_the_matrix_counts_opportunities_and_open_places(world):
    aln = mapped(["pedagogy"], ["aln"], language="cy")
    make_session(aln, capacity=20)
    mapped(["pedagogy", "leadership"], ["aln", "curriculum-for-wales"], language="en")
    Audience.objects.create(opportunity=aln, role_type=RoleType.TEACHING_ASSISTANT)
    mapped(["collaboration"], [], status=Status.DRAFT)  # drafts are not the offer
    matrix = selectors.offer_matrix(user=world.users["national"])
    cell = matrix.cells[("pedagogy", "aln")]
    assert (cell.opportunities, cell.places, cell.welsh, cell.assistants) == (2, 20, 1, 1)
    assert matrix.cells[("leadership", "curriculum-for-wales")].opportunities == 1
    assert matrix.cells[("collaboration", "")].opportunities == 0
    assert matrix.total.opportunities == 2
    languages = {str(label): c.opportunities for label, c in matrix.by_language}
    assert languages == {"Welsh": 1, "English": 1, "Bilingual": 0}


def test_a_region_sees_its_own_offer_and_the_national_one(world):
    mapped(["pedagogy"], ["aln"], audience=world.cardiff, region=world.csc)
    mapped(["pedagogy"], ["aln"], audience=world.newport, region=world.eas)
    mapped(["pedagogy"], ["aln"])
    matrix = selectors.offer_matrix(user=world.users["national"], region="CSC")
    assert matrix.cells[("pedagogy", "aln")].opportunities == 2


def test_gaps_name_cells_with_little_provision_in_welsh_and_for_assistants(world):
    for _ in range(3):
        mapped(["pedagogy"], ["aln"], language="en")
    gaps = selectors.offer_gaps(selectors.offer_matrix(user=world.users["national"]), below=3)
    pedagogy_aln = {
        g.what for g in gaps if str(g.standard) == "Pedagogy" and "ALN" in str(g.priority)
    }
    assert pedagogy_aln == {"welsh", "assistants"}
    assert any(g.what == "provision" and str(g.standard) == "Leadership" for g in gaps)


def test_the_report_pages_are_for_officers_in_both_languages(world):
    mapped(["pedagogy"], ["aln"])
    for role in ("national", "regionofficer", "laofficer"):
        assert world.client(role).get("/en/catalogue/offer/").status_code == 200
    welsh = world.client("national").get("/cy/catalogue/offer/gaps/?below=2")
    assert welsh.status_code == 200
    assert 'lang="cy"' in welsh.content.decode()[:200]
    for role in ("teacher", "head", "provider"):
        assert world.client(role).get("/en/catalogue/offer/").status_code == 404
    # Nonsense in the query is ignored, never an error.
    assert (
        world.client("national").get("/en/catalogue/offer/gaps/?below=x&region=zz").status_code
        == 200
    )


def test_facet_rows_follow_every_change_of_an_opportunity(world):
    from catalogue.models import Facet

    def facets(opportunity):
        return set(Facet.objects.filter(opportunity=opportunity).values_list("facet", "code"))

    opportunity = mapped(["pedagogy"], ["aln"], language="cy")
    assert {("standard", "pedagogy"), ("priority", "aln"), ("language", "cy")} <= facets(
        opportunity
    )
    # Two frameworks share the code: one row.
    assert len([f for f in facets(opportunity) if f[0] == "standard"]) == 1
    opportunity.language = "en"
    opportunity.save()
    opportunity.priority_areas.clear()
    Audience.objects.create(opportunity=opportunity, role_type=RoleType.TEACHING_ASSISTANT)
    now = facets(opportunity)
    assert ("language", "en") in now
    assert ("language", "cy") not in now
    assert not [f for f in now if f[0] == "priority"]
    assert ("audience", "teaching_assistant") in now
