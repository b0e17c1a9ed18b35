"""Reads about organisations: the schools directory, a school, the graph on a date.

Every read of rows a user asks for goes through the access policy (``core.access.visible``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404

from core import access, search
from core.i18n import current_language
from organisations.models import (
    Organisation,
    OrganisationClosure,
    OrganisationKind,
    OrganisationLink,
    SchoolCensus,
    SchoolProfile,
)
from standards.models import Term


def below(roots: Iterable[int], day: datetime.date) -> QuerySet:
    """The ids of ``roots`` and every organisation beneath them on ``day``, as a subquery."""
    return (
        OrganisationClosure.objects.on(day)
        .filter(ancestor_id__in=list(roots))
        .values("descendant_id")
    )


def above(members: Iterable[int], day: datetime.date) -> QuerySet:
    """The ids of ``members`` and every organisation above them on ``day``, as a subquery."""
    return (
        OrganisationClosure.objects.on(day)
        .filter(descendant_id__in=list(members))
        .values("ancestor_id")
    )


def _parent_of_kind(kind: str, column: str, day: datetime.date) -> Subquery:
    """The ``column`` of a school's parent of ``kind`` on ``day``, as a subquery annotation."""
    links = OrganisationLink.objects.on(day).filter(child=OuterRef("pk"), parent__kind=kind)
    return Subquery(links.order_by("-starts_on").values(f"parent__{column}")[:1])


def with_parents(queryset: QuerySet, day: datetime.date) -> QuerySet:
    """Annotate schools with their LA and region on ``day`` (names in both languages)."""
    # Nested one level deeper, so the school is the outer query's outer query.
    la_of_school = OrganisationLink.objects.on(day).filter(
        child=OuterRef(OuterRef("pk")), parent__kind=OrganisationKind.LOCAL_AUTHORITY
    )
    region_links = OrganisationLink.objects.on(day).filter(
        parent__kind=OrganisationKind.REGION,
        child=Subquery(la_of_school.values("parent_id")[:1]),
    )
    annotations = {
        f"la_{column}": _parent_of_kind(OrganisationKind.LOCAL_AUTHORITY, column, day)
        for column in ("code", "name_en", "name_cy")
    }
    annotations |= {
        f"region_{column}": Subquery(region_links.values(f"parent__{column}")[:1])
        for column in ("code", "name_en", "name_cy")
    }
    return queryset.annotate(**annotations)


def by_name() -> list[Any]:
    """Order by the name in the active language: Welsh pages list Welsh names alphabetically.

    A missing Welsh name sorts by its English one, as the page shows it.
    """
    if current_language() == "cy":
        return [Coalesce(NullIf("name_cy", Value("")), "name_en"), "code"]
    return ["name_en", "code"]


class PageFirstQuerySet(QuerySet):
    """Slicing picks the page's ids first, then annotates only those rows (a deferred join).

    The LA and region annotations are correlated subqueries, and PostgreSQL evaluates them for
    every row an OFFSET skips: without this, the last page of the directory costs as much as
    annotating all of Wales. Still one query per page.
    """

    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice) and k.step is None and (k.start or k.stop is not None):
            page_ids = super(PageFirstQuerySet, self.values("pk")).__getitem__(k)
            return self.filter(pk__in=page_ids)
        return super().__getitem__(k)


@dataclass(frozen=True)
class SchoolFilters:
    q: str = ""
    la: str = ""
    region: str = ""
    sector: str = ""
    language_category: str = ""


def school_list(*, user: Any, filters: SchoolFilters, day: datetime.date | None = None) -> QuerySet:
    """Schools the user may see, filtered, with LA and region on ``day`` annotated."""
    day = day or access.today()
    schools = access.visible(
        user,
        PageFirstQuerySet(Organisation).filter(kind=OrganisationKind.SCHOOL),
        action="organisations.school.view",
    )
    ordering = by_name()
    text = filters.q.strip()
    if text.isdigit():
        schools = schools.filter(code__startswith=text)
    elif search.words(text):
        # Every word in either name, the last as a prefix, diacritics ignored; best first.
        schools = search.matching(schools, text)
        ordering = [F(search.SEARCH_RANK).desc(), *ordering]
    if filters.la:
        schools = schools.filter(
            Exists(
                OrganisationLink.objects.on(day).filter(
                    child=OuterRef("pk"),
                    parent__kind=OrganisationKind.LOCAL_AUTHORITY,
                    parent__code=filters.la,
                )
            )
        )
    if filters.region:
        las = OrganisationLink.objects.on(day).filter(
            parent__kind=OrganisationKind.REGION, parent__code=filters.region
        )
        schools = schools.filter(
            Exists(
                OrganisationLink.objects.on(day).filter(
                    child=OuterRef("pk"), parent_id__in=las.values("child_id")
                )
            )
        )
    if filters.sector:
        schools = schools.filter(school_profile__sector__code=filters.sector)
    if filters.language_category:
        schools = schools.filter(school_profile__language_category__code=filters.language_category)
    schools = schools.select_related("school_profile__sector", "school_profile__language_category")
    return with_parents(schools, day).order_by(*ordering)


@dataclass(frozen=True)
class FilterOptions:
    local_authorities: list[Organisation]
    regions: list[Organisation]
    sectors: list[Term]
    language_categories: list[Term]
    version: str | None = None


# Filter options are the same for everyone who sees the same schools, so they are cached (in the
# cache every app server shares) by scope and day. A reference-data load gives them a new version
# (organisations.signals), and a value of an older version is not used.
FILTERS_VERSION_KEY = "organisations:filters:version"
FILTERS_TIMEOUT = 6 * 60 * 60


