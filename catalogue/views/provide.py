"""Pages for those who publish the offer and run its sessions (see ``catalogue.views``).

Their offer in every status, creating and editing opportunities and moving them through draft,
coming soon, published and archived; sessions (add, change, copy to another day, cancel); each
session's counts, check-in code and register, its register and bookings as CSV; and what people
said in their evaluations. Everything is scoped to the providers the user manages: another
provider's opportunity or session is a 404, as if it did not exist. Imports from CSV files are
in ``catalogue.import_views``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue import selectors, services
from catalogue.forms import (
    ManageFilterForm,
    OpportunityPageForm,
    SessionCancelForm,
    SessionChangeForm,
    SessionDuplicateForm,
    SessionPageForm,
    with_linked_boxes,
)
from catalogue.models import (
    LIVE,
    BookingStatus,
    Format,
    Opportunity,
    Session,
    Status,
)
from core import access
from core.csvkit import write_csv
from core.errors import DomainError
from core.pagination import page_numbers

MANAGE = "catalogue.opportunity.manage"
SESSIONS = "catalogue.session.manage"
REGISTER = "catalogue.booking.register"

# Where an opportunity can go from each status, in the order the buttons are offered.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.PUBLISHED, Status.IN_DEVELOPMENT),
    Status.IN_DEVELOPMENT: (Status.PUBLISHED, Status.DRAFT),
    Status.PUBLISHED: (Status.ARCHIVED,),
    Status.ARCHIVED: (Status.DRAFT,),
}


def _field_for(error: DomainError, form: Any, names: dict[str, str] | None = None) -> str | None:
    """The form field a service's error is about, or ``None`` to show it above the form."""
    name = (names or {}).get(error.field, error.field)
    return name if name in form.fields else None


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


# Our offer.


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


# Opportunities.


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
                form.add_error(_field_for(error, form), error.message)
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


# Sessions.


_SESSION_FIELDS = {"starts_at": "date", "ends_at": "end_time", "opportunity": ""}


@access.rule(SESSIONS)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.managed_opportunity_get(user=request.user, pk=pk)
    if found.format != Format.SCHEDULED:
        raise Http404
    if request.method == "POST":
        form = SessionPageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    opportunity=found,
                    meetings=[services.MeetingTimes(data["starts_at"], data["ends_at"])],
                    capacity=data["capacity"],
                    language=data["language"],
                    venue=data["venue"],
                    online_url=data["online_url"],
                    booking_deadline=data.get("booking_deadline_at"),
                )
            except DomainError as error:
                form.add_error(_field_for(error, form, _SESSION_FIELDS), error.message)
            else:
                messages.success(request, _("The session has been added."))
                return redirect("catalogue:manage_session", session.pk)
    else:
        form = SessionPageForm(initial={"language": found.language})
    return render(
        request,
        "catalogue/provide/session_form.html",
        {"form": form, "opportunity": found, "session": None},
    )


def _session(request: HttpRequest, pk: int, action: str = SESSIONS) -> Session:
    return selectors.managed_session_get(user=request.user, pk=pk, action=action)


def _register_marked(request: HttpRequest, session: Session, register: list) -> str | None:
    """Mark the register from the page's form; an error message, or ``None`` when done."""
    mark = request.POST.get("mark", "")
    if mark == "all":
        chosen = [b.pk for b in register if b.status == BookingStatus.BOOKED]
        mark = "attended"
    else:
        chosen = [int(v) for v in request.POST.getlist("booking") if v.isdigit()]
    if mark not in ("attended", "absent"):
        return _("Choose whether to mark people as attended or absent")
    if not chosen and request.POST.get("mark") != "all":
        return _("Select the people to mark")
    try:
        marked = services.register_mark(
            session=session,
            attended=chosen if mark == "attended" else (),
            absent=chosen if mark == "absent" else (),
            by=request.user,
        )
    except DomainError as error:
        return error.message
    if mark == "attended":
        text = ngettext(
            "%(count)s person marked as attended.", "%(count)s people marked as attended.", marked
        )
    else:
        text = ngettext(
            "%(count)s person marked as absent.", "%(count)s people marked as absent.", marked
        )
    messages.success(request, text % {"count": marked})
    return None


