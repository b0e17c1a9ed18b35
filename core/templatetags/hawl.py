"""Template helpers for bilingual content and GOV.UK components."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
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


@register.filter
def options(field: BoundField) -> list[dict[str, Any]]:
    """The choices of a radios or checkboxes field, the blank one left out, each with its input's
    id: the first has the id an error summary links to (``id_for_label``, else ``auto_id``)."""
    value = field.value()
    chosen = {str(item) for item in value} if isinstance(value, list | tuple) else {str(value)}
    first = field.id_for_label or field.auto_id
    found: list[dict[str, Any]] = []
    for choice, label in field.field.choices:
        key = str(getattr(choice, "value", choice))
        if key == "":
            continue
        found.append(
            {
                "id": f"{field.auto_id}_{len(found)}" if found else first,
                "value": key,
                "label": label,
                "checked": key in chosen,
            }
        )
    return found
