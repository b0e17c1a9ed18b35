"""Response headers every page carries beyond Django's and django-csp's own.

* ``Permissions-Policy``: Hawl uses no camera, microphone, location, payment or USB, so a page
  (or anything injected into one) may not either.
* ``Cache-Control: no-store`` on every response to a signed-in user (pages and API alike carry
  personal data, and a shared computer's browser or a proxy must not keep them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.headers.get("Authorization"):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
