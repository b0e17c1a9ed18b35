"""Opportunities: the form pages and the API share, its page's messages, the offer's filter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalogue.models import DeliveryLanguage, Format, Status
from organisations.models import Organisation
from people.models import RoleType
from standards.models import Element, Standard, Term


def _terms(vocabulary: str) -> list[tuple[str, Any]]:
    return [
        (term.code, term.name)
        for term in Term.objects.filter(vocabulary__code=vocabulary).order_by("order")
    ]


def standard_choices() -> list[tuple[str, Any]]:
    """The standards by code: the 5 standards share their codes across frameworks."""
    seen: dict[str, Any] = {}
    for standard in Standard.objects.order_by("-framework__starts_on", "order"):
        seen.setdefault(standard.code, standard.name)
    return sorted(seen.items(), key=lambda item: _order(item[0]))


def _order(code: str) -> int:
    order = ("pedagogy", "collaboration", "professional-learning", "innovation", "leadership")
    return order.index(code) if code in order else 99


def element_choices() -> list[tuple[str, Any]]:
    seen: dict[str, Any] = {}
    for element in Element.objects.select_related("standard").order_by("standard__order", "order"):
        seen.setdefault(element.code, element.name)
    return list(seen.items())


def organisation_key(organisation: Organisation) -> str:
    return f"{organisation.kind}:{organisation.code}"


class OpportunityForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    audience = forms.ChoiceField(
        label=_("Who it is offered to"),
        help_text=_("Only people in this part of Wales see it."),
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_cy = forms.CharField(label=_("Title in Welsh"), max_length=200, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English"), max_length=400, required=False, widget=forms.Textarea
    )
    summary_cy = forms.CharField(
        label=_("Summary in Welsh"), max_length=400, required=False, widget=forms.Textarea
    )
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea
    )
    description_cy = forms.CharField(
        label=_("Description in Welsh"), required=False, widget=forms.Textarea
    )
    level = forms.ChoiceField(label=_("Level of provision"))
    delivery = forms.ChoiceField(label=_("Delivery method"))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, initial=Format.SCHEDULED)
    language = forms.ChoiceField(label=_("Language of delivery"), choices=DeliveryLanguage.choices)
    standards = forms.MultipleChoiceField(
        label=_("Professional standards"), required=False, widget=forms.CheckboxSelectMultiple
    )
    elements = forms.MultipleChoiceField(
        label=_("Elements of the standards"), required=False, widget=forms.CheckboxSelectMultiple
    )
    priority_areas = forms.MultipleChoiceField(
        label=_("National priority areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label=_("Roles it is for"),
        choices=RoleType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if it is for everyone."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    career_stages = forms.MultipleChoiceField(
        label=_("Career stages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    pathway = forms.ChoiceField(label=_("Pathway"), required=False)
    pathway_level = forms.ChoiceField(label=_("Level on the pathway"), required=False)
    hours = forms.DecimalField(
        label=_("Hours of learning"),
        min_value=Decimal("0.5"),
        max_value=Decimal(1000),
        max_digits=5,
        decimal_places=1,
    )
    cost = forms.DecimalField(
        label=_("Cost per place, in pounds"),
        min_value=Decimal(0),
        max_value=Decimal(100000),
        max_digits=8,
        decimal_places=2,
        required=False,
    )
    cover_days = forms.DecimalField(
        label=_("Days of release a school needs to cover"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=4,
        decimal_places=1,
        required=False,
    )
    approval_required = forms.BooleanField(
        label=_("A leader must approve each booking"), required=False
    )
    resource_url = forms.URLField(
        assume_scheme="https",
        label=_("Link to the material"),
        required=False,
        help_text=_("For self-paced learning: where people find it."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.DRAFT)

    def __init__(
        self,
        *args: Any,
        providers: list[Organisation],
        audiences: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.providers = {organisation_key(o): o for o in providers}
        self.audience_organisations = {organisation_key(o): o for o in audiences}
        self.fields["provider"].choices = [(key, o.name) for key, o in self.providers.items()]
        self.fields["audience"].choices = [
            (key, o.name) for key, o in self.audience_organisations.items()
        ]
        self.fields["level"].choices = _terms("provision-level")
        self.fields["delivery"].choices = _terms("delivery-method")
        self.fields["standards"].choices = standard_choices()
        self.fields["elements"].choices = element_choices()
        self.fields["priority_areas"].choices = _terms("priority-area")
        self.fields["topics"].choices = _terms("topic")
        self.fields["sectors"].choices = _terms("school-sector")
        self.fields["career_stages"].choices = _terms("career-stage")
        self.fields["pathway"].choices = [("", _("None")), *_terms("pathway")]
        self.fields["pathway_level"].choices = [("", _("None")), *_terms("pathway-level")]
        # One provider: nothing to choose.
        if len(self.providers) == 1 and not self.data.get("provider"):
            self.initial.setdefault("provider", next(iter(self.providers)))
            if self.is_bound:
                self.data = self.data.copy()
                self.data["provider"] = next(iter(self.providers))

    def clean_provider(self) -> Organisation:
        return self.providers[self.cleaned_data["provider"]]

    def clean_audience(self) -> Organisation:
        return self.audience_organisations[self.cleaned_data["audience"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        listed = data.get("status") in (Status.PUBLISHED, Status.IN_DEVELOPMENT)
        for name in ("title", "summary"):
            english, welsh = data.get(f"{name}_en"), data.get(f"{name}_cy")
            if not english and not welsh:
                self.add_error(f"{name}_en", _("Enter it in English, in Welsh, or both"))
            elif listed and not (english and welsh):
                missing = f"{name}_cy" if english else f"{name}_en"
                self.add_error(
                    missing,
                    _("Enter it in both languages before it is published or shown as coming soon"),
                )
        if data.get("pathway_level") and not data.get("pathway"):
            self.add_error("pathway", _("Choose the pathway this level belongs to"))
        if data.get("format") == Format.SELF_PACED and listed and not data.get("resource_url"):
            self.add_error(
                "resource_url", _("Give the link to the material, so people can start it")
            )
        if listed and not data.get("standards"):
            self.add_error("standards", _("Choose at least one professional standard"))
        data["cost"] = data.get("cost") or Decimal(0)
        data["cover_days"] = data.get("cover_days") or Decimal(0)
        return data


def validation_errors(error: ValidationError) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}


class ManageFilterForm(forms.Form):
    """The provider's list of its offer: by status, and by provider for those who run several."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)

    def __init__(self, *args: Any, providers: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices]
        self.providers = {organisation_key(o): o for o in providers}
        self.fields["provider"].choices = [
            ("", _("All providers")),
            *((key, o.name) for key, o in self.providers.items()),
        ]

    def filters(self) -> tuple[str, Organisation | None]:
        if not self.is_bound or not self.is_valid():
            return "", None
        provider = self.cleaned_data.get("provider")
        return self.cleaned_data.get("status") or "", self.providers.get(provider or "")


class Boxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field is labelled by its first box, so an error summary's link (which
    goes to the field's label target) lands on a box; Django leaves it empty for checkboxes."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return f"{id_}_{index or 0}" if id_ else ""


def with_linked_boxes(form: forms.Form) -> forms.Form:
    """The form, its checkbox groups reachable from the error summary."""
    for field in form.fields.values():
        if type(field.widget) is forms.CheckboxSelectMultiple:
            field.widget = Boxes()
    return form


# What each required or numeric field says when it is empty or wrong, so that each link in the
# error summary makes sense on its own.
_SPECIFIC: dict[str, dict[str, Any]] = {
    "provider": {"required": _("Choose the provider")},
    "audience": {"required": _("Choose who it is offered to")},
    "level": {"required": _("Choose the level of provision")},
    "delivery": {"required": _("Choose the delivery method")},
    "format": {"required": _("Choose the format")},
    "language": {"required": _("Choose the language of delivery")},
    "status": {"required": _("Choose the status")},
    "hours": {
        "required": _("Enter the hours of learning"),
        "invalid": _("Enter the hours as a number, like 6 or 1.5"),
        "min_value": _("The hours must be 0.5 or more"),
        "max_value": _("The hours must be 1,000 or fewer"),
        "max_decimal_places": _("Give the hours to one decimal place, like 1.5"),
    },
    "cost": {
        "invalid": _("Enter the cost in pounds, like 0 or 45.50"),
        "min_value": _("The cost cannot be less than 0"),
        "max_value": _("The cost must be £100,000 or less"),
        "max_decimal_places": _("Give the cost in pounds and pence, like 45.50"),
    },
    "cover_days": {
        "invalid": _("Enter the days of release as a number, like 0.5 or 1"),
        "min_value": _("The days of release cannot be less than 0"),
        "max_value": _("The days of release must be 100 or fewer"),
        "max_decimal_places": _("Give the days of release to one decimal place, like 0.5"),
    },
}
# OpportunityForm's messages for the title and summary say "it"; these name the field.
_NEITHER = _("Enter it in English, in Welsh, or both")
_BOTH = _("Enter it in both languages before it is published or shown as coming soon")
_NAMED = {
    "title_en": (
        _("Enter the title in English, in Welsh, or both"),
        _("Enter the title in English before it is published or shown as coming soon"),
    ),
    "title_cy": (
        _("Enter the title in English, in Welsh, or both"),
        _("Enter the title in Welsh before it is published or shown as coming soon"),
    ),
    "summary_en": (
        _("Enter the summary in English, in Welsh, or both"),
        _("Enter the summary in English before it is published or shown as coming soon"),
    ),
    "summary_cy": (
        _("Enter the summary in English, in Welsh, or both"),
        _("Enter the summary in Welsh before it is published or shown as coming soon"),
    ),
}


class OpportunityPageForm(OpportunityForm):
    """OpportunityForm's rules, with messages that name their field (for the error summary)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name_the_fields()

    def name_the_fields(self) -> None:
        for name, messages in _SPECIFIC.items():
            self.fields[name].error_messages.update(messages)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        generic = {str(_NEITHER): 0, str(_BOTH): 1}
        for name, named in _NAMED.items():
            if name in self._errors:
                self._errors[name] = self.error_class(
                    [
                        named[generic[str(message)]] if str(message) in generic else message
                        for message in self._errors[name]
                    ]
                )
        return data
