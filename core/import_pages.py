"""Upload pages for CSV imports: upload, preview, confirm; all of it without JavaScript.

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

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.csvkit import MAX_FILE_BYTES, ImportResult, error_count_text

SESSION_KEY = "hawl_imports"
KEEP_PREVIEWS = 3  # a few tabs' worth; older previews must be uploaded again

Run = Callable[[bytes | str, bool], ImportResult]


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Upload a CSV file"),
        help_text=gettext_lazy("The file must be a CSV, smaller than 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": gettext_lazy("Select a CSV file"),
            "empty": gettext_lazy("The selected file is empty"),
            "invalid": gettext_lazy("Select a CSV file"),
            "missing": gettext_lazy("Select a CSV file"),
        },
    )

    def clean_file(self) -> bytes:
        """The file's bytes: checked for size and type here, for content by ``imports``."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(gettext_lazy("The selected file must be smaller than 5 MB"))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(gettext_lazy("The selected file must be a CSV"))
        return upload.read()

    @classmethod
    def with_error(cls, message: str) -> ImportFileForm:
        """An empty form showing ``message`` on the file field (when a confirm fails)."""
        form = cls(data={})
        form.full_clean()
        form.errors["file"] = form.error_class([message])
        return form


def import_page(
    request: HttpRequest,
    *,
    scope: str,
    run: Run,
    summary: Callable[[ImportResult], str],
    done: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Upload, preview, confirm. ``scope`` names what is imported into (``staff:6814000``);
    ``context`` carries what the templates need (``columns``, ``staff``, ``school``)."""
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, scope=scope, run=run, summary=summary, done=done, context=context)
    posted = request.method == "POST"
    form = ImportFileForm(request.POST, request.FILES) if posted else ImportFileForm()
    result = None
    if posted and form.is_valid():
        result = run(form.cleaned_data["file"], False)
        if result.is_valid:
            token, digest = _remember(request, scope, result.text)
            return render(
                request,
                "core/imports/preview.html",
                {**context, "result": result, "token": token, "digest": digest},
            )
        form = ImportFileForm.with_error(_problem(result))
    return render(request, "core/imports/upload.html", {**context, "form": form, "result": result})


def _problem(result: ImportResult) -> str:
    """A problem with the whole file is told as it is; row problems are counted."""
    if len(result.errors) == 1 and result.errors[0].line is None:
        return result.errors[0].message
    return error_count_text(result)


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
    request: HttpRequest,
    *,
    scope: str,
    run: Run,
    summary: Callable[[ImportResult], str],
    done: str,
    context: dict[str, Any],
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
        return render(request, "core/imports/upload.html", {**context, "form": form})
    result = run(entry["text"], True)
    if not result.is_valid:
        form = ImportFileForm.with_error(_problem(result))
        return render(
            request, "core/imports/upload.html", {**context, "form": form, "result": result}
        )
    messages.success(request, summary(result))
    return redirect(done)
