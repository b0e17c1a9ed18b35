from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Language


class AccountForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Which language do you prefer?"),
        help_text=_("We use it for emails and when you sign in."),
        choices=Language.choices,
        error_messages={"required": _("Select the language you prefer")},
    )
