"""Upload pages for CSV imports (upload, preview, confirm) and each import's record and undo.

All of it works without JavaScript. The previewed file is kept in the database
(``core.models.ImportPreview``, not the session) under a random token, with its SHA-256.
Confirming must name both and come from the same user on the same page; the file is then
checked again against the data as it is now, so what is written is exactly the file that was
previewed, and only if it is still valid. An import that asks for a second confirmation (a
staff file ending many people's employment) shows its preview again until it has it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.csvkit import MAX_FILE_BYTES, Action, ImportResult, error_count_text, write_csv
from core.errors import DomainError
from core.import_records import (
    UndoBlockedError,
    preview_create,
    preview_discard,
    preview_get,
    record_name_file,
    undone_text,
)
from core.import_tables import (
    changes_table,
    columns_table,
    errors_table,
    kept_table,
    leaving_table,
    record_changes_table,
    records_table,
)
from core.models import ImportPreview, ImportRecord
from core.pagination import page_numbers

# ``run(data, apply, **choices)``: the page's choices (from ``options``) and, on a second
# confirmation, ``confirmed``, the number the user confirmed.
Run = Callable[..., ImportResult]
RECORDS_PER_PAGE = 25
ROWS_PER_PAGE = 50


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
        self.file_name = upload.name
        return upload.read()

    @classmethod
    def with_error(cls, message: str) -> ImportFileForm:
        """An empty form showing ``message`` on the file field (when a confirm fails)."""
        form = cls(data={})
        form.full_clean()
        form.errors["file"] = form.error_class([message])
        return form


class ConfirmForm(forms.Form):
    """The second confirmation's checkbox: an unticked box is shown as a form error."""

    confirm = forms.IntegerField(required=False)

    @classmethod
    def with_error(cls, message: str) -> ConfirmForm:
        form = cls(data={})
        form.full_clean()
        form.errors["confirm"] = form.error_class([message])
        return form


def import_page(
    request: HttpRequest,
    *,
    scope: str,
    run: Run,
    summary: Callable[[ImportResult], str],
    done: str,
    context: dict[str, Any],
    options: type[forms.Form] | None = None,
) -> HttpResponse:
    """Upload, preview, confirm. ``scope`` names what is imported into (``staff:6814000``);
    ``options`` is a form of choices the upload page asks for, passed on to ``run`` by name;
    ``context`` carries what the templates need (``columns``, ``staff``, ``school``)."""
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, scope=scope, run=run, summary=summary, done=done, context=context)
    posted = request.method == "POST"
    form = ImportFileForm(request.POST, request.FILES) if posted else ImportFileForm()
    choices_form = options(request.POST if posted else None) if options else None
    result = None
    if posted and form.is_valid() and (choices_form is None or choices_form.is_valid()):
        choices = choices_form.cleaned_data if choices_form is not None else {}
        result = run(form.cleaned_data["file"], False, **choices)
        if result.is_valid:
            preview = preview_create(
                page=scope,
                by=request.user,
                text=result.text,
                file_name=form.file_name,
                choices=choices,
            )
            return _preview(request, context, result, preview)
        form = ImportFileForm.with_error(_problem(result))
    return _upload(request, context, form, choices_form, result)


def _upload(
    request: HttpRequest,
    context: dict[str, Any],
    form: ImportFileForm,
    options: forms.Form | None,
    result: ImportResult | None = None,
) -> HttpResponse:
    return render(
        request,
        "core/imports/upload.html",
        {
            **context,
            "form": form,
            "options": options,
            "result": result,
            "errors_table": errors_table(result.errors) if result and result.errors else None,
            "columns_table": columns_table(context["columns"]),
        },
    )


def _preview(
    request: HttpRequest,
    context: dict[str, Any],
    result: ImportResult,
    preview: ImportPreview,
    confirm_error: str = "",
) -> HttpResponse:
    return render(
        request,
        "core/imports/preview.html",
        {
            **context,
            "result": result,
            "changes_table": changes_table(result.changes, staff=context["staff"]),
            "leaving_table": leaving_table(result.leavers),
            "kept_table": kept_table(result.kept),
            "token": preview.token,
            "digest": preview.digest,
            "choices": preview.choices,
            "form": ConfirmForm.with_error(confirm_error) if confirm_error else None,
        },
    )


def _problem(result: ImportResult) -> str:
    """A problem with the whole file is told as it is; row problems are counted."""
    if len(result.errors) == 1 and result.errors[0].line is None:
        return result.errors[0].message
    return error_count_text(result)


