from __future__ import annotations

from django import forms


class CalendarFeedForm(forms.Form):
    """What the calendar page's buttons ask for: a new address (replacing any), or none."""

    action = forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])
