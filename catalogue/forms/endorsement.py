"""National endorsement: a provider's submission, a panel member's review, the decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Decision, Judgement


class SubmissionForm(forms.Form):
    statement = forms.CharField(
        label=_("How does it meet the criteria?"),
        help_text=_(
            "The panel reads this beside the opportunity. Say how it meets each criterion."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": _("Say how the opportunity meets the criteria")},
    )


class ReviewForm(forms.Form):
    """A panel member's judgement and comment on each criterion of a submission."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"judgement_{criterion.code}"] = forms.ChoiceField(
                label=criterion.text,
                choices=Judgement.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose met, partly met or not met")},
            )
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def judgements(self) -> dict[str, tuple[str, str]]:
        return {
            c.code: (
                self.cleaned_data[f"judgement_{c.code}"],
                self.cleaned_data.get(f"comment_{c.code}", ""),
            )
            for c in self.criteria
        }

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"judgement_{c.code}"], self[f"comment_{c.code}"]) for c in self.criteria]


class PanelDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The panel’s decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision")},
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        help_text=_("The provider sees these. Needed when it is returned or not endorsed."),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = Decision.choices
