"""Seed organisations: providers, schools, clusters, their links and census (see ``core.seeding``).

At Wales scale the sector mix is the real one and the FTE ranges give about 25,000 FTE teachers
(the census figure). Every value comes from the seeded random generator, in a fixed order, so the
same ``--seed`` gives the same rows.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.base import CommandError

from core.seeding import SeedContext, bulk, seeder
from organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationLink,
    SchoolCensus,
    SchoolProfile,
)
from organisations.services import closure_rebuild
from standards.models import Term

CENSUS_DATE = datetime.date(2026, 1, 15)

# fmt: off

# Relative size of each LA (roughly its share of Wales's schools).
LA_WEIGHTS = {
    "660": 45, "661": 95, "662": 60, "663": 55, "664": 75, "665": 70, "666": 95, "667": 45,
    "668": 60, "669": 110, "670": 95, "671": 65, "672": 60, "673": 55, "674": 115, "675": 25,
    "676": 75, "677": 25, "678": 35, "679": 35, "680": 55, "681": 125,
}
NORTH = {"660", "661", "662", "663", "664", "665"}
WEST = {"666", "667", "668", "669", "670", "671"}

PLACES = [
    "Aberaeron", "Abercynon", "Aberdâr", "Abergele", "Aberporth", "Amlwch", "Bethesda",
    "Betws", "Blaenavon", "Bodedern", "Bontnewydd", "Brynaman", "Brynmawr", "Brynteg",
    "Bwcle", "Caerau", "Caergybi", "Caerwys", "Capel Curig", "Cefn Coed", "Cefn Mawr",
    "Cilgerran", "Clydach", "Coedpoeth", "Corwen", "Cross Hands", "Crymych", "Cwmbach",
    "Cwmbrân", "Cwm Rhymni", "Deiniolen", "Dinas", "Dolgellau", "Dyffryn", "Ffestiniog",
    "Garndiffaith", "Garnant", "Glanyrafon", "Glyncorrwg", "Gorseinon", "Gwaun Cae Gurwen",
    "Gwersyllt", "Hirwaun", "Llanbedr", "Llanberis", "Llandeilo", "Llandudno", "Llandysul",
    "Llanelli", "Llanfair", "Llanfyllin", "Llangefni", "Llangollen", "Llanidloes", "Llanrwst",
    "Llansawel", "Llantrisant", "Llanwern", "Machynlleth", "Maesteg", "Maesycwmmer",
    "Manorbier", "Merthyr Vale", "Mynydd Isa", "Nantgarw", "Nefyn", "Ogmore Vale", "Pantycelyn",
    "Penarth", "Penrhyndeudraeth", "Pentre", "Penygroes", "Pontardawe", "Pontyberem",
    "Porthcawl", "Porthmadog", "Prestatyn", "Pwllheli", "Rhosllanerchrugog", "Rhuthun",
    "Rhydaman", "Rhydyfelin", "Saundersfoot", "Senghennydd", "Talybont", "Tonyrefail",
    "Trefaldwyn", "Treharris", "Trelái", "Tregaron", "Treorci", "Tywyn", "Y Bala", "Y Fenni",
    "Y Rhws", "Ystalyfera", "Ystradgynlais", "Ystrad Mynach",
]
PATRONS = ["Dewi Sant", "Santes Dwynwen", "Sant Teilo", "Sant Illtud", "Santes Fair", "Sant Joseff"]
# Establishment number ranges by sector (the last four digits of the school number).
NUMBER_BASE = {
    "nursery": 1000, "pru": 1100, "primary": 2000, "middle": 3500, "secondary": 4000,
    "special": 7000,
}
# FTE teachers (min, max) per sector: with the Wales sector mix, about 25,000 in all.
FTE_TEACHERS = {
    "nursery": (1.0, 3.0),
    "primary": (5.0, 16.0),
    "middle": (40.0, 75.0),
    "secondary": (35.0, 75.0),
    "special": (12.0, 30.0),
    "pru": (3.0, 9.0),
}
LANGUAGE_MIX = {
    # (Welsh-medium share, other categories) by part of Wales.
    "north": [("welsh-medium", 55), ("dual-stream", 6), ("transitional", 6), ("bilingual-a", 4),
              ("english-significant-welsh", 9), ("english-medium", 20)],
    "west": [("welsh-medium", 30), ("dual-stream", 8), ("transitional", 4), ("bilingual-b", 4),
             ("english-significant-welsh", 9), ("english-medium", 45)],
    "south": [("welsh-medium", 15), ("dual-stream", 2), ("bilingual-c", 2),
              ("english-significant-welsh", 3), ("english-medium", 78)],
}
UNIVERSITIES = [
    ("CARDIFF-UNI", "Cardiff University", "Prifysgol Caerdydd"),
    ("SWANSEA-UNI", "Swansea University", "Prifysgol Abertawe"),
    ("BANGOR-UNI", "Bangor University", "Prifysgol Bangor"),
    ("ABERYSTWYTH-UNI", "Aberystwyth University", "Prifysgol Aberystwyth"),
    ("USW", "University of South Wales", "Prifysgol De Cymru"),
    ("CARDIFF-MET", "Cardiff Metropolitan University", "Prifysgol Metropolitan Caerdydd"),
    ("WREXHAM-UNI", "Wrexham University", "Prifysgol Wrecsam"),
    ("UWTSD", "University of Wales Trinity Saint David", "Prifysgol Cymru Y Drindod Dewi Sant"),
    ("OU-WALES", "The Open University in Wales", "Y Brifysgol Agored yng Nghymru"),
]
WELSH_TYPE = {
    "nursery": "Ysgol Feithrin",
    "primary": "Ysgol Gynradd",
    "middle": "Ysgol",
    "secondary": "Ysgol Uwchradd",
    "special": "Ysgol Arbennig",
    "pru": "Uned Cyfeirio Disgyblion",
}
ENGLISH_TYPE = {
    "nursery": "Nursery School",
    "primary": "Primary School",
    "middle": "Community School",
    "secondary": "High School",
    "special": "Special School",
    "pru": "Pupil Referral Unit",
}
CHURCH_IN_WALES = {
    "north": ["CIW-BANGOR", "CIW-STASAPH"],
    "west": ["CIW-STDAVIDS", "CIW-SWANBRECON"],
    "south": ["CIW-LLANDAFF", "CIW-MONMOUTH"],
}
# fmt: on


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights=weights)[0]


def _school_names(
    rng: random.Random, sector: str, place: str, welsh_medium: bool
) -> tuple[str, str]:
    """English and Welsh names; a Welsh-medium school's English name is its Welsh one."""
    faith = rng.random() < 0.12
    if faith and sector in {"primary", "secondary"}:
        patron = rng.choice(PATRONS)
        welsh = f"Ysgol {patron}, {place}"
        return (welsh if welsh_medium else f"{patron} School, {place}"), welsh
    welsh = f"{WELSH_TYPE[sector]} {place}"
    return (welsh if welsh_medium else f"{place} {ENGLISH_TYPE[sector]}"), welsh


