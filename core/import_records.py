"""Previews waiting for confirmation, and the record every import leaves (``core.models``).

The import modules write the records (in the transaction that applies the file) and undo them;
this module holds what is the same for every import: storing and finding previews, creating a
record from an ``ImportResult``, and marking a record undone.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.csvkit import ImportResult, RowChange
from core.errors import DomainError
from core.models import ImportPreview, ImportRecord
from core.registry import app_modules

# Each import module registers how to undo its records (``@undoes("people.staff")``), so the
# command line can undo any record without the kit importing an app.
Undo = Callable[[ImportRecord], object]
_UNDO: dict[str, Undo] = {}
PREVIEW_LIFETIME = datetime.timedelta(hours=1)
KEEP_PREVIEWS = 3  # a few tabs' worth for one user and page; older ones must be uploaded again


class UndoBlockedError(DomainError):
    """Later changes have overtaken the import: ``reasons`` says which; nothing was changed."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(gettext("This import cannot be undone. Nothing has been changed."))
        self.reasons = reasons


def undoes(kind: str) -> Callable[[Undo], Undo]:
    """Register ``function(record)`` as the undo of records of ``kind`` (as the command line)."""

    def register(function: Undo) -> Undo:
        if kind in _UNDO:
            raise ValueError(f"the undo of {kind!r} is registered twice")
        _UNDO[kind] = function
        return function

    return register


def record_undo(*, record: ImportRecord) -> None:
    """Undo any record from the command line: its import module's registered undo."""
    app_modules("imports")
    _UNDO[record.kind](record)


def recorded_text(record: ImportRecord) -> str:
    """For the command line: how to find this import again, and undo it."""
    return gettext("Recorded as import %(number)s. To undo it: hawl undo-import %(number)s") % {
        "number": record.pk
    }


def undone_text() -> str:
    return gettext("The import has been undone.")


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def preview_create(
    *, page: str, by: Any, text: str, file_name: str, choices: dict[str, Any]
) -> ImportPreview:
    """Keep a checked file for its confirmation; drop expired previews and the user's oldest."""
    now = timezone.now()
    ImportPreview.objects.filter(expires_at__lt=now).delete()
    older = ImportPreview.objects.filter(by=by, page=page).order_by("-created_at", "-pk")
    ImportPreview.objects.filter(
        pk__in=list(older.values_list("pk", flat=True)[KEEP_PREVIEWS - 1 :])
    ).delete()
    return ImportPreview.objects.create(
        token=secrets.token_urlsafe(32),
        page=page,
        by=by,
        file_name=file_name[:255],
        digest=digest_of(text),
        text=text,
        choices=choices,
        created_at=now,
        expires_at=now + PREVIEW_LIFETIME,
    )


def preview_get(*, token: str, digest: str, page: str, by: Any) -> ImportPreview | None:
    """The user's own unexpired preview for this page, if the digest matches the file it holds."""
    preview = ImportPreview.objects.filter(
        token=token, page=page, by=by, expires_at__gte=timezone.now()
    ).first()
    if preview is None or not hmac.compare_digest(preview.digest, digest):
        return None
    if digest_of(preview.text) != preview.digest:
        return None
    return preview


def preview_discard(*, preview: ImportPreview) -> None:
    ImportPreview.objects.filter(pk=preview.pk).delete()


def change_json(row: RowChange) -> dict[str, Any]:
    """What the record keeps of one row's change: what the preview showed, labels aside."""
    return {
        "line": row.line,
        "action": row.action,
        "key": row.key,
        "name": row.name,
        "fields": list(row.fields),
    }


def record_create(
    *,
    kind: str,
    scope: str,
    by: Any,
    result: ImportResult,
    choices: dict[str, Any],
    changes: dict[str, Any],
) -> ImportRecord:
    """The record of an applied file; call it in the transaction that applied the file."""
    return ImportRecord.objects.create(
        kind=kind,
        scope=scope,
        by=by,
        digest=digest_of(result.text),
        choices=choices,
        counts=result.summary(),
        rows=[change_json(row) for row in [*result.changes, *result.leavers]],
        changes=changes,
    )


def record_name_file(*, record: ImportRecord, file_name: str) -> None:
    """The uploaded file's name, which only the page knows."""
    ImportRecord.objects.filter(pk=record.pk).update(file_name=file_name[:255])


def record_lock(*, record: ImportRecord) -> ImportRecord:
    """The record, locked until the transaction ends, so it is undone once at most."""
    locked = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status != ImportRecord.Status.APPLIED:
        raise UndoBlockedError([gettext("This import has already been undone.")])
    return locked


def record_undone(*, record: ImportRecord, by: Any) -> None:
    record.status = ImportRecord.Status.UNDONE
    record.undone_at = timezone.now()
    record.undone_by = by
    record.save(update_fields=["status", "undone_at", "undone_by"])


def records_of(*, kind: str, scope: str) -> QuerySet:
    """An import's records for one scope, newest first (callers check access to the scope)."""
    return (
        ImportRecord.objects.filter(kind=kind, scope=scope)
        .select_related("by", "undone_by")
        .order_by("-created_at", "-pk")
    )
