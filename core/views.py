from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation

from core import access, services
from core.forms import FeedbackForm


@access.public
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and the benchmark's baseline."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            database_ok = cursor.fetchone() == (1,)
    except Exception:
        database_ok = False
    status = 200 if database_ok else 503
    return JsonResponse(
        {"status": "ok" if database_ok else "unavailable", "database": database_ok}, status=status
    )


@access.public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@access.public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {
            "controller": settings.DATA_CONTROLLER_CY
            if translation.get_language() == "cy"
            else settings.DATA_CONTROLLER,
            "contact": settings.DATA_PROTECTION_CONTACT,
        },
    )


@access.public
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation in Hawl's layout: how to use it, then Swagger UI's reference."""
    return render(request, "core/api_docs.html", {"openapi_url": "/api/v1/openapi.json"})


@access.public
def feedback(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not, can tell us what they think; platform admins read it."""
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        services.feedback_create(
            message=form.cleaned_data["message"],
            page=form.cleaned_data["page"],
            user=request.user,
        )
        return render(
            request,
            "core/feedback_sent.html",
            {"page": services.safe_page(form.cleaned_data["page"])},
        )
    return render(request, "core/feedback.html", {"form": form})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token (an old page, or another site): say what to do, in Hawl's
    layout and the page's language, rather than Django's English debug-style page."""
    return render(request, "403_csrf.html", status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def _language_for(request: HttpRequest) -> str:
    """A signed-in user's preferred language, else the browser's (cookie, then header)."""
    if request.user.is_authenticated:
        language = request.user.preferred_language
    else:
        language = translation.get_language_from_request(request)
    return "cy" if language.startswith("cy") else "en"


@access.public
def root(request: HttpRequest) -> HttpResponse:
    """``/``: home in the person's language."""
    return redirect(f"/{_language_for(request)}/")


@access.public
def api_docs_redirect(request: HttpRequest) -> HttpResponse:
    """The API's documentation lives with Hawl's pages, in the reader's language."""
    return redirect(f"/{_language_for(request)}/api/")