def _part_of_wales(la_code: str) -> str:
    return "north" if la_code in NORTH else "west" if la_code in WEST else "south"


@dataclass(frozen=True)
class PlannedSchool:
    la: Organisation
    sector: str
    category: str
    fte: Decimal
    place: str


def _plan(context: SeedContext, las: list[Organisation]) -> list[PlannedSchool]:
    """Each sector's count spread over the LAs by weight (largest remainders first)."""
    rng = context.rng
    plan: list[tuple[Organisation, str]] = []
    total_weight = sum(LA_WEIGHTS.values())
    for sector, count in context.scale.schools_per_sector.items():
        shares = {la.code: count * LA_WEIGHTS[la.code] / total_weight for la in las}
        allotted = {code: int(share) for code, share in shares.items()}
        remainder = sorted(shares, key=lambda code: shares[code] - allotted[code], reverse=True)
        for code in remainder[: count - sum(allotted.values())]:
            allotted[code] += 1
        for la in las:
            plan += [(la, sector)] * allotted[la.code]
    planned = []
    for la, sector in plan:
        low, high = FTE_TEACHERS[sector]
        planned.append(
            PlannedSchool(
                la=la,
                sector=sector,
                category=_weighted(rng, LANGUAGE_MIX[_part_of_wales(la.code)]),
                fte=Decimal(str(round(rng.uniform(low, high), 1))),
                place=rng.choice(PLACES),
            )
        )
    return planned


