"""School leaders' forms: declining a request for a place, booking places for staff."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you declining this request?"),
        help_text=_("The person sees this."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Say why you are declining the request")},
    )


class StaffBookingForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("Who do you want to book a place for?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member of staff")},
    )
    reason = forms.CharField(
        label=_("Why should they go?"),
        help_text=_(
            "This opportunity needs a leader’s approval: the reason is kept with each request."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, staff: list[Any], needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(person.pk): person for person in staff}
        self.fields["people"].choices = [
            (key, person.user.display_name) for key, person in self.staff.items()
        ]
        self.needs_reason = needs_reason
        if not needs_reason:
            del self.fields["reason"]

    def clean_people(self) -> list[Any]:
        return [self.staff[key] for key in self.cleaned_data["people"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.needs_reason and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why they should go"))
        return data
