"""Seed the offer: opportunities, sessions and bookings with attendance (see ``core.seeding``).

At Wales scale about 20,000 opportunities, 100,000 sessions and 1,000,000 bookings, inserted in
bulk with every session's counts and waitlist positions as the booking rules would leave them.
The offer is spread over the levels of provision as Wales has it: the national body's
programmes for all of Wales, universities' courses, regional and local authority offers,
cluster networks and school-led learning. The demo sign-ins get a believable start: the
teacher has bookings past and future, the head has requests to approve, the provider has
sessions with registers to keep.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from catalogue.models import (
    Audience,
    Booking,
    BookingStatus,
    Endorsement,
    EndorsementCriteria,
    Evaluation,
    Format,
    Interest,
    LearningRecord,
    Meeting,
    Opportunity,
    Session,
    Status,
    Submission,
)
from catalogue.services import facets_rebuild, next_sessions_refresh
from core.seeding import SeedContext, bulk, seeder
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import region_of
from people.models import Employment, Person, RoleType
from standards.models import Standard, Term

LONDON = zoneinfo.ZoneInfo("Europe/London")
# Opportunities, sessions and bookings at each scale.
SIZES = {
    "demo": (240, 1_000, 6_000),
    "region": (4_000, 20_000, 200_000),
    "wales": (20_000, 100_000, 1_000_000),
}
# The seeded offer runs over these academic years (the seed's "today" falls in 2026/27).
FIRST_DAY = datetime.date(2025, 9, 1)
LAST_DAY = datetime.date(2027, 7, 16)
SELF_PACED = {"asynchronous", "podcast", "case-study", "blog"}

# fmt: off
# (English, Welsh) subjects and the kinds of learning, combined into believable titles.
SUBJECTS = [
    ("Assessment for learning", "Asesu ar gyfer dysgu"),
    ("Progression in literacy", "Dilyniant mewn llythrennedd"),
    ("Numeracy across the curriculum", "Rhifedd ar draws y cwricwlwm"),
    ("Designing your curriculum", "Cynllunio eich cwricwlwm"),
    ("Cross-curricular skills", "Sgiliau trawsgwricwlaidd"),
    ("Welsh language in the classroom", "Y Gymraeg yn yr ystafell ddosbarth"),
    ("Cymraeg Campus", "Cymraeg Campus"),
    ("Supporting learners with ALN", "Cefnogi dysgwyr ag ADY"),
    ("Individual development plans", "Cynlluniau datblygu unigol"),
    ("Well-being for learners", "Llesiant dysgwyr"),
    ("Staff well-being", "Llesiant staff"),
    ("Tackling the impact of poverty", "Mynd i'r afael ag effaith tlodi"),
    ("Digital competence", "Cymhwysedd digidol"),
    ("Coaching and mentoring", "Hyfforddi a mentora"),
    ("Professional enquiry", "Ymholi proffesiynol"),
    ("Self-evaluation for improvement", "Hunanwerthuso ar gyfer gwella"),
    ("Transition from primary to secondary", "Pontio o'r cynradd i'r uwchradd"),
    ("Relationships and sexuality education", "Addysg cydberthynas a rhywioldeb"),
    ("Religion, values and ethics", "Crefydd, gwerthoedd a moeseg"),
    ("Expressive arts", "Y celfyddydau mynegiannol"),
    ("Humanities: a sense of place", "Y dyniaethau: ymdeimlad o le"),
    ("Science and technology through enquiry", "Gwyddoniaeth a thechnoleg drwy ymholi"),
    ("Mathematics and numeracy: reasoning", "Mathemateg a rhifedd: rhesymu"),
    ("Health and well-being", "Iechyd a llesiant"),
    ("Languages, literacy and communication", "Ieithoedd, llythrennedd a chyfathrebu"),
    ("Leading professional learning", "Arwain dysgu proffesiynol"),
    ("Middle leadership", "Arweinyddiaeth ganol"),
    ("Aspiring headteachers", "Darpar benaethiaid"),
    ("Supporting early career teachers", "Cefnogi athrawon ar ddechrau eu gyrfa"),
    ("Working with teaching assistants", "Gweithio gyda chynorthwywyr addysgu"),
    ("Behaviour and relationships", "Ymddygiad a pherthnasoedd"),
    ("Attendance and engagement", "Presenoldeb ac ymgysylltu"),
]
KINDS = {
    "live": [("workshop", "gweithdy"), ("course", "cwrs"), ("twilight series", "cyfres cyfnos")],
    "asynchronous": [("online module", "modiwl ar-lein"), ("playlist", "rhestr chwarae")],
    "network-meeting": [("network", "rhwydwaith"), ("network meeting", "cyfarfod rhwydwaith")],
    "webinar": [("webinar", "gweminar")],
    "podcast": [("podcast", "podlediad")],
    "case-study": [("case study", "astudiaeth achos")],
    "blog": [("blog series", "cyfres blog")],
    "focussed-project": [("focussed project", "prosiect penodol")],
}
# What a subject maps to: standards, priority areas, topics (codes).
MAPPING = {
    "assessment": (["pedagogy"], ["curriculum-for-wales"], ["assessment-progression"]),
    "welsh": (["pedagogy"], ["equity-wellbeing-welsh"], ["welsh-language"]),
    "aln": (["pedagogy", "collaboration"], ["aln"], ["wellbeing-equity"]),
    "wellbeing": (["collaboration"], ["equity-wellbeing-welsh"], ["wellbeing-equity"]),
    "digital": (["innovation"], ["curriculum-for-wales"], ["digital"]),
    "coaching": (["professional-learning", "collaboration"], [], ["coaching"]),
    "enquiry": (["innovation", "professional-learning"], [], ["self-evaluation"]),
    "leadership": (["leadership"], ["curriculum-for-wales"], ["self-evaluation"]),
    "curriculum": (["pedagogy", "innovation"], ["curriculum-for-wales"], ["curriculum-design"]),
    "transition": (["collaboration"], ["curriculum-for-wales"], ["mandatory-elements"]),
}
SUBJECT_MAPPING = [
    "assessment", "assessment", "assessment", "curriculum", "curriculum", "welsh", "welsh",
    "aln", "aln", "wellbeing", "wellbeing", "wellbeing", "digital", "coaching", "enquiry",
    "enquiry", "transition", "curriculum", "curriculum", "curriculum", "curriculum",
    "curriculum", "assessment", "wellbeing", "curriculum", "leadership", "leadership",
    "leadership", "coaching", "coaching", "wellbeing", "wellbeing",
]
VENUES = [
    "Conference centre", "Teachers' centre", "Town hall", "University campus", "Library",
    "Community hub", "Civic centre",
]
COMMENTS = [
    "Practical ideas I used the next day.", "Good to hear from other schools.",
    "Too much to fit into one session.", "Clear, well paced and relevant to our plans.",
    "Syniadau ymarferol a ddefnyddiais drannoeth.", "Da clywed gan ysgolion eraill.",
]
# fmt: on

# The national body's flagship programmes: the demo's provider runs these.
PROGRAMMES = [
    {
        "title": ("National ALN pathway: core", "Llwybr ADY cenedlaethol: craidd"),
        "summary": (
            "The core chapter of the National Professional Learning Pathway for ALN,"
            " for every practitioner.",
            "Pennod graidd y Llwybr Dysgu Proffesiynol Cenedlaethol ar gyfer ADY,"
            " i bob ymarferydd.",
        ),
        "map": "aln", "pathway": ("aln", "core"), "delivery": "live", "language": "bilingual",
        "audiences": [
            RoleType.TEACHER, RoleType.TEACHING_ASSISTANT, RoleType.HLTA, RoleType.SUPPLY_TEACHER,
        ],
        "approval": False, "cost": 0, "cover": Decimal("1"),
    },
    {
        "title": ("National ALN pathway: intermediate", "Llwybr ADY cenedlaethol: canolradd"),
        "summary": (
            "Building on the core chapter: planning provision with learners and families.",
            "Adeiladu ar y bennod graidd: cynllunio darpariaeth gyda dysgwyr a theuluoedd.",
        ),
        "map": "aln", "pathway": ("aln", "intermediate"), "delivery": "live", "language": "cy",
        "audiences": [RoleType.TEACHER, RoleType.LEADER],
        "approval": True, "cost": 120, "cover": Decimal("2"),
    },
    {
        "title": (
            "Teaching Assistant Learning Pathway: induction",
            "Llwybr Dysgu Cynorthwywyr Addysgu: sefydlu",
        ),
        "summary": (
            "An induction for teaching assistants new to their role, in Welsh or English.",
            "Cyfnod sefydlu i gynorthwywyr addysgu sy'n newydd i'w rôl, yn Gymraeg neu'n Saesneg.",
        ),
        "map": "coaching", "pathway": ("teaching-assistant", "core"), "delivery": "live",
        "language": "bilingual",
        "audiences": [RoleType.TEACHING_ASSISTANT, RoleType.HLTA],
        "approval": False, "cost": 0, "cover": Decimal("0.5"),
    },
    {
        "title": ("Leading curriculum realisation", "Arwain gwireddu'r cwricwlwm"),
        "summary": (
            "For senior leaders: leading the school's curriculum as a learning organisation.",
            "Ar gyfer uwch arweinwyr: arwain cwricwlwm yr ysgol fel sefydliad sy'n dysgu.",
        ),
        "map": "leadership", "pathway": None, "delivery": "live", "language": "en",
        "audiences": [RoleType.LEADER],
        "approval": True, "cost": 250, "cover": Decimal("3"),
    },
    {
        "title": ("Welsh in the classroom: a podcast", "Cymraeg yn y dosbarth: podlediad"),
        "summary": (
            "Short episodes on using more Welsh with learners, whatever your fluency.",
            "Penodau byr ar ddefnyddio mwy o Gymraeg gyda dysgwyr, beth bynnag yw eich rhuglder.",
        ),
        "map": "welsh", "pathway": None, "delivery": "podcast", "language": "bilingual",
        "audiences": [], "approval": False, "cost": 0, "cover": Decimal("0"),
    },
]  # fmt: skip


@dataclass
class _Offer:
    """Everything planned before the bulk inserts, in the order it is inserted."""

    opportunities: list[Opportunity] = field(default_factory=list)
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (mapping key, pathway)
    audiences: list[list[str]] = field(default_factory=list)
    audience_people: list[list[int]] = field(default_factory=list)


def _when(
    rng: random.Random, day: datetime.date, hour: int, hours: int
) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)
    return start, start + datetime.timedelta(hours=hours)


def _school_day(rng: random.Random) -> datetime.date:
    span = (LAST_DAY - FIRST_DAY).days
    while True:
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        if day.weekday() < 5 and day.month != 8:
            return day


@seeder(
    "catalogue",
    after=("people",),
    present=lambda: Opportunity.objects.exists(),
)
def seed(context: SeedContext) -> None:
    rng = context.rng
    opportunities_wanted, sessions_wanted, bookings_wanted = SIZES[context.scale.name]
    now = timezone.now()
    today = timezone.localdate(now)
    terms = {(t.vocabulary.code, t.code): t for t in Term.objects.select_related("vocabulary")}
    standards_by_code: dict[str, list[Standard]] = {}
    for standard in Standard.objects.all():
        standards_by_code.setdefault(standard.code, []).append(standard)
    schools = context.shared["schools"]
    plan = context.shared["plan"]
    nation = context.shared["nation"]
    clusters = context.shared["clusters"]
    providers = [p for p in context.shared["providers"] if p.code != "NAEL"]
    national_body = next(p for p in providers if p.code == "NPLLEW")
    universities = [p for p in providers if p.code != "NPLLEW"]
    las = sorted({item.la.pk: item.la for item in plan}.values(), key=lambda o: o.code)
    regions_of = {la.pk: region_of(local_authority=la, day=today) for la in las}
    regions = sorted({r.pk: r for r in regions_of.values() if r}.values(), key=lambda o: o.code)

    # Who works where: the people an opportunity is offered to, by school, LA and region.
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
    people_in_la = {key: sorted(ids) for key, ids in in_la.items()}
    people_in_region = {key: sorted(ids) for key, ids in in_region.items()}
    everyone = sorted(school_of_person)
    cluster_schools: dict[int, list[int]] = {}
    from organisations.models import OrganisationLink

    for parent_id, child_id in OrganisationLink.objects.filter(parent__in=clusters).values_list(
        "parent_id", "child_id"
    ):
        cluster_schools.setdefault(parent_id, []).append(child_id)

    offer = _Offer()
    published_at = datetime.datetime(2025, 7, 1, 9, tzinfo=LONDON)

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
                created_at=published_at,
                updated_at=published_at,
                published_at=published_at
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
    _seed_mappings(context, opportunities, offer, terms, standards_by_code)

    # Sessions: spread over the scheduled, published or archived opportunities.
    scheduled = [
        i
        for i, o in enumerate(opportunities)
        if o.format == Format.SCHEDULED and o.status in (Status.PUBLISHED, Status.ARCHIVED)
    ]
    per = max(1, sessions_wanted // max(1, len(scheduled)))
    sessions: list[Session] = []
    session_opportunity: list[int] = []
    meetings: list[tuple[int, datetime.datetime, datetime.datetime]] = []
    for index in scheduled:
        opportunity = opportunities[index]
        count = rng.randint(max(1, per - 2), per + 2) if index >= len(PROGRAMMES) else per + 4
        for _ in range(count):
            day = _school_day(rng)
            if opportunity.status == Status.ARCHIVED:
                day = min(day, today - datetime.timedelta(days=30))
            twilight = opportunity.delivery.code == "live" and rng.random() < 0.25
            hour, hours = (16, 2) if twilight or opportunity.delivery.code == "webinar" else (9, 6)
            days = [day + datetime.timedelta(weeks=w) for w in range(3)] if twilight else [day]
            online = (
                opportunity.delivery.code in ("webinar", "network-meeting") or rng.random() < 0.2
            )
            first_start, _ = _when(rng, days[0], hour, hours)
            _, last_end = _when(rng, days[-1], hour, hours)
            for meeting_day in days:
                meetings.append((len(sessions), *_when(rng, meeting_day, hour, hours)))
            sessions.append(
                Session(
                    opportunity=opportunity,
                    language=opportunity.language,
                    venue=""
                    if online
                    else f"{rng.choice(VENUES)}, {opportunity.audience_organisation.name_en}",
                    online_url=f"https://meet.hawl.example/{len(sessions) + 1}" if online else "",
                    capacity=rng.choice([12, 16, 20, 24, 30, 40, 60]),
                    booking_deadline=first_start - datetime.timedelta(days=rng.choice([0, 2, 7])),
                    starts_at=first_start,
                    ends_at=last_end,
                    check_in_code=f"{len(sessions) + 1:06d}"[-6:].translate(
                        str.maketrans("0123456789", "ABCDEFGHJK")
                    ),
                    created_at=published_at,
                )
            )
            session_opportunity.append(index)
    bookings, learning, evaluations = _plan_bookings(
        context,
        sessions,
        session_opportunity,
        offer,
        school_of_person,
        bookings_wanted,
        now,
    )
    sessions = bulk(Session, sessions, "sessions", context)
    bulk(
        Meeting,
        [Meeting(session=sessions[i], starts_at=s, ends_at=e) for i, s, e in meetings],
        "meetings",
        context,
    )
    for booking, session_index in bookings:
        booking.session = sessions[session_index]
    created = bulk(Booking, [b for b, _ in bookings], "bookings", context)
    records = bulk(
        LearningRecord,
        [
            LearningRecord(
                person_id=created[i].person_id,
                opportunity=sessions[s].opportunity,
                booking=created[i],
                completed_on=timezone.localdate(sessions[s].ends_at),
                title_en=sessions[s].opportunity.title_en,
                title_cy=sessions[s].opportunity.title_cy,
                hours=sessions[s].opportunity.hours,
                created_at=sessions[s].ends_at,
            )
            for i, s in learning
        ],
        "learning records",
        context,
    )
    del records
    _seed_evaluations(context, created, evaluations, terms)
    _seed_demo(context, opportunities, sessions, now)
    _seed_endorsements(context, opportunities, now)
    context.log(f"  opportunity facets: {facets_rebuild():,}")
    context.log(f"  next sessions: {next_sessions_refresh(now=now):,}")


def _seed_mappings(
    context: SeedContext,
    opportunities: list[Opportunity],
    offer: _Offer,
    terms: dict[tuple[str, str], Term],
    standards_by_code: dict[str, list[Standard]],
) -> None:
    through = Opportunity.standards.through
    priority = Opportunity.priority_areas.through
    topic = Opportunity.topics.through
    standard_rows, priority_rows, topic_rows, audience_rows = [], [], [], []
    sector_rows, pathway_updates = [], []
    sectors = [terms[("school-sector", c)] for c in ("primary", "secondary", "special")]
    for opportunity, (key, pathway), audiences in zip(
        opportunities, offer.mapping, offer.audiences, strict=True
    ):
        standards, priorities, topics = MAPPING[key]
        for code in standards:
            standard_rows += [
                through(opportunity_id=opportunity.pk, standard_id=s.pk)
                for s in standards_by_code.get(code, [])
            ]
        priority_rows += [
            priority(opportunity_id=opportunity.pk, term_id=terms[("priority-area", c)].pk)
            for c in priorities
        ]
        topic_rows += [
            topic(opportunity_id=opportunity.pk, term_id=terms[("topic", c)].pk) for c in topics
        ]
        audience_rows += [Audience(opportunity_id=opportunity.pk, role_type=r) for r in audiences]
        if context.rng.random() < 0.3:
            sector_rows.append(
                Opportunity.sectors.through(
                    opportunity_id=opportunity.pk, term_id=context.rng.choice(sectors).pk
                )
            )
        if pathway:
            opportunity.pathway = terms[("pathway", pathway[0])]
            opportunity.pathway_level = terms[("pathway-level", pathway[1])]
            pathway_updates.append(opportunity)
    bulk(through, standard_rows, "opportunity standards", context)
    bulk(priority, priority_rows, "opportunity priority areas", context)
    bulk(topic, topic_rows, "opportunity topics", context)
    bulk(Audience, audience_rows, "opportunity audiences", context)
    bulk(Opportunity.sectors.through, sector_rows, "opportunity sectors", context)
    Opportunity.objects.bulk_update(pathway_updates, ["pathway", "pathway_level"])


def _plan_bookings(
    context: SeedContext,
    sessions: list[Session],
    session_opportunity: list[int],
    offer: _Offer,
    school_of_person: dict[int, int],
    wanted: int,
    now: datetime.datetime,
) -> tuple[list[tuple[Booking, int]], list[tuple[int, int]], list[int]]:
    """Bookings for each session, as the rules would leave them: places taken up to capacity,
    then a waitlist in order on the full future ones; past ones attended or absent."""
    rng = context.rng
    per_session = max(1, wanted // max(1, len(sessions)))
    bookings: list[tuple[Booking, int]] = []
    learning: list[tuple[int, int]] = []
    evaluations: list[int] = []
    for index, session in enumerate(sessions):
        opportunity = session.opportunity
        pool = offer.audience_people[session_opportunity[index]]
        if not pool:
            continue
        past = session.ends_at < now
        # Demand is uneven: most sessions half full, a popular few with a waitlist.
        demand = rng.choices([0.3, 0.6, 1.0, 1.5, 3.0], [2, 3, 3, 1, 1])[0] * 1.18
        want = min(len(pool), max(0, int(rng.gauss(per_session * demand, per_session / 4))))
        chosen = rng.sample(pool, k=want) if want < len(pool) else list(pool)
        taken = waitlisted = 0
        for person_id in chosen:
            created = session.booking_deadline - datetime.timedelta(days=rng.randint(1, 40))
            booking = Booking(
                person_id=person_id,
                school_id=school_of_person.get(person_id),
                cost=opportunity.cost,
                cover_days=opportunity.cover_days,
                created_at=created,
                updated_at=created,
            )
            if taken < session.capacity:
                taken += 1
                if past:
                    booking.status = (
                        BookingStatus.ATTENDED if rng.random() < 0.87 else BookingStatus.ABSENT
                    )
                elif opportunity.approval_required and rng.random() < 0.4:
                    booking.status = BookingStatus.REQUESTED
                    booking.reason = "It is in our school development plan."
                else:
                    booking.status = BookingStatus.BOOKED
            elif past:
                continue  # a past session's waitlist has gone
            else:
                waitlisted += 1
                booking.status = BookingStatus.WAITLISTED
                booking.waitlist_position = waitlisted
            if booking.status == BookingStatus.ATTENDED:
                learning.append((len(bookings), index))
                if rng.random() < 0.25:
                    evaluations.append(len(bookings))
            bookings.append((booking, index))
        if session.status == "scheduled" and past is False and rng.random() < 0.05 and taken:
            # A few people cancelled: their rows stay, their places are taken by others.
            pass
        session.taken = taken
        session.waitlisted = waitlisted
    return bookings, learning, evaluations


def _seed_evaluations(
    context: SeedContext,
    bookings: list[Booking],
    chosen: list[int],
    terms: dict[tuple[str, str], Term],
) -> None:
    rng = context.rng
    characteristics = [t for (v, _c), t in terms.items() if v == "estyn-characteristic"]
    rows = []
    for i in chosen:
        booking = bookings[i]
        session = booking.session
        rows.append(
            Evaluation(
                booking=booking,
                opportunity_id=session.opportunity_id,
                session=session,
                rating=rng.choices([1, 2, 3, 4, 5], [2, 5, 18, 45, 30])[0],
                comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                created_at=session.ends_at,
            )
        )
    evaluations = bulk(Evaluation, rows, "evaluations", context)
    through = Evaluation.characteristics.through
    bulk(
        through,
        [
            through(evaluation_id=e.pk, term_id=t.pk)
            for e in evaluations
            for t in rng.sample(characteristics, k=rng.randint(1, 3))
        ],
        "evaluation characteristics",
        context,
    )


def _seed_demo(
    context: SeedContext,
    opportunities: list[Opportunity],
    sessions: list[Session],
    now: datetime.datetime,
) -> None:
    """The demo sign-ins' own bookings: something to see and do on first sign-in."""
    users = {u.username: u for u in context.shared.get("demo_users", [])}
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    teacher = people.get(users["teacher"].pk) if "teacher" in users else None
    if teacher is None:
        return
    home = Employment.objects.filter(person=teacher).values_list("school_id", flat=True).first()
    staff = list(
        Person.objects.filter(employments__school_id=home).exclude(pk=teacher.pk).order_by("pk")[:6]
    )
    national = opportunities[: len(PROGRAMMES)]
    future = {
        o.pk: [s for s in sessions if s.opportunity_id == o.pk and s.starts_at > now]
        for o in national
    }
    past = [s for s in sessions if s.opportunity_id == national[0].pk and s.ends_at < now]
    rows = []

    def place(session: Session, person: Person, status: str, **extra: Any) -> None:
        if Booking.objects.filter(session=session, person=person).exists():
            return
        rows.append(
            Booking(
                session=session,
                person=person,
                school_id=home,
                status=status,
                cost=session.opportunity.cost,
                cover_days=session.opportunity.cover_days,
                created_at=now - datetime.timedelta(days=3),
                updated_at=now,
                **extra,
            )
        )

    core, intermediate = future[national[0].pk], future[national[1].pk]
    if core:
        place(core[0], teacher, BookingStatus.BOOKED)
    if past:
        place(past[-1], teacher, BookingStatus.ATTENDED)
    if intermediate:
        for person in staff[:3]:
            place(
                intermediate[0],
                person,
                BookingStatus.REQUESTED,
                reason="Our ALN lead is retiring next year.",
            )
    Booking.objects.bulk_create(rows)
    for session in {b.session_id for b in rows}:
        live = Booking.objects.filter(
            session_id=session, status__in=("booked", "requested", "attended", "absent", "offered")
        ).count()
        capacity = Session.objects.filter(pk=session).values_list("capacity", flat=True).get()
        Session.objects.filter(pk=session).update(taken=live, capacity=max(capacity, live))
    attended = [b for b in rows if b.status == BookingStatus.ATTENDED]
    for booking in attended:
        session = booking.session
        LearningRecord.objects.create(
            person=booking.person,
            opportunity=session.opportunity,
            booking=booking,
            completed_on=timezone.localdate(session.ends_at),
            title_en=session.opportunity.title_en,
            title_cy=session.opportunity.title_cy,
            hours=session.opportunity.hours,
        )
    coming = next((o for o in opportunities if o.status == Status.IN_DEVELOPMENT), None)
    if coming is not None:
        Interest.objects.get_or_create(opportunity=coming, person=teacher)
    context.log(f"  demo bookings: {len(rows)}")


