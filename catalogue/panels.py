"""What the catalogue adds to pages it does not own: on a person's home page, what to do now
about their bookings (a place to accept, learning to evaluate, the offer to search) and their next
bookings; for a school's leaders, the requests waiting for them and their staff's learning, on
their home page and on the school's page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue import selectors
from catalogue.models import Booking, BookingStatus
from core import access
from core.panels import Task, panel
from organisations.models import Organisation
from people.selectors import led_schools


def _learning(request: HttpRequest) -> selectors.MyLearning | None:
    """The person's bookings, read once for both panels of a request."""
    if not access.reach(request.user).allows("catalogue.booking.book"):
        return None
    person = getattr(request.user, "person", None)
    if person is None:
        return None
    if not hasattr(request, "_catalogue_learning"):
        request._catalogue_learning = selectors.my_learning(person=person)
    return request._catalogue_learning


@panel("home-tasks", template="", order=5)
def booking_tasks(request: HttpRequest) -> dict[str, Any] | None:
    """What cannot wait: places offered from a waitlist, learning to evaluate."""
    learning = _learning(request)
    if learning is None:
        return None
    tasks = []
    for booking in learning.offers:
        until = booking.offer_expires_at
        tasks.append(
            Task(
                _("Accept your place on %(title)s") % {"title": booking.session.opportunity.title},
                reverse("catalogue:booking", args=[booking.pk]),
                _("A place came up from the waitlist. It is held for you until %(time)s.")
                % {"time": date_format(timezone.localtime(until), "l j F Y, H:i")}
                if until
                else _("A place came up from the waitlist."),
            )
        )
    for item in learning.to_evaluate:
        if isinstance(item, Booking):
            title = item.session.opportunity.title
            href = reverse("catalogue:booking_evaluate", args=[item.pk])
        else:
            title = item.opportunity.title
            href = reverse("catalogue:enrolment_evaluate", args=[item.opportunity_id])
        tasks.append(
            Task(
                _("Evaluate %(title)s") % {"title": title},
                href,
                _("Say how useful it was and what difference it will make to your practice."),
            )
        )
    return {"tasks": tasks} if tasks else None


@panel("home-tasks", template="", order=15)
def find_task(request: HttpRequest) -> dict[str, Any] | None:
    """After what is urgent (a place to accept, a school's staff), before the directory."""
    if _learning(request) is None:
        return None
    return {
        "tasks": [
            Task(
                _("Find professional learning"),
                reverse("catalogue:find"),
                _("Search the learning offered to you, with suggestions for your role, and book."),
            )
        ]
    }


@panel("home", template="catalogue/find/panel_home.html", order=10)
def next_bookings(request: HttpRequest) -> dict[str, Any] | None:
    learning = _learning(request)
    if learning is None:
        return None
    coming = sorted(
        (*learning.offers, *learning.upcoming, *learning.waitlisted),
        key=lambda booking: booking.session.starts_at,
    )
    if not coming:
        return None
    return {"bookings": coming[:3]}


def _waiting(user: Any, schools: list[Organisation]) -> dict[int, int]:
    """Requests waiting for a decision, by school, among the schools the user decides for."""
    deciding = access.permitted(user, "catalogue.booking.approve", schools)
    if not deciding:
        return {}
    return dict(
        Booking.objects.filter(school_id__in=deciding, status=BookingStatus.REQUESTED)
        .values_list("school_id")
        .annotate(count=Count("pk"))
        .values_list("school_id", "count")
    )


@panel("home-tasks", template="", order=7)
def leader_tasks(request: HttpRequest) -> dict[str, Any] | None:
    """A head or PL lead: the requests waiting for them first, then their staff's learning."""
    schools = led_schools(user=request.user)
    overseen = access.permitted(request.user, "catalogue.booking.oversee", schools)
    if not overseen:
        return None
    waiting = _waiting(request.user, schools)
    tasks = []
    for school in schools:
        if waiting.get(school.pk):
            tasks.append(
                Task(
                    ngettext(
                        "Decide %(count)s request for a place from the staff of %(school)s",
                        "Decide %(count)s requests for places from the staff of %(school)s",
                        waiting[school.pk],
                    )
                    % {"count": waiting[school.pk], "school": school.name},
                    reverse("catalogue:requests", args=[school.code]),
                    _("See why each is needed, its cost and its cover, and approve or decline."),
                )
            )
    for school in schools:
        if school.pk in overseen:
            tasks.append(
                Task(
                    _("See the professional learning of the staff of %(school)s")
                    % {"school": school.name},
                    reverse("catalogue:staff_learning", args=[school.code]),
                    _("Bookings, requests, attendance and cover days, term by term."),
                )
            )
    return {"tasks": tasks}


@panel("school", template="catalogue/lead/panel_school.html", order=20)
def school_learning(request: HttpRequest, *, school: Organisation) -> dict[str, Any] | None:
    """On the school's page, for those who oversee its staff's learning."""
    if not access.can(request.user, "catalogue.booking.oversee", school):
        return None
    return {
        "school": school,
        "waiting": _waiting(request.user, [school]).get(school.pk, 0),
        "can_decide": access.can(request.user, "catalogue.booking.approve", school),
    }
