from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from people import access
from people.models import (
    ApiToken,
    Employment,
    Organisation,
    OrganisationLink,
    Person,
    RoleGrant,
    SchoolCensus,
    SchoolProfile,
    User,
)


def _has_permission(request: HttpRequest) -> bool:
    """Django admin is for platform administrators only (a role grant, not just a flag)."""
    user = request.user
    return bool(user.is_active and user.is_staff and access.reach(user).allows("hawl.admin"))


admin.site.has_permission = _has_permission
admin.site.site_header = _("Hawl administration")
admin.site.site_title = _("Hawl administration")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Hawl"), {"fields": ("preferred_language",)}))
    list_display = ("username", "email", "first_name", "last_name", "preferred_language")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("user", "role_type", "ewc_number")
    list_filter = ("role_type",)
    search_fields = ("user__username", "user__email", "user__last_name", "ewc_number")
    raw_id_fields = ("user",)


class LinkInline(admin.TabularInline):
    model = OrganisationLink
    fk_name = "child"
    raw_id_fields = ("parent",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_cy", "kind", "opened_on", "closed_on")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_cy")
    inlines = [LinkInline]


@admin.register(OrganisationLink)
class OrganisationLinkAdmin(admin.ModelAdmin):
    list_display = ("parent", "child", "starts_on", "ends_on")
    list_filter = ("parent__kind", "child__kind")
    search_fields = ("parent__name_en", "child__name_en", "parent__code", "child__code")
    raw_id_fields = ("parent", "child")


@admin.register(SchoolProfile)
class SchoolProfileAdmin(admin.ModelAdmin):
    list_display = ("school", "sector", "language_category", "postcode")
    list_filter = ("sector", "language_category")
    raw_id_fields = ("school",)


@admin.register(SchoolCensus)
class SchoolCensusAdmin(admin.ModelAdmin):
    list_display = ("school", "census_date", "fte_teachers")
    raw_id_fields = ("school",)


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ("person", "school", "role_type", "fte", "starts_on", "ends_on")
    list_filter = ("role_type",)
    raw_id_fields = ("person", "school")


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "starts_on", "ends_on")
    list_filter = ("role",)
    raw_id_fields = ("user", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "label", "created_at", "last_used_on", "revoked_at")
    readonly_fields = ("digest",)
    raw_id_fields = ("user",)
