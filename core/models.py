"""What the site itself keeps: feedback people send from the phase banner; CSV import previews
and a record of every import.

The import models are generic: ``kind`` names the import (``people.staff``,
``organisations.schools``) and ``scope`` what it imports into (a school number; empty for all
of Wales). What an import changed is its own module's business, kept as JSON in ``changes`` so
that module can undo it; the kit imports no app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """A person's feedback on Hawl, with the page they came from. Platform administrators read
    it in the admin; signed-in senders are linked so a reply can reach them."""

    message = models.TextField(_("message"), max_length=2000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=2)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.page}"


class ImportPreview(models.Model):
    """A checked file waiting for its confirmation, kept here rather than in the session.

    ``token`` is random and shown only to ``by``; a preview expires, and confirming it (or
    uploading a later one) removes it, so the table holds a handful of rows at a time.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    page = models.CharField(_("page"), max_length=64)  # ``staff:6814000``, ``schools``
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    text = models.TextField(_("file"))
    choices = models.JSONField(_("choices"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")
        indexes = [models.Index(fields=["by", "page", "created_at"], name="import_preview_by")]

    def __str__(self) -> str:
        return f"{self.page} {self.created_at:%Y-%m-%d %H:%M}"


class ImportRecord(models.Model):
    """One import that changed something: who, when, what file, the counts, and the changes.

    An import is undone from its record, which then says who undid it and when; an undo that
    later changes have overtaken changes nothing (the import module checks ``changes`` against
    the data as it is now).
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Imported")
        UNDONE = "undone", _("Undone")

    kind = models.CharField(_("kind"), max_length=40)
    scope = models.CharField(_("imported into"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.APPLIED
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    choices = models.JSONField(_("choices"), default=dict)
    counts = models.JSONField(_("counts"), default=dict)
    rows = models.JSONField(_("what changed, row by row"), default=list, encoder=DjangoJSONEncoder)
    changes = models.JSONField(_("changes to undo"), default=dict, encoder=DjangoJSONEncoder)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [
            models.Index(fields=["kind", "scope", "-created_at"], name="import_record_scope"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="applied", undone_at__isnull=True)
                | Q(status="undone", undone_at__isnull=False),
                name="import_record_undone_when_undone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {self.created_at:%Y-%m-%d %H:%M}"
