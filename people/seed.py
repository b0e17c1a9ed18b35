"""Seed people: the workforce of every seeded school and the demo sign-ins (see ``core.seeding``).

At Wales scale the staffing model gives about 80,000 practitioners: teachers and leaders, the
larger number of teaching assistants, and supply teachers working across a few schools of one
local authority. Every value comes from the seeded random generator, in a fixed order, so the
same ``--seed`` gives the same rows.
"""

from __future__ import annotations

import datetime
import random
import string
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password

from core.roles import Role
from core.seeding import SeedContext, bulk, seeder
from organisations.models import Organisation, OrganisationKind
from people.models import Employment, Person, RoleGrant, RoleType, User

DEMO_PASSWORD = "hawl-demo-2026"  # noqa: S105 - the README's published demo password
# When the MIS export provisioned the accounts: fixed, so the same seed gives identical rows.
PROVISIONED_AT = datetime.datetime(2025, 9, 1, 7, 0, tzinfo=datetime.UTC)
# Supply teachers' current engagements began this school year.
SUPPLY_SINCE = datetime.date(2025, 9, 1)
# Teaching assistants per teacher, by sector: about 47,000 across Wales (EWC register).
ASSISTANTS_PER_TEACHER = {
    "nursery": 2.5,
    "primary": 2.4,
    "middle": 1.3,
    "secondary": 0.8,
    "special": 3.5,
    "pru": 2.0,
}
# People per FTE teacher (some teach part time) and the share of them who are leaders.
TEACHERS_PER_FTE = 1.08
LEADERS_PER_TEACHER = 1 / 12

# fmt: off

# Job titles, as a school's MIS would export them (free text, in English).
HEADTEACHER = "Headteacher"
DEPUTY = "Deputy headteacher"
ASSISTANT_HEAD = "Assistant headteacher"
SUPPLY = "Supply teacher"
ALNCO = "ALN coordinator (ALNCo)"
CLASS_TEACHER = "Class teacher"
YEAR_GROUPS = ["Nursery", "Reception", *(f"Year {year}" for year in range(1, 7))]
# Secondary departments: one head of each, then teachers of each subject by how many it needs.
DEPARTMENT_HEADS = [
    "Head of English", "Head of Welsh", "Head of mathematics", "Head of science",
    "Head of humanities", "Head of expressive arts", "Head of health and well-being",
    "Head of languages",
]
PASTORAL_HEADS = [f"Head of Year {year}" for year in range(7, 12)]
SUBJECTS = {
    "English": 12, "Welsh": 8, "mathematics": 12, "science": 8, "biology": 2, "chemistry": 2,
    "physics": 2, "history": 4, "geography": 4, "religion, values and ethics": 3, "French": 2,
    "Spanish": 1, "art": 3, "music": 2, "drama": 2, "physical education": 5,
    "design and technology": 4, "computer science": 3,
}
PRU_SUBJECTS = {"English": 3, "mathematics": 3, "science": 1, "Welsh": 1}
# Of an all-age school's teachers, the share who teach its primary phase.
ALL_AGE_PRIMARY_SHARE = 0.35
# Teaching assistants who are learning support assistants, by sector (the rest: "Teaching
# assistant"); special schools use the title most.
LEARNING_SUPPORT_SHARE = {"special": 0.6}

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

# fmt: on


@dataclass
class _Staff:
    """Accounts, their role types and their jobs, gathered before one bulk insert of each."""

    rng: random.Random
    users: list[User] = field(default_factory=list)
    role_types: list[str] = field(default_factory=list)
    # (index into users, school, role type, job title, FTE, start date)
    jobs: list[tuple[int, Organisation, str, str, Decimal, datetime.date]] = field(
        default_factory=list
    )

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


def _leader_titles(leaders: int, headed: bool) -> list[str]:
    """One headteacher (none when a demo account heads the school), a deputy (two in a large
    leadership team), then assistant headteachers."""
    titles = [HEADTEACHER, DEPUTY] + ([DEPUTY] if leaders >= 5 else [])
    titles = titles[1:] if headed else titles
    return (titles + [ASSISTANT_HEAD] * leaders)[:leaders]


