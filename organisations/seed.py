"""Seed organisations: providers, schools, clusters, their links and census (see ``core.seeding``).

At Wales scale the sector mix is the real one and the FTE ranges give about 25,000 FTE teachers
(the census figure). Schools are named after real places of their own local authority
(``seed_places.yaml``), with that place's real postcode district, and no two schools of one LA
share a name in either language. Every value comes from the seeded random generator, in a fixed
order, so the same ``--seed`` gives the same rows.
"""

from __future__ import annotations

import datetime
import functools
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, TypeVar

import yaml
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
PLACES_FILE = Path(__file__).with_name("seed_places.yaml")
Choice = TypeVar("Choice")

# fmt: off

# Relative size of each LA (roughly its share of Wales's schools).
LA_WEIGHTS = {
    "660": 45, "661": 95, "662": 60, "663": 55, "664": 75, "665": 70, "666": 95, "667": 45,
    "668": 60, "669": 110, "670": 95, "671": 65, "672": 60, "673": 55, "674": 115, "675": 25,
    "676": 75, "677": 25, "678": 35, "679": 35, "680": 55, "681": 125,
}
NORTH = {"660", "661", "662", "663", "664", "665"}
WEST = {"666", "667", "668", "669", "670", "671"}

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
    "north": {"welsh-medium": 55, "dual-stream": 6, "transitional": 6, "bilingual-a": 4,
              "english-significant-welsh": 9, "english-medium": 20},
    "west": {"welsh-medium": 30, "dual-stream": 8, "transitional": 4, "bilingual-b": 4,
             "english-significant-welsh": 9, "english-medium": 45},
    "south": {"welsh-medium": 15, "dual-stream": 2, "bilingual-c": 2,
              "english-significant-welsh": 3, "english-medium": 78},
}
# Share of addresses on a Welsh-named street, by part of Wales.
WELSH_STREETS = {"north": 0.7, "west": 0.5, "south": 0.25}
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

