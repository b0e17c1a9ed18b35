"""The JSON API at /api/v1/: each app's ninja Router mounted here, Bearer tokens, JSON errors.

Errors are ``{"detail": "…"}``, with ``"errors": {"field": ["…"]}`` for invalid input; messages
follow the request's Accept-Language (Welsh or English). Every error is JSON, 500 included, and
the OpenAPI document declares every status an operation can answer with the shape it answers.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, ValidationError
from ninja.operation import Operation
from ninja.params.models import PathModel
from ninja.security import HttpBearer

from core import access
from core.registry import app_modules
from core.schemas import ErrorOut
from people import services

logger = logging.getLogger("django.request")


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
    # The documentation page is Hawl's own (core.views.api_docs, in both languages and in the
    # site's layout); /api/v1/docs sends people there.
    docs_url=None,
    openapi_url="/openapi.json",
)


def _field_name(location: tuple[Any, ...]) -> str:
    """``("query", "page")`` is ``page``: ninja puts where the value came from first."""
    return ".".join(str(part) for part in location[1:]) or "__all__"


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


# Django answers these 400 itself (and logs them to django.security): leave them to it.
CLIENT_ERRORS = (SuspiciousOperation, BadRequest, MultiPartParserError)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unhandled: the traceback to the log, a JSON 500 in the caller's language."""
    if isinstance(exc, CLIENT_ERRORS):
        raise exc
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    response = api.create_response(
        request, {"detail": _("Sorry, there is a problem with the service")}, status=500
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # once, with the traceback
    return response


def _error_statuses(operation: Operation, router: Router) -> set[int]:
    """The error statuses ``operation`` can answer, each with ``ErrorOut``'s shape.

    Any request can be refused 400 (a control character, ``core.middleware``) or fail 500;
    one that needs a Bearer token can be 401; one behind an access rule, or naming something
    in its path, can be 404 (out of scope looks the same as missing); one whose parameters
    ninja validates (anything but text in the path) can be 422.
    """
    statuses = {400, 500}
    auth = operation.auth_param
    if auth is NOT_SET:
        auth = router.auth if router.auth is not NOT_SET else api.auth
    if auth is not None:
        statuses.add(401)
    rule = getattr(operation.view_func, "access_rule", access.PUBLIC)
    if rule not in {access.PUBLIC, access.SIGNED_IN} or "{" in operation.path:
        statuses.add(404)
    if any(
        not issubclass(model, PathModel)
        or any(field.annotation is not str for field in model.model_fields.values())
        for model in operation.models
    ):
        statuses.add(422)
    return statuses


def declare_errors(operation: Operation, router: Router) -> None:
    """Add the error answers to what the operation declares (and OpenAPI documents).

    Where an operation already declares a status with a shape of its own (an import's 422
    lists bad rows), that status may also come from ninja's validation as ``ErrorOut``, so it
    is declared as either.
    """
    models = operation.response_models
    for status in _error_statuses(operation, router):
        declared = models.get(status)
        if declared is None:
            models[status] = operation._create_response_model(ErrorOut)
            continue
        shape = declared.model_fields["response"].annotation
        if shape is not ErrorOut:
            models[status] = operation._create_response_model(shape | ErrorOut)
    # In status order, so the document reads 200, 400, 401, 404, 422, 500.
    operation.response_models = dict(sorted(models.items(), key=lambda item: str(item[0])))


# Each app's ``api.py`` has a ninja ``router``; it plugs in by being there.
for module in app_modules("api"):
    for path_view in module.router.path_operations.values():
        for operation in path_view.operations:
            declare_errors(operation, module.router)
    api.add_router("/", module.router)
