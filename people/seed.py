"""Seed organisations, schools, people, employments and the demo users (see ``hawl.seeding``).

At Wales scale the staffing model gives about 25,000 FTE teachers (the census figure) and about
80,000 practitioners: teachers and leaders, the larger number of teaching assistants, and supply
teachers working across a few schools of one local authority. Every value comes from the seeded
random generator, in a fixed order, so the same ``--seed`` gives the same rows.
"""

from __future__ import annotations

import datetime
import random
import string
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.management.base import CommandError
from django.db.models import Model

from people.models import (
    Employment,
    Organisation,
    OrganisationKind,
    OrganisationLink,
    Person,
    Role,
    RoleGrant,
    RoleType,
    SchoolCensus,
    SchoolProfile,
    User,
)
from standards.models import Term

if TYPE_CHECKING:
    from hawl.seeding import SeedContext

DEMO_PASSWORD = "hawl-demo-2026"  # noqa: S105 - the README's published demo password
CENSUS_DATE = datetime.date(2026, 1, 15)
# When the MIS export provisioned the accounts: fixed, so the same seed gives identical rows.
PROVISIONED_AT = datetime.datetime(2025, 9, 1, 7, 0, tzinfo=datetime.UTC)
BATCH = 2000
# Supply teachers' current engagements began this school year.
SUPPLY_SINCE = datetime.date(2025, 9, 1)

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
FIRST_NAMES = [
    "Aled", "Alaw", "Alys", "Angharad", "Bethan", "Bryn", "Carys", "Catrin", "Cerys", "Dafydd",
    "Dylan", "Efa", "Elin", "Emyr", "Ffion", "Gareth", "Geraint", "Gethin", "Glesni", "Gwen",
    "Gwion", "Hanna", "Huw", "Ifan", "Iwan", "Lowri", "Llinos", "Manon", "Mared", "Megan",
    "Meinir", "Nia", "Non", "Osian", "Owain", "Rhian", "Rhodri", "Rhys", "Sian", "Sioned",
    "Steffan", "Tomos", "Tudur", "Zoe", "James", "Sarah", "Emma", "David", "Laura", "Michael",
    "Rachel", "Daniel", "Hannah", "Thomas", "Sophie", "Matthew", "Amy", "Christopher", "Jessica",
]
LAST_NAMES = [
    "Jones", "Davies", "Williams", "Evans", "Thomas", "Roberts", "Lewis", "Hughes", "Morgan",
    "Griffiths", "Edwards", "Owen", "Price", "Jenkins", "Rees", "Pritchard", "Parry", "Powell",
    "Phillips", "Lloyd", "Morris", "James", "Harris", "Howells", "Bowen", "Prosser", "Pugh",
    "Vaughan", "Llywelyn", "ap Siôn", "Wyn", "Gruffydd", "Smith", "Walker", "Clarke", "Wright",
]

# Establishment number ranges by sector (the last four digits of the school number).
NUMBER_BASE = {
    "nursery": 1000, "pru": 1100, "primary": 2000, "middle": 3500, "secondary": 4000,
    "special": 7000,
}
# Staffing model per sector: FTE teachers (min, max) and teaching assistants per teacher. With
# the Wales sector mix this gives about 25,000 FTE teachers and 47,000 assistants (EWC register).
STAFFING = {
    "nursery": ((1.0, 3.0), 2.5),
    "primary": ((5.0, 16.0), 2.4),
    "middle": ((40.0, 75.0), 1.3),
    "secondary": ((35.0, 75.0), 0.8),
    "special": ((12.0, 30.0), 3.5),
    "pru": ((3.0, 9.0), 2.0),
}
# People per FTE teacher (some teach part time) and the share of them who are leaders.
TEACHERS_PER_FTE = 1.08
LEADERS_PER_TEACHER = 1 / 12
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


def _bulk(model: type[Model], rows: list[Any], label: str, context: SeedContext) -> list[Any]:
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    context.log(f"  {label}: {len(created):,}")
    return created


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
        (low, high), _assistants = STAFFING[sector]
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
    schools = _bulk(Organisation, rows, "schools", context)
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
    _bulk(SchoolProfile, profiles, "school profiles", context)
    _bulk(SchoolCensus, censuses, "census returns", context)
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
    clusters = _bulk(Organisation, rows, "clusters", context)
    start = datetime.date(2022, 9, 1)
    links = []
    for cluster, (la, schools_in) in zip(clusters, members, strict=True):
        links.append(OrganisationLink(parent=la, child=cluster, starts_on=start))
        links += [OrganisationLink(parent=cluster, child=s, starts_on=start) for s in schools_in]
    return clusters, links


