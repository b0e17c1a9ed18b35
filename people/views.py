from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from people import access, selectors, services
from people.forms import AccountForm, SchoolFilterForm


def page_numbers(page: Page) -> list[int | str]:
    """Page links GOV.UK-style: first, last, and neighbours of the current page."""
    last = page.paginator.num_pages
    wanted = sorted(
        {1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1))
    )
    numbers: list[int | str] = []
    for number in wanted:
        if numbers and isinstance(numbers[-1], int) and number - numbers[-1] > 1:
            numbers.append("…")
        numbers.append(number)
    return numbers


@access.public
def home(request: HttpRequest) -> HttpResponse:
    summary = selectors.home_summary(user=request.user) if request.user.is_authenticated else None
    can_browse = request.user.is_authenticated and access.reach(request.user).allows(
        "people.organisation.view"
    )
    return render(request, "people/home.html", {"summary": summary, "can_browse": can_browse})


@access.rule("people.organisation.view")
def schools(request: HttpRequest) -> HttpResponse:
    form = SchoolFilterForm(request.GET or None, options=selectors.school_filter_options())
    queryset = selectors.school_list(user=request.user, filters=form.filters())
    page = Paginator(queryset, settings.HAWL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/schools.html",
        {
            "form": form,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "can_import_schools": access.reach(request.user).allows("people.school.import"),
        },
    )


@access.rule("people.organisation.view")
def school(request: HttpRequest, school_number: str) -> HttpResponse:
    found = selectors.school_get(user=request.user, school_number=school_number)
    detail = selectors.school_detail(user=request.user, school=found)
    return render(request, "people/school.html", {"detail": detail, "school": found})


@access.rule("people.school.staff.view")
def school_staff(request: HttpRequest, school_number: str) -> HttpResponse:
    found = selectors.school_get(user=request.user, school_number=school_number)
    staff = selectors.staff_list(user=request.user, school=found)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/staff.html",
        {
            "school": found,
            "page_obj": page,
            "page_numbers": page_numbers(page),
            "can_import_staff": access.can(request.user, "people.school.staff.import", found),
        },
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
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    return render(request, "people/account.html", {"form": form})
