"""What people said in their evaluations, of an opportunity or of one of its sessions."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from catalogue import selectors
from catalogue.models import Opportunity, Session
from catalogue.views.provide.shared import MANAGE, SESSIONS, managed_session
from core import access
from core.pagination import page_numbers


def _evaluations_page(
    request: HttpRequest, *, opportunity: Opportunity, session: Session | None = None
) -> HttpResponse:
    comments = selectors.evaluation_comments(opportunity=opportunity, session=session)
    page = Paginator(comments, settings.HAWL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/provide/evaluations.html",
        {
            "opportunity": opportunity,
            "session": session,
            "summary": selectors.evaluation_summary(opportunity=opportunity, session=session),
            "page_obj": page,
            "page_numbers": page_numbers(page),
        },
    )


@access.rule(MANAGE)
def opportunity_evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.managed_opportunity_get(user=request.user, pk=pk)
    return _evaluations_page(request, opportunity=found)


@access.rule(SESSIONS)
def session_evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    found = managed_session(request, pk)
    return _evaluations_page(request, opportunity=found.opportunity, session=found)


urlpatterns: list[URLPattern] = [
    path(
        "catalogue/manage/<int:pk>/evaluations/",
        opportunity_evaluations,
        name="manage_evaluations",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/evaluations/",
        session_evaluations,
        name="manage_session_evaluations",
    ),
]