@dataclass
class _Staff:
    """Accounts, their role types and their jobs, gathered before one bulk insert of each."""

    rng: random.Random
    users: list[User] = field(default_factory=list)
    role_types: list[str] = field(default_factory=list)
    # (index into users, school, role type, FTE, start date)
    jobs: list[tuple[int, Organisation, str, Decimal, datetime.date]] = field(default_factory=list)

    def person(self, role_type: str) -> int:
        serial = len(self.users) + 1
        username = f"p{serial:06d}"
        self.users.append(
            User(
                username=username,
                first_name=self.rng.choice(FIRST_NAMES),
                last_name=self.rng.choice(LAST_NAMES),
                email=f"{username}@staff.hawl.example",
                # MIS-provisioned staff sign in through Hwb, never with a password here.
                password=UNUSABLE_PASSWORD_PREFIX,
                preferred_language="cy" if self.rng.random() < 0.3 else "en",
                date_joined=PROVISIONED_AT,
            )
        )
        self.role_types.append(role_type)
        return serial - 1


def _seed_people(
    context: SeedContext, schools: list[Organisation], plan: list[PlannedSchool]
) -> list[Person]:
    """Each school's teachers, leaders and assistants, then supply teachers across an LA."""
    rng, staffing = context.rng, context.scale.staffing
    staff = _Staff(rng)
    for school, item in zip(schools, plan, strict=True):
        teachers = max(1, round(float(item.fte) * TEACHERS_PER_FTE * staffing))
        leaders = max(1, round(teachers * LEADERS_PER_TEACHER))
        assistants = round(teachers * STAFFING[item.sector][1] * staffing**0.5)
        since = datetime.date(rng.randint(2000, 2025), 9, 1)
        for index in range(teachers):
            role = RoleType.LEADER if index < leaders else RoleType.TEACHER
            fte = Decimal("0.6") if rng.random() < 0.15 else Decimal(1)
            started = since if index == 0 else datetime.date(rng.randint(2005, 2025), 9, 1)
            staff.jobs.append((staff.person(role), school, role, fte, started))
        for _ in range(assistants):
            role = RoleType.HLTA if rng.random() < 0.12 else RoleType.TEACHING_ASSISTANT
            started = datetime.date(rng.randint(2008, 2025), 9, 1)
            staff.jobs.append((staff.person(role), school, role, Decimal("0.8"), started))
    by_la: dict[int, list[Organisation]] = {}
    for school, item in zip(schools, plan, strict=True):
        by_la.setdefault(item.la.pk, []).append(school)
    la_ids = list(by_la)
    for _ in range(context.scale.supply_teachers):
        index = staff.person(RoleType.SUPPLY_TEACHER)
        pool = by_la[rng.choice(la_ids)]
        for school in rng.sample(pool, k=min(len(pool), rng.randint(1, 3))):
            staff.jobs.append(
                (index, school, RoleType.SUPPLY_TEACHER, Decimal("0.2"), SUPPLY_SINCE)
            )
    users = _bulk(User, staff.users, "practitioner accounts", context)
    people = _bulk(
        Person,
        [
            Person(
                user=user,
                role_type=role,
                # Two in three are on the EWC register in the seed; numbers are unique.
                ewc_number=f"{1000000 + i:07d}" if i % 3 else "",
            )
            for i, (user, role) in enumerate(zip(users, staff.role_types, strict=True))
        ],
        "practitioners",
        context,
    )
    _bulk(
        Employment,
        [
            Employment(
                person=people[index], school=school, role_type=role, fte=fte, starts_on=since
            )
            for index, school, role, fte, since in staff.jobs
        ],
        "employments",
        context,
    )
    return people


def seed(context: SeedContext) -> None:
    """Providers, schools, clusters and their links, the workforce, then the demo accounts.

    Shares ``schools``, ``clusters``, ``providers``, ``people`` and ``demo_users`` in
    ``context.shared`` for the apps seeded after this one.
    """
    if not Term.objects.filter(vocabulary__code="school-sector").exists():
        raise CommandError("Load the reference data first: hawl load-reference")
    orgs = {(o.kind, o.code): o for o in Organisation.objects.exclude(kind="school")}
    nation = orgs[(OrganisationKind.NATION, "WG")]
    las = sorted(
        (o for (kind, _), o in orgs.items() if kind == OrganisationKind.LOCAL_AUTHORITY),
        key=lambda o: o.code,
    )
    dioceses = {code: o for (kind, code), o in orgs.items() if kind == OrganisationKind.DIOCESE}
    context.log(f"Seeding Wales at scale '{context.scale.name}'")

    providers = _bulk(
        Organisation,
        [
            Organisation(kind=OrganisationKind.PROVIDER, code=code, name_en=en, name_cy=cy)
            for code, en, cy in UNIVERSITIES
        ],
        "providers",
        context,
    )
    providers.append(orgs[(OrganisationKind.PROVIDER, "NAEL")])
    plan = _plan(context, las)
    schools, links = _seed_schools(context, plan, dioceses)
    clusters, cluster_links = _seed_clusters(context, las, schools, plan)
    _bulk(OrganisationLink, links + cluster_links, "organisation links", context)
    demo_users = _demo_users(context, schools, plan, clusters, providers, nation)
    people = _seed_people(context, schools, plan)
    context.shared.update(
        schools=schools,
        clusters=clusters,
        providers=providers,
        people=people,
        demo_users=demo_users,
    )


