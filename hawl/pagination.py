"""Page-number pagination for the API: ``{"count", "page", "pages", "results"}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
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
