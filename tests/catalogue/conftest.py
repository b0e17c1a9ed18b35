"""The catalogue tests' fixture: an offer of four opportunities, one of them only in Newport."""

from __future__ import annotations

import pytest

from catalogue.models import Audience
from people.models import RoleType
from tests.catalogue.support import make_opportunity, make_session, term


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