def _teacher_titles(rng: random.Random, sector: str, count: int) -> list[str]:
    """Titles that fit the sector: class and year-group teachers in primary phases, heads of
    department and of year then subject teachers in secondary ones; an ALNCo where there are
    enough teachers for one to coordinate additional learning needs."""
    titles = [ALNCO] if count >= 3 and sector != "nursery" else []
    years = rng.sample(YEAR_GROUPS, k=len(YEAR_GROUPS))
    if sector in {"secondary", "middle"}:
        titles += (DEPARTMENT_HEADS + PASTORAL_HEADS)[: max(0, count - 1) // 3]
    while len(titles) < count:
        if sector in {"primary", "nursery"} or (
            sector == "middle" and rng.random() < ALL_AGE_PRIMARY_SHARE
        ):
            generic = sector == "nursery" or rng.random() < 0.25
            year = years[len(titles) % len(years)]
            titles.append(CLASS_TEACHER if generic else f"{year} teacher")
        elif sector == "special":
            titles.append(CLASS_TEACHER)
        else:
            subjects = PRU_SUBJECTS if sector == "pru" else SUBJECTS
            subject = rng.choices(list(subjects), weights=list(subjects.values()))[0]
            titles.append(f"Teacher of {subject}")
    return titles[:count]


def _assistant_title(rng: random.Random, sector: str, role: str) -> str:
    if role == RoleType.HLTA:
        return "Higher level teaching assistant"
    if rng.random() < LEARNING_SUPPORT_SHARE.get(sector, 0.3):
        return "Learning support assistant"
    return "Teaching assistant"


def _seed_people(
    context: SeedContext, schools: list[Organisation], plan: list[Any], headed: set[int]
) -> list[Person]:
    """Each school's teachers, leaders and assistants, then supply teachers across an LA.

    ``headed`` holds the schools a demo account is headteacher of: their seeded leaders are
    deputies and assistants, so every school has exactly one headteacher.
    """
    rng, staffing = context.rng, context.scale.staffing
    staff = _Staff(rng)
    for school, item in zip(schools, plan, strict=True):
        teachers = max(1, round(float(item.fte) * TEACHERS_PER_FTE * staffing))
        leaders = max(1, round(teachers * LEADERS_PER_TEACHER))
        assistants = round(teachers * ASSISTANTS_PER_TEACHER[item.sector] * staffing**0.5)
        since = datetime.date(rng.randint(2000, 2025), 9, 1)
        titles = _leader_titles(leaders, school.pk in headed) + _teacher_titles(
            rng, item.sector, teachers - leaders
        )
        for index in range(teachers):
            role = RoleType.LEADER if index < leaders else RoleType.TEACHER
            fte = Decimal("0.6") if rng.random() < 0.15 else Decimal(1)
            started = since if index == 0 else datetime.date(rng.randint(2005, 2025), 9, 1)
            staff.jobs.append((staff.person(role), school, role, titles[index], fte, started))
        for _ in range(assistants):
            role = RoleType.HLTA if rng.random() < 0.12 else RoleType.TEACHING_ASSISTANT
            title = _assistant_title(rng, item.sector, role)
            started = datetime.date(rng.randint(2008, 2025), 9, 1)
            staff.jobs.append((staff.person(role), school, role, title, Decimal("0.8"), started))
    by_la: dict[int, list[Organisation]] = {}
    for school, item in zip(schools, plan, strict=True):
        by_la.setdefault(item.la.pk, []).append(school)
    la_ids = list(by_la)
    for _ in range(context.scale.supply_teachers):
        index = staff.person(RoleType.SUPPLY_TEACHER)
        pool = by_la[rng.choice(la_ids)]
        for school in rng.sample(pool, k=min(len(pool), rng.randint(1, 3))):
            staff.jobs.append(
                (index, school, RoleType.SUPPLY_TEACHER, SUPPLY, Decimal("0.2"), SUPPLY_SINCE)
            )
    users = bulk(User, staff.users, "practitioner accounts", context)
    people = bulk(
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
    bulk(
        Employment,
        [
            Employment(
                person=people[index],
                school=school,
                role_type=role,
                job_title=title,
                fte=fte,
                starts_on=since,
            )
            for index, school, role, title, fte, since in staff.jobs
        ],
        "employments",
        context,
    )
    return people


def _notes() -> list[str]:
    lines = ["", f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    for username, first, last, _type, roles, _lang in DEMO_ACCOUNTS:
        what = ", ".join(str(Role(role).label) for role in roles) or "practitioner"
        lines.append(f"  {username:<14} {first} {last}: {what}")
    return lines


@seeder("people", after=("organisations",), notes=_notes)
def seed(context: SeedContext) -> None:
    """The demo accounts, then the workforce of every school seeded before.

    Shares ``people`` and ``demo_users`` in ``context.shared`` for the apps seeded after.
    """
    schools, plan = context.shared["schools"], context.shared["plan"]
    demo_users, home = _demo_users(
        context,
        schools,
        plan,
        context.shared["clusters"],
        context.shared["providers"],
        context.shared["nation"],
    )
    people = _seed_people(context, schools, plan, headed={home.pk})
    context.shared.update(people=people, demo_users=demo_users)


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
    ("panel", "Eleri", "Vaughan", None, [Role.ENDORSEMENT_PANEL], "cy"),
    ("admin", "Tomos", "Price", None, [Role.PLATFORM_ADMIN], "en"),
]
# The demo practitioners' job titles: the head is the home school's one headteacher; the
# cluster lead is a deputy at a feeder primary (its own head is a seeded practitioner).
DEMO_JOB_TITLES = {
    "teacher": "Teacher of Welsh",
    "assistant": "Teaching assistant",
    "supply": SUPPLY,
    "head": HEADTEACHER,
    "pllead": "Professional learning lead",
    "clusterlead": DEPUTY,
}


def _demo_users(
    context: SeedContext,
    schools: list[Organisation],
    plan: list[Any],
    clusters: list[Organisation],
    providers: list[Organisation],
    nation: Organisation,
) -> tuple[list[User], Organisation]:
    """Named sign-ins for every role, all in Cardiff's first secondary school's world.

    Every scale seeds them in the same place, so the benchmark's users see the same kind of
    page at demo and at Wales scale. Only these get a real (Argon2) password hash.
    Returns them and that school (the demo head's).
    """
    cardiff = [(school, item) for school, item in zip(schools, plan, strict=True)]
    cardiff = [(school, item) for school, item in cardiff if item.la.code == "681"]
    home = next(school for school, item in cardiff if item.sector == "secondary")
    other = next(school for school, item in cardiff if item.sector == "primary")
    cluster = next(c for c in clusters if c.code.startswith("681-"))
    la = cardiff[0][1].la
    region = Organisation.objects.get(kind=OrganisationKind.REGION, code="CSC")
    # The national body for professional learning and leadership (NAEL closed in August 2025).
    provider = next(p for p in providers if p.code == "NPLLEW")
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
        Role.ENDORSEMENT_PANEL: nation,
    }
    # The password is published in the README; a salt from the seeded generator keeps the rows
    # identical for the same seed.
    salt = "".join(context.rng.choices(string.ascii_letters + string.digits, k=22))
    password = make_password(DEMO_PASSWORD, salt=salt)
    users = bulk(
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
            RoleGrant(
                user=user,
                role=role,
                organisation=scope[role],
                organisation_kind=scope[role].kind,
                starts_on=since,
            )
            for role in roles
        ]
        if role_type is None:
            continue
        people.append(Person(user=user, role_type=role_type))
        workplaces = [home, other] if role_type == RoleType.SUPPLY_TEACHER else [home]
        if username == "clusterlead":
            workplaces = [other]
        fte = Decimal("0.5") if role_type == RoleType.SUPPLY_TEACHER else Decimal(1)
        title = DEMO_JOB_TITLES[username]
        jobs += [(len(people) - 1, school, role_type, title, fte) for school in workplaces]
    people = Person.objects.bulk_create(people)
    Employment.objects.bulk_create(
        Employment(
            person=people[index],
            school=school,
            role_type=role,
            job_title=title,
            fte=fte,
            starts_on=since,
        )
        for index, school, role, title, fte in jobs
    )
    RoleGrant.objects.bulk_create(grants)
    context.log(f"  (demo password: {DEMO_PASSWORD})")
    return users, home
