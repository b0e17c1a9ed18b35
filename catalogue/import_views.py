"""Importing a provider's offer: upload, preview and confirm; past imports, and undo.

The same flow as ``core.import_pages`` (whose pieces it uses: the file form, previews kept in the
database under a token and the file's digest, checked again on confirming, the record), with
pages that speak of opportunities and sessions. Those who do not manage the provider get a 404,
as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalogue import imports, selectors
from core import access
from core.csvkit import Action, ImportResult, error_count_text
from core.errors import DomainError
from core.import_pages import ImportFileForm, record_csv
from core.import_records import (
    UndoBlockedError,
    preview_create,
    preview_discard,
    preview_get,
    record_name_file,
    undone_text,
)
from core.models import ImportRecord
from core.pagination import page_numbers
from core.tables import Cell, Column, Table
from organisations.models import Organisation

MANAGE = "catalogue.opportunity.manage"
WHAT = ("opportunities", "sessions")


def _provider(request: HttpRequest, kind: str, code: str) -> Organisation:
    for organisation in selectors.managed_providers(user=request.user):
        if organisation.kind == kind and organisation.code == code:
            return organisation
    raise Http404


def _urls(provider: Organisation) -> dict[str, str]:
    args = [provider.kind, provider.code]
    return {
        "records_url": reverse("catalogue:offer_imports", args=args),
        "opportunities_url": reverse("catalogue:offer_import", args=[*args, "opportunities"]),
        "sessions_url": reverse("catalogue:offer_import", args=[*args, "sessions"]),
    }


def _columns(what: str) -> tuple:
    return imports.OPPORTUNITY_COLUMNS if what == "opportunities" else imports.SESSION_COLUMNS


def _errors_table(result: ImportResult) -> Table:
    table = Table(
        _("Errors in the file"),
        [Column(_("Row"), numeric=True), Column(_("Column")), Column(_("Problem"))],
        caption_visible=True,
        name="file-errors",
    )
    for error in result.errors:
        table.add(Cell(error.line or "–", numeric=True), error.column or "–", error.message)
    return table


def _changes_table(result: ImportResult, what: str) -> Table:
    table = Table(
        _("What will change"),
        [
            Column(_("Row"), numeric=True),
            Column(_("Reference") if what == "opportunities" else _("Session")),
            Column(_("Opportunity")),
            Column(_("Change")),
        ],
        caption_visible=True,
        name="changes",
    )
    for row in result.changes:
        change = _("New") if row.action == Action.CREATE else ", ".join(row.field_labels)
        table.add(Cell(row.line, numeric=True), row.key, row.name, change)
    return table


def _context(provider: Organisation, what: str = "", **more: Any) -> dict[str, Any]:
    return {"provider": provider, "what": what, **_urls(provider), **more}


def _upload(
    request: HttpRequest,
    provider: Organisation,
    what: str,
    form: ImportFileForm,
    result: ImportResult | None = None,
) -> HttpResponse:
    return render(
        request,
        "catalogue/provide/imports/upload.html",
        _context(
            provider,
            what,
            form=form,
            columns=_columns(what),
            errors_table=_errors_table(result) if result and result.errors else None,
        ),
    )


def _problem(result: ImportResult) -> str:
    """A problem with the whole file is told as it is; row problems are counted."""
    if len(result.errors) == 1 and result.errors[0].line is None:
        return result.errors[0].message
    return error_count_text(result)


@access.rule(MANAGE)
def offer_imports_start(request: HttpRequest) -> HttpResponse:
    """Whose offer to import into: straight there for someone who runs one provider."""
    providers = selectors.managed_providers(user=request.user)
    if len(providers) == 1:
        return redirect("catalogue:offer_imports", providers[0].kind, providers[0].code)
    return render(
        request,
        "catalogue/provide/imports/start.html",
        {
            "providers": [
                (o, reverse("catalogue:offer_imports", args=[o.kind, o.code])) for o in providers
            ]
        },
    )


@access.rule(MANAGE)
def offer_import(request: HttpRequest, kind: str, code: str, what: str) -> HttpResponse:
    """Upload, preview, confirm: the file is written only as previewed, and only if valid."""
    provider = _provider(request, kind, code)
    if what not in WHAT:
        raise Http404
    page = f"{what}:{imports.scope_of(provider)}"

    def run(data: bytes | str, apply: bool) -> ImportResult:
        run_import = (
            imports.opportunities_import if what == "opportunities" else imports.sessions_import
        )
        return run_import(provider=provider, data=data, by=request.user, apply=apply)

    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, provider, what, page, run)
    form = ImportFileForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is None:
        return _upload(request, provider, what, ImportFileForm())
    if not form.is_valid():
        return _upload(request, provider, what, form)
    result = run(form.cleaned_data["file"], False)
    if not result.is_valid:
        return _upload(request, provider, what, ImportFileForm.with_error(_problem(result)), result)
    preview = preview_create(
        page=page, by=request.user, text=result.text, file_name=form.file_name, choices={}
    )
    return render(
        request,
        "catalogue/provide/imports/preview.html",
        _context(
            provider,
            what,
            result=result,
            token=preview.token,
            digest=preview.digest,
            changes_table=_changes_table(result, what),
        ),
    )


def _confirm(
    request: HttpRequest, provider: Organisation, what: str, page: str, run: Any
) -> HttpResponse:
    preview = preview_get(
        token=request.POST.get("token", ""),
        digest=request.POST.get("digest", ""),
        page=page,
        by=request.user,
    )
    if preview is None:
        form = ImportFileForm.with_error(_("The preview has expired. Upload the file again"))
        return _upload(request, provider, what, form)
    try:
        result = run(preview.text, True)
    except DomainError as error:
        preview_discard(preview=preview)
        return _upload(request, provider, what, ImportFileForm.with_error(error.message))
    preview_discard(preview=preview)
    if not result.is_valid:
        return _upload(request, provider, what, ImportFileForm.with_error(_problem(result)), result)
    if result.record is not None:
        record_name_file(record=result.record, file_name=preview.file_name)
    messages.success(request, imports.summary_text(result, sessions=what == "sessions"))
    return redirect("catalogue:offer_imports", provider.kind, provider.code)


def _kind_label(record: ImportRecord) -> str:
    return _("Opportunities") if record.kind == imports.OPPORTUNITIES else _("Sessions")


@access.rule(MANAGE)
def offer_imports(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The provider's imports, newest first."""
    provider = _provider(request, kind, code)
    records = imports.offer_import_records(user=request.user, provider=provider)
    page = Paginator(records, settings.HAWL_PAGE_SIZE).get_page(request.GET.get("page"))
    table = Table(
        _("Past imports"),
        [
            Column(_("Imported")),
            Column(_("What the file holds")),
            Column(_("By")),
            Column(_("Added"), numeric=True),
            Column(_("Updated"), numeric=True),
            Column(_("Status")),
        ],
        name="records",
    )
    for record in page.object_list:
        table.add(
            Cell(
                date_format(timezone.localtime(record.created_at), "j F Y, H:i"),
                href=reverse("catalogue:offer_import_record", args=[kind, code, record.pk]),
                hint=record.file_name,
            ),
            _kind_label(record),
            record.by.display_name if record.by else _("The command line"),
            Cell(record.counts.get("created", 0), numeric=True),
            Cell(record.counts.get("updated", 0), numeric=True),
            record.get_status_display(),
        )
    return render(
        request,
        "catalogue/provide/imports/records.html",
        _context(provider, page_obj=page, page_numbers=page_numbers(page), table=table),
    )


