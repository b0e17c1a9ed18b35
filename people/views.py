from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from core import access
from core.csvkit import ImportResult
from core.import_pages import import_page
from core.pagination import page_numbers
from organisations import selectors as organisation_selectors
from people import imports, selectors, services
from people.forms import AccountForm


@access.public
def home(request: HttpRequest) -> HttpResponse:
    summary = selectors.home_summary(user=request.user) if request.user.is_authenticated else None
    can_browse = request.user.is_authenticated and access.reach(request.user).allows(
        "organisations.organisation.view"
    )
    return render(request, "people/home.html", {"summary": summary, "can_browse": can_browse})


@access.rule("people.staff.view")
def school_staff(request: HttpRequest, school_number: str) -> HttpResponse:
    found = organisation_selectors.school_get(user=request.user, school_number=school_number)
    staff = selectors.staff_list(user=request.user, school=found)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/staff.html",
        {
            "school": found,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "can_import_staff": access.can(request.user, "people.staff.import", found),
        },
    )


@access.rule("people.staff.import")
def staff_import(request: HttpRequest, school_number: str) -> HttpResponse:
    """A school's leaders load its MIS export; another school's page is a 404, as if missing."""
    school = organisation_selectors.school_get(user=request.user, school_number=school_number)
    access.require(request.user, "people.staff.import", school)

    def run(data: bytes | str, apply: bool) -> ImportResult:
        return imports.staff_import(school=school, data=data, by=request.user, apply=apply)

    return import_page(
        request,
        scope=f"staff:{school.code}",
        run=run,
        summary=imports.summary_text,
        done=reverse("people:school_staff", args=[school.code]),
        context={"school": school, "staff": True, "columns": imports.STAFF_COLUMNS},
    )


@access.signed_in
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(
        request.POST or None, initial={"preferred_language": user.preferred_language}
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        services.user_set_preferred_language(user=user, language=language)
        with translation.override(language):
            messages.success(request, _("Your preferred language has been saved."))
        response = redirect(translate_url(request.path, language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return response
    return render(request, "people/account.html", {"form": form})
