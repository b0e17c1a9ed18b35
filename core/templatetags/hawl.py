"""Template helpers for bilingual content and GOV.UK components."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from core.i18n import LocalisedText, localise

register = template.Library()


@register.inclusion_tag("components/localised.html")
def localised(obj: Any, field: str = "name") -> dict[str, Any]:
    """The active language's text of ``obj.<field>_<lang>``, marked when it falls back."""
    if isinstance(obj, LocalisedText):
        return {"value": obj}
    if isinstance(obj, dict):
        obj = _Attrs(obj)
    return {"value": localise(obj, field)}


class _Attrs:
    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()
