"""National endorsement: a share of the national and regional offer is endorsed, and a few
submissions wait for the panel."""

from __future__ import annotations

import datetime

from catalogue.models import Endorsement, EndorsementCriteria, Opportunity, Status, Submission
from core.seeding import SeedContext, bulk


def endorsements_seed(
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
