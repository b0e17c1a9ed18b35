"""A cell's words to codes: names or codes, in English or Welsh, several in a cell, yes or no."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from core.csvkit import normalise

YES = {"yes", "y", "true", "1", "ie", "oes", "do"}
NO = {"no", "n", "false", "0", "na", "nac oes", "naddo"}


def split_values(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def labels_in_both(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """A choice's code and its label in English and in Welsh, normalised, to its code."""
    index: dict[str, str] = {}
    choices = list(choices)
    for language in ("en", "cy"):
        with translation.override(language):
            for code, label in choices:
                index.setdefault(normalise(str(label)), code)
    for code, _label in choices:
        index.setdefault(normalise(code), code)
    return index


def labels(choices: Iterable[tuple[str, Any]]) -> str:
    return ", ".join(str(label) for _code, label in choices)


def named(items: Iterable[Any], *, code: str = "code") -> dict[str, str]:
    """Terms or standards by code and by English and Welsh name (without any bracketed part)."""
    index: dict[str, str] = {}
    for item in items:
        value = getattr(item, code)
        for text in (value, item.name_en, item.name_cy):
            if text:
                index.setdefault(normalise(text), value)
                index.setdefault(normalise(re.sub(r"\(.*?\)", " ", text)), value)
    return index
