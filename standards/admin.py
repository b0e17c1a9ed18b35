from django.contrib import admin

from core.admin import PolicyAdmin, PolicyTabularInline
from standards.models import Element, Framework, Standard, Term, Vocabulary


class TermInline(PolicyTabularInline):
    model = Term
    extra = 0


@admin.register(Vocabulary)
class VocabularyAdmin(PolicyAdmin):
    list_display = ("code", "name_en", "name_cy", "version")
    inlines = [TermInline]


class StandardInline(PolicyTabularInline):
    model = Standard
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(PolicyAdmin):
    list_display = ("code", "name_en", "version", "starts_on", "ends_on")
    inlines = [StandardInline]


class ElementInline(PolicyTabularInline):
    model = Element
    extra = 0


@admin.register(Standard)
class StandardAdmin(PolicyAdmin):
    list_display = ("name_en", "name_cy", "framework", "order")
    list_filter = ("framework",)
    inlines = [ElementInline]
