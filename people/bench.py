"""The pages and endpoints ``hawl bench`` times for organisations and people (see ``hawl.bench``).

Each is timed for the users who really use it: the directory for everyone from a teacher (one
school) to the national officer (all of Wales), staff lists only for those who may see them. A
filtered directory and its last page are here because they are where a missing index or an
offset scan shows first.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum

from hawl.bench import API, PAGE, REPRESENTATIVE_USERS, Target
from people import selectors
from people.models import (
    Employment,
    Organisation,
    OrganisationKind,
    Person,
    SchoolCensus,
    SchoolProfile,
    User,
)

STAFF_VIEWERS = ("national", "regionofficer", "laofficer", "head")
REGION_FILTER = "region=CSC&sector=primary&language_category=english-medium"
SEARCH = "q=ysgol"


def _home_school() -> str:
    """The demo head's school: every scale seeds the demo accounts in the same Cardiff school."""
    return (
        Employment.objects.filter(person__user__username="head")
        .values_list("school__code", flat=True)
        .get()
    )


def _last_page(user: User, page_size: int) -> int:
    count = selectors.school_list(user=user, filters=selectors.SchoolFilters()).count()
    return max(1, math.ceil(count / page_size))


def school_page(user: User | None) -> str:
    return f"/en/schools/{_home_school()}/"


def staff_page(user: User | None) -> str:
    return f"/en/schools/{_home_school()}/staff/"


def last_directory_page(user: User) -> str:
    return f"/en/schools/?page={_last_page(user, settings.HAWL_PAGE_SIZE)}"


def school_endpoint(user: User | None) -> str:
    return f"/api/v1/schools/{_home_school()}"


def staff_endpoint(user: User | None) -> str:
    return f"/api/v1/schools/{_home_school()}/staff"


def last_schools_endpoint_page(user: User) -> str:
    return f"/api/v1/schools?page={_last_page(user, settings.HAWL_API_PAGE_SIZE)}"


TARGETS = [
    Target("home", "/en/", REPRESENTATIVE_USERS, PAGE),
    Target("account", "/en/account/", ("teacher", "national"), PAGE),
    Target("schools", "/en/schools/", REPRESENTATIVE_USERS, PAGE),
    Target("schools, search", f"/en/schools/?{SEARCH}", ("national", "laofficer"), PAGE),
    Target(
        "schools, filtered", f"/en/schools/?{REGION_FILTER}", ("national", "regionofficer"), PAGE
    ),
    Target("schools, last page", last_directory_page, ("national", "regionofficer"), PAGE),
    Target("school", school_page, REPRESENTATIVE_USERS, PAGE),
    Target("school staff", staff_page, STAFF_VIEWERS, PAGE),
    Target("api me", "/api/v1/me", ("teacher", "head", "national"), API),
    Target("api schools", "/api/v1/schools", REPRESENTATIVE_USERS, API),
    Target("api schools, filtered", f"/api/v1/schools?{REGION_FILTER}", ("national",), API),
    Target("api schools, last page", last_schools_endpoint_page, ("national",), API),
    Target("api school", school_endpoint, REPRESENTATIVE_USERS, API),
    Target("api school staff", staff_endpoint, STAFF_VIEWERS, API),
    Target(
        "api local authorities", "/api/v1/local-authorities", ("national", "regionofficer"), API
    ),
    Target("api regions", "/api/v1/regions", ("national",), API),
    Target("api clusters", "/api/v1/clusters", ("national", "laofficer"), API),
    Target("api providers", "/api/v1/providers", ("national",), API),
]


def totals() -> dict[str, Any]:
    """Schools by sector, practitioners, employments, FTE teachers: the size of the Wales seeded."""
    rows = (
        SchoolProfile.objects.values("sector__code")
        .annotate(count=Count("pk"))
        .order_by("sector__order", "sector__code")
    )
    by_sector = {row["sector__code"]: row["count"] for row in rows}
    fte = SchoolCensus.objects.aggregate(total=Sum("fte_teachers"))["total"] or Decimal(0)
    return {
        "schools": sum(by_sector.values()),
        "schools_by_sector": by_sector,
        "clusters": Organisation.objects.filter(kind=OrganisationKind.CLUSTER).count(),
        "providers": Organisation.objects.filter(kind=OrganisationKind.PROVIDER).count(),
        "practitioners": Person.objects.count(),
        "employments": Employment.objects.count(),
        "fte_teachers": float(fte),
    }
