"""National endorsement: submitting, reviewing each criterion, deciding."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import notify
from catalogue.models import (
    Decision,
    Endorsement,
    EndorsementCriteria,
    Judgement,
    Opportunity,
    Review,
    Status,
    Submission,
)
from catalogue.services.facets import facets_rebuild
from core.errors import DomainError
from people.models import User


def criteria_in_force(*, day: datetime.date | None = None) -> EndorsementCriteria:
    day = day or timezone.localdate()
    criteria = EndorsementCriteria.objects.filter(starts_on__lte=day).order_by("-starts_on").first()
    if criteria is None:
        raise DomainError(
            _("No endorsement criteria are in force. An administrator must load them.")
        )
    return criteria


@transaction.atomic
def submission_create(*, opportunity: Opportunity, by: User, statement: str) -> Submission:
    """A provider submits an opportunity for national endorsement against the criteria in
    force."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    statement = (statement or "").strip()
    if not statement:
        raise DomainError(_("Say how the opportunity meets the criteria."), field="statement")
    if opportunity.status not in (Status.PUBLISHED, Status.IN_DEVELOPMENT):
        raise DomainError(
            _("Publish the opportunity, or show it as coming soon, before you submit it."),
            field="statement",
        )
    if opportunity.endorsement == Endorsement.SUBMITTED:
        raise DomainError(_("It is already waiting for the panel."), field="statement")
    if opportunity.endorsement == Endorsement.ENDORSED:
        raise DomainError(_("It is already endorsed."), field="statement")
    submission = Submission.objects.create(
        opportunity=opportunity,
        criteria=criteria_in_force(),
        statement=statement,
        submitted_by=by,
    )
    opportunity.endorsement = Endorsement.SUBMITTED
    opportunity.save(update_fields=["endorsement"])
    return submission


@transaction.atomic
def review_save(
    *, submission: Submission, reviewer: User, judgements: dict[str, tuple[str, str]]
) -> list[Review]:
    """A panel member's judgement of each criterion (``{code: (judgement, comment)}``)."""
    if submission.decision:
        raise DomainError(_("The panel has already decided."), field="submission")
    criteria = {c.code: c for c in submission.criteria.items.all()}
    saved = []
    for code, (judgement, comment) in judgements.items():
        if code not in criteria:
            raise DomainError(_("That is not one of the criteria."), field=code)
        if judgement not in Judgement.values:
            raise DomainError(_("Choose met, partly met or not met."), field=code)
        review, _created = Review.objects.update_or_create(
            submission=submission,
            criterion=criteria[code],
            reviewer=reviewer,
            defaults={
                "judgement": judgement,
                "comment": (comment or "").strip(),
                "updated_at": timezone.now(),
            },
        )
        saved.append(review)
    return saved


@transaction.atomic
def submission_decide(
    *, submission: Submission, by: User, decision: str, reasons: str
) -> Submission:
    """The panel's decision: endorsed, returned for changes, or not endorsed (with reasons)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    reasons = (reasons or "").strip()
    if submission.decision:
        raise DomainError(_("The panel has already decided."), field="decision")
    if decision not in Decision.values:
        raise DomainError(_("Choose a decision."), field="decision")
    if decision != Decision.ENDORSED and not reasons:
        raise DomainError(
            _("Give the reasons, so the provider knows what to change."), field="reasons"
        )
    reviews = Review.objects.filter(submission=submission)
    judged = set(reviews.values_list("criterion__code", flat=True))
    wanted = set(submission.criteria.items.values_list("code", flat=True))
    if wanted - judged:
        raise DomainError(
            _("Review every criterion before deciding: %(missing)s.")
            % {"missing": ", ".join(sorted(wanted - judged))},
            field="decision",
        )
    if decision == Decision.ENDORSED and reviews.filter(judgement=Judgement.NOT_MET).exists():
        raise DomainError(
            _("A criterion is judged not met: it cannot be endorsed."), field="decision"
        )
    submission.decision = decision
    submission.reasons = reasons
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.save()
    Opportunity.objects.filter(pk=submission.opportunity_id).update(endorsement=decision)
    facets_rebuild(ids=[submission.opportunity_id])
    notify.endorsement_decided(submission)
    return submission
