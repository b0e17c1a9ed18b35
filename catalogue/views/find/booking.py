"""Booking a session, and one booking: its page, cancelling, accepting an offer, checking in."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import selectors, services
from catalogue.models import Booking, BookingStatus
from catalogue.views.find.shared import CANCELLABLE, mark_booking, person_of, refused
from core import access
from core.errors import DomainError


class BookingRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you want to take part?"),
        help_text=gettext_lazy(
            "Your school’s leaders read this when they decide. Say how it fits your professional "
            "learning, your goals or your school’s priorities."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": gettext_lazy("Enter why you want to take part"),
            "max_length": gettext_lazy("Your reason must be 2,000 characters or fewer"),
        },
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        help_text=gettext_lazy(
            "The 6 letters and numbers the session leader shows you, for example K7PX2M."
        ),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter the check-in code you were given")},
    )


def _booked_message(booking: Booking, title: Any) -> str:
    if booking.status == BookingStatus.WAITLISTED:
        return _(
            "The session is full. You are number %(position)s on the waitlist for %(title)s."
        ) % {"position": booking.waitlist_position, "title": title}
    if booking.status == BookingStatus.REQUESTED:
        return _("Your request for a place on %(title)s has been sent for approval.") % {
            "title": title
        }
    return _("You have a place on %(title)s.") % {"title": title}


@access.rule("catalogue.booking.book")
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a session from its row: at once, or, when a leader must approve, after saying why.
    A full session puts the person on its waitlist."""
    user = request.user
    person = person_of(request)
    session = selectors.session_get(user=user, pk=pk)
    found = session.opportunity
    needs_reason = found.approval_required
    if request.method != "POST" and not needs_reason:
        return redirect("catalogue:opportunity", found.pk)
    asked = request.method == "POST" and (not needs_reason or "reason" in request.POST)
    form = BookingRequestForm(request.POST if asked and needs_reason else None)
    if asked and (not needs_reason or form.is_valid()):
        try:
            outcome = services.booking_create(
                session=session,
                person=person,
                by=user,
                reason=form.cleaned_data["reason"] if needs_reason else "",
            )
        except DomainError as error:
            form = refused(error, form if needs_reason else None)
        else:
            messages.success(request, _booked_message(outcome.booking, found.title))
            return redirect("catalogue:booking", outcome.booking.pk)
    return render(
        request,
        "catalogue/find/book.html",
        {
            "form": form if (form.is_bound or needs_reason) else None,
            "opportunity": found,
            "session": session,
            "meetings": list(session.meetings.all()),
            "needs_reason": needs_reason,
        },
    )


def _hold_hours(now: datetime.datetime) -> int | None:
    try:
        return services.rules_on(now).offer_hold_hours
    except DomainError:
        return None


def _booking_page(
    request: HttpRequest, booking: Booking, *, refusal: forms.Form | None = None
) -> HttpResponse:
    now = timezone.now()
    user = request.user
    session = booking.session
    live = booking.status in (*CANCELLABLE, BookingStatus.ATTENDED)
    return render(
        request,
        "catalogue/find/booking.html",
        {
            "form": refusal,
            "booking": mark_booking(booking, now),
            "session": session,
            "opportunity": session.opportunity,
            "meetings": list(session.meetings.all()),
            "online_link": session.online_url
            if selectors.sees_online_link(user=user, session=session)
            else "",
            "clashes": services.clashes_for(booking.person, session)
            if live and session.starts_at > now
            else [],
            "hold_hours": _hold_hours(now) if booking.status == BookingStatus.WAITLISTED else None,
            "evaluation": selectors.evaluation_of(booking=booking)
            if booking.status == BookingStatus.ATTENDED
            else None,
        },
    )


@access.rule("catalogue.booking.view")
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    return _booking_page(request, selectors.own_booking_get(user=request.user, pk=pk))


@access.rule("catalogue.booking.cancel")
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.own_booking_get(user=request.user, pk=pk)
    form = None
    if request.method == "POST":
        try:
            services.booking_cancel(booking=found, by=request.user)
        except DomainError as error:
            form = refused(error)
        else:
            title = found.session.opportunity.title
            messages.success(
                request, _("Your booking on %(title)s is cancelled.") % {"title": title}
            )
            return redirect("catalogue:my_bookings")
    return render(
        request,
        "catalogue/find/cancel.html",
        {
            "form": form,
            "booking": found,
            "session": found.session,
            "opportunity": found.session.opportunity,
            "meetings": list(found.session.meetings.all()),
        },
    )


@access.rule("catalogue.booking.book")
def booking_accept(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.own_booking_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("catalogue:booking", pk)
    try:
        accepted = services.booking_accept_offer(booking=found, by=request.user)
    except DomainError as error:
        return _booking_page(
            request, selectors.own_booking_get(user=request.user, pk=pk), refusal=refused(error)
        )
    title = found.session.opportunity.title
    if accepted.status == BookingStatus.REQUESTED:
        text = _("You have accepted the place on %(title)s. It now needs a leader’s approval.")
    else:
        text = _("You have accepted the place on %(title)s.")
    messages.success(request, text % {"title": title})
    return redirect("catalogue:booking", pk)


@access.rule("catalogue.booking.book")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.own_booking_get(user=request.user, pk=pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in(
                session=found.session, person=found.person, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form = refused(error, form)
        else:
            messages.success(
                request,
                _("You are checked in to %(title)s. It is on your learning record.")
                % {"title": found.session.opportunity.title},
            )
            return redirect("catalogue:booking", pk)
    return render(
        request,
        "catalogue/find/check_in.html",
        {
            "form": form,
            "booking": found,
            "session": found.session,
            "opportunity": found.session.opportunity,
            "meetings": list(found.session.meetings.all()),
        },
    )


urlpatterns = [
    path("catalogue/sessions/<int:pk>/book/", book, name="book"),
    path("bookings/<int:pk>/", booking, name="booking"),
    path("bookings/<int:pk>/cancel/", booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/accept/", booking_accept, name="booking_accept"),
    path("bookings/<int:pk>/check-in/", check_in, name="check_in"),
]
