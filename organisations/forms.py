from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.i18n import localise
from organisations.selectors import FilterOptions, SchoolFilters


def _choices(items: list[Any], empty: str, key: str = "code") -> list[tuple[str, str]]:
    return [("", empty)] + [(getattr(item, key), str(localise(item, "name"))) for item in items]


class SchoolFilterForm(forms.Form):
    q = forms.CharField(
        label=_("School name or number"),
        help_text=_("Words from the school’s name in English or Welsh, or the start of its number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    la = forms.ChoiceField(label=_("Local authority"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language_category = forms.ChoiceField(label=_("Language category"), required=False)

    def __init__(self, *args: Any, options: FilterOptions, **kwargs: Any) -> None:
        """Only filters that can narrow the list: one with fewer than two choices is left out."""
        super().__init__(*args, **kwargs)
        every = _("All")
        for name, items in (
            ("la", options.local_authorities),
            ("region", options.regions),
            ("sector", options.sectors),
            ("language_category", options.language_categories),
        ):
            if len(items) < 2:
                del self.fields[name]
                continue
            self.fields[name].choices = _choices(items, every)
            self.fields[name].error_messages["invalid_choice"] = _("Select an option from the list")

    def filters(self) -> SchoolFilters:
        if not self.is_valid():
            return SchoolFilters()
        return SchoolFilters(**self.cleaned_data)
