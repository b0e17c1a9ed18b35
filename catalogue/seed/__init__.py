"""Seed the offer: opportunities, sessions and bookings with attendance (see ``core.seeding``).

At Wales scale about 20,000 opportunities, 100,000 sessions and 1,000,000 bookings, inserted in
bulk with every session's counts and waitlist positions as the booking rules would leave them,
a chunk of rows at a time (``chunks``): the seed never holds the bookings, learning records,
evaluations or facet rows of the whole of Wales at once.
The offer is spread over the levels of provision as Wales has it (``offer``); sessions over the
seeded academic years (``sessions``); bookings, learning records and evaluations on them
(``bookings``); the demo sign-ins get a believable start (``demo``); a share of the offer is
endorsed (``endorsements``). What it is all made of is in ``content``. Every part draws from the
one seeded generator, in the same order, so the same seed gives the same rows.
"""

from __future__ import annotations

from django.utils import timezone

from catalogue.models import Opportunity
from catalogue.seed import chunks
from catalogue.seed.bookings import bookings_seed
from catalogue.seed.chunks import batched
from catalogue.seed.content import PROGRAMMES, SIZES
from catalogue.seed.demo import demo_seed
from catalogue.seed.endorsements import endorsements_seed
from catalogue.seed.offer import offer_seed, workforce_of
from catalogue.seed.sessions import sessions_plan
from catalogue.services import facets_rebuild, next_sessions_refresh
from core.seeding import SeedContext, seeder
from standards.models import Standard, Term

__all__ = ["PROGRAMMES", "SIZES", "seed"]


@seeder(
    "catalogue",
    after=("people",),
    present=lambda: Opportunity.objects.exists(),
)
def seed(context: SeedContext) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    terms = {(t.vocabulary.code, t.code): t for t in Term.objects.select_related("vocabulary")}
    standards_by_code: dict[str, list[Standard]] = {}
    for standard in Standard.objects.all():
        standards_by_code.setdefault(standard.code, []).append(standard)
    workforce = workforce_of(context, today)
    opportunities, offer = offer_seed(context, workforce, terms, standards_by_code)
    planned = sessions_plan(context, opportunities, today)
    bookings_seed(context, planned, opportunities, offer, workforce.school_of_person, terms, now)
    demo_seed(context, opportunities, now)
    endorsements_seed(context, opportunities, now)
    # About ten facet rows an opportunity; in order of opportunity, as one rebuild would write.
    per_chunk = max(1, chunks.CHUNK // 10)
    facets = sum(
        facets_rebuild(ids=ids) for ids in batched((o.pk for o in opportunities), per_chunk)
    )
    context.log(f"  opportunity facets: {facets:,}")
    context.log(f"  next sessions: {next_sessions_refresh(now=now):,}")
