"""Pages for practitioners: find the offer, see an opportunity, book it, and keep track.

The filters live in the URL (one GET form), so a search can be bookmarked, shared and used
without JavaScript. Every change is a POST that redirects (post/redirect/get); when a rule says
no, the page is shown again with the service's ``DomainError`` in an error summary.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import selectors, services
from catalogue.models import (
    Booking,
    BookingStatus,
    Opportunity,
    Session,
    Status,
)
from core import access
from core.errors import DomainError
from core.i18n import LocalisedText, current_language
from core.pagination import page_numbers
from core.tables import Cell, Column, Table
from people.models import Person, RoleType
from standards.models import Standard, Term

# Input.

CODE = re.compile(r"^[\w:.-]{1,60}$")
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class CodesField(forms.Field):
    """Ticked checkboxes: the codes, once each, anything else dropped (they came from a URL)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> tuple[str, ...]:
        codes = (str(item).strip() for item in value or ())
        return tuple(dict.fromkeys(code for code in codes if CODE.match(code)))[:30]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=gettext_lazy("For example, 27/3/2027"),
        error_messages={"invalid": gettext_lazy("Enter a real date, for example 27/3/2027")},
    )


class OfferFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search professional learning"),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Search for 200 characters or fewer")},
    )
    standard = CodesField(required=False)
    priority = CodesField(required=False)
    topic = CodesField(required=False)
    delivery = CodesField(required=False)
    language = CodesField(required=False)
    level = CodesField(required=False)
    provider = CodesField(required=False)
    region = CodesField(required=False)
    audience = CodesField(required=False)
    endorsed = forms.BooleanField(required=False)
    places = forms.BooleanField(required=False)
    starts_from = _date_field(gettext_lazy("From"))
    starts_to = _date_field(gettext_lazy("To"))
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[("", ""), *((sort, sort) for sort in selectors.SORTS)],
        error_messages={"invalid_choice": gettext_lazy("Choose how to sort the results")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        begins, ends = data.get("starts_from"), data.get("starts_to")
        if begins and ends and ends < begins:
            self.add_error(
                "starts_to", _("The end of the date range must be the same as or after its start")
            )
        return data

    def filters(self) -> selectors.OfferFilters:
        """What was asked for, leaving out only what was not valid."""
        self.is_valid()
        data = self.cleaned_data
        return selectors.OfferFilters(
            q=(data.get("q") or "").strip(),
            **{name: data.get(name) or () for name in selectors.FACETS},
            endorsed=bool(data.get("endorsed")),
            places=bool(data.get("places")),
            starts_from=data.get("starts_from"),
            starts_to=data.get("starts_to"),
            sort=data.get("sort") or "",
        )


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


RATINGS = [
    ("5", gettext_lazy("5 – excellent")),
    ("4", gettext_lazy("4 – good")),
    ("3", gettext_lazy("3 – adequate")),
    ("2", gettext_lazy("2 – poor")),
    ("1", gettext_lazy("1 – very poor")),
]


class EvaluationForm(forms.Form):
    """Drawn by ``components/radios.html`` and ``checkboxes.html`` (select widgets keep the
    fields' ids plain, so the error summary links to the first choice)."""

    rating = forms.ChoiceField(
        label=gettext_lazy("Overall, how would you rate it?"),
        choices=RATINGS,
        error_messages={"required": gettext_lazy("Choose a rating from 1 to 5")},
    )
    characteristics = forms.MultipleChoiceField(
        label=gettext_lazy("Which characteristics of effective professional learning did it show?"),
        help_text=gettext_lazy("Estyn’s characteristics. Select all that apply."),
        required=False,
    )
    comment = forms.CharField(
        label=gettext_lazy("What difference will it make to your practice?"),
        help_text=gettext_lazy(
            "For example, what you will try with your learners, or what was missing."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": gettext_lazy("Your comment must be 2,000 characters or fewer")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["characteristics"].choices = [
            (term.code, term.name)
            for term in Term.objects.filter(vocabulary__code="estyn-characteristic").order_by(
                "order"
            )
        ]


def _refused(error: DomainError, form: forms.Form | None = None) -> forms.Form:
    """A bound form carrying a service's refusal: at its field if the form has one, else above
    it, so the error summary shows it."""
    form = form if form is not None else forms.Form(data={})
    form.is_valid()
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return form


# Helpers.


def _person(request: HttpRequest) -> Person:
    """The signed-in practitioner (404 for accounts that are not one)."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return person


def _text(value: Any) -> LocalisedText:
    """Any label as a LocalisedText, so ``{% localised %}`` marks only what falls back."""
    if isinstance(value, LocalisedText):
        return value
    return LocalisedText(str(value), current_language(), is_fallback=False)


@dataclass
class Listing:
    """One result, or one suggestion with the reasons for it."""

    opportunity: Opportunity
    standards: list[Standard]
    reasons: list[Any] = field(default_factory=list)


def _listing(opportunity: Opportunity, reasons: list[Any] | None = None) -> Listing:
    return Listing(opportunity, selectors.unique_standards(opportunity), reasons or [])


# Find.

FACET_LEGENDS = {
    "standard": gettext_lazy("Professional standard"),
    "priority": gettext_lazy("National priority"),
    "topic": gettext_lazy("Topic"),
    "audience": gettext_lazy("Role it is for"),
    "delivery": gettext_lazy("How it is delivered"),
    "language": gettext_lazy("Language of delivery"),
    "level": gettext_lazy("Level of provision"),
    "provider": gettext_lazy("Provider"),
    "region": gettext_lazy("Region"),
}
FACET_HINTS = {
    "audience": gettext_lazy("Learning meant for a role. Learning for everyone is not included."),
    "region": gettext_lazy("Learning offered in one region. Learning for all of Wales is not."),
}
OPEN_AT_FIRST = ("standard",)  # groups open when nothing in them is ticked


@dataclass
class Option:
    code: str
    label: Any
    count: int
    checked: bool


@dataclass
class FilterGroup:
    name: str
    legend: Any
    options: list[Option]
    hint: Any = ""

    @property
    def chosen(self) -> int:
        return sum(option.checked for option in self.options)

    @property
    def open(self) -> bool:
        return bool(self.chosen) or self.name in OPEN_AT_FIRST


@dataclass
class Chosen:
    """A filter in use, shown as a tag that removes it; ``without`` is the same change to the
    filters."""

    group: Any
    label: Any
    href: str
    without: dict[str, Any]


def _query_without(query: QueryDict, key: str, value: str | None = None) -> str:
    kept = query.copy()
    kept.pop("page", None)
    if value is None:
        kept.pop(key, None)
    else:
        kept.setlist(key, [item for item in kept.getlist(key) if item != value])
    encoded = kept.urlencode()
    return reverse("catalogue:find") + (f"?{encoded}" if encoded else "")


def _groups(
    facets: dict[str, selectors.Facet], filters: selectors.OfferFilters
) -> list[FilterGroup]:
    groups = []
    for name in FACET_LEGENDS:
        chosen = set(getattr(filters, name))
        options = [
            Option(value.code, _text(value.label), value.count, value.code in chosen)
            for value in facets[name].values
        ]
        if options:
            groups.append(
                FilterGroup(name, FACET_LEGENDS[name], options, FACET_HINTS.get(name, ""))
            )
    return groups


def _chosen(
    groups: list[FilterGroup], filters: selectors.OfferFilters, query: QueryDict
) -> list[Chosen]:
    tags = []
    if filters.q:
        tags.append(Chosen(_("Search"), _text(filters.q), _query_without(query, "q"), {"q": ""}))
    for group in groups:
        codes = getattr(filters, group.name)
        for option in group.options:
            if option.checked:
                tags.append(
                    Chosen(
                        group.legend,
                        option.label,
                        _query_without(query, group.name, option.code),
                        {group.name: tuple(code for code in codes if code != option.code)},
                    )
                )
    for name, group, label in (
        ("endorsed", _("Endorsement"), _("Endorsed only")),
        ("places", _("Places"), _("With places left")),
    ):
        if getattr(filters, name):
            tags.append(Chosen(group, _text(label), _query_without(query, name), {name: False}))
    for name, group in (("starts_from", _("From")), ("starts_to", _("To"))):
        day = getattr(filters, name)
        if day:
            tags.append(
                Chosen(group, _text(_long_date(day)), _query_without(query, name), {name: None})
            )
    return tags


def _long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@dataclass
class Suggestion:
    """A way out of an empty result: remove one filter, and how many there would then be."""

    chosen: Chosen
    count: int


def _suggestions(
    user: Any, filters: selectors.OfferFilters, chosen: list[Chosen]
) -> list[Suggestion]:
    """How many results each filter in use would give back if it were removed: one count for
    each of the first 8, and only when nothing is found."""
    found = []
    for tag in chosen[:8]:
        relaxed = replace(filters, **tag.without)
        count = selectors.offer_list(user=user, filters=relaxed).count()
        if count:
            found.append(Suggestion(tag, count))
    return sorted(found, key=lambda suggestion: -suggestion.count)


SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "soonest": gettext_lazy("Soonest first"),
    "newest": gettext_lazy("Newest first"),
    "title": gettext_lazy("Title (A to Z)"),
}


@access.rule("catalogue.opportunity.view")
def find(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = OfferFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(selectors.offer_list(user=user, filters=filters), settings.HAWL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.with_listing(page.object_list)
    facets = selectors.find_facets(user=user, filters=filters)
    groups = _groups(facets, filters)
    chosen = _chosen(groups, filters, request.GET)
    searching = bool(filters.any)
    recommended = []
    if not searching and page.number == 1:
        recommended = [
            _listing(suggestion.opportunity, suggestion.reasons)
            for suggestion in selectors.recommended_for(user, 3)
        ]
    sort = filters.sort if filters.sort in selectors.SORTS else ""
    sort = sort or ("relevance" if filters.q else "soonest")
    sorts = [
        (code, label) for code, label in SORT_LABELS.items() if code != "relevance" or filters.q
    ]
    return render(
        request,
        "catalogue/find/find.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "results": [_listing(row) for row in rows],
            "groups": groups,
            "endorsed_count": facets["endorsed"].values[0].count,
            "places_count": facets["places"].values[0].count,
            "chosen": chosen,
            "clear_href": reverse("catalogue:find"),
            "searching": searching,
            "recommended": recommended,
            "suggestions": _suggestions(user, filters, chosen)
            if searching and not paginator.count
            else [],
            "sort": sort,
            "sorts": sorts,
            "dates_open": bool(
                filters.starts_from
                or filters.starts_to
                or {"starts_from", "starts_to"} & set(form.errors)
            ),
        },
    )


# One opportunity.


@dataclass
class SessionRow:
    session: Session
    booking: Booking | None
    online_link: str
    closed: bool  # booking has closed, or the session is cancelled

    @property
    def full(self) -> bool:
        return self.session.places_left == 0


CANCELLABLE = (
    BookingStatus.REQUESTED,
    BookingStatus.BOOKED,
    BookingStatus.WAITLISTED,
    BookingStatus.OFFERED,
)


def _mark_booking(booking: Booking, now: datetime.datetime) -> Booking:
    """What a page may offer to do with a booking (the services have the last word)."""
    session = booking.session
    booking.cancellable = booking.status in CANCELLABLE and (
        now < session.starts_at or booking.status == BookingStatus.WAITLISTED
    )
    booking.can_check_in = (
        booking.status == BookingStatus.BOOKED
        and session.starts_at - datetime.timedelta(hours=1)
        <= now
        <= session.ends_at + datetime.timedelta(days=1)
    )
    return booking


def _opportunity_page(
    request: HttpRequest, found: Opportunity, *, refusal: forms.Form | None = None
) -> HttpResponse:
    user = request.user
    now = timezone.now()
    sessions = selectors.sessions_of(opportunity=found)
    person = getattr(user, "person", None)
    books = person is not None and access.reach(user).allows("catalogue.booking.book")
    state = (
        selectors.learner_state(person=person, opportunity=found, sessions=sessions)
        if books
        else None
    )
    held = state.bookings if state else {}
    rows = []
    for session in sessions:
        booking = held.get(session.pk)
        if booking is None and (session.cancelled or session.ends_at <= now):
            continue
        link = ""
        if (
            booking is not None
            and booking.status in (BookingStatus.BOOKED, BookingStatus.ATTENDED)
            and selectors.sees_online_link(user=user, session=session)
        ):
            link = session.online_url
        if booking is not None:
            booking.session = session
            booking.evaluated = booking.pk in state.evaluated_bookings
            _mark_booking(booking, now)
        rows.append(
            SessionRow(session, booking, link, session.cancelled or now > session.booking_deadline)
        )
    open_rows = [row for row in rows if not row.closed]
    coming_soon = found.status == Status.IN_DEVELOPMENT
    return render(
        request,
        "catalogue/find/opportunity.html",
        {
            "form": refusal,
            "opportunity": found,
            "paragraphs": _paragraphs(str(found.description)),
            "standards": found.unique_standards,
            "elements": _elements_by_standard(found),
            "roles": [RoleType(a.role_type).label for a in found.audiences.all()],
            "rows": rows,
            "bookings": [row.booking for row in rows if row.booking is not None],
            "books": books,
            "bookable": books and found.status == Status.PUBLISHED,
            "state": state,
            "coming_soon": coming_soon,
            "offers_interest": books
            and not held
            and (coming_soon or (not found.self_paced and not open_rows)),
        },
    )


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def _elements_by_standard(opportunity: Opportunity) -> list[tuple[str, list[Any]]]:
    grouped: dict[str, list[Any]] = {}
    for element in opportunity.elements.all():
        names = grouped.setdefault(element.standard.code, [])
        if element.name not in names:
            names.append(element.name)
    return list(grouped.items())


@access.rule("catalogue.opportunity.view")
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    return _opportunity_page(request, selectors.opportunity_detail(user=request.user, pk=pk))


def _post_only(request: HttpRequest, pk: int) -> HttpResponse | None:
    """A button's action reached by a link: show the page it belongs to."""
    if request.method != "POST":
        return redirect("catalogue:opportunity", pk)
    return None


@access.rule("catalogue.booking.book")
def enrolment_start(request: HttpRequest, pk: int) -> HttpResponse:
    if (sent_back := _post_only(request, pk)) is not None:
        return sent_back
    person = _person(request)
    found = selectors.opportunity_detail(user=request.user, pk=pk)
    try:
        services.enrolment_start(opportunity=found, person=person)
    except DomainError as error:
        return _opportunity_page(request, found, refusal=_refused(error))
    messages.success(
        request,
        _("You have started %(title)s. Mark it as complete here when you finish.")
        % {"title": found.title},
    )
    return redirect("catalogue:opportunity", pk)


@access.rule("catalogue.booking.book")
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    if (sent_back := _post_only(request, pk)) is not None:
        return sent_back
    person = _person(request)
    found = selectors.opportunity_detail(user=request.user, pk=pk)
    enrolment = selectors.enrolment_of(person=person, opportunity=found)
    if enrolment is None:
        raise Http404
    try:
        services.enrolment_complete(enrolment=enrolment)
    except DomainError as error:
        return _opportunity_page(request, found, refusal=_refused(error))
    messages.success(
        request,
        _("You have completed %(title)s. It is on your learning record.") % {"title": found.title},
    )
    return redirect("catalogue:opportunity", pk)


@access.rule("catalogue.booking.book")
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    if (sent_back := _post_only(request, pk)) is not None:
        return sent_back
    person = _person(request)
    found = selectors.opportunity_detail(user=request.user, pk=pk)
    try:
        services.interest_register(opportunity=found, person=person)
    except DomainError as error:
        return _opportunity_page(request, found, refusal=_refused(error))
    messages.success(
        request,
        _("We will tell you when you can book %(title)s.") % {"title": found.title},
    )
    return redirect("catalogue:opportunity", pk)


@access.rule("catalogue.booking.book")
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if (sent_back := _post_only(request, pk)) is not None:
        return sent_back
    person = _person(request)
    found = selectors.opportunity_detail(user=request.user, pk=pk)
    services.interest_withdraw(opportunity=found, person=person)
    messages.success(
        request, _("You have withdrawn your interest in %(title)s.") % {"title": found.title}
    )
    return redirect("catalogue:opportunity", pk)


# Booking.


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
    person = _person(request)
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
            form = _refused(error, form if needs_reason else None)
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


# A person's bookings.


def _when(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i") if moment else ""


def _day(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y") if moment else ""


def _title_cell(booking: Booking) -> Cell:
    return Cell(
        booking.session.opportunity.title, href=reverse("catalogue:booking", args=[booking.pk])
    )


def _my_tables(learning: selectors.MyLearning) -> list[tuple[Any, Table]]:
    """The sections of a person's bookings page, each a table (offers are drawn apart: they
    have a button)."""
    sections: list[tuple[Any, Table]] = []
    upcoming = Table(
        _("Coming up"),
        [Column(_("Learning")), Column(_("When")), Column(_("Status")), Column(_("What next"))],
        name="upcoming",
    )
    for booking in learning.upcoming:
        if booking.can_check_in:
            action = Cell(_("Check in"), href=reverse("catalogue:check_in", args=[booking.pk]))
        elif booking.cancellable:
            action = Cell(_("Cancel"), href=reverse("catalogue:booking_cancel", args=[booking.pk]))
        else:
            action = Cell("")
        upcoming.add(
            _title_cell(booking),
            _when(booking.session.starts_at),
            booking.get_status_display(),
            action,
        )
    waitlist = Table(
        _("On the waitlist"),
        [
            Column(_("Learning")),
            Column(_("When")),
            Column(_("Place on the waitlist"), numeric=True),
            Column(_("What next")),
        ],
        name="waitlist",
    )
    for booking in learning.waitlisted:
        waitlist.add(
            _title_cell(booking),
            _when(booking.session.starts_at),
            Cell(booking.waitlist_position, numeric=True),
            Cell(
                _("Leave the waitlist"),
                href=reverse("catalogue:booking_cancel", args=[booking.pk]),
            ),
        )
    self_paced = Table(
        _("Self-paced learning"),
        [
            Column(_("Learning")),
            Column(_("Started")),
            Column(_("Completed")),
            Column(_("What next")),
        ],
        name="self-paced",
    )
    for enrolment in (*learning.in_progress, *learning.completed):
        pk = enrolment.opportunity_id
        if enrolment.completed_at is None:
            action = Cell(_("Mark as complete"), href=reverse("catalogue:opportunity", args=[pk]))
        elif enrolment.evaluated:
            action = Cell(
                _("Change your evaluation"),
                href=reverse("catalogue:enrolment_evaluate", args=[pk]),
            )
        else:
            action = Cell(_("Evaluate"), href=reverse("catalogue:enrolment_evaluate", args=[pk]))
        self_paced.add(
            Cell(enrolment.opportunity.title, href=reverse("catalogue:opportunity", args=[pk])),
            _day(enrolment.started_at),
            _day(enrolment.completed_at),
            action,
        )
    interests = Table(
        _("Registered interest"),
        [Column(_("Learning")), Column(_("Registered")), Column(_("Now"))],
        name="interests",
    )
    for interest in learning.interests:
        found = interest.opportunity
        interests.add(
            Cell(found.title, href=reverse("catalogue:opportunity", args=[found.pk])),
            _day(interest.created_at),
            _("Coming soon") if found.status == Status.IN_DEVELOPMENT else _("Open for booking"),
        )
    past = Table(
        _("Past"),
        [Column(_("Learning")), Column(_("When")), Column(_("Status")), Column(_("What next"))],
        name="past",
    )
    for booking in learning.past:
        if booking.status != BookingStatus.ATTENDED:
            action = Cell("")
        elif booking.evaluated:
            action = Cell(
                _("Change your evaluation"),
                href=reverse("catalogue:booking_evaluate", args=[booking.pk]),
            )
        else:
            action = Cell(
                _("Evaluate"), href=reverse("catalogue:booking_evaluate", args=[booking.pk])
            )
        status = (
            _("Not marked yet")
            if booking.status == BookingStatus.BOOKED
            else booking.get_status_display()
        )
        past.add(_title_cell(booking), _when(booking.session.starts_at), status, action)
    ended = Table(
        _("Cancelled, declined or expired"),
        [Column(_("Learning")), Column(_("When")), Column(_("Status")), Column(_("Reason"))],
        name="ended",
    )
    for booking in learning.ended:
        ended.add(
            _title_cell(booking),
            _when(booking.session.starts_at),
            booking.get_status_display(),
            booking.decision_reason,
        )
    for table in (upcoming, waitlist, self_paced, interests, past, ended):
        if table.rows:
            sections.append((table.caption, table))
    return sections


@access.rule("catalogue.booking.book")
def my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    learning = selectors.my_learning(person=_person(request), now=now)
    for booking in (*learning.offers, *learning.upcoming, *learning.waitlisted, *learning.past):
        _mark_booking(booking, now)
    return render(
        request,
        "catalogue/find/my_bookings.html",
        {"learning": learning, "sections": _my_tables(learning)},
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
            "booking": _mark_booking(booking, now),
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
            form = _refused(error)
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
            request, selectors.own_booking_get(user=request.user, pk=pk), refusal=_refused(error)
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
            form = _refused(error, form)
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


def _evaluate(
    request: HttpRequest,
    *,
    opportunity: Opportunity,
    booking: Booking | None = None,
    enrolment: Any = None,
    back: str,
) -> HttpResponse:
    existing = selectors.evaluation_of(booking=booking, enrolment=enrolment)
    initial = {}
    if existing is not None:
        initial = {
            "rating": str(existing.rating),
            "comment": existing.comment,
            "characteristics": [term.code for term in existing.characteristics.all()],
        }
    form = EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(
                rating=int(form.cleaned_data["rating"]),
                comment=form.cleaned_data["comment"],
                characteristics=form.cleaned_data["characteristics"],
                booking=booking,
                enrolment=enrolment,
            )
        except DomainError as error:
            form = _refused(error, form)
        else:
            messages.success(
                request,
                _("Thank you. Your evaluation of %(title)s is saved.")
                % {"title": opportunity.title},
            )
            return redirect("catalogue:my_bookings")
    return render(
        request,
        "catalogue/find/evaluate.html",
        {
            "form": form,
            "opportunity": opportunity,
            "booking": booking,
            "changing": existing is not None,
            "back": back,
        },
    )


@access.rule("catalogue.booking.book")
def booking_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.own_booking_get(user=request.user, pk=pk)
    return _evaluate(
        request,
        opportunity=found.session.opportunity,
        booking=found,
        back=reverse("catalogue:booking", args=[pk]),
    )


@access.rule("catalogue.booking.book")
def enrolment_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.opportunity_detail(user=request.user, pk=pk)
    enrolment = selectors.enrolment_of(person=_person(request), opportunity=found)
    if enrolment is None:
        raise Http404
    return _evaluate(
        request,
        opportunity=found,
        enrolment=enrolment,
        back=reverse("catalogue:opportunity", args=[pk]),
    )


urlpatterns = [
    path("catalogue/", find, name="find"),
    path("catalogue/<int:pk>/", opportunity, name="opportunity"),
    path("catalogue/<int:pk>/start/", enrolment_start, name="enrolment_start"),
    path("catalogue/<int:pk>/complete/", enrolment_complete, name="enrolment_complete"),
    path("catalogue/<int:pk>/evaluate/", enrolment_evaluate, name="enrolment_evaluate"),
    path("catalogue/<int:pk>/interest/", interest, name="interest"),
    path("catalogue/<int:pk>/interest/withdraw/", interest_withdraw, name="interest_withdraw"),
    path("catalogue/sessions/<int:pk>/book/", book, name="book"),
    path("bookings/", my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/", booking, name="booking"),
    path("bookings/<int:pk>/cancel/", booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/accept/", booking_accept, name="booking_accept"),
    path("bookings/<int:pk>/check-in/", check_in, name="check_in"),
    path("bookings/<int:pk>/evaluate/", booking_evaluate, name="booking_evaluate"),
]
