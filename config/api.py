"""The JSON API at /api/v1/: each app's ninja Router mounted here, Bearer tokens, JSON errors.

Errors are ``{"detail": "…"}``, with ``"errors": {"field": ["…"]}`` for invalid input; messages
follow the request's Accept-Language (Welsh or English).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from core.registry import app_modules
from people import services


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.api_token_user(token=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Hawl API",
    version="1",
    description="Hawl: professional learning for the education workforce in Wales.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _field_name(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location if part not in {"body", "query", "path", "payload"}]
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(tuple(error.get("loc", ()))), []).append(
            _("This value is not valid.")
            if error.get("type") != "missing"
            else _("This field is required.")
        )
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Sign in with a Bearer token.")}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


# Each app's ``api.py`` has a ninja ``router``; it plugs in by being there.
for module in app_modules("api"):
    api.add_router("/", module.router)
