"""Django's admin, behind the access policy: every model asks it, not Django's permission flags.

Platform administrators (a role grant on the nation, as ``hawl createsuperuser`` gives) use the
whole admin; nobody else sees it, whatever their ``is_staff`` or ``is_superuser`` says.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import Feedback, ImportRecord

ADMIN_ACTION = "core.admin"


def allowed(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and access.reach(user).allows(ADMIN_ACTION))


admin.site.has_permission = allowed
admin.site.site_header = _("Hawl administration")
admin.site.site_title = _("Hawl administration")


class PolicyPermissions:
    """Every permission of a ModelAdmin or inline is the access policy's answer."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request)


class PolicyReadOnlyPermissions(PolicyPermissions):
    """The access policy says who may look; nobody adds, changes or deletes anything."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PolicyAdmin(PolicyPermissions, admin.ModelAdmin):
    pass


class PolicyReadOnlyAdmin(PolicyReadOnlyPermissions, admin.ModelAdmin):
    pass


class PolicyTabularInline(PolicyPermissions, admin.TabularInline):
    pass


@admin.register(Feedback)
class FeedbackAdmin(PolicyAdmin):
    """Read what people sent; nobody edits it."""

    list_display = ("created_at", "page", "language", "user")
    list_filter = ("language",)
    search_fields = ("message", "page")
    readonly_fields = ("message", "page", "language", "user", "created_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(PolicyReadOnlyAdmin):
    """Every import, to read: its changes are undone from its own page, never edited here."""

    list_display = ("created_at", "kind", "by", "status", "file_name")
    list_filter = ("kind", "status")
    list_select_related = ("by",)
    ordering = ("-created_at",)
