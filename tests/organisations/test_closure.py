"""The dated closure of the organisation graph: kept in step with the links, read in one join."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import access
from organisations import services
from organisations.models import Organisation, OrganisationClosure, OrganisationKind
from organisations.selectors import below
from tests.factories import OrganisationLinkFactory, SchoolFactory

TODAY = datetime.date(2026, 11, 25)


def above(organisation: Organisation, day: datetime.date) -> set[str]:
    rows = OrganisationClosure.objects.on(day).filter(descendant=organisation)
    return set(rows.values_list("ancestor__code", flat=True))


def test_a_school_is_below_its_la_region_nation_and_cluster(world):
    assert above(world.school_a, TODAY) == {"6814000", "681", "CSC", "WG", "681-C01"}
    assert above(world.school_c, TODAY) == {"6802002", "680", "EAS", "WG"}


def test_a_region_move_changes_the_closure_on_the_move_date(world):
    move = datetime.date(2027, 4, 1)
    link = world.newport.parent_links.get(parent=world.eas, ends_on__isnull=True)
    link.ends_on = move - datetime.timedelta(days=1)
    link.save()
    partnership = Organisation.objects.create(
        kind=OrganisationKind.REGION, code="SE-P", name_en="South East Partnership"
    )
    OrganisationLinkFactory(parent=world.nation, child=partnership, starts_on=move)
    OrganisationLinkFactory(parent=partnership, child=world.newport, starts_on=move)

    assert "EAS" in above(world.school_c, move - datetime.timedelta(days=1))
    assert "SE-P" not in above(world.school_c, move - datetime.timedelta(days=1))
    assert "SE-P" in above(world.school_c, move)
    assert "EAS" not in above(world.school_c, move)


def test_deleting_a_link_takes_the_school_out_of_reach(world):
    world.school_b.parent_links.filter(parent=world.cluster).delete()
    assert "681-C01" not in above(world.school_b, TODAY)
    assert "681" in above(world.school_b, TODAY)  # still in Cardiff


def test_a_new_school_is_below_itself_at_once(world):
    school = SchoolFactory(code="6812999", la=world.cardiff)
    assert above(school, TODAY) == {"6812999", "681", "CSC", "WG"}


def test_a_full_rebuild_gives_the_same_rows_as_the_upkeep(world):
    def rows() -> set[tuple]:
        return set(
            OrganisationClosure.objects.values_list(
                "ancestor_id", "descendant_id", "starts_on", "ends_on"
            )
        )

    kept = rows()
    services.closure_rebuild()
    assert rows() == kept


def test_a_cycle_in_the_links_is_refused(world):
    with pytest.raises(services.GraphCycleError):
        OrganisationLinkFactory(parent=world.school_a, child=world.cardiff)


def test_a_scope_joins_the_closure_rather_than_listing_ids(world, django_assert_num_queries):
    officer = world.users["regionofficer"]
    with django_assert_num_queries(1):  # the roles held: grants and employments together
        access.reach(officer)
    with CaptureQueriesContext(connection) as queries:
        ids = set(
            access.visible(officer, Organisation.objects.all()).values_list("code", flat=True)
        )
    assert len(queries) == 1
    assert "organisationclosure" in queries[0]["sql"].lower()
    assert {"6814000", "6812001", "681", "681-C01", "CSC"} <= ids
    assert "6802002" not in ids


def test_can_over_a_list_is_one_query(world, django_assert_num_queries):
    officer = world.users["laofficer"]
    schools = [world.school_a, world.school_b, world.school_c, world.school_d]
    access.reach(officer)
    with django_assert_num_queries(1):
        allowed = access.permitted(officer, "people.staff.view", schools)
    assert allowed == {world.school_a.pk, world.school_b.pk}


def test_below_is_empty_for_no_roots(world):
    assert not below([], TODAY).exists()


def test_gwe_ended_in_may_2025_and_its_authorities_stay_in_wales(world):
    from organisations.selectors import region_of

    conwy = Organisation.objects.get(kind=OrganisationKind.LOCAL_AUTHORITY, code="662")
    assert region_of(local_authority=conwy, day=datetime.date(2025, 5, 31)).code == "GWE"
    assert region_of(local_authority=conwy, day=datetime.date(2025, 6, 1)) is None
    assert above(conwy, datetime.date(2025, 6, 1)) == {"662", "WG"}
    assert Organisation.objects.get(code="GWE").closed_on == datetime.date(2025, 5, 31)


def test_the_national_body_took_on_the_academys_work_in_september_2025(world):
    academy = Organisation.objects.get(kind=OrganisationKind.PROVIDER, code="NAEL")
    body = Organisation.objects.get(kind=OrganisationKind.PROVIDER, code="NPLLEW")
    assert academy.closed_on == datetime.date(2025, 8, 31)
    assert body.opened_on == datetime.date(2025, 9, 1)
    assert body.name_en == "National Professional Learning and Leadership Education Wales Body"
    assert body.name_cy == ""  # no published Welsh name yet: shown as English, marked so
