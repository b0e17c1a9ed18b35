"""The pages and endpoints ``hawl bench`` times for the schools directory (see ``core.bench``).

Each is timed for the users who really use it: the directory for everyone from a teacher (one
school) to the national officer (all of Wales). A filtered directory and its last page are here
because they are where a missing index or an offset scan shows first.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum

from core.bench import API, PAGE, REPRESENTATIVE_USERS, Target, register, totals_of
from organisations import selectors
from organisations.models import Organisation, OrganisationKind, SchoolCensus, SchoolProfile

REGION_FILTER = "region=CSC&sector=primary&language_category=english-medium"
SEARCH = "q=ysgol"


def home_school() -> str:
    """The demo accounts' school: every scale seeds them in Cardiff's first secondary school."""
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.SCHOOL,
            code__startswith="681",
            school_profile__sector__code="secondary",
        )
        .order_by("code")
        .values_list("code", flat=True)[:1]
        .get()
    )


def _last_page(user: Any, page_size: int) -> int:
    count = selectors.school_list(user=user, filters=selectors.SchoolFilters()).count()
    return max(1, math.ceil(count / page_size))


def school_page(user: Any) -> str:
    return f"/en/schools/{home_school()}/"


def last_directory_page(user: Any) -> str:
    return f"/en/schools/?page={_last_page(user, settings.HAWL_PAGE_SIZE)}"


def school_endpoint(user: Any) -> str:
    return f"/api/v1/schools/{home_school()}"


def last_schools_endpoint_page(user: Any) -> str:
    return f"/api/v1/schools?page={_last_page(user, settings.HAWL_API_PAGE_SIZE)}"


register(
    Target("schools", "/en/schools/", REPRESENTATIVE_USERS, PAGE),
    Target("schools, search", f"/en/schools/?{SEARCH}", ("national", "laofficer"), PAGE),
    Target(
        "schools, filtered", f"/en/schools/?{REGION_FILTER}", ("national", "regionofficer"), PAGE
    ),
    Target("schools, last page", last_directory_page, ("national", "regionofficer"), PAGE),
    Target("school", school_page, REPRESENTATIVE_USERS, PAGE),
    Target("api schools", "/api/v1/schools", REPRESENTATIVE_USERS, API),
    Target("api schools, filtered", f"/api/v1/schools?{REGION_FILTER}", ("national",), API),
    Target("api schools, last page", last_schools_endpoint_page, ("national",), API),
    Target("api school", school_endpoint, REPRESENTATIVE_USERS, API),
    Target(
        "api local authorities", "/api/v1/local-authorities", ("national", "regionofficer"), API
    ),
    Target("api regions", "/api/v1/regions", ("national",), API),
    Target("api clusters", "/api/v1/clusters", ("national", "laofficer"), API),
    Target("api providers", "/api/v1/providers", ("national",), API),
)


@totals_of
def totals() -> dict[str, Any]:
    """Schools by sector, clusters, providers, FTE teachers: the size of the Wales seeded."""
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
        "fte_teachers": float(fte),
    }