def _cached(key: str, build: Callable[[str | None], FilterOptions]) -> FilterOptions:
    """One cache read for the value and the current version together."""
    found = cache.get_many([FILTERS_VERSION_KEY, key])
    version = found.get(FILTERS_VERSION_KEY)
    value = found.get(key)
    if value is None or value.version != version:
        value = build(version)
        cache.set(key, value, FILTERS_TIMEOUT)
    return value


def school_filter_choices(*, day: datetime.date | None = None) -> FilterOptions:
    """Every value a directory filter accepts on ``day``: public reference data."""
    day = day or access.today()

    def build(version: str | None) -> FilterOptions:
        current_regions = (
            OrganisationLink.objects.on(day)
            .filter(parent__kind=OrganisationKind.NATION)
            .values("child_id")
        )
        return FilterOptions(
            local_authorities=list(
                Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("code")
            ),
            regions=list(
                Organisation.objects.filter(
                    kind=OrganisationKind.REGION, pk__in=current_regions
                ).order_by("name_en")
            ),
            sectors=list(Term.objects.filter(vocabulary__code="school-sector").in_force(day)),
            language_categories=list(
                Term.objects.filter(vocabulary__code="language-category").in_force(day)
            ),
            version=version,
        )

    return _cached(f"organisations:filters:all:{day.isoformat()}", build)


def school_filter_options(*, user: Any, day: datetime.date | None = None) -> FilterOptions:
    """Only the choices that can narrow this user's own list: the LAs, regions, sectors and
    language categories of the schools they see (a teacher's one school offers none)."""
    day = day or access.today()
    roots = access.reach(user, on=day).roots(access.roles_for("organisations.school.view"))
    if roots is None:
        return school_filter_choices(day=day)
    scope = ",".join(str(root) for root in sorted(roots)) or "none"

    def build(version: str | None) -> FilterOptions:
        schools = access.visible(
            user,
            Organisation.objects.filter(kind=OrganisationKind.SCHOOL),
            action="organisations.school.view",
            on=day,
        ).values("pk")
        la_links = OrganisationLink.objects.on(day).filter(
            child__in=schools, parent__kind=OrganisationKind.LOCAL_AUTHORITY
        )
        region_links = OrganisationLink.objects.on(day).filter(
            child__in=la_links.values("parent_id"), parent__kind=OrganisationKind.REGION
        )
        profiles = SchoolProfile.objects.filter(school__in=schools)
        return FilterOptions(
            local_authorities=list(
                Organisation.objects.filter(pk__in=la_links.values("parent_id")).order_by("code")
            ),
            regions=list(
                Organisation.objects.filter(pk__in=region_links.values("parent_id")).order_by(
                    "name_en"
                )
            ),
            sectors=list(
                Term.objects.filter(pk__in=profiles.values("sector_id")).order_by("order", "code")
            ),
            language_categories=list(
                Term.objects.filter(pk__in=profiles.values("language_category_id")).order_by(
                    "order", "code"
                )
            ),
            version=version,
        )

    return _cached(f"organisations:filters:{scope}:{day.isoformat()}", build)


def school_get(*, user: Any, school_number: str, day: datetime.date | None = None) -> Organisation:
    """One school the user may see, or 404 (missing and out of scope look the same)."""
    day = day or access.today()
    queryset = access.visible(
        user,
        Organisation.objects.filter(kind=OrganisationKind.SCHOOL, code=school_number),
        action="organisations.school.view",
    ).select_related("school_profile__sector", "school_profile__language_category")
    school = with_parents(queryset, day).first()
    if school is None:
        raise Http404
    return school


@dataclass
class SchoolDetail:
    school: Organisation
    cluster: Organisation | None
    diocese: Organisation | None
    latest_census: SchoolCensus | None


def school_detail(*, school: Organisation, day: datetime.date | None = None) -> SchoolDetail:
    """What the school page shows beyond the school itself: its cluster, diocese and census."""
    day = day or access.today()
    parents = {
        link.parent.kind: link.parent
        for link in OrganisationLink.objects.on(day)
        .filter(
            child=school,
            parent__kind__in=[OrganisationKind.CLUSTER, OrganisationKind.DIOCESE],
        )
        .select_related("parent")
    }
    return SchoolDetail(
        school=school,
        cluster=parents.get(OrganisationKind.CLUSTER),
        diocese=parents.get(OrganisationKind.DIOCESE),
        latest_census=school.censuses.order_by("-census_date").first(),
    )


def organisation_list(
    *, user: Any, kind: str, q: str = "", day: datetime.date | None = None
) -> QuerySet:
    """Organisations of ``kind`` the user may see; LAs carry their region on ``day``."""
    day = day or access.today()
    queryset = access.visible(user, Organisation.objects.filter(kind=kind))
    if q.strip():
        named = search.matching(Organisation.objects.filter(kind=kind), q).values("pk")
        queryset = queryset.filter(Q(pk__in=named) | Q(code=q.strip()))
    parent_kind = {
        OrganisationKind.LOCAL_AUTHORITY: OrganisationKind.REGION,
        OrganisationKind.CLUSTER: OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.REGION: OrganisationKind.NATION,
    }.get(kind)
    if parent_kind:
        queryset = queryset.annotate(
            parent_code=_parent_of_kind(parent_kind, "code", day),
            parent_name_en=_parent_of_kind(parent_kind, "name_en", day),
            parent_name_cy=_parent_of_kind(parent_kind, "name_cy", day),
        )
    return queryset.order_by(*by_name())


def region_of(*, local_authority: Organisation, day: datetime.date) -> Organisation | None:
    """Which region held this LA on ``day``: one query."""
    link = (
        OrganisationLink.objects.on(day)
        .filter(child=local_authority, parent__kind=OrganisationKind.REGION)
        .select_related("parent")
        .order_by("-starts_on")
        .first()
    )
    return link.parent if link else None
