"""What every page's layout needs: the language switch and the navigation for this user."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from core import access
from core.i18n import current_language
from core.panels import panels_for
from core.registry import app_modules


def other_language_url(request: HttpRequest, language: str, code: str) -> str:
    """The same page in language ``code``, built from the resolved route, never from the raw path.

    A path can carry a host (``/%2Fevil.example/en/`` would give ``//evil.example/cy/``), so a
    page that resolved is reversed from its route in the other language; one that resolved nowhere
    (a 404) keeps only its path after the language prefix, quoted, under ``/<code>/``. Either way
    the link starts with one slash and a language: it cannot leave Hawl.
    """
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        try:
            with translation.override(code):
                href = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            href = f"/{code}/"
    else:
        rest = request.path_info.removeprefix(f"/{language}/")
        if rest == request.path_info:
            rest = ""
        href = f"/{code}/" + quote(rest.lstrip("/\\"), safe="/")
    if not href.startswith("/") or href.startswith(("//", "/\\")):
        href = f"/{code}/"
    query = request.GET.copy()
    following = query.get("next", "")
    if following.startswith("/") and not following.startswith(("//", "/\\")):
        query["next"] = translate_url(following, code)  # where sign-in leads, in that language
    encoded = query.urlencode()
    return f"{href}?{encoded}" if encoded else href


def layout(request: HttpRequest) -> dict[str, Any]:
    language = current_language()
    switch = [
        {
            "code": code,
            "label": {"en": "English", "cy": "Cymraeg"}[code],
            "href": other_language_url(request, language, code),
            "current": code == language,
        }
        for code, _name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else None
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
            {
                "href": reverse(item.url_name),
                "text": str(item.label),
                "current": item.is_current(view_name),
            }
            for item in sorted(items, key=lambda item: item.order)
        ]
        nav.append({"href": reverse("account_logout"), "text": _("Sign out"), "current": False})
    else:
        signing_in = view_name == "account_login"
        nav.append({"href": reverse("account_login"), "text": _("Sign in"), "current": signing_in})
    return {
        "language_switch": switch,
        "html_lang": language,
        "nav_items": nav,
        "footer_panels": panels_for("footer", request),
        "feedback_href": reverse("core:feedback")
        + "?"
        + urlencode({"from": request.get_full_path()}),
    }