def _seed_schools(
    context: SeedContext, plan: list[PlannedSchool], dioceses: dict[str, Organisation]
) -> tuple[list[Organisation], list[OrganisationLink]]:
    """Schools with their profiles and census; returns them and their LA and diocese links."""
    rng = context.rng
    terms = {
        (term.vocabulary.code, term.code): term
        for term in Term.objects.select_related("vocabulary").filter(
            vocabulary__code__in=["school-sector", "language-category"]
        )
    }
    rows, used_numbers = [], {}
    for item in plan:
        name_en, name_cy = _school_names(
            rng, item.sector, item.place, item.category == "welsh-medium"
        )
        serial = used_numbers.get((item.la.code, item.sector), 0)
        used_numbers[(item.la.code, item.sector)] = serial + 1
        rows.append(
            Organisation(
                kind=OrganisationKind.SCHOOL,
                code=f"{item.la.code}{NUMBER_BASE[item.sector] + serial:04d}",
                name_en=name_en,
                name_cy=name_cy,
                opened_on=datetime.date(rng.randint(1950, 2022), 9, 1),
            )
        )
    schools = bulk(Organisation, rows, "schools", context)
    profiles, censuses, links = [], [], []
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    for school, item in zip(schools, plan, strict=True):
        part = _part_of_wales(item.la.code)
        area = {"north": "LL", "west": "SA", "south": "CF"}[part]
        profiles.append(
            SchoolProfile(
                school=school,
                sector=terms[("school-sector", item.sector)],
                language_category=terms[("language-category", item.category)],
                address=f"{rng.randint(1, 120)} Heol yr Ysgol, {item.place}",
                postcode=f"{area}{rng.randint(1, 78)} {rng.randint(1, 9)}"
                f"{rng.choice(letters)}{rng.choice(letters)}",
            )
        )
        censuses.append(SchoolCensus(school=school, census_date=CENSUS_DATE, fte_teachers=item.fte))
        links.append(OrganisationLink(parent=item.la, child=school, starts_on=school.opened_on))
        if rng.random() < 0.14:
            church = rng.choice(CHURCH_IN_WALES[part])
            if rng.random() < 0.35:
                church = "RC-WREXHAM" if part == "north" else "RC-CARDIFFMENEVIA"
            links.append(
                OrganisationLink(parent=dioceses[church], child=school, starts_on=school.opened_on)
            )
    bulk(SchoolProfile, profiles, "school profiles", context)
    bulk(SchoolCensus, censuses, "census returns", context)
    return schools, links


def _seed_clusters(
    context: SeedContext,
    las: list[Organisation],
    schools: list[Organisation],
    plan: list[PlannedSchool],
) -> tuple[list[Organisation], list[OrganisationLink]]:
    """A cluster per secondary (or all-age) school, with its LA's primaries dealt round."""
    by_la: dict[int, dict[str, list[Organisation]]] = {}
    for school, item in zip(schools, plan, strict=True):
        by_la.setdefault(item.la.pk, {}).setdefault(item.sector, []).append(school)
    rows, members = [], []
    for la in las:
        sectors = by_la.get(la.pk, {})
        heads = sectors.get("secondary", []) + sectors.get("middle", [])
        feeders = sectors.get("primary", []) + sectors.get("nursery", [])
        for index, head in enumerate(heads, start=1):
            rows.append(
                Organisation(
                    kind=OrganisationKind.CLUSTER,
                    code=f"{la.code}-C{index:02d}",
                    name_en=f"{head.name_en} cluster",
                    name_cy=f"Clwstwr {head.name_cy}",
                )
            )
            members.append((la, [head, *feeders[index - 1 :: len(heads)]]))
    clusters = bulk(Organisation, rows, "clusters", context)
    start = datetime.date(2022, 9, 1)
    links = []
    for cluster, (la, schools_in) in zip(clusters, members, strict=True):
        links.append(OrganisationLink(parent=la, child=cluster, starts_on=start))
        links += [OrganisationLink(parent=cluster, child=s, starts_on=start) for s in schools_in]
    return clusters, links


@seeder("organisations", present=lambda: Organisation.objects.filter(kind="school").exists())
def seed(context: SeedContext) -> None:
    """Providers, schools, clusters and their links, and the closure of the graph.

    Shares ``schools`` and ``plan`` (each school's LA and sector, in the same order),
    ``clusters``, ``providers`` and ``nation`` in ``context.shared`` for the apps seeded after.
    """
    if not Term.objects.filter(vocabulary__code="school-sector").exists():
        raise CommandError("Load the reference data first: hawl load-reference")
    orgs = {(o.kind, o.code): o for o in Organisation.objects.exclude(kind="school")}
    las = sorted(
        (o for (kind, _), o in orgs.items() if kind == OrganisationKind.LOCAL_AUTHORITY),
        key=lambda o: o.code,
    )
    dioceses = {code: o for (kind, code), o in orgs.items() if kind == OrganisationKind.DIOCESE}
    context.log(f"Seeding Wales at scale '{context.scale.name}'")
    providers = bulk(
        Organisation,
        [
            Organisation(kind=OrganisationKind.PROVIDER, code=code, name_en=en, name_cy=cy)
            for code, en, cy in UNIVERSITIES
        ],
        "providers",
        context,
    )
    providers += [orgs[(OrganisationKind.PROVIDER, code)] for code in ("NAEL", "NPLLEW")]
    plan = _plan(context, las)
    schools, links = _seed_schools(context, plan, dioceses)
    clusters, cluster_links = _seed_clusters(context, las, schools, plan)
    bulk(OrganisationLink, links + cluster_links, "organisation links", context)
    context.log(f"  organisation closure: {closure_rebuild():,}")
    context.shared.update(
        schools=schools,
        plan=plan,
        clusters=clusters,
        providers=providers,
        nation=orgs[(OrganisationKind.NATION, "WG")],
    )
