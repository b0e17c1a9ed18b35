"""Each opportunity's next session open for booking, kept on it for "soonest first"."""

from __future__ import annotations

import datetime

import pytest

from catalogue import services
from catalogue.models import Opportunity
from notifications.signals import tick
from tests.catalogue.support import in_days, make_opportunity, make_session

pytestmark = pytest.mark.django_db


def fresh(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.get(pk=opportunity.pk)


def test_the_next_session_follows_sessions_added_cancelled_and_closed(world):
    opportunity = make_opportunity()
    assert fresh(opportunity).next_starts_at is None
    later = make_session(opportunity, days=20)
    assert fresh(opportunity).next_starts_at == later.starts_at
    sooner = make_session(opportunity, days=10)
    assert fresh(opportunity).next_starts_at == sooner.starts_at
    assert fresh(opportunity).next_deadline == sooner.booking_deadline

    services.session_cancel(session=sooner, reason="Room flooded")
    assert fresh(opportunity).next_starts_at == later.starts_at

    # Booking for the later one closes: once the worker ticks after that, nothing is open.
    services.session_update(session=later, booking_deadline=in_days(5))
    assert fresh(opportunity).next_deadline == in_days(5)
    after = in_days(5) + datetime.timedelta(minutes=1)
    assert services.next_sessions_due(now=after) == 1
    assert fresh(opportunity).next_starts_at is None


def test_the_worker_moves_on_what_closed(world):
    opportunity = make_opportunity()
    session = make_session(opportunity, days=10)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        next_deadline=in_days(-1)  # as if its booking had closed yesterday
    )
    tick.send(sender=None)
    assert fresh(opportunity).next_deadline == session.booking_deadline


def test_soonest_first_lists_by_the_next_open_session(world):
    late, early, _none = (make_opportunity(title_en=title) for title in ("Late", "Early", "None"))
    make_session(late, days=30)
    make_session(early, days=3)
    client = world.client("teacher")
    html = client.get("/en/catalogue/?sort=soonest").content.decode()
    order = [html.index(f">{title}<") for title in ("Early", "Late", "None")]
    assert order == sorted(order)
