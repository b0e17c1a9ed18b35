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


class StaffImportOptions(forms.Form):
    """What happens to the school's staff missing from a file: nothing, unless asked for."""

    end_missing = forms.TypedChoiceField(
        label=_("Staff who are not in the file"),
        help_text=_(
            "An import never ends your own employment or that of the school’s last headteacher."
        ),
        choices=[
            ("no", _("Keep them: only add and update the people in the file")),
            ("yes", _("End their employment at this school")),
        ],
        coerce=lambda value: value == "yes",
        # Sent without a choice (the page always sends one), nobody's employment ends.
        required=False,
        empty_value=False,
        initial="no",
        error_messages={
            "invalid_choice": _("Select what happens to staff who are not in the file"),
        },
    )
