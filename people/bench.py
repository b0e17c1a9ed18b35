"""The pages and endpoints ``hawl bench`` times for people: home, account, staff lists.

Staff lists are timed only for those who may see them, from a head (one school) to the national
officer (all of Wales).
"""

from __future__ import annotations

from typing import Any

from core.bench import API, PAGE, REPRESENTATIVE_USERS, Target, credentials, register, totals_of
from people.models import Employment, Person
from people.services import api_token_create

STAFF_VIEWERS = ("national", "regionofficer", "laofficer", "head")


def _head_school() -> str:
    """The demo head's school (Cardiff's first secondary school at every scale)."""
    return (
        Employment.objects.filter(person__user__username="head")
        .values_list("school__code", flat=True)
        .get()
    )


def staff_page(user: Any) -> str:
    return f"/en/schools/{_head_school()}/staff/"


def staff_endpoint(user: Any) -> str:
    return f"/api/v1/schools/{_head_school()}/staff"


register(
    Target("home", "/en/", REPRESENTATIVE_USERS, PAGE),
    Target("account", "/en/account/", ("teacher", "national"), PAGE),
    Target("school staff", staff_page, STAFF_VIEWERS, PAGE),
    Target("api me", "/api/v1/me", ("teacher", "head", "national"), API),
    Target("api school staff", staff_endpoint, STAFF_VIEWERS, API),
)


@credentials
def bench_token(user: Any) -> str:
    return api_token_create(user=user, label="hawl bench")


@totals_of
def totals() -> dict[str, Any]:
    return {"practitioners": Person.objects.count(), "employments": Employment.objects.count()}