# How a school is named: (English, Welsh) patterns by sector, each with how often it is chosen;
# {en} and {cy} are its place's (or a feature's) English and Welsh names.
ENGLISH_MEDIUM = {
    "nursery": {("{en} Nursery School", "Ysgol Feithrin {cy}"): 1},
    "primary": {
        ("{en} Primary School", "Ysgol Gynradd {cy}"): 85,
        ("{en} Community Primary School", "Ysgol Gynradd Gymunedol {cy}"): 5,
        ("{en} Infant School", "Ysgol Babanod {cy}"): 5,
        ("{en} Junior School", "Ysgol Iau {cy}"): 5,
    },
    "middle": {
        ("{en} Community School", "Ysgol Gymunedol {cy}"): 1,
        ("{en} Learning Community", "Cymuned Ddysgu {cy}"): 1,
    },
    "secondary": {
        ("{en} High School", "Ysgol Uwchradd {cy}"): 3,
        ("{en} Comprehensive School", "Ysgol Gyfun {cy}"): 2,
    },
    "special": {("{en} Special School", "Ysgol Arbennig {cy}"): 1},
    "pru": {
        ("{en} Pupil Referral Unit", "Uned Cyfeirio Disgyblion {cy}"): 2,
        ("{en} Education Centre", "Canolfan Addysg {cy}"): 1,
    },
}
# A Welsh-medium school is named in Welsh in both languages. In the north and west a village
# school is plainly "Ysgol <place>"; the south usually says that it teaches in Welsh.
WELSH_MEDIUM = {
    "nursery": {"Ysgol Feithrin {cy}": 1},
    "primary": {"Ysgol {cy}": 4, "Ysgol Gynradd {cy}": 1},
    "middle": {"Ysgol Bro {cy}": 2, "Ysgol {cy}": 1},
    "secondary": {"Ysgol Uwchradd {cy}": 1, "Ysgol Gyfun {cy}": 1},
    "special": {"Ysgol Arbennig {cy}": 1},
    "pru": {"Uned Cyfeirio Disgyblion {cy}": 1},
}
WELSH_MEDIUM_SOUTH = {
    **WELSH_MEDIUM,
    "primary": {"Ysgol Gymraeg {cy}": 3, "Ysgol Gynradd Gymraeg {cy}": 1},
    "secondary": {"Ysgol Gyfun Gymraeg {cy}": 2, "Ysgol Gyfun {cy}": 1},
}
# A Welsh-medium school named after a feature rather than a place (Ysgol Pen y Bryn).
WELSH_MEDIUM_FEATURE = {
    "nursery": "Ysgol Feithrin {cy}", "primary": "Ysgol {cy}", "middle": "Ysgol {cy}",
    "secondary": "Ysgol Gyfun {cy}", "special": "Ysgol {cy}",
    "pru": "Uned Cyfeirio Disgyblion {cy}",
}
# Faith schools, by faith and sector: {en} and {cy} are the patron saint's names.
FAITH_NAMES = {
    ("church_in_wales", "primary"):
        ("{en} Church in Wales Primary School", "Ysgol Gynradd yr Eglwys yng Nghymru {cy}"),
    ("church_in_wales", "secondary"):
        ("{en} Church in Wales High School", "Ysgol Uwchradd yr Eglwys yng Nghymru {cy}"),
    ("catholic", "primary"): ("{en} Catholic Primary School", "Ysgol Gynradd Gatholig {cy}"),
    ("catholic", "secondary"): ("{en} Catholic High School", "Ysgol Uwchradd Gatholig {cy}"),
}
WELSH_MEDIUM_FAITH = {"primary": "Ysgol {cy}", "secondary": "Ysgol Uwchradd {cy}"}
FAITH_SHARE = 0.14  # of primary and secondary schools
CATHOLIC_SHARE = 0.35  # of faith schools that are not Welsh-medium
# Which cycle through an LA's places each sector takes: high and all-age schools fill the first
# (larger) places first, special schools, PRUs and nurseries too; primaries go anywhere.
PLACE_GROUP = {
    "secondary": "high", "middle": "high", "special": "town", "pru": "town", "nursery": "town",
    "primary": "primary",
}
# The order schools are named in, so that high schools take the first places.
NAMING_ORDER = ["secondary", "middle", "special", "pru", "nursery", "primary"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters an inward code uses
# fmt: on


class Place(NamedTuple):
    en: str
    cy: str
    district: str  # its postcode district, e.g. CF5


@dataclass(frozen=True)
class LocalAuthorityPlaces:
    postcodes: tuple[str, ...]
    places: tuple[Place, ...]
    church_in_wales: tuple[str, ...]
    catholic: tuple[str, ...]


@dataclass(frozen=True)
class SeedPlaces:
    """``seed_places.yaml``: each LA's places and postcode districts, and naming material."""

    local_authorities: dict[str, LocalAuthorityPlaces]
    features_cy: tuple[str, ...]
    features_en: tuple[str, ...]
    saints: dict[str, tuple[tuple[str, str], ...]]
    streets_en: tuple[str, ...]
    streets_cy: tuple[str, ...]


@functools.cache
def seed_places() -> SeedPlaces:
    """Read ``seed_places.yaml`` once (libyaml's loader, shipped in PyYAML's wheels: fast)."""
    data = yaml.load(PLACES_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return SeedPlaces(
        local_authorities={
            code: LocalAuthorityPlaces(
                postcodes=tuple(la["postcodes"]),
                places=tuple(Place(*place) for place in la["places"]),
                church_in_wales=tuple(la["church_in_wales"]),
                catholic=tuple(la["catholic"]),
            )
            for code, la in data["local_authorities"].items()
        },
        features_cy=tuple(data["features"]["cy"]),
        features_en=tuple(data["features"]["en"]),
        saints={faith: tuple(map(tuple, saints)) for faith, saints in data["saints"].items()},
        streets_en=tuple(data["streets"]["en"]),
        streets_cy=tuple(data["streets"]["cy"]),
    )


def _weighted(rng: random.Random, choices: dict[Choice, int]) -> Choice:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def _part_of_wales(la_code: str) -> str:
    return "north" if la_code in NORTH else "west" if la_code in WEST else "south"


@dataclass(frozen=True)
class PlannedSchool:
    la: Organisation
    sector: str
    category: str
    fte: Decimal
    place: Place
    name_en: str
    name_cy: str
    faith: str  # "church_in_wales", "catholic" or ""
    address: str
    postcode: str


@dataclass(frozen=True)
class _Scheme:
    """How one school is named: a pattern for a place (or a saint), then names for features."""

    english: str
    welsh: str
    features: list[tuple[str, str]]
    saints: list[tuple[str, str]]

    def at(self, place: Place) -> list[tuple[str, str]]:
        """Its names in ``place``, best first: a faith school takes each saint's name before
        any saint's name with the place."""
        if not self.saints:
            return [(self.english.format(**place._asdict()), self.welsh.format(**place._asdict()))]
        names = [
            (self.english.format(en=en, cy=cy), self.welsh.format(en=en, cy=cy))
            for en, cy in self.saints
        ]
        return names + [(f"{en}, {place.en}", f"{cy}, {place.cy}") for en, cy in names]


@dataclass
class _Namer:
    """One LA's school names: unique in the LA in both languages, each after one of its places.

    Each place group keeps its own cycle through the places, so schools spread over the LA
    before any place gets a second of its kind. A place lends its name to one school of each
    sector and medium (never both "Gabalfa Primary School" and "Gabalfa Community Primary
    School"); a school that finds no such name anywhere is named after a feature (Pen y Bryn
    Primary School) in the next place instead.
    """

    rng: random.Random
    code: str
    data: SeedPlaces
    used: set[str] = field(default_factory=set)
    # (place, sector, Welsh-medium) of the schools named after their place
    named_after: set[tuple[str, str, bool]] = field(default_factory=set)
    cycles: dict[str, list[Place]] = field(init=False)
    next_place: dict[str, int] = field(init=False)
    features_cy: list[str] = field(init=False)
    features_en: list[str] = field(init=False)

    def __post_init__(self) -> None:
        places = list(self.data.local_authorities[self.code].places)
        # Every place once, in any order, then the larger half again: a second primary school
        # is likelier in a town than in a village.
        primary = self.rng.sample(places, k=len(places)) + places[: len(places) // 2]
        self.cycles = {"high": places, "town": places, "primary": primary}
        self.next_place = dict.fromkeys(self.cycles, 0)
        self.features_cy = self.rng.sample(self.data.features_cy, k=len(self.data.features_cy))
        self.features_en = self.rng.sample(self.data.features_en, k=len(self.data.features_en))

    def name(self, sector: str, welsh_medium: bool, faith: str) -> tuple[Place, str, str]:
        """The school's place and its English and Welsh names."""
        scheme = self._scheme(sector, welsh_medium, faith)
        group = PLACE_GROUP[sector]
        cycle, start = self.cycles[group], self.next_place[group]
        # Special schools are mostly named after a feature (Ysgol Pen Coch), not their place.
        if sector == "special" and (names := self._free(scheme.features)):
            return self._take(group, start, names)
        for step in range(len(cycle)):
            at = (start + step) % len(cycle)
            kind = (cycle[at].en, sector, welsh_medium)
            if not faith and kind in self.named_after:
                continue
            if names := self._free(scheme.at(cycle[at])):
                if not faith:
                    self.named_after.add(kind)
                return self._take(group, at, names)
        if names := self._free(scheme.features):
            return self._take(group, start, names)
        raise CommandError(
            f"Ran out of {sector} school names in LA {self.code}: add places to {PLACES_FILE.name}"
        )

    def _scheme(self, sector: str, welsh_medium: bool, faith: str) -> _Scheme:
        if faith:
            saints = list(self.data.saints[faith])
            english, welsh = FAITH_NAMES[(faith, sector)]
            if welsh_medium:
                english = welsh = WELSH_MEDIUM_FAITH[sector]
            return _Scheme(english, welsh, [], self.rng.sample(saints, k=len(saints)))
        if welsh_medium:
            south = _part_of_wales(self.code) == "south"
            pattern = _weighted(self.rng, (WELSH_MEDIUM_SOUTH if south else WELSH_MEDIUM)[sector])
            feature = WELSH_MEDIUM_FEATURE[sector]
            features = [(feature.format(cy=name),) * 2 for name in self.features_cy]
            return _Scheme(pattern, pattern, features, [])
        english, welsh = _weighted(self.rng, ENGLISH_MEDIUM[sector])
        if sector == "special":  # Ysgol Pen Coch, Woodlands School
            features = [(f"Ysgol {name}",) * 2 for name in self.features_cy]
            features += [(f"{name} School", f"Ysgol {name}") for name in self.features_en]
        else:
            features = [
                (english.format(en=name), welsh.format(cy=name))
                for name in self.features_cy + self.features_en
            ]
        return _Scheme(english, welsh, features, [])

    def _free(self, names: list[tuple[str, str]]) -> tuple[str, str] | None:
        """The first names that no school of the LA has in either language."""
        return next(
            ((en, cy) for en, cy in names if en not in self.used and cy not in self.used), None
        )

    def _take(self, group: str, at: int, names: tuple[str, str]) -> tuple[Place, str, str]:
        cycle = self.cycles[group]
        self.next_place[group] = (at + 1) % len(cycle)
        self.used.update(names)
        return cycle[at], *names


def school_plan(context: SeedContext, las: list[Organisation]) -> list[PlannedSchool]:
    """Every school to seed: its LA, sector, language, FTE, place, names and address.

    Each sector's count is spread over the LAs by weight (largest remainders first). Pure (no
    queries), so tests can check the names of a whole Wales without seeding one.
    """
    rng, data = context.rng, seed_places()
    missing = sorted({la.code for la in las} - set(data.local_authorities))
    if missing:
        raise CommandError(f"No places for LAs {', '.join(missing)} in {PLACES_FILE.name}")
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
    kinds = []
    for la, sector in plan:
        low, high = FTE_TEACHERS[sector]
        category = _weighted(rng, LANGUAGE_MIX[_part_of_wales(la.code)])
        fte = Decimal(str(round(rng.uniform(low, high), 1)))
        kinds.append((category, fte))
    namers = {la.code: _Namer(rng, la.code, data) for la in las}
    named: dict[int, tuple[Place, str, str, str]] = {}
    order = sorted(range(len(plan)), key=lambda index: NAMING_ORDER.index(plan[index][1]))
    for index in order:
        (la, sector), (category, _fte) = plan[index], kinds[index]
        welsh_medium = category == "welsh-medium"
        faith = ""
        if sector in {"primary", "secondary"} and rng.random() < FAITH_SHARE:
            catholic = not welsh_medium and rng.random() < CATHOLIC_SHARE
            faith = "catholic" if catholic else "church_in_wales"
        named[index] = (*namers[la.code].name(sector, welsh_medium, faith), faith)
    planned = []
    for index, ((la, sector), (category, fte)) in enumerate(zip(plan, kinds, strict=True)):
        place, name_en, name_cy, faith = named[index]
        part = _part_of_wales(la.code)
        welsh_street = rng.random() < WELSH_STREETS[part]
        street = rng.choice(data.streets_cy if welsh_street else data.streets_en)
        inward = f"{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
        planned.append(
            PlannedSchool(
                la=la,
                sector=sector,
                category=category,
                fte=fte,
                place=place,
                name_en=name_en,
                name_cy=name_cy,
                faith=faith,
                address=f"{street}, {place.en}",
                postcode=f"{place.district} {inward}",
            )
        )
    return planned


def _seed_schools(
    context: SeedContext, plan: list[PlannedSchool], dioceses: dict[str, Organisation]
) -> tuple[list[Organisation], list[OrganisationLink]]:
    """Schools with their profiles and census; returns them and their LA and diocese links."""
    rng, data = context.rng, seed_places()
    terms = {
        (term.vocabulary.code, term.code): term
        for term in Term.objects.select_related("vocabulary").filter(
            vocabulary__code__in=["school-sector", "language-category"]
        )
    }
    rows, used_numbers = [], {}
    for item in plan:
        serial = used_numbers.get((item.la.code, item.sector), 0)
        used_numbers[(item.la.code, item.sector)] = serial + 1
        rows.append(
            Organisation(
                kind=OrganisationKind.SCHOOL,
                code=f"{item.la.code}{NUMBER_BASE[item.sector] + serial:04d}",
                name_en=item.name_en,
                name_cy=item.name_cy,
                opened_on=datetime.date(rng.randint(1950, 2022), 9, 1),
            )
        )
    schools = bulk(Organisation, rows, "schools", context)
    profiles, censuses, links = [], [], []
    for school, item in zip(schools, plan, strict=True):
        profiles.append(
            SchoolProfile(
                school=school,
                sector=terms[("school-sector", item.sector)],
                language_category=terms[("language-category", item.category)],
                address=item.address,
                postcode=item.postcode,
            )
        )
        censuses.append(SchoolCensus(school=school, census_date=CENSUS_DATE, fte_teachers=item.fte))
        links.append(OrganisationLink(parent=item.la, child=school, starts_on=school.opened_on))
        if item.faith:
            # A faith school belongs to its church's diocese for the part of the LA it is in.
            diocese = rng.choice(getattr(data.local_authorities[item.la.code], item.faith))
            links.append(
                OrganisationLink(parent=dioceses[diocese], child=school, starts_on=school.opened_on)
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
    plan = school_plan(context, las)
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
