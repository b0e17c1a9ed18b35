"""Page-number pagination: the API's ``{"count", "page", "pages", "results"}``, and the page
links GOV.UK pagination shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def paginate(queryset: QuerySet, page: int, serialise: Callable[[Any], Any]) -> dict[str, Any]:
    paginator = Paginator(queryset, settings.HAWL_API_PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [serialise(item) for item in current.object_list],
    }


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