def _confirmed(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _confirm(
    request: HttpRequest,
    *,
    scope: str,
    run: Run,
    summary: Callable[[ImportResult], str],
    done: str,
    context: dict[str, Any],
) -> HttpResponse:
    preview = preview_get(
        token=request.POST.get("token", ""),
        digest=request.POST.get("digest", ""),
        page=scope,
        by=request.user,
    )
    if preview is None:
        form = ImportFileForm.with_error(_("The preview has expired. Upload the file again"))
        return _upload(request, context, form, None)
    choices = dict(preview.choices)
    confirmed = _confirmed(request.POST.get("confirm"))
    if confirmed is not None:
        choices["confirmed"] = confirmed
    try:
        result = run(preview.text, True, **choices)
    except DomainError as error:
        preview_discard(preview=preview)
        return _upload(request, context, ImportFileForm.with_error(error.message), None)
    if result.unconfirmed:
        count = result.confirm_count or 0
        message = ngettext(
            "Select the box to confirm that %(count)s person’s employment at this school will end",
            "Select the box to confirm that %(count)s people’s employment at this school will end",
            count,
        ) % {"count": count}
        return _preview(request, context, result, preview, confirm_error=message)
    preview_discard(preview=preview)
    if not result.is_valid:
        form = ImportFileForm.with_error(_problem(result))
        return _upload(request, context, form, None, result)
    if result.record is not None:
        record_name_file(record=result.record, file_name=preview.file_name)
    messages.success(request, summary(result))
    return redirect(done)


# Records.


def records_page(
    request: HttpRequest,
    *,
    records: QuerySet,
    record_url: Callable[[ImportRecord], str],
    context: dict[str, Any],
) -> HttpResponse:
    """A scope's imports, newest first, each linking to its record page."""
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/imports/records.html",
        {
            **context,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "table": records_table(page.object_list, url=record_url, staff=context["staff"]),
        },
    )


def _action_labels() -> dict[str, str]:
    return {
        Action.CREATE: _("New"),
        Action.UPDATE: _("Updated"),
        Action.UNCHANGED: _("Unchanged"),
        Action.LEAVE: _("Left"),
    }


def _shown(row: dict[str, Any], labels: Mapping[str, Any], actions: dict[str, str]) -> dict:
    return {
        **row,
        "change": actions.get(row["action"], row["action"]),
        "fields_text": ", ".join(str(labels.get(name, name)) for name in row["fields"]),
    }


def record_page(
    request: HttpRequest,
    *,
    record: ImportRecord,
    labels: Mapping[str, Any],
    context: dict[str, Any],
) -> HttpResponse:
    """One import: who, when, which file, the counts, and what changed, row by row."""
    page = Paginator(record.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    actions = _action_labels()
    rows = [_shown(row, labels, actions) for row in page.object_list]
    return render(
        request,
        "core/imports/record.html",
        {
            **context,
            "record": record,
            "table": record_changes_table(rows, staff=context["staff"]),
            "page_obj": page,
            "page_numbers": page_numbers(page),
        },
    )


def record_csv(
    record: ImportRecord, *, labels: Mapping[str, Any], key_heading: str
) -> HttpResponse:
    """What an import changed as a CSV file (every cell safe to open in a spreadsheet)."""
    actions = _action_labels()
    header = [_("Row"), _("Change"), key_heading, _("Name"), _("What changed")]
    rows = [
        [shown["line"] or "", shown["change"], shown["key"], shown["name"], shown["fields_text"]]
        for shown in (_shown(row, labels, actions) for row in record.rows)
    ]
    response = HttpResponse(write_csv([header, *rows]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="import-{record.pk}-{record.created_at:%Y%m%d}.csv"'
    )
    return response


def undo_page(
    request: HttpRequest,
    *,
    record: ImportRecord,
    undo: Callable[[], object],
    done: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Ask, then undo; an undo that later changes have overtaken says why and changes nothing."""
    reasons: list[str] = []
    form = None
    if request.method == "POST" and record.status == ImportRecord.Status.APPLIED:
        try:
            undo()
        except UndoBlockedError as blocked:
            reasons = blocked.reasons
            form = forms.Form(data={})
            form.full_clean()
            form.add_error(None, blocked.message)
        else:
            messages.success(request, undone_text())
            return redirect(done)
    return render(
        request,
        "core/imports/undo.html",
        {**context, "record": record, "form": form, "reasons": reasons},
    )
