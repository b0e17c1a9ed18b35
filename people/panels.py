"""What people add to pages they do not own: a school's staff on the school page, and tasks on
a person's home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access
from core.panels import Task, panel
from core.roles import OFFICERS, Role
from organisations.models import Organisation
from people import selectors
from people.models import Employment


@panel("school", template="people/panels/school_staff.html", order=10)
def school_staff(request: HttpRequest, *, school: Organisation) -> dict[str, Any] | None:
    """How many work here, with a link to the staff list, for those who may see it."""
    if not access.can(request.user, "people.staff.view", school):
        return None
    count = Employment.objects.on(access.today()).filter(school=school).count()
    return {"school": school, "staff_count": count}


@panel("home-tasks", template="", order=10)
def staff_tasks(request: HttpRequest) -> dict[str, Any] | None:
    """A head or PL lead goes straight to their school's staff; an officer through a school."""
    user = request.user
    reach = access.reach(user)
    tasks = []
    led = selectors.led_schools(user=user)
    importable = access.permitted(user, "people.staff.import", led)
    for school in led:
        tasks.append(
            Task(
                _("See the staff of %(school)s") % {"school": school.name},
                reverse("people:school_staff", args=[school.code]),
                _("Who works there now, their roles and their jobs."),
            )
        )
        if school.pk in importable:
            tasks.append(
                Task(
                    _("Import the staff of %(school)s") % {"school": school.name},
                    reverse("people:school_staff_import", args=[school.code]),
                    _("Add and update staff from a CSV file exported from the school's MIS."),
                )
            )
    if reach.allows("people.staff.view") and not led:
        tasks.append(
            Task(
                _("See a school's staff"),
                reverse("organisations:schools"),
                _("Find the school, then open its staff list."),
            )
        )
    return {"tasks": tasks} if tasks else None


@panel("home-tasks", template="", order=90)
def account_tasks(request: HttpRequest) -> dict[str, Any]:
    return {
        "tasks": [
            Task(
                _("Choose your language"),
                reverse("people:account"),
                _("Hawl shows its pages and sends its emails to you in Welsh or in English."),
            )
        ]
    }


@panel("footer", template="people/panels/footer_api.html", order=10)
def api_link(request: HttpRequest) -> dict[str, Any] | None:
    """The API's documentation, for people who use the API: officers and token holders."""
    user = request.user
    if not user.is_authenticated:
        return None
    if (
        access.reach(user).holds(OFFICERS | {Role.PLATFORM_ADMIN})
        or user.api_tokens.filter(revoked_at__isnull=True).exists()
    ):
        return {}
    return None
