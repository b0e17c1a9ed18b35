"""The provider's offer: the list, creating and editing opportunities, moving their status."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import selectors, services
from catalogue.forms import ManageFilterForm, OpportunityPageForm, with_linked_boxes
from catalogue.models import Format, Opportunity, Status
from catalogue.views.provide.shared import MANAGE, field_for
from core import access
from core.errors import DomainError
from core.pagination import page_numbers

# Where an opportunity can go from each status, in the order the buttons are offered.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.PUBLISHED, Status.IN_DEVELOPMENT),
    Status.IN_DEVELOPMENT: (Status.PUBLISHED, Status.DRAFT),
    Status.PUBLISHED: (Status.ARCHIVED,),
    Status.ARCHIVED: (Status.DRAFT,),
}


@access.rule(MANAGE)
def manage(request: HttpRequest) -> HttpResponse:
    """The offer of every provider the user manages, whatever its status."""
    providers = selectors.managed_providers(user=request.user)
    form = ManageFilterForm(request.GET or None, providers=providers)
    status, provider = form.filters()
    offer = selectors.managed_offer(user=request.user, status=status, provider=provider)
    page = Paginator(offer, settings.HAWL_PAGE_SIZE).get_page(request.GET.get("page"))
    opportunities = list(page.object_list)
    counts = selectors.offer_counts(opportunities)
    return render(
        request,
        "catalogue/provide/manage.html",
        {
            "form": form,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "rows": [(o, counts.get(o.pk, selectors.OfferCounts())) for o in opportunities],
            "several_providers": len(providers) > 1,
            "filtered": bool(status or provider),
            "can_create": bool(providers),
        },
    )


def _opportunity_form(
    request: HttpRequest, *, opportunity: Opportunity | None = None
) -> HttpResponse:
    providers, audiences = selectors.editing_choices(user=request.user, opportunity=opportunity)
    if not providers:
        raise Http404
    if request.method == "POST":
        data = request.POST.copy()
        if opportunity is not None:
            # The status changes through its own actions, never by editing.
            data["status"] = opportunity.status
        form = OpportunityPageForm(data, providers=providers, audiences=audiences)
        if form.is_valid():
            try:
                saved = services.opportunity_save(
                    by=request.user, data=form.cleaned_data, opportunity=opportunity
                )
            except DomainError as error:
                form.add_error(field_for(error, form), error.message)
            else:
                messages.success(
                    request,
                    _("The opportunity has been saved.")
                    if opportunity
                    else _("The opportunity has been created."),
                )
                return redirect("catalogue:manage_opportunity", saved.pk)
    elif opportunity is not None:
        form = OpportunityPageForm(
            initial=selectors.opportunity_form_data(opportunity),
            providers=providers,
            audiences=audiences,
        )
    else:
        nation = next((o for o in audiences if o.kind == "nation"), None)
        form = OpportunityPageForm(
            initial={"audience": f"nation:{nation.code}" if nation else ""},
            providers=providers,
            audiences=audiences,
        )
    if opportunity is None:
        form.fields["status"].choices = [
            (value, label) for value, label in Status.choices if value != Status.ARCHIVED
        ]
    with_linked_boxes(form)
    return render(
        request,
        "catalogue/provide/opportunity_form.html",
        {"form": form, "opportunity": opportunity, "single_provider": len(providers) == 1},
    )


@access.rule(MANAGE)
def opportunity_new(request: HttpRequest) -> HttpResponse:
    return _opportunity_form(request)


@access.rule(MANAGE)
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.managed_opportunity_get(user=request.user, pk=pk)
    return _opportunity_form(request, opportunity=opportunity)


@access.rule(MANAGE)
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    """One opportunity as its provider sees it: details, status, sessions, evaluations."""
    found = selectors.managed_opportunity_get(user=request.user, pk=pk)
    sessions = selectors.sessions_of(opportunity=found)
    now = timezone.now()
    return render(
        request,
        "catalogue/provide/opportunity.html",
        {
            "opportunity": found,
            "sessions": sessions,
            "upcoming": [s for s in sessions if s.ends_at >= now],
            "past": [s for s in sessions if s.ends_at < now],
            "transitions": [(status, Status(status).label) for status in TRANSITIONS[found.status]],
            "standards": list(
                dict.fromkeys(str(standard.name) for standard in found.standards.all())
            ),
            "summary": selectors.evaluation_summary(opportunity=found),
            # How practitioners see it: the finding side's page (drafts too, for its managers).
            "preview_url": reverse("catalogue:opportunity", args=[found.pk]),
            "can_schedule": found.format == Format.SCHEDULED and found.status != Status.ARCHIVED,
        },
    )


def _status_problems(
    request: HttpRequest, opportunity: Opportunity, status: str
) -> tuple[OpportunityPageForm, list[str]]:
    """The opportunity with its new status, checked with every rule the form has; what stands
    in the way, each with the field it is about."""
    providers, audiences = selectors.editing_choices(user=request.user, opportunity=opportunity)
    data = {**selectors.opportunity_form_data(opportunity), "status": status}
    form = OpportunityPageForm(data, providers=providers, audiences=audiences)
    problems = [str(message) for errors in form.errors.values() for message in errors]
    return form, problems


@access.rule(MANAGE)
def opportunity_status(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    """Move an opportunity on (publish, show as coming soon, archive, back to draft): asked
    first, and checked with every rule the form has, so a half-Welsh page is never listed."""
    found = selectors.managed_opportunity_get(user=request.user, pk=pk)
    if status not in TRANSITIONS[found.status]:
        raise Http404
    form, problems = _status_problems(request, found, status)
    if request.method == "POST" and not problems:
        try:
            services.opportunity_save(by=request.user, data=form.cleaned_data, opportunity=found)
        except DomainError as error:
            problems.append(error.message)
        else:
            messages.success(request, _status_done(status))
            return redirect("catalogue:manage_opportunity", found.pk)
    now = timezone.now()
    upcoming = sum(
        1
        for s in selectors.sessions_of(opportunity=found)
        if s.starts_at >= now and not s.cancelled
    )
    return render(
        request,
        "catalogue/provide/status.html",
        {
            "opportunity": found,
            "status": status,
            "status_label": Status(status).label,
            "problems": problems,
            "refused": request.method == "POST" and bool(problems),
            "upcoming": upcoming,
        },
    )


def _status_done(status: str) -> str:
    return {
        Status.PUBLISHED: _("The opportunity is published: practitioners can find and book it."),
        Status.IN_DEVELOPMENT: _("The opportunity is shown as coming soon."),
        Status.ARCHIVED: _("The opportunity is archived."),
        Status.DRAFT: _("The opportunity is a draft again: only you and your colleagues see it."),
    }[status]


urlpatterns: list[URLPattern] = [
    path("catalogue/manage/", manage, name="manage"),
    path("catalogue/manage/new/", opportunity_new, name="manage_new"),
    path("catalogue/manage/<int:pk>/", opportunity, name="manage_opportunity"),
    path("catalogue/manage/<int:pk>/edit/", opportunity_edit, name="manage_edit"),
    path(
        "catalogue/manage/<int:pk>/status/<str:status>/",
        opportunity_status,
        name="manage_status",
    ),
]
