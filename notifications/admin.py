"""The outbox and the calendar feeds, for platform administrators: read, and set going again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import PolicyAdmin
from notifications import services
from notifications.models import CalendarFeed, Message, MessageStatus


@admin.register(Message)
class MessageAdmin(PolicyAdmin):
    """What was sent to whom, and what is stuck. Messages are written by ``queue`` only."""

    list_display = (
        "created_at",
        "address",
        "template",
        "subject",
        "language",
        "status",
        "attempts",
        "sent_at",
    )
    list_filter = ("status", "language")
    search_fields = ("address", "subject", "key", "template")
    actions = ("send_again",)

    def get_readonly_fields(self, request: HttpRequest, obj: Message | None = None) -> Any:
        return [field.name for field in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed emails again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        failed = list(queryset.filter(status=MessageStatus.FAILED))
        for message in failed:
            services.message_retry(message=message)
        self.message_user(
            request,
            ngettext(
                "%(count)s failed email will be sent again.",
                "%(count)s failed emails will be sent again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(PolicyAdmin):
    """People make their own feeds; an administrator can only see them and turn them off."""

    list_display = ("user", "created_at", "last_used_on", "revoked_at")
    search_fields = ("user__username", "user__email")
    readonly_fields = ("user", "digest", "created_at", "last_used_on", "revoked_at")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    @admin.action(description=_("Turn off the selected calendar links"))
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        for feed in queryset.select_related("user"):
            services.calendar_feed_revoke(user=feed.user)
