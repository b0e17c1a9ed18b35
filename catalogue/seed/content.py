"""What the seeded offer is made of: its sizes, dates, subjects, kinds of learning, venues and
the national body's flagship programmes, in both languages."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

from people.models import RoleType

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
# When the seeded offer was published (and its sessions made).
PUBLISHED_AT = datetime.datetime(2025, 7, 1, 9, tzinfo=LONDON)
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
