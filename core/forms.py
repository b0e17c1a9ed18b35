from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What do you think of Hawl?"),
        help_text=_(
            "Tell us what worked, what did not, or what you needed and could not find. Do not "
            "include personal details such as your name or your learners' names."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter your feedback"),
            "max_length": _("Your feedback must be 2,000 characters or fewer"),
        },
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
