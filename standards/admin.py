from django.contrib import admin

from standards.models import Element, Framework, Standard, Term, Vocabulary


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Vocabulary)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_cy", "version")
    inlines = [TermInline]


class StandardInline(admin.TabularInline):
    model = Standard
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "version", "starts_on", "ends_on")
    inlines = [StandardInline]


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_cy", "framework", "order")
    list_filter = ("framework",)
    inlines = [ElementInline]
