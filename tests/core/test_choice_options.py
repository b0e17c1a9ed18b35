"""Radios and checkboxes: every input has an id, the first the one the error summary links to;
a language's own name is marked in that language only where it is written in it."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class Choose(forms.Form):
    level = forms.ChoiceField(choices=[("", "---"), ("core", "Core"), ("advanced", "Advanced")])
    kinds = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(
        choices=[("cy", "Welsh"), ("en", "English")], widget=forms.RadioSelect
    )


def _ids(html: str) -> list[str]:
    return re.findall(r'<input[^>]* id="([^"]*)"', html)


def test_every_option_has_an_id_and_the_error_summary_reaches_the_first():
    form = Choose(data={"kinds": ["b"]})
    assert not form.is_valid()
    summary = render_to_string("components/error_summary.html", {"form": form})
    radios = render_to_string("components/radios.html", {"field": form["level"]})
    boxes = render_to_string("components/checkboxes.html", {"field": form["kinds"]})
    language = render_to_string("components/radios.html", {"field": form["language"]})

    assert _ids(radios) == ["id_level", "id_level_1"]  # the blank choice is not offered
    assert _ids(boxes) == ["id_kinds", "id_kinds_1"]
    assert re.search(r'id="id_kinds_1"[^>]* checked', boxes)
    assert _ids(language) == ["id_language", "id_language_1"]
    links = re.findall(r'href="#([^"]*)"', summary)
    assert links == ["id_level", "id_language"]
    for link in links:
        assert link in _ids(radios) + _ids(language)


def test_language_names_are_marked_as_welsh_only_when_written_in_welsh():
    field = Choose()["language"]
    translated = render_to_string("components/radios.html", {"field": field})
    autonyms = render_to_string("components/radios.html", {"field": field, "autonyms": True})
    assert 'lang="cy"' not in translated
    assert 'lang="cy"' in autonyms
