"""Pages for school leaders: requests to decide, the staff's learning by term, booking staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from catalogue import selectors, services
from catalogue.forms import DecisionForm, StaffBookingForm
from catalogue.models import BookingStatus
from core import access
from core.errors import DomainError
from core.pagination import page_numbers
from core.tables import Cell, Column, Table
from organisations import selectors as organisation_selectors


def _when(moment: object) -> str:
    return formats.date_format(timezone.localtime(moment), "D j M Y, H:i") if moment else ""


@access.rule("catalogue.booking.approve")
def requests(request: HttpRequest, school_number: str) -> HttpResponse:
    """Requests for places from the school's staff: who, what, why, the cost and the cover."""
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    pending = selectors.school_requests(user=request.user, school=school)
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/lead/requests.html",
        {"school": school, "page_obj": page, "page_numbers": page_numbers(page)},
    )


def _school_request(request: HttpRequest, school_number: str, pk: int) -> tuple:
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    booking = selectors.booking_get(user=request.user, pk=pk, action="catalogue.booking.approve")
    if booking.school_id != school.pk:
        raise Http404
    return school, booking


@access.rule("catalogue.booking.approve")
def approve(request: HttpRequest, school_number: str, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("catalogue:requests", school_number)
    _school, booking = _school_request(request, school_number, pk)
    try:
        services.booking_approve(booking=booking, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You approved %(person)s’s place on %(title)s.")
            % {
                "person": booking.person.user.display_name,
                "title": booking.session.opportunity.title,
            },
        )
    return redirect("catalogue:requests", school_number)


@access.rule("catalogue.booking.approve")
def decline(request: HttpRequest, school_number: str, pk: int) -> HttpResponse:
    school, booking = _school_request(request, school_number, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_decline(
                booking=booking, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(
                request,
                _("You declined %(person)s’s request. They will be told why.")
                % {"person": booking.person.user.display_name},
            )
            return redirect("catalogue:requests", school_number)
    return render(
        request,
        "catalogue/lead/decline.html",
        {"school": school, "booking": booking, "form": form},
    )


def _bookings_table(page: object) -> Table:
    table = Table(
        _("Bookings"),
        [
            Column(_("Name")),
            Column(_("Learning")),
            Column(_("Starts")),
            Column(_("Status")),
            Column(_("Days of cover"), numeric=True),
            Column(_("Cost (£)"), numeric=True),
        ],
        name="bookings",
    )
    for booking in page:
        table.add(
            booking.person.user.display_name,
            Cell(
                booking.session.opportunity.title,
                href=reverse("catalogue:opportunity", args=[booking.session.opportunity_id]),
            ),
            _when(booking.session.starts_at),
            booking.get_status_display(),
            Cell(booking.cover_days, numeric=True),
            Cell(booking.cost, numeric=True),
        )
    return table


def _terms_table(figures: list, year: int) -> Table:
    names = {"autumn": _("Autumn term"), "spring": _("Spring term"), "summer": _("Summer term")}
    table = Table(
        _("Professional learning in %(start)s to %(end)s, by term")
        % {"start": year, "end": year + 1},
        [
            Column(_("Term")),
            Column(_("Places"), numeric=True),
            Column(_("Waiting for approval"), numeric=True),
            Column(_("Attended"), numeric=True),
            Column(_("Absent"), numeric=True),
            Column(_("Days of cover"), numeric=True),
            Column(_("Cost (£)"), numeric=True),
        ],
        name="terms",
        caption_visible=True,
    )
    for item in figures:
        table.add(
            Cell(names[item.term], header=True),
            Cell(item.bookings, numeric=True),
            Cell(item.requested, numeric=True),
            Cell(item.attended, numeric=True),
            Cell(item.absent, numeric=True),
            Cell(item.cover_days, numeric=True),
            Cell(item.cost, numeric=True),
        )
    return table


@access.rule("catalogue.booking.oversee")
def staff_learning(request: HttpRequest, school_number: str) -> HttpResponse:
    """The staff's bookings, requests, attendance and cover days by term."""
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    this_year = selectors.academic_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year + 1)
    status = request.GET.get("status", "")
    if status not in BookingStatus.values:
        status = ""
    figures = selectors.school_learning_by_term(user=request.user, school=school, year=year)
    bookings = selectors.school_bookings(user=request.user, school=school, status=status)
    page = Paginator(bookings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/lead/staff_learning.html",
        {
            "school": school,
            "year": year,
            "years": [this_year - 1, this_year, this_year + 1],
            "status": status,
            "statuses": BookingStatus.choices,
            "terms": _terms_table(figures, year),
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "table": _bookings_table(page),
            "can_approve": selectors.holds_at(
                user=request.user, action="catalogue.booking.approve", organisation=school
            ),
        },
    )


@access.rule("catalogue.booking.book_staff")
def book_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Book several members of staff onto one session."""
    session = selectors.session_get(user=request.user, pk=pk)
    schools = selectors.led_schools(user=request.user, action="catalogue.booking.book_staff")
    if not schools:
        raise Http404
    school = schools[0]
    wanted = request.POST.get("school") or request.GET.get("school")
    for candidate in schools:
        if candidate.code == wanted:
            school = candidate
    staff = selectors.bookable_staff(user=request.user, school=school)
    form = StaffBookingForm(
        request.POST or None, staff=staff, needs_reason=session.opportunity.approval_required
    )
    results = None
    if request.method == "POST" and form.is_valid():
        results = services.bookings_for_staff(
            session=session,
            people=form.cleaned_data["people"],
            by=request.user,
            school=school,
            reason=form.cleaned_data.get("reason", ""),
        )
    return render(
        request,
        "catalogue/lead/book_staff.html",
        {
            "session": session,
            "opportunity": session.opportunity,
            "school": school,
            "schools": schools,
            "form": form,
            "results": results,
        },
    )


urlpatterns: list[URLPattern] = [
    path("schools/<str:school_number>/learning/", staff_learning, name="staff_learning"),
    path("schools/<str:school_number>/learning/requests/", requests, name="requests"),
    path(
        "schools/<str:school_number>/learning/requests/<int:pk>/approve/",
        approve,
        name="approve",
    ),
    path(
        "schools/<str:school_number>/learning/requests/<int:pk>/decline/",
        decline,
        name="decline",
    ),
    path("catalogue/sessions/<int:pk>/book-staff/", book_staff, name="book_staff"),
]
