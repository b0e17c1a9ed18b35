from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyAdmin, PolicyPermissions
from people.models import ApiToken, Employment, Person, RoleGrant, User


@admin.register(User)
class UserAdmin(PolicyPermissions, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Hawl"), {"fields": ("preferred_language",)}))
    list_display = ("username", "email", "first_name", "last_name", "preferred_language")


@admin.register(Person)
class PersonAdmin(PolicyAdmin):
    list_display = ("user", "role_type", "ewc_number")
    list_filter = ("role_type",)
    search_fields = ("user__username", "user__email", "user__last_name", "ewc_number")
    raw_id_fields = ("user",)


@admin.register(Employment)
class EmploymentAdmin(PolicyAdmin):
    list_display = ("person", "school", "role_type", "fte", "starts_on", "ends_on")
    list_filter = ("role_type",)
    raw_id_fields = ("person", "school")


@admin.register(RoleGrant)
class RoleGrantAdmin(PolicyAdmin):
    list_display = ("user", "role", "organisation", "starts_on", "ends_on")
    list_filter = ("role",)
    raw_id_fields = ("user", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(PolicyAdmin):
    list_display = ("user", "label", "created_at", "last_used_on", "revoked_at")
    readonly_fields = ("digest",)
    raw_id_fields = ("user",)