@access.rule(SESSIONS)
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session as its provider runs it: meetings, counts, check-in code, the register."""
    found = _session(request, pk)
    register = selectors.session_register(session=found)
    register_error = None
    if request.method == "POST":
        if not access.can(request.user, REGISTER, found):
            raise Http404
        register_error = _register_marked(request, found, register)
        if register_error is None:
            return redirect(reverse("catalogue:manage_session", args=[found.pk]) + "#register")
    counts = selectors.booking_counts(found)
    opens = found.starts_at
    return render(
        request,
        "catalogue/provide/session.html",
        {
            "session": found,
            "opportunity": found.opportunity,
            "meetings": list(found.meetings.all()),
            "counts": counts,
            "places_left": found.places_left,
            "register": register,
            "register_open": not found.cancelled and timezone.now() >= opens,
            "register_error": register_error,
            "unmarked": sum(1 for b in register if b.status == BookingStatus.BOOKED),
            "summary": selectors.evaluation_summary(session=found),
        },
    )


@access.rule(SESSIONS)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _session(request, pk)
    if found.cancelled:
        messages.error(request, _("This session is cancelled."))
        return redirect("catalogue:manage_session", found.pk)
    if request.method == "POST":
        form = SessionChangeForm(request.POST, starts_at=found.starts_at)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.session_update(
                    session=found,
                    capacity=data["capacity"],
                    language=data["language"],
                    venue=data["venue"],
                    online_url=data["online_url"],
                    booking_deadline=data["booking_deadline_at"],
                )
            except DomainError as error:
                form.add_error(_field_for(error, form), error.message)
            else:
                messages.success(request, _("The session has been changed."))
                return redirect("catalogue:manage_session", found.pk)
    else:
        deadline = timezone.localtime(found.booking_deadline)
        form = SessionChangeForm(
            initial={
                "capacity": found.capacity,
                "language": found.language,
                "venue": found.venue,
                "online_url": found.online_url,
                "booking_deadline": None
                if found.booking_deadline >= found.starts_at
                else deadline.date(),
            },
            starts_at=found.starts_at,
        )
    return render(
        request,
        "catalogue/provide/session_form.html",
        {"form": form, "opportunity": found.opportunity, "session": found},
    )


@access.rule(SESSIONS)
def session_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """The same session on another day: times, places, venue and link copied, no bookings."""
    found = _session(request, pk)
    form = SessionDuplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.session_duplicate_to(session=found, day=form.cleaned_data["date"])
        except DomainError as error:
            form.add_error("date", error.message)
        else:
            messages.success(
                request,
                _("The session has been copied to %(day)s.") % {"day": _when(copy.starts_at)},
            )
            return redirect("catalogue:manage_session", copy.pk)
    return render(
        request,
        "catalogue/provide/session_duplicate.html",
        {
            "form": form,
            "session": found,
            "opportunity": found.opportunity,
            "meetings": list(found.meetings.all()),
        },
    )


@access.rule(SESSIONS)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask why, and say how many people will be told, before cancelling."""
    found = _session(request, pk)
    if found.cancelled:
        messages.error(request, _("This session is already cancelled."))
        return redirect("catalogue:manage_session", found.pk)
    counts = selectors.booking_counts(found)
    told = sum(counts[status] for status in LIVE)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=found, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as error:
            form.add_error(_field_for(error, form), error.message)
        else:
            text = ngettext(
                "The session has been cancelled. %(count)s person is being told.",
                "The session has been cancelled. %(count)s people are being told.",
                told,
            )
            messages.success(request, text % {"count": told})
            return redirect("catalogue:manage_session", found.pk)
    return render(
        request,
        "catalogue/provide/session_cancel.html",
        {
            "form": form,
            "session": found,
            "opportunity": found.opportunity,
            "told": told,
            "with_place": told - counts[BookingStatus.WAITLISTED],
            "waitlisted": counts[BookingStatus.WAITLISTED],
        },
    )


# Registers and bookings as CSV.


def _csv(rows: list[list[Any]], name: str, session: Session) -> HttpResponse:
    day = timezone.localtime(session.starts_at).date().isoformat()
    response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}-{session.pk}-{day}.csv"
    )
    return response


def _person_cells(booking: Any) -> list[Any]:
    user = booking.person.user
    return [
        user.last_name,
        user.first_name,
        user.email,
        booking.school.name if booking.school_id else "",
    ]


@access.rule(REGISTER)
def register_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The register, to print or to keep: everyone with a place and whether they came."""
    found = _session(request, pk, REGISTER)
    header = [_("Last name"), _("First name"), _("Email address"), _("School"), _("Status")]
    rows = [
        [*_person_cells(b), b.get_status_display()]
        for b in selectors.session_register(session=found)
    ]
    # Translators: the start of a file name: lower case, no spaces or accents.
    return _csv([header, *rows], _("register"), found)


@access.rule(REGISTER)
def bookings_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every booking on the session, whatever became of it."""
    found = _session(request, pk, REGISTER)
    header = [
        _("Last name"),
        _("First name"),
        _("Email address"),
        _("School"),
        _("Status"),
        _("Place on the waitlist"),
        _("Booked"),
        _("Cost (£)"),
    ]
    rows = [
        [
            *_person_cells(b),
            b.get_status_display(),
            b.waitlist_position or "",
            timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M"),
            b.cost,
        ]
        for b in selectors.session_bookings(session=found)
    ]
    # Translators: the start of a file name: lower case, no spaces or accents.
    return _csv([header, *rows], _("bookings"), found)


# Evaluations.


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
    found = _session(request, pk)
    return _evaluations_page(request, opportunity=found.opportunity, session=found)


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
    path("catalogue/manage/<int:pk>/sessions/new/", session_new, name="manage_session_new"),
    path(
        "catalogue/manage/<int:pk>/evaluations/",
        opportunity_evaluations,
        name="manage_evaluations",
    ),
    path("catalogue/manage/sessions/<int:pk>/", session, name="manage_session"),
    path("catalogue/manage/sessions/<int:pk>/edit/", session_edit, name="manage_session_edit"),
    path(
        "catalogue/manage/sessions/<int:pk>/copy/",
        session_duplicate,
        name="manage_session_duplicate",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/cancel/",
        session_cancel,
        name="manage_session_cancel",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/register.csv",
        register_csv,
        name="manage_register_csv",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/bookings.csv",
        bookings_csv,
        name="manage_bookings_csv",
    ),
    path(
        "catalogue/manage/sessions/<int:pk>/evaluations/",
        session_evaluations,
        name="manage_session_evaluations",
    ),
]

# The pages of "Our offer", so its navigation item is current on each of them.
SECTION = tuple(f"catalogue:{pattern.name}" for pattern in urlpatterns)
