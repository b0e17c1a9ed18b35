"""What people add to other apps' pages: a school's staff on the school page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core import access
from core.panels import panel
from organisations.models import Organisation
from people.models import Employment


@panel("school", template="people/panels/school_staff.html", order=10)
def school_staff(request: HttpRequest, *, school: Organisation) -> dict[str, Any] | None:
    """How many work here, with a link to the staff list, for those who may see it."""
    if not access.can(request.user, "people.staff.view", school):
        return None
    return {
        "school": school,
        "staff_count": Employment.objects.on(access.today()).filter(school=school).count(),
    }
