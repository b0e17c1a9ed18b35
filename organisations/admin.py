from django.contrib import admin

from core.admin import PolicyAdmin, PolicyTabularInline
from organisations.models import Organisation, OrganisationLink, SchoolCensus, SchoolProfile


class LinkInline(PolicyTabularInline):
    model = OrganisationLink
    fk_name = "child"
    raw_id_fields = ("parent",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdmin):
    list_display = ("code", "name_en", "name_cy", "kind", "opened_on", "closed_on")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_cy")
    inlines = [LinkInline]


@admin.register(OrganisationLink)
class OrganisationLinkAdmin(PolicyAdmin):
    list_display = ("parent", "child", "starts_on", "ends_on")
    list_filter = ("parent__kind", "child__kind")
    search_fields = ("parent__name_en", "child__name_en", "parent__code", "child__code")
    raw_id_fields = ("parent", "child")


@admin.register(SchoolProfile)
class SchoolProfileAdmin(PolicyAdmin):
    list_display = ("school", "sector", "language_category", "postcode")
    list_filter = ("sector", "language_category")
    raw_id_fields = ("school",)


@admin.register(SchoolCensus)
class SchoolCensusAdmin(PolicyAdmin):
    list_display = ("school", "census_date", "fte_teachers")
    raw_id_fields = ("school",)