DEMO_ACCOUNTS = [
    # username, first, last, role type, roles, preferred language
    ("teacher", "Catrin", "Prys", RoleType.TEACHER, [], "cy"),
    ("assistant", "Owain", "Hughes", RoleType.TEACHING_ASSISTANT, [], "en"),
    ("supply", "Nia", "Bowen", RoleType.SUPPLY_TEACHER, [], "en"),
    ("head", "Gareth", "Lloyd", RoleType.LEADER, [Role.HEADTEACHER], "en"),
    ("pllead", "Sioned", "Rees", RoleType.TEACHER, [Role.PL_LEAD], "cy"),
    ("governor", "Alun", "Parry", None, [Role.GOVERNOR], "en"),
    ("clusterlead", "Rhian", "Morgan", RoleType.LEADER, [Role.CLUSTER_LEAD], "cy"),
    ("laofficer", "Huw", "Edwards", None, [Role.LA_OFFICER], "en"),
    ("regionofficer", "Mared", "Jenkins", None, [Role.REGION_OFFICER], "cy"),
    ("national", "Dafydd", "Owen", None, [Role.NATIONAL_OFFICER], "en"),
    ("provider", "Lowri", "Pugh", None, [Role.PROVIDER_ADMIN], "en"),
    ("admin", "Tomos", "Price", None, [Role.PLATFORM_ADMIN], "en"),
]


def _demo_users(
    context: SeedContext,
    schools: list[Organisation],
    plan: list[PlannedSchool],
    clusters: list[Organisation],
    providers: list[Organisation],
    nation: Organisation,
) -> list[User]:
    """Named sign-ins for every role, all in Cardiff's first secondary school's world.

    Every scale seeds them in the same place, so the benchmark's users see the same kind of
    page at demo and at Wales scale. Only these twelve get a real (Argon2) password hash.
    """
    cardiff = [(school, item) for school, item in zip(schools, plan, strict=True)]
    cardiff = [(school, item) for school, item in cardiff if item.la.code == "681"]
    home = next(school for school, item in cardiff if item.sector == "secondary")
    other = next(school for school, item in cardiff if item.sector == "primary")
    cluster = next(c for c in clusters if c.code.startswith("681-"))
    la = cardiff[0][1].la
    region = Organisation.objects.get(kind=OrganisationKind.REGION, code="CSC")
    provider = next(p for p in providers if p.code == "NAEL")
    scope = {
        Role.HEADTEACHER: home,
        Role.PL_LEAD: home,
        Role.GOVERNOR: home,
        Role.CLUSTER_LEAD: cluster,
        Role.LA_OFFICER: la,
        Role.REGION_OFFICER: region,
        Role.NATIONAL_OFFICER: nation,
        Role.PROVIDER_ADMIN: provider,
        Role.PLATFORM_ADMIN: nation,
    }
    # The password is published in the README; a salt from the seeded generator keeps the rows
    # identical for the same seed.
    salt = "".join(context.rng.choices(string.ascii_letters + string.digits, k=22))
    password = make_password(DEMO_PASSWORD, salt=salt)
    users = _bulk(
        User,
        [
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.hawl.example",
                password=password,
                preferred_language=language,
                is_staff=Role.PLATFORM_ADMIN in roles,
                is_superuser=Role.PLATFORM_ADMIN in roles,
                date_joined=PROVISIONED_AT,
            )
            for username, first, last, _type, roles, language in DEMO_ACCOUNTS
        ],
        "demo accounts",
        context,
    )
    since = datetime.date(2024, 9, 1)
    people, jobs, grants = [], [], []
    for user, (username, _first, _last, role_type, roles, _lang) in zip(
        users, DEMO_ACCOUNTS, strict=True
    ):
        grants += [
            RoleGrant(user=user, role=role, organisation=scope[role], starts_on=since)
            for role in roles
        ]
        if role_type is None:
            continue
        people.append(Person(user=user, role_type=role_type))
        workplaces = [home, other] if role_type == RoleType.SUPPLY_TEACHER else [home]
        if username == "clusterlead":
            workplaces = [other]
        fte = Decimal("0.5") if role_type == RoleType.SUPPLY_TEACHER else Decimal(1)
        jobs += [(len(people) - 1, school, role_type, fte) for school in workplaces]
    people = Person.objects.bulk_create(people)
    Employment.objects.bulk_create(
        Employment(person=people[index], school=school, role_type=role, fte=fte, starts_on=since)
        for index, school, role, fte in jobs
    )
    RoleGrant.objects.bulk_create(grants)
    context.log(f"  (demo password: {DEMO_PASSWORD})")
    return users
