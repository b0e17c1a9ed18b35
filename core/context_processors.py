"""What every page's layout needs: the language switch and the navigation for this user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import access
from core.i18n import current_language
from core.registry import app_modules


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
    nav: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        user_reach = access.reach(user)
        items = [
            item
            for module in app_modules("urls")
            for item in getattr(module, "navigation", [])
            if item.action is None or user_reach.allows(item.action)
        ]
        nav = [
            {"href": reverse(item.url_name), "text": str(item.label), "name": item.url_name}
            for item in sorted(items, key=lambda item: item.order)
        ]
        nav.append(
            {"href": reverse("account_logout"), "text": _("Sign out"), "name": "account_logout"}
        )
    else:
        nav.append(
            {"href": reverse("account_login"), "text": _("Sign in"), "name": "account_login"}
        )
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else None
    for item in nav:
        item["current"] = item["name"] == current
    return {
        "language_switch": switch,
        "html_lang": language,
        "django_language": get_language(),
        "nav_items": nav,
    }
