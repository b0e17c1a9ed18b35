"""National endorsement: a provider submits, the panel reviews each criterion and decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from catalogue import selectors, services
from catalogue.forms import PanelDecisionForm, ReviewForm, SubmissionForm
from catalogue.models import Endorsement, Review
from core import access
from core.errors import DomainError
from core.pagination import page_numbers


@access.rule("catalogue.opportunity.manage")
def endorsement(request: HttpRequest, pk: int) -> HttpResponse:
    """A provider's view: the criteria, what the panel decided and said, and submitting."""
    opportunity = selectors.opportunity_get(
        user=request.user, pk=pk, action="catalogue.opportunity.manage"
    )
    can_submit = opportunity.endorsement not in (Endorsement.SUBMITTED, Endorsement.ENDORSED)
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and can_submit and form.is_valid():
        try:
            services.submission_create(
                opportunity=opportunity, by=request.user, statement=form.cleaned_data["statement"]
            )
        except DomainError as error:
            form.add_error("statement", error.message)
        else:
            messages.success(
                request, _("Submitted. The panel will review it against each criterion.")
            )
            return redirect("catalogue:endorsement", pk)
    try:
        criteria = list(services.criteria_in_force().items.all())
    except DomainError:
        criteria = []
    return render(
        request,
        "catalogue/endorse/endorsement.html",
        {
            "opportunity": opportunity,
            "criteria": criteria,
            "submissions": selectors.submissions_of(opportunity=opportunity),
            "form": form,
            "can_submit": can_submit and bool(criteria),
        },
    )


@access.rule("catalogue.opportunity.endorse")
def panel(request: HttpRequest) -> HttpResponse:
    waiting = selectors.panel_queue(user=request.user)
    page = Paginator(waiting, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/endorse/panel.html",
        {"page_obj": page, "page_numbers": page_numbers(page)},
    )


@access.rule("catalogue.opportunity.endorse")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission: the member's judgement of each criterion, others' reviews, the decision."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    criteria = list(submission.criteria.items.all())
    mine = {
        r.criterion.code: r
        for r in Review.objects.filter(submission=submission, reviewer=request.user).select_related(
            "criterion"
        )
    }
    initial = {}
    for code, item in mine.items():
        initial[f"judgement_{code}"] = item.judgement
        initial[f"comment_{code}"] = item.comment
    posted = request.method == "POST"
    deciding = posted and request.POST.get("action") == "decide"
    form = ReviewForm(
        request.POST if posted and not deciding else None, criteria=criteria, initial=initial
    )
    decision = PanelDecisionForm(request.POST if deciding else None)
    if posted and not deciding and form.is_valid():
        try:
            services.review_save(
                submission=submission, reviewer=request.user, judgements=form.judgements()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("catalogue:panel_review", pk)
    if deciding and decision.is_valid():
        try:
            services.submission_decide(
                submission=submission,
                by=request.user,
                decision=decision.cleaned_data["decision"],
                reasons=decision.cleaned_data["reasons"],
            )
        except DomainError as error:
            decision.add_error(
                error.field if error.field in decision.fields else None, error.message
            )
        else:
            messages.success(request, _("The decision is recorded and the provider is told."))
            return redirect("catalogue:panel")
    others = (
        Review.objects.filter(submission=submission)
        .exclude(reviewer=request.user)
        .select_related("criterion", "reviewer")
        .order_by("criterion__order", "reviewer_id")
    )
    return render(
        request,
        "catalogue/endorse/review.html",
        {
            "submission": submission,
            "opportunity": submission.opportunity,
            "form": form,
            "decision": decision,
            "others": others,
        },
    )


urlpatterns: list[URLPattern] = [
    path("catalogue/manage/<int:pk>/endorsement/", endorsement, name="endorsement"),
    path("catalogue/endorsement/", panel, name="panel"),
    path("catalogue/endorsement/<int:pk>/", review, name="panel_review"),
]
