"""Finding the offer: the filters in the URL, facets, chosen filters as tags, suggestions."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import selectors
from catalogue.models import Opportunity
from core import access
from core.i18n import LocalisedText, current_language
from core.pagination import page_numbers
from standards.models import Standard

CODE = re.compile(r"^[\w:.-]{1,60}$")
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class CodesField(forms.Field):
    """Ticked checkboxes: the codes, once each, anything else dropped (they came from a URL)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> tuple[str, ...]:
        codes = (str(item).strip() for item in value or ())
        return tuple(dict.fromkeys(code for code in codes if CODE.match(code)))[:30]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=gettext_lazy("For example, 27/3/2027"),
        error_messages={"invalid": gettext_lazy("Enter a real date, for example 27/3/2027")},
    )


class OfferFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search professional learning"),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Search for 200 characters or fewer")},
    )
    standard = CodesField(required=False)
    priority = CodesField(required=False)
    topic = CodesField(required=False)
    delivery = CodesField(required=False)
    language = CodesField(required=False)
    level = CodesField(required=False)
    provider = CodesField(required=False)
    region = CodesField(required=False)
    audience = CodesField(required=False)
    endorsed = forms.BooleanField(required=False)
    places = forms.BooleanField(required=False)
    starts_from = _date_field(gettext_lazy("From"))
    starts_to = _date_field(gettext_lazy("To"))
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[("", ""), *((sort, sort) for sort in selectors.SORTS)],
        error_messages={"invalid_choice": gettext_lazy("Choose how to sort the results")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        begins, ends = data.get("starts_from"), data.get("starts_to")
        if begins and ends and ends < begins:
            self.add_error(
                "starts_to", _("The end of the date range must be the same as or after its start")
            )
        return data

    def filters(self) -> selectors.OfferFilters:
        """What was asked for, leaving out only what was not valid."""
        self.is_valid()
        data = self.cleaned_data
        return selectors.OfferFilters(
            q=(data.get("q") or "").strip(),
            **{name: data.get(name) or () for name in selectors.FACETS},
            endorsed=bool(data.get("endorsed")),
            places=bool(data.get("places")),
            starts_from=data.get("starts_from"),
            starts_to=data.get("starts_to"),
            sort=data.get("sort") or "",
        )


def _text(value: Any) -> LocalisedText:
    """Any label as a LocalisedText, so ``{% localised %}`` marks only what falls back."""
    if isinstance(value, LocalisedText):
        return value
    return LocalisedText(str(value), current_language(), is_fallback=False)


@dataclass
class Listing:
    """One result, or one suggestion with the reasons for it."""

    opportunity: Opportunity
    standards: list[Standard]
    reasons: list[Any] = field(default_factory=list)


def _listing(opportunity: Opportunity, reasons: list[Any] | None = None) -> Listing:
    return Listing(opportunity, selectors.unique_standards(opportunity), reasons or [])


FACET_LEGENDS = {
    "standard": gettext_lazy("Professional standard"),
    "priority": gettext_lazy("National priority"),
    "topic": gettext_lazy("Topic"),
    "audience": gettext_lazy("Role it is for"),
    "delivery": gettext_lazy("How it is delivered"),
    "language": gettext_lazy("Language of delivery"),
    "level": gettext_lazy("Level of provision"),
    "provider": gettext_lazy("Provider"),
    "region": gettext_lazy("Region"),
}
FACET_HINTS = {
    "audience": gettext_lazy("Learning meant for a role. Learning for everyone is not included."),
    "region": gettext_lazy("Learning offered in one region. Learning for all of Wales is not."),
}
OPEN_AT_FIRST = ("standard",)  # groups open when nothing in them is ticked


@dataclass
class Option:
    code: str
    label: Any
    count: int
    checked: bool


@dataclass
class FilterGroup:
    name: str
    legend: Any
    options: list[Option]
    hint: Any = ""

    @property
    def chosen(self) -> int:
        return sum(option.checked for option in self.options)

    @property
    def open(self) -> bool:
        return bool(self.chosen) or self.name in OPEN_AT_FIRST


@dataclass
class Chosen:
    """A filter in use, shown as a tag that removes it; ``without`` is the same change to the
    filters."""

    group: Any
    label: Any
    href: str
    without: dict[str, Any]


def _query_without(query: QueryDict, key: str, value: str | None = None) -> str:
    kept = query.copy()
    kept.pop("page", None)
    if value is None:
        kept.pop(key, None)
    else:
        kept.setlist(key, [item for item in kept.getlist(key) if item != value])
    encoded = kept.urlencode()
    return reverse("catalogue:find") + (f"?{encoded}" if encoded else "")


def _groups(
    facets: dict[str, selectors.Facet], filters: selectors.OfferFilters
) -> list[FilterGroup]:
    groups = []
    for name in FACET_LEGENDS:
        chosen = set(getattr(filters, name))
        options = [
            Option(value.code, _text(value.label), value.count, value.code in chosen)
            for value in facets[name].values
        ]
        if options:
            groups.append(
                FilterGroup(name, FACET_LEGENDS[name], options, FACET_HINTS.get(name, ""))
            )
    return groups


def _chosen(
    groups: list[FilterGroup], filters: selectors.OfferFilters, query: QueryDict
) -> list[Chosen]:
    tags = []
    if filters.q:
        tags.append(Chosen(_("Search"), _text(filters.q), _query_without(query, "q"), {"q": ""}))
    for group in groups:
        codes = getattr(filters, group.name)
        for option in group.options:
            if option.checked:
                tags.append(
                    Chosen(
                        group.legend,
                        option.label,
                        _query_without(query, group.name, option.code),
                        {group.name: tuple(code for code in codes if code != option.code)},
                    )
                )
    for name, group, label in (
        ("endorsed", _("Endorsement"), _("Endorsed only")),
        ("places", _("Places"), _("With places left")),
    ):
        if getattr(filters, name):
            tags.append(Chosen(group, _text(label), _query_without(query, name), {name: False}))
    for name, group in (("starts_from", _("From")), ("starts_to", _("To"))):
        day = getattr(filters, name)
        if day:
            tags.append(
                Chosen(group, _text(_long_date(day)), _query_without(query, name), {name: None})
            )
    return tags


def _long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@dataclass
class Suggestion:
    """A way out of an empty result: remove one filter, and how many there would then be."""

    chosen: Chosen
    count: int


def _suggestions(
    user: Any, filters: selectors.OfferFilters, chosen: list[Chosen]
) -> list[Suggestion]:
    """How many results each filter in use would give back if it were removed: one count for
    each of the first 8, and only when nothing is found."""
    found = []
    for tag in chosen[:8]:
        relaxed = replace(filters, **tag.without)
        count = selectors.offer_list(user=user, filters=relaxed).count()
        if count:
            found.append(Suggestion(tag, count))
    return sorted(found, key=lambda suggestion: -suggestion.count)


SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "soonest": gettext_lazy("Soonest first"),
    "newest": gettext_lazy("Newest first"),
    "title": gettext_lazy("Title (A to Z)"),
}


