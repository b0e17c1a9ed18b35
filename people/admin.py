from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyAdmin, PolicyPermissions
from core.errors import DomainError
from people import services
from people.models import ApiToken, Employment, Person, RoleGrant, User


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleGrant
        fields = ("user", "role", "organisation", "starts_on", "ends_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        grant = self.instance
        user = data.get("user") or (grant.user if grant.pk else None)
        organisation = data.get("organisation") or (grant.organisation if grant.pk else None)
        role = data.get("role") or grant.role
        if user is None or organisation is None or not data.get("starts_on") or self.errors:
            return data
        try:
            services.role_grant_check(
                user=user,
                role=role,
                organisation=organisation,
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
                grant=grant if grant.pk else None,
            )
        except DomainError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)
        return data


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
    """Grants are made and changed through the role service, so the admin keeps its rules."""

    form = RoleGrantForm
    list_display = ("user", "role", "organisation", "starts_on", "ends_on")
    list_filter = ("role",)
    raw_id_fields = ("user", "organisation")

    def get_readonly_fields(self, request: HttpRequest, obj: RoleGrant | None = None) -> Any:
        # Another holder, role or organisation is another grant: end this one, make that.
        return ("user", "role", "organisation") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.role_grant_change(
                grant=obj, starts_on=data["starts_on"], ends_on=data.get("ends_on")
            )
        else:
            created = services.role_grant_create(
                user=data["user"],
                role=data["role"],
                organisation=data["organisation"],
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
            )
            obj.pk = created.pk


@admin.register(ApiToken)
class ApiTokenAdmin(PolicyAdmin):
    list_display = ("user", "label", "created_at", "last_used_on", "revoked_at")
    readonly_fields = ("digest",)
    raw_id_fields = ("user",)
