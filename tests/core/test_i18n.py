"""Welsh and English, equally: a complete catalogue, the right lang, a switch to the same page."""

from __future__ import annotations

import re
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from core.i18n import Localised, LocalisedText, localise
from organisations.models import Organisation
from tests.factories import SchoolFactory

CATALOGUE = settings.BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def test_every_welsh_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue.translated_entries():
        placeholders = set(re.findall(r"%\(\w+\)s", entry.msgid))
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            assert set(re.findall(r"%\(\w+\)s", text)) == placeholders, entry.msgid


def test_the_catalogue_holds_every_message_in_the_code(tmp_path, monkeypatch):
    """Fails when code or templates gain a message that locale/cy does not have yet."""
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(
            ".*",
            "locale",
            "tests",
            "frontend",
            "static",
            "staticfiles",
            "bench",
            "reference",
            "*.sqlite3*",
            "__pycache__",
        ),
    )
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["cy"], no_location=True, verbosity=0)
    fresh = {
        entry.msgid for entry in polib.pofile(str(tmp_path / "locale/cy/LC_MESSAGES/django.po"))
    }
    committed = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}
    assert sorted(fresh - committed) == []


PAGES = ["/{lang}/", "/{lang}/accessibility/", "/{lang}/privacy/", "/{lang}/accounts/login/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_pages_declare_their_language_and_link_to_the_other(client, db, path, lang):
    other = "cy" if lang == "en" else "en"
    response = client.get(path.format(lang=lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert f'href="{path.format(lang=other)}" rel="alternate" lang="{other}"' in html


def test_welsh_pages_are_in_welsh(client, db):
    html = client.get("/cy/").content.decode()
    assert "Neidio i’r prif gynnwys" in html
    assert "Skip to main content" not in html


def test_the_switch_keeps_the_page_and_its_query(world):
    response = world.client("national").get("/en/schools/?sector=primary&page=1")
    assert 'href="/cy/schools/?sector=primary&amp;page=1"' in response.content.decode()


def test_missing_welsh_content_is_marked_as_english(world):
    """Swansea Primary has no Welsh name: the Welsh page says so rather than passing it off."""
    html = world.client("national").get("/cy/schools/6702003/").content.decode()
    assert '<span lang="en">Swansea Primary School</span>' in html
    assert "Saesneg yn unig" in html


def test_localised_text_falls_back_and_says_so(db):
    school = SchoolFactory.build(name_en="Only English", name_cy="")
    assert localise(school, "name", "cy") == LocalisedText("Only English", "en", is_fallback=True)
    assert localise(school, "name", "en") == LocalisedText("Only English", "en", is_fallback=False)
    assert isinstance(Organisation.name, Localised)  # the class attribute is the descriptor


def test_root_sends_a_signed_in_user_to_their_preferred_language(world):
    client = world.client("teacher")
    world.users["teacher"].preferred_language = "cy"
    world.users["teacher"].save()
    assert client.get("/")["Location"] == "/cy/"


def test_root_follows_the_browser_for_visitors(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="cy")["Location"] == "/cy/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")["Location"] == "/en/"


def test_api_errors_follow_accept_language(world):
    response = world.client("national").get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 401
    assert response.json() == {"detail": "Mewngofnodwch gyda thocyn Bearer."}
