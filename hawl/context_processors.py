"""What every page's layout needs: the language switch and the navigation for this user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hawl.i18n import current_language
from people import access


def _other_language_url(path: str, language: str, code: str) -> str:
    """The same page in language ``code``; a path that resolves nowhere (a 404) keeps its shape."""
    href = translate_url(path, code)
    if href == path and path.startswith(f"/{language}/"):
        href = f"/{code}/" + path.removeprefix(f"/{language}/")
    return href


def layout(request: HttpRequest) -> dict[str, Any]:
    language = current_language()
    path = request.get_full_path()
    switch = [
        {
            "code": code,
            "label": {"en": "English", "cy": "Cymraeg"}[code],
            "href": _other_language_url(path, language, code),
            "current": code == language,
        }
        for code, _name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    nav: list[dict[str, Any]] = [{"href": reverse("home"), "text": _("Home"), "name": "home"}]
    if user is not None and user.is_authenticated:
        if access.reach(user).allows("people.organisation.view"):
            nav.append({"href": reverse("schools"), "text": _("Schools"), "name": "schools"})
        nav.append({"href": reverse("account"), "text": _("My account"), "name": "account"})
        nav.append(
            {"href": reverse("account_logout"), "text": _("Sign out"), "name": "account_logout"}
        )
    else:
        nav.append(
            {"href": reverse("account_login"), "text": _("Sign in"), "name": "account_login"}
        )
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    for item in nav:
        item["current"] = item["name"] == current
    return {
        "language_switch": switch,
        "html_lang": language,
        "django_language": get_language(),
        "nav_items": nav,
    }
