"""Seed organisations, schools, people, employments and the demo users (see ``hawl.seeding``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

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
BATCH = 2000

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
# Staffing model per sector: FTE teachers (min, max) and teaching assistants per teacher.
STAFFING = {
    "nursery": ((1.0, 3.0), 2.0),
    "primary": ((5.0, 17.0), 1.7),
    "middle": ((45.0, 80.0), 1.0),
    "secondary": ((35.0, 80.0), 0.6),
    "special": ((12.0, 30.0), 2.8),
    "pru": ((3.0, 9.0), 1.5),
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


def _weighted(rng: object, pairs: list[tuple[str, int]]) -> str:
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights=weights)[0]  # type: ignore[attr-defined]


def _school_names(rng: object, sector: str, place: str, welsh_medium: bool) -> tuple[str, str]:
    faith = rng.random() < 0.12  # type: ignore[attr-defined]
    if faith and sector in {"primary", "secondary"}:
        patron = rng.choice(PATRONS)  # type: ignore[attr-defined]
        welsh = f"Ysgol {patron}, {place}"
        return (welsh if welsh_medium else f"{patron} School, {place}"), welsh
    welsh_type = {
        "nursery": "Ysgol Feithrin", "primary": "Ysgol Gynradd", "middle": "Ysgol",
        "secondary": "Ysgol Uwchradd", "special": "Ysgol Arbennig", "pru": "Uned Cyfeirio Disgyblion",
    }[sector]
    english_type = {
        "nursery": "Nursery School", "primary": "Primary School", "middle": "Community School",
        "secondary": "High School", "special": "Special School", "pru": "Pupil Referral Unit",
    }[sector]
    welsh = f"{welsh_type} {place}"
    return (welsh if welsh_medium else f"{place} {english_type}"), welsh


def _bulk(model: type, rows: list, log_label: str, context: SeedContext) -> list:
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    context.log(f"  {log_label}: {len(created):,}")
    return created


def seed(context: SeedContext) -> None:  # noqa: PLR0915 - one pass over Wales, in order
    rng = context.rng
    terms = {
        (term.vocabulary.code, term.code): term
        for term in Term.objects.select_related("vocabulary").filter(
            vocabulary__code__in=["school-sector", "language-category"]
        )
    }
    if not terms:
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

    # Schools: spread each sector's count over the LAs by weight; the demo keeps all 22 LAs.
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
    school_rows, profile_rows, census_rows, link_rows, school_meta = [], [], [], [], []
    used_numbers: dict[tuple[str, str], int] = {}
    for la, sector in plan:
        part = "north" if la.code in NORTH else "west" if la.code in WEST else "south"
        category = _weighted(rng, LANGUAGE_MIX[part])
        place = rng.choice(PLACES)
        name_en, name_cy = _school_names(rng, sector, place, category == "welsh-medium")
        serial = used_numbers.get((la.code, sector), 0)
        used_numbers[(la.code, sector)] = serial + 1
        number = f"{la.code}{NUMBER_BASE[sector] + serial:04d}"
        opened = datetime.date(rng.randint(1950, 2022), 9, 1)
        school_rows.append(
            Organisation(
                kind=OrganisationKind.SCHOOL, code=number, name_en=name_en, name_cy=name_cy,
                opened_on=opened,
            )
        )
        (low, high), _ta_ratio = STAFFING[sector]
        fte = Decimal(str(round(rng.uniform(low, high), 1)))
        school_meta.append((la, sector, category, fte, place))
    schools = _bulk(Organisation, school_rows, "schools", context)
    for school, (la, sector, category, fte, place) in zip(schools, school_meta, strict=True):
        profile_rows.append(
            SchoolProfile(
                school=school,
                sector=terms[("school-sector", sector)],
                language_category=terms[("language-category", category)],
                address=f"{rng.randint(1, 120)} Heol yr Ysgol, {place}",
                postcode=f"{'LL' if la.code in NORTH else 'SA' if la.code in WEST else 'CF'}"
                f"{rng.randint(1, 78)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
            )
        )
        census_rows.append(SchoolCensus(school=school, census_date=CENSUS_DATE, fte_teachers=fte))
        link_rows.append(OrganisationLink(parent=la, child=school, starts_on=school.opened_on))
        if rng.random() < 0.14:
            church = (
                rng.choice(["CIW-BANGOR", "CIW-STASAPH"]) if la.code in NORTH
                else rng.choice(["CIW-STDAVIDS", "CIW-SWANBRECON"]) if la.code in WEST
                else rng.choice(["CIW-LLANDAFF", "CIW-MONMOUTH"])
            )
            if rng.random() < 0.35:
                church = "RC-WREXHAM" if la.code in NORTH else "RC-CARDIFFMENEVIA"
            link_rows.append(
                OrganisationLink(parent=dioceses[church], child=school, starts_on=school.opened_on)
            )
    _bulk(SchoolProfile, profile_rows, "school profiles", context)
    _bulk(SchoolCensus, census_rows, "census returns", context)

    # Clusters: each secondary (or all-age) school and the primaries of its LA dealt round.
    cluster_rows, cluster_members = [], []
    by_la: dict[int, dict[str, list[Organisation]]] = {}
    for school, (la, sector, *_rest) in zip(schools, school_meta, strict=True):
        by_la.setdefault(la.pk, {}).setdefault(sector, []).append(school)
    for la in las:
        heads = by_la.get(la.pk, {}).get("secondary", []) + by_la.get(la.pk, {}).get("middle", [])
        if not heads:
            continue
        feeders = by_la[la.pk].get("primary", []) + by_la[la.pk].get("nursery", [])
        for index, head in enumerate(heads, start=1):
            cluster_rows.append(
                Organisation(
                    kind=OrganisationKind.CLUSTER, code=f"{la.code}-C{index:02d}",
                    name_en=f"{head.name_en} cluster", name_cy=f"Clwstwr {head.name_cy}",
                )
            )
            cluster_members.append((la, [head, *feeders[index - 1 :: len(heads)]]))
    clusters = _bulk(Organisation, cluster_rows, "clusters", context)
    start = datetime.date(2022, 9, 1)
    for cluster, (la, members) in zip(clusters, cluster_members, strict=True):
        link_rows.append(OrganisationLink(parent=la, child=cluster, starts_on=start))
        link_rows += [OrganisationLink(parent=cluster, child=m, starts_on=start) for m in members]
    _bulk(OrganisationLink, link_rows, "organisation links", context)

    # People: a staffing model per school, plus supply teachers across several schools.
    password = "!"  # noqa: S105 - unusable: MIS-provisioned staff sign in through Hwb
    users, people_roles, jobs = [], [], []
    serial = 0

    def person(role_type: str) -> int:
        nonlocal serial
        serial += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                username=f"p{serial:06d}", first_name=first, last_name=last,
                email=f"p{serial:06d}@staff.hawl.example", password=password,
                preferred_language="cy" if rng.random() < 0.3 else "en",
            )
        )
        people_roles.append(role_type)
        return serial - 1

    staffing = context.scale.staffing
    for school, (_la, sector, _cat, fte, _place) in zip(schools, school_meta, strict=True):
        teachers = max(1, round(float(fte) * 1.08 * staffing))
        assistants = max(0, round(teachers * STAFFING[sector][1] * staffing**0.5))
        since = datetime.date(rng.randint(2000, 2025), 9, 1)
        for index in range(teachers):
            role = RoleType.LEADER if index < max(1, teachers // 12) else RoleType.TEACHER
            part_time = rng.random() < 0.15
            jobs.append((person(role), school, role, Decimal("0.6") if part_time else Decimal(1),
                         since if index == 0 else datetime.date(rng.randint(2005, 2025), 9, 1)))
        for _ in range(assistants):
            role = RoleType.HLTA if rng.random() < 0.12 else RoleType.TEACHING_ASSISTANT
            jobs.append((person(role), school, role, Decimal("0.8"),
                         datetime.date(rng.randint(2008, 2025), 9, 1)))
    by_la_schools: dict[int, list[Organisation]] = {}
    for school, (la, *_rest) in zip(schools, school_meta, strict=True):
        by_la_schools.setdefault(la.pk, []).append(school)
    la_list = [la for la in las if la.pk in by_la_schools]
    for _ in range(context.scale.supply_teachers):
        index = person(RoleType.SUPPLY_TEACHER)
        pool = by_la_schools[rng.choice(la_list).pk]
        for school in rng.sample(pool, k=min(len(pool), rng.randint(1, 3))):
            jobs.append((index, school, RoleType.SUPPLY_TEACHER, Decimal("0.2"),
                         datetime.date(2025, 9, 1)))

    demo_users = _demo_users(context, schools, school_meta, clusters, providers, nation)
    created_users = _bulk(User, users, "practitioner accounts", context)
    people = _bulk(
        Person,
        [
            Person(user=user, role_type=role, ewc_number=f"{1000000 + i:07d}"
                   if role != RoleType.OTHER and i % 3 else "")
            for i, (user, role) in enumerate(zip(created_users, people_roles, strict=True))
        ],
        "practitioners",
        context,
    )
    _bulk(
        Employment,
        [
            Employment(person=people[index], school=school, role_type=role, fte=fte,
                       starts_on=since, job_title="")
            for index, school, role, fte, since in jobs
        ],
        "employments",
        context,
    )
    context.shared["schools"] = schools
    context.shared["demo_users"] = demo_users


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
    school_meta: list[tuple],
    clusters: list[Organisation],
    providers: list[Organisation],
    nation: Organisation,
) -> list[User]:
    """Named sign-ins for every role, all in Cardiff's first secondary school's world."""
    cardiff = [
        (school, meta) for school, meta in zip(schools, school_meta, strict=True)
        if meta[0].code == "681"
    ]
    home = next(school for school, meta in cardiff if meta[1] == "secondary")
    other = next(school for school, meta in cardiff if meta[1] == "primary")
    cluster = next(c for c in clusters if c.code.startswith("681-"))
    la = next(meta[0] for school, meta in cardiff)
    region = Organisation.objects.get(kind=OrganisationKind.REGION, code="CSC")
    provider = next(p for p in providers if p.code == "NAEL")
    scope = {
        Role.HEADTEACHER: home, Role.PL_LEAD: home, Role.GOVERNOR: home,
        Role.CLUSTER_LEAD: cluster, Role.LA_OFFICER: la, Role.REGION_OFFICER: region,
        Role.NATIONAL_OFFICER: nation, Role.PROVIDER_ADMIN: provider, Role.PLATFORM_ADMIN: nation,
    }
    password = make_password(DEMO_PASSWORD)
    since = datetime.date(2024, 9, 1)
    created = []
    for username, first, last, role_type, roles, language in DEMO_ACCOUNTS:
        user = User.objects.create(
            username=username, first_name=first, last_name=last,
            email=f"{username}@demo.hawl.example", password=password,
            preferred_language=language,
            is_staff=Role.PLATFORM_ADMIN in roles, is_superuser=Role.PLATFORM_ADMIN in roles,
        )
        created.append(user)
        if role_type is not None:
            person = Person.objects.create(user=user, role_type=role_type)
            workplaces = [home, other] if role_type == RoleType.SUPPLY_TEACHER else [home]
            if username == "clusterlead":
                workplaces = [other]
            for school in workplaces:
                Employment.objects.create(
                    person=person, school=school, role_type=role_type, starts_on=since,
                    fte=Decimal("0.5") if role_type == RoleType.SUPPLY_TEACHER else Decimal(1),
                )
        for role in roles:
            RoleGrant.objects.create(user=user, role=role, organisation=scope[role], starts_on=since)
    context.log(f"  demo accounts: {len(created)} (password {DEMO_PASSWORD})")
    return created
