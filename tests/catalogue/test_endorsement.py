"""National endorsement: submitted against versioned criteria, reviewed per criterion by the
panel, decided with reasons the provider sees; endorsed learning carries a mark and a filter."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from catalogue import selectors, services
from catalogue.models import Endorsement, Submission
from core.errors import DomainError
from core.roles import Role
from people.models import RoleGrant
from tests.catalogue.support import make_opportunity, national_body
from tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(world):
    member = UserFactory(username="panel")
    RoleGrantFactory(
        user=member,
        role=Role.ENDORSEMENT_PANEL,
        organisation=world.nation,
        starts_on=datetime.date(2020, 9, 1),
    )
    RoleGrant.objects.filter(user=world.users["provider"]).update(organisation=national_body())
    return member


def judge_all(submission, member, judgement="met"):
    codes = submission.criteria.items.values_list("code", flat=True)
    services.review_save(
        submission=submission, reviewer=member, judgements=dict.fromkeys(codes, (judgement, ""))
    )


def test_submit_review_and_endorse(world, panel):
    opportunity = make_opportunity()
    submission = services.submission_create(
        opportunity=opportunity, by=world.users["provider"], statement="Mapped and evaluated."
    )
    opportunity.refresh_from_db()
    assert opportunity.endorsement == Endorsement.SUBMITTED
    with pytest.raises(DomainError, match="already waiting"):
        services.submission_create(
            opportunity=opportunity, by=world.users["provider"], statement="x"
        )
    with pytest.raises(DomainError, match="Review every criterion"):
        services.submission_decide(submission=submission, by=panel, decision="endorsed", reasons="")
    judge_all(submission, panel)
    services.submission_decide(submission=submission, by=panel, decision="endorsed", reasons="")
    opportunity.refresh_from_db()
    assert opportunity.endorsement == Endorsement.ENDORSED
    # Endorsed learning is a filter and a facet of the catalogue.
    from catalogue.selectors import OfferFilters

    found = selectors.offer_list(user=world.users["teacher"], filters=OfferFilters(endorsed=True))
    assert [o.pk for o in found] == [opportunity.pk]


def test_returning_needs_reasons_and_a_not_met_criterion_blocks_endorsement(world, panel):
    opportunity = make_opportunity()
    submission = services.submission_create(
        opportunity=opportunity, by=world.users["provider"], statement="Please review."
    )
    judge_all(submission, panel, "not_met")
    with pytest.raises(DomainError, match="not met"):
        services.submission_decide(submission=submission, by=panel, decision="endorsed", reasons="")
    with pytest.raises(DomainError) as error:
        services.submission_decide(
            submission=submission, by=panel, decision="returned", reasons=" "
        )
    assert error.value.field == "reasons"
    services.submission_decide(
        submission=submission, by=panel, decision="returned", reasons="Name the research it uses."
    )
    opportunity.refresh_from_db()
    assert opportunity.endorsement == Endorsement.RETURNED
    # The provider can submit again after changes.
    again = services.submission_create(
        opportunity=opportunity, by=world.users["provider"], statement="Now names the research."
    )
    assert Submission.objects.filter(opportunity=opportunity).count() == 2
    assert again.decision == ""


def test_the_pages_for_provider_and_panel_in_both_languages(world, panel):
    opportunity = make_opportunity()
    provider = world.client("provider")
    path = f"/cy/catalogue/manage/{opportunity.pk}/endorsement/"
    empty = provider.post(path, {"statement": ""})
    assert empty.status_code == 200
    assert "Dywedwch sut" in empty.content.decode()
    provider.post(path, {"statement": "It meets them all."})
    submission = Submission.objects.get(opportunity=opportunity)

    member = Client()
    member.force_login(panel)
    queue = member.get("/en/catalogue/endorsement/")
    assert opportunity.title_en in queue.content.decode()
    review_path = f"/en/catalogue/endorsement/{submission.pk}/"
    assert member.get(review_path).status_code == 200
    codes = list(submission.criteria.items.values_list("code", flat=True))
    member.post(review_path, {f"judgement_{c}": "met" for c in codes})
    decided = member.post(review_path, {"action": "decide", "decision": "endorsed", "reasons": ""})
    assert decided.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.endorsement == Endorsement.ENDORSED
    seen = provider.get(f"/en/catalogue/manage/{opportunity.pk}/endorsement/").content.decode()
    assert "Endorsed" in seen


def test_only_the_panel_reviews_and_only_the_provider_submits(world, panel):
    opportunity = make_opportunity()
    submission = services.submission_create(
        opportunity=opportunity, by=world.users["provider"], statement="Review it."
    )
    for role in ("teacher", "provider", "national", "laofficer"):
        assert (
            world.client(role).get(f"/en/catalogue/endorsement/{submission.pk}/").status_code == 404
        )
    for role in ("teacher", "laofficer"):
        path = f"/en/catalogue/manage/{opportunity.pk}/endorsement/"
        assert world.client(role).get(path).status_code == 404