def _record_context(provider: Organisation, record: ImportRecord, **more: Any) -> dict[str, Any]:
    args = [provider.kind, provider.code, record.pk]
    return _context(
        provider,
        record=record,
        kind_label=_kind_label(record),
        record_url=reverse("catalogue:offer_import_record", args=args),
        csv_url=reverse("catalogue:offer_import_csv", args=args),
        undo_url=reverse("catalogue:offer_import_undo", args=args),
        **more,
    )


@access.rule(MANAGE)
def offer_import_record(request: HttpRequest, kind: str, code: str, pk: int) -> HttpResponse:
    """One import: who, when, which file, the counts, and what changed, row by row."""
    provider = _provider(request, kind, code)
    record = imports.offer_import_record(user=request.user, provider=provider, pk=pk)
    page = Paginator(record.rows, 50).get_page(request.GET.get("page"))
    table = Table(
        _("What changed"),
        [
            Column(_("Row"), numeric=True),
            Column(_("Reference")),
            Column(_("Opportunity")),
            Column(_("Change")),
        ],
        caption_visible=True,
        name="record-changes",
    )
    for row in page.object_list:
        change = (
            _("New")
            if row["action"] == Action.CREATE
            else ", ".join(str(imports.FIELD_LABELS.get(name, name)) for name in row["fields"])
        )
        table.add(Cell(row["line"] or "–", numeric=True), row["key"], row["name"], change)
    return render(
        request,
        "catalogue/provide/imports/record.html",
        _record_context(
            provider, record, table=table, page_obj=page, page_numbers=page_numbers(page)
        ),
    )


@access.rule(MANAGE)
def offer_import_csv(request: HttpRequest, kind: str, code: str, pk: int) -> HttpResponse:
    provider = _provider(request, kind, code)
    record = imports.offer_import_record(user=request.user, provider=provider, pk=pk)
    return record_csv(record, labels=imports.FIELD_LABELS, key_heading=_("Reference"))


@access.rule(MANAGE)
def offer_import_undo(request: HttpRequest, kind: str, code: str, pk: int) -> HttpResponse:
    """Ask, then undo; an undo that later changes have overtaken says why and changes nothing."""
    provider = _provider(request, kind, code)
    record = imports.offer_import_record(user=request.user, provider=provider, pk=pk)
    reasons: list[str] = []
    problem = ""
    if request.method == "POST" and record.status == ImportRecord.Status.APPLIED:
        try:
            imports.offer_import_undo(record=record, provider=provider, by=request.user)
        except UndoBlockedError as blocked:
            reasons, problem = blocked.reasons, blocked.message
        else:
            messages.success(request, undone_text())
            return redirect("catalogue:offer_import_record", kind, code, record.pk)
    return render(
        request,
        "catalogue/provide/imports/undo.html",
        _record_context(provider, record, reasons=reasons, problem=problem),
    )


urlpatterns: list[URLPattern] = [
    path("catalogue/manage/imports/", offer_imports_start, name="offer_imports_start"),
    path(
        "catalogue/manage/imports/<str:kind>/<str:code>/",
        offer_imports,
        name="offer_imports",
    ),
    path(
        "catalogue/manage/imports/<str:kind>/<str:code>/<str:what>/",
        offer_import,
        name="offer_import",
    ),
    path(
        "catalogue/manage/imports/<str:kind>/<str:code>/records/<int:pk>/",
        offer_import_record,
        name="offer_import_record",
    ),
    path(
        "catalogue/manage/imports/<str:kind>/<str:code>/records/<int:pk>/changes.csv",
        offer_import_csv,
        name="offer_import_csv",
    ),
    path(
        "catalogue/manage/imports/<str:kind>/<str:code>/records/<int:pk>/undo/",
        offer_import_undo,
        name="offer_import_undo",
    ),
]
SECTION = tuple(f"catalogue:{pattern.name}" for pattern in urlpatterns)