def _seed_endorsements(
    context: SeedContext, opportunities: list[Opportunity], now: datetime.datetime
) -> None:
    """A share of the national and regional offer is endorsed; a few wait for the panel."""
    criteria = EndorsementCriteria.objects.order_by("-starts_on").first()
    if criteria is None:
        return
    rng = context.rng
    submissions, endorsed, waiting = [], [], []
    for opportunity in opportunities:
        if opportunity.status != Status.PUBLISHED or opportunity.level.code not in (
            "national",
            "regional-local",
        ):
            continue
        roll = rng.random()
        if roll < 0.25:
            endorsed.append(opportunity.pk)
            submissions.append(
                Submission(
                    opportunity=opportunity,
                    criteria=criteria,
                    statement="",
                    submitted_at=now - datetime.timedelta(days=90),
                    decision="endorsed",
                    reasons="Meets every criterion.",
                    decided_at=now - datetime.timedelta(days=60),
                )
            )
        elif roll < 0.27:
            waiting.append(opportunity.pk)
            submissions.append(
                Submission(
                    opportunity=opportunity,
                    criteria=criteria,
                    statement=(
                        "It maps to the standards and the national priorities,"
                        " and is evaluated after every session."
                    ),
                    submitted_at=now - datetime.timedelta(days=5),
                )
            )
    bulk(Submission, submissions, "endorsement submissions", context)
    Opportunity.objects.filter(pk__in=endorsed).update(endorsement=Endorsement.ENDORSED)
    Opportunity.objects.filter(pk__in=waiting).update(endorsement=Endorsement.SUBMITTED)
