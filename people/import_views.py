"""Upload pages for the two CSV imports: upload, preview, confirm; all of it without JavaScript.

The previewed file is kept in the (server-side) session under a random token, with its SHA-256.
Confirming must name both; the digest is checked again and the file is validated again against
the data as it is now, so what is written is exactly the file that was previewed, and only if it
is still valid.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from people import access, imports, selectors
from people.import_forms import ImportFileForm
from people.models import Organisation

SESSION_KEY = "hawl_imports"
KEEP_PREVIEWS = 3  # a few tabs' worth; older previews must be uploaded again

Run = Callable[[bytes | str, bool], imports.ImportResult]


@access.rule("people.school.import")
def schools_import(request: HttpRequest) -> HttpResponse:
    """National officers load the address list; each school's number says which LA holds it."""

    def run(data: bytes | str, apply: bool) -> imports.ImportResult:
        return imports.schools_import(data=data, by=request.user, apply=apply)

    return _import_page(request, school=None, run=run, done=reverse("schools"))


@access.rule("people.school.staff.import")
def staff_import(request: HttpRequest, school_number: str) -> HttpResponse:
    """A school's leaders load its MIS export; another school's page is a 404, as if missing."""
    school = selectors.school_get(user=request.user, school_number=school_number)
    access.require(request.user, "people.school.staff.import", school)

    def run(data: bytes | str, apply: bool) -> imports.ImportResult:
        return imports.staff_import(school=school, data=data, by=request.user, apply=apply)

    return _import_page(
        request, school=school, run=run, done=reverse("school_staff", args=[school.code])
    )


def _import_page(
    request: HttpRequest, *, school: Organisation | None, run: Run, done: str
) -> HttpResponse:
    context: dict[str, Any] = {
        "school": school,
        "staff": school is not None,
        "columns": imports.STAFF_COLUMNS if school is not None else imports.SCHOOL_COLUMNS,
    }
    scope = f"staff:{school.code}" if school is not None else "schools"
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, scope=scope, run=run, done=done, context=context)
    posted = request.method == "POST"
    form = ImportFileForm(request.POST, request.FILES) if posted else ImportFileForm()
    result = None
    if posted and form.is_valid():
        result = run(form.cleaned_data["file"], False)
        if result.is_valid:
            token, digest = _remember(request, scope, result.text)
            return render(
                request,
                "people/imports/preview.html",
                {**context, "result": result, "token": token, "digest": digest},
            )
        form = ImportFileForm.with_error(_problem(result))
    return render(
        request, "people/imports/upload.html", {**context, "form": form, "result": result}
    )


def _problem(result: imports.ImportResult) -> str:
    """A problem with the whole file is told as it is; row problems are counted."""
    if len(result.errors) == 1 and result.errors[0].line is None:
        return result.errors[0].message
    return imports.error_count_text(result)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _remember(request: HttpRequest, scope: str, text: str) -> tuple[str, str]:
    stored: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    kept = dict(list(stored.items())[-(KEEP_PREVIEWS - 1) :])
    token, digest = secrets.token_urlsafe(16), _digest(text)
    kept[token] = {"scope": scope, "user": request.user.pk, "digest": digest, "text": text}
    request.session[SESSION_KEY] = kept
    return token, digest


def _confirm(
    request: HttpRequest, *, scope: str, run: Run, done: str, context: dict[str, Any]
) -> HttpResponse:
    stored: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    entry = stored.pop(request.POST.get("token", ""), None)
    request.session[SESSION_KEY] = stored
    if (
        entry is None
        or entry["scope"] != scope
        or entry["user"] != request.user.pk
        or not hmac.compare_digest(entry["digest"], request.POST.get("digest", ""))
        or _digest(entry["text"]) != entry["digest"]
    ):
        form = ImportFileForm.with_error(_("The preview has expired. Upload the file again"))
        return render(request, "people/imports/upload.html", {**context, "form": form})
    result = run(entry["text"], True)
    if not result.is_valid:
        form = ImportFileForm.with_error(_problem(result))
        return render(
            request, "people/imports/upload.html", {**context, "form": form, "result": result}
        )
    messages.success(request, imports.summary_text(result, staff=context["staff"]))
    return redirect(done)
