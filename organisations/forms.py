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
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    la = forms.ChoiceField(label=_("Local authority"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language_category = forms.ChoiceField(label=_("Language category"), required=False)

    def __init__(self, *args: Any, options: FilterOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = _("All")
        self.fields["la"].choices = _choices(options.local_authorities, every)
        self.fields["region"].choices = _choices(options.regions, every)
        self.fields["sector"].choices = _choices(options.sectors, every)
        self.fields["language_category"].choices = _choices(options.language_categories, every)
        for name in ("la", "region", "sector", "language_category"):
            self.fields[name].error_messages["invalid_choice"] = _("Select an option from the list")

    def filters(self) -> SchoolFilters:
        if not self.is_valid():
            return SchoolFilters()
        return SchoolFilters(**self.cleaned_data)