@access.rule("catalogue.opportunity.view")
def find(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = OfferFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(selectors.offer_list(user=user, filters=filters), settings.HAWL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.with_listing(page.object_list)
    facets = selectors.find_facets(user=user, filters=filters)
    groups = _groups(facets, filters)
    chosen = _chosen(groups, filters, request.GET)
    searching = bool(filters.any)
    recommended = []
    if not searching and page.number == 1:
        recommended = [
            _listing(suggestion.opportunity, suggestion.reasons)
            for suggestion in selectors.recommended_for(user, 3)
        ]
    sort = filters.sort if filters.sort in selectors.SORTS else ""
    sort = sort or ("relevance" if filters.q else "soonest")
    sorts = [
        (code, label) for code, label in SORT_LABELS.items() if code != "relevance" or filters.q
    ]
    return render(
        request,
        "catalogue/find/find.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "results": [_listing(row) for row in rows],
            "groups": groups,
            "endorsed_count": facets["endorsed"].values[0].count,
            "places_count": facets["places"].values[0].count,
            "chosen": chosen,
            "clear_href": reverse("catalogue:find"),
            "searching": searching,
            "recommended": recommended,
            "suggestions": _suggestions(user, filters, chosen)
            if searching and not paginator.count
            else [],
            "sort": sort,
            "sorts": sorts,
            "dates_open": bool(
                filters.starts_from
                or filters.starts_to
                or {"starts_from", "starts_to"} & set(form.errors)
            ),
        },
    )


urlpatterns = [
    path("catalogue/", find, name="find"),
]
