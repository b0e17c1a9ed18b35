"""Notifications: the emails Hawl owes people (an outbox), and their private calendar feeds.

A ``Message`` is written in the same transaction as the change it tells someone about, already in
the recipient's language; a background worker sends it (``notifications.services``). The row, not
the task queue, is the truth about what is owed: a lost task or a killed worker leaves the row
pending, and the worker's sweep finds it again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Language


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Message(models.Model):
    """One email to one person: queued with the change it reports, rendered and sent by the
    worker."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("recipient"),
    )
    address = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # What to render (``notifications/email/<template>.*``) and with what: plain values, and
    # records by reference ({"$model": "catalogue.booking", "pk": 42}), read when it is sent.
    template = models.CharField(_("template"), max_length=100, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    # Rendered by the worker just before the first attempt to send it; kept as sent.
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    # [{"filename", "mimetype", "content"}]: text files (an .ics invitation), kept as text.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # The event a message is about ("booking-42-confirmed"): the same event queues one message.
    key = models.CharField(_("key"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Not sent before this: when it was queued, a reminder's time, or a retry's back-off.
    not_before = models.DateTimeField(_("not before"), default=timezone.now)
    # While sending, the worker holds the message until then; after it, another may take it.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    # The latest task enqueued to send it, so the sweep can tell a queued task from a lost one.
    task_id = models.UUIDField(_("task"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="message_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="message_language_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENDING) | Q(claimed_until__isnull=False),
                name="message_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENT) | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            ),
        ]
        # What the sweep looks for: messages waiting, and messages whose sender went quiet.
        indexes = [
            models.Index(
                fields=["not_before"],
                condition=Q(status=MessageStatus.PENDING),
                name="message_pending",
            ),
            models.Index(
                fields=["claimed_until"],
                condition=Q(status=MessageStatus.SENDING),
                name="message_sending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject}"


class CalendarFeed(models.Model):
    """A person's private calendar address. Only its SHA-256 digest is kept; the address is
    shown once. Making a new one replaces the old; revoking ends it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
