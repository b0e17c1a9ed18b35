"""Evaluating learning: a session attended, or self-paced learning completed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import selectors, services
from catalogue.models import Booking, Opportunity
from catalogue.views.find.shared import person_of, refused
from core import access
from core.errors import DomainError
from standards.models import Term

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
            form = refused(error, form)
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
    enrolment = selectors.enrolment_of(person=person_of(request), opportunity=found)
    if enrolment is None:
        raise Http404
    return _evaluate(
        request,
        opportunity=found,
        enrolment=enrolment,
        back=reverse("catalogue:opportunity", args=[pk]),
    )


urlpatterns = [
    path("catalogue/<int:pk>/evaluate/", enrolment_evaluate, name="enrolment_evaluate"),
    path("bookings/<int:pk>/evaluate/", booking_evaluate, name="booking_evaluate"),
]
