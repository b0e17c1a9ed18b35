"""Request hygiene for every page and API call: refuse control characters; API errors are JSON.

A NUL byte cannot be stored in PostgreSQL text, and no other C0 control character belongs in a
URL or a form field: refusing them at the door (ASVS 5.1) means no view, form or query ever
sees one, so a ``%00`` is a 400 and not a server error. Tab, carriage return and line feed are
normal in form text and stay allowed there; in the path nothing below a space is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

from core import views

API_PREFIX = "/api/"
# C0 controls: everything below a space (with DEL, which is no more printable).
_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
# In form text and query values tab, line feed and carriage return are ordinary whitespace.
_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

logger = logging.getLogger("django.security.ControlCharacters")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _bad_fields(data: QueryDict) -> list[str]:
    """Names of the fields whose name or any value holds a control character."""
    return [
        name
        for name, values in data.lists()
        if _IN_TEXT.search(name) or any(_IN_TEXT.search(value) for value in values)
    ]


def _printable(name: str) -> str:
    """A field name fit to echo back and to log: its control characters made visible."""
    return _IN_PATH.sub(lambda match: f"\\x{ord(match.group()):02x}", name)


class RejectControlCharactersMiddleware:
    """Answer 400 when the path, the query or a posted form field holds a control character.

    Pages get the site's 400 page; the API gets ``{"detail", "errors"}`` naming the fields, in
    the caller's language. Uploaded files are not read here: their content is the importer's
    to judge, line by line. It sits after the session, locale and authentication middleware so
    the 400 page has its language and navigation.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_path = bool(_IN_PATH.search(request.path_info))
        fields = _bad_fields(request.GET)
        if request.method == "POST":
            fields += _bad_fields(request.POST)
        if not in_path and not fields:
            return self.get_response(request)
        logger.warning(
            "Refused a request with a control character in %s",
            ", ".join((["the path"] if in_path else []) + [_printable(name) for name in fields]),
        )
        if not is_api(request):
            return views.bad_request(request)
        body: dict[str, object] = {"detail": _("The request is not valid.")}
        if fields:
            message = _("This value contains a character that is not allowed.")
            body["errors"] = {_printable(name): [message] for name in fields}
        return JsonResponse(body, status=400)


# What an API error says when a handler outside the API answered it (a 404 for an unknown
# address, a 405, a 500 raised in middleware): by status, else by class of status.
def _api_message(status: int) -> str:
    if status == 404:
        return _("Not found.")
    if status == 405:
        return _("This address does not accept that method.")
    if status >= 500:
        return _("Sorry, there is a problem with the service")
    return _("The request is not valid.")


class ApiErrorsAsJsonMiddleware:
    """Every error under /api/ is ``{"detail": …}`` JSON, whoever answered it.

    The API's own handlers (``config/api.py``) already answer in JSON; this catches the rest:
    Django's 404 for an address no operation has, ninja's 405, a 400 or 500 raised by other
    middleware. Headers such as ``Allow`` and ``WWW-Authenticate`` are kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api(request)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        answer = JsonResponse({"detail": _api_message(response.status_code)})
        answer.status_code = response.status_code
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                answer[header] = response[header]
        return answer
