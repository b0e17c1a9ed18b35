"""Paired English/Welsh content fields.

A model holds ``name_en`` and ``name_cy``; ``name = Localised()`` reads the one for the active
language. Where the Welsh is missing the value says so (``is_fallback``), and templates mark the
English with ``lang="en"`` and an "English only" tag rather than silently passing it off as Welsh.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


def current_language() -> str:
    """The active language, reduced to the two Hawl speaks."""
    return "cy" if (get_language() or "en").startswith("cy") else "en"


@dataclass(frozen=True)
class LocalisedText:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


class Localised:
    """Descriptor: ``obj.name`` gives the active language's ``name_<lang>`` as LocalisedText."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = name

    def __get__(self, obj: object, objtype: type | None = None) -> LocalisedText | Localised:
        if obj is None:
            return self
        return localise(obj, self.field)


def localise(obj: object, field: str, language: str | None = None) -> LocalisedText:
    language = language or current_language()
    wanted = getattr(obj, f"{field}_{language}", "") or ""
    if wanted:
        return LocalisedText(wanted, language, is_fallback=False)
    other = "en" if language == "cy" else "cy"
    return LocalisedText(getattr(obj, f"{field}_{other}", "") or "", other, is_fallback=True)
