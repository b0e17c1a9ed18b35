"""What organisations add to pages it does not own: tasks and a provider's own organisation on
a person's home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access
from core.panels import Task, panel
from core.roles import Role
from organisations.models import Organisation


@panel("home-tasks", template="", order=20)
def directory_tasks(request: HttpRequest) -> dict[str, Any] | None:
    reach = access.reach(request.user)
    tasks = []
    if reach.allows("organisations.school.view"):
        tasks.append(
            Task(
                _("Find a school"),
                reverse("organisations:schools"),
                _(
                    "Look up the schools you can see: their local authority, region, cluster, "
                    "sector and language category."
                ),
            )
        )
    if reach.allows("organisations.school.import"):
        tasks.append(
            Task(
                _("Import schools"),
                reverse("organisations:schools_import"),
                _("Add or update schools from the Welsh Government's address list, saved as CSV."),
            )
        )
    return {"tasks": tasks} if tasks else None


@panel("home", template="organisations/panels/home_provider.html", order=20)
def provider(request: HttpRequest) -> dict[str, Any] | None:
    """A provider's administrator sees the provider they work for."""
    roots = access.reach(request.user).roots([Role.PROVIDER_ADMIN])
    if not roots:
        return None
    return {"providers": list(Organisation.objects.filter(pk__in=roots).order_by("name_en"))}
