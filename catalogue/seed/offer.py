"""The offer: opportunities spread over the levels of provision as Wales has it (the national
body's programmes for all of Wales, universities' courses, regional and local authority offers,
cluster networks and school-led learning), each offered to the people who work where it is
meant for, and mapped to standards, priority areas, topics, audiences and sectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from catalogue.models import Audience, Format, Opportunity, Status
from catalogue.seed.chunks import Inserts
from catalogue.seed.content import (
    KINDS,
    MAPPING,
    PROGRAMMES,
    PUBLISHED_AT,
    SELF_PACED,
    SIZES,
    SUBJECT_MAPPING,
    SUBJECTS,
)
from core.seeding import SeedContext, bulk
from organisations.models import Organisation, OrganisationKind, OrganisationLink
from organisations.selectors import region_of
from people.models import Employment, RoleType
from standards.models import Standard, Term


@dataclass
class Offer:
    """Everything planned before the bulk inserts, in the order it is inserted."""

    opportunities: list[Opportunity] = field(default_factory=list)
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (mapping key, pathway)
    audiences: list[list[str]] = field(default_factory=list)
    audience_people: list[list[int]] = field(default_factory=list)


@dataclass
class Workforce:
    """Who works where: the people an opportunity is offered to, by school, LA and region."""

    las: list[Organisation]
    regions: list[Organisation]
    school_la: dict[int, int]
    regions_of: dict[int, Organisation | None]
    people_at: dict[int, list[int]]
    school_of_person: dict[int, int]
    people_in_la: dict[int, list[int]]
    people_in_region: dict[int, list[int]]
    everyone: list[int]
    cluster_schools: dict[int, list[int]]


def workforce_of(context: SeedContext, today: datetime.date) -> Workforce:
    """Read from the schools and people seeded before the catalogue."""
    schools = context.shared["schools"]
    plan = context.shared["plan"]
    las = sorted({item.la.pk: item.la for item in plan}.values(), key=lambda o: o.code)
    regions_of = {la.pk: region_of(local_authority=la, day=today) for la in las}
    school_la = {school.pk: item.la.pk for school, item in zip(schools, plan, strict=True)}
    people_at: dict[int, list[int]] = {}
    school_of_person: dict[int, int] = {}
    for person_id, school_id in Employment.objects.filter(school_id__in=school_la).values_list(
        "person_id", "school_id"
    ):
        people_at.setdefault(school_id, []).append(person_id)
        school_of_person.setdefault(person_id, school_id)
    # Supply teachers work at several schools: each person once in a pool.
    in_la: dict[int, set[int]] = {}
    for school_id, ids in people_at.items():
        in_la.setdefault(school_la[school_id], set()).update(ids)
    in_region: dict[int, set[int]] = {}
    for la_id, ids in in_la.items():
        region = regions_of.get(la_id)
        if region:
            in_region.setdefault(region.pk, set()).update(ids)
    cluster_schools: dict[int, list[int]] = {}
    for parent_id, child_id in OrganisationLink.objects.filter(
        parent__in=context.shared["clusters"]
    ).values_list("parent_id", "child_id"):
        cluster_schools.setdefault(parent_id, []).append(child_id)
    return Workforce(
        las=las,
        regions=sorted({r.pk: r for r in regions_of.values() if r}.values(), key=lambda o: o.code),
        school_la=school_la,
        regions_of=regions_of,
        people_at=people_at,
        school_of_person=school_of_person,
        people_in_la={key: sorted(ids) for key, ids in in_la.items()},
        people_in_region={key: sorted(ids) for key, ids in in_region.items()},
        everyone=sorted(school_of_person),
        cluster_schools=cluster_schools,
    )


def offer_seed(
    context: SeedContext,
    workforce: Workforce,
    terms: dict[tuple[str, str], Term],
    standards_by_code: dict[str, list[Standard]],
) -> tuple[list[Opportunity], Offer]:
    """Plan the opportunities, insert them and their mappings; returns them with their pk."""
    rng = context.rng
    opportunities_wanted = SIZES[context.scale.name][0]
    schools = context.shared["schools"]
    nation = context.shared["nation"]
    clusters = context.shared["clusters"]
    providers = [p for p in context.shared["providers"] if p.code != "NAEL"]
    national_body = next(p for p in providers if p.code == "NPLLEW")
    universities = [p for p in providers if p.code != "NPLLEW"]
    las, regions = workforce.las, workforce.regions
    regions_of, school_la = workforce.regions_of, workforce.school_la
    people_at, everyone = workforce.people_at, workforce.everyone
    people_in_la, people_in_region = workforce.people_in_la, workforce.people_in_region
    cluster_schools = workforce.cluster_schools
    offer = Offer()

    def add(
        provider: Organisation, audience: Organisation, level: str, pool: list[int], **extra: Any
    ) -> None:
        index = rng.randrange(len(SUBJECTS))
        subject_en, subject_cy = SUBJECTS[index]
        delivery = (
            extra.pop("delivery", None)
            or rng.choices(list(KINDS), weights=[40, 12, 12, 12, 5, 5, 4, 10])[0]
        )
        kind_en, kind_cy = rng.choice(KINDS[delivery])
        language = (
            extra.pop("language", None) or rng.choices(["en", "cy", "bilingual"], [5, 2, 3])[0]
        )
        status = (
            extra.pop("status", None)
            or rng.choices(
                [Status.PUBLISHED, Status.IN_DEVELOPMENT, Status.DRAFT, Status.ARCHIVED],
                [86, 5, 4, 5],
            )[0]
        )
        title = extra.pop("title", None) or (f"{subject_en}: {kind_en}", f"{subject_cy}: {kind_cy}")
        summary = extra.pop("summary", None) or (
            f"{kind_en.capitalize()} for practitioners on {subject_en.lower()}.",
            f"{kind_cy.capitalize()} i ymarferwyr ar {subject_cy[0].lower()}{subject_cy[1:]}.",
        )
        approval = extra.pop("approval", rng.random() < 0.2)
        cost = Decimal(extra.pop("cost", rng.choice([0, 0, 0, 0, 45, 90, 150])))
        cover = extra.pop("cover", Decimal(rng.choice(["0", "0", "0.5", "1", "1", "2"])))
        self_paced = delivery in SELF_PACED
        offer.opportunities.append(
            Opportunity(
                provider=provider,
                audience_organisation=audience,
                region=audience
                if audience.kind == OrganisationKind.REGION
                else regions_of.get(
                    audience.pk
                    if audience.kind == OrganisationKind.LOCAL_AUTHORITY
                    else school_la.get(audience.pk, 0)
                ),
                title_en=title[0],
                title_cy=title[1],
                summary_en=summary[0],
                summary_cy=summary[1],
                description_en=f"{summary[0]} Run by {provider.name_en}.",
                description_cy=(
                    f"{summary[1]} Yn cael ei gynnal gan {provider.name_cy or provider.name_en}."
                ),
                level=terms[("provision-level", level)],
                delivery=terms[("delivery-method", delivery)],
                format=Format.SELF_PACED if self_paced else Format.SCHEDULED,
                language=language,
                hours=Decimal(rng.choice([1, 2, 3, 6, 6, 12, 18])),
                cost=cost,
                cover_days=cover if not self_paced else Decimal(0),
                approval_required=approval and not self_paced,
                resource_url=f"https://hwb.example/learning/{len(offer.opportunities) + 1}"
                if self_paced
                else "",
                status=status,
                endorsement="",
                created_at=PUBLISHED_AT,
                updated_at=PUBLISHED_AT,
                published_at=PUBLISHED_AT
                if status in (Status.PUBLISHED, Status.ARCHIVED)
                else None,
            )
        )
        offer.mapping.append((extra.pop("map", SUBJECT_MAPPING[index]), extra.pop("pathway", None)))
        audiences = extra.pop("audiences", None)
        if audiences is None:
            audiences = rng.choice(
                [
                    [],
                    [],
                    [RoleType.TEACHER],
                    [RoleType.TEACHING_ASSISTANT, RoleType.HLTA],
                    [RoleType.LEADER],
                    [RoleType.SUPPLY_TEACHER, RoleType.TEACHER],
                ]
            )
        offer.audiences.append(audiences)
        offer.audience_people.append(pool)

    for programme in PROGRAMMES:
        add(
            national_body,
            nation,
            "national",
            everyone,
            title=programme["title"],
            summary=programme["summary"],
            map=programme["map"],
            pathway=programme["pathway"],
            delivery=programme["delivery"],
            language=programme["language"],
            audiences=programme["audiences"],
            approval=programme["approval"],
            cost=programme["cost"],
            cover=programme["cover"],
            status=Status.PUBLISHED,
        )
    while len(offer.opportunities) < opportunities_wanted:
        roll = rng.random()
        if roll < 0.10:
            add(national_body, nation, "national", everyone)
        elif roll < 0.18:
            add(rng.choice(universities), nation, "national", everyone)
        elif roll < 0.40:
            region = rng.choice(regions)
            add(region, region, "regional-local", people_in_region.get(region.pk, everyone))
        elif roll < 0.75:
            la = rng.choice(las)
            add(la, la, "regional-local", people_in_la.get(la.pk, everyone))
        elif roll < 0.88:
            cluster = rng.choice(clusters)
            pool = sorted(
                {p for s in cluster_schools.get(cluster.pk, []) for p in people_at.get(s, [])}
            )
            add(cluster, cluster, "collaborative", pool or everyone)
        else:
            school = rng.choice(schools)
            add(school, school, "school-led", people_at.get(school.pk, everyone))
    opportunities = bulk(Opportunity, offer.opportunities, "opportunities", context)
    _mappings_seed(context, opportunities, offer, terms, standards_by_code)
    return opportunities, offer


def _mappings_seed(
    context: SeedContext,
    opportunities: list[Opportunity],
    offer: Offer,
    terms: dict[tuple[str, str], Term],
    standards_by_code: dict[str, list[Standard]],
) -> None:
    through = Opportunity.standards.through
    priority = Opportunity.priority_areas.through
    topic = Opportunity.topics.through
    sector = Opportunity.sectors.through
    inserts = Inserts(
        context,
        {
            through: "opportunity standards",
            priority: "opportunity priority areas",
            topic: "opportunity topics",
            Audience: "opportunity audiences",
            sector: "opportunity sectors",
        },
    )
    pathway_updates = []
    sectors = [terms[("school-sector", c)] for c in ("primary", "secondary", "special")]
    for opportunity, (key, pathway), audiences in zip(
        opportunities, offer.mapping, offer.audiences, strict=True
    ):
        standards, priorities, topics = MAPPING[key]
        for code in standards:
            inserts.add(
                through,
                (
                    through(opportunity_id=opportunity.pk, standard_id=s.pk)
                    for s in standards_by_code.get(code, [])
                ),
            )
        inserts.add(
            priority,
            (
                priority(opportunity_id=opportunity.pk, term_id=terms[("priority-area", c)].pk)
                for c in priorities
            ),
        )
        inserts.add(
            topic,
            (topic(opportunity_id=opportunity.pk, term_id=terms[("topic", c)].pk) for c in topics),
        )
        inserts.add(
            Audience, (Audience(opportunity_id=opportunity.pk, role_type=r) for r in audiences)
        )
        if context.rng.random() < 0.3:
            inserts.add(
                sector,
                [sector(opportunity_id=opportunity.pk, term_id=context.rng.choice(sectors).pk)],
            )
        if pathway:
            opportunity.pathway = terms[("pathway", pathway[0])]
            opportunity.pathway_level = terms[("pathway-level", pathway[1])]
            pathway_updates.append(opportunity)
        if inserts.full:
            inserts.flush()
    inserts.done()
    Opportunity.objects.bulk_update(pathway_updates, ["pathway", "pathway_level"])
