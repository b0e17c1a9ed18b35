from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import access
from notifications import calendar, selectors, services
from notifications.forms import CalendarFeedForm


@access.signed_in
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Make, replace or turn off the person's private calendar address; a new one is shown once,
    on the answer to the request that made it, and never again."""
    user = request.user
    status = 200
    if request.method == "POST":
        form = CalendarFeedForm(request.POST)
        if not form.is_valid():
            status = 400  # only the page's own buttons post here
        elif form.cleaned_data["action"] == "create":
            token = services.calendar_feed_create(user=user)
            feed_url = request.build_absolute_uri(
                reverse("notifications_calendar_feed", args=[token])
            )
            # Signed in, so not kept by the browser either (core.headers: no-store).
            return render(request, "notifications/calendar_created.html", {"feed_url": feed_url})
        else:
            services.calendar_feed_revoke(user=user)
            messages.success(request, _("Your calendar link has been turned off."))
            return redirect("notifications:calendar")
    feed = selectors.calendar_feed_get(user=user)
    return render(request, "notifications/calendar.html", {"feed": feed}, status=status)


@access.public
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed a calendar app subscribes to: the token is the only key, so nothing is cached on
    the way and an unknown or revoked one is simply not found."""
    user = services.calendar_feed_user(token=token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar.feed_for(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Disposition"] = 'inline; filename="hawl.ics"'
    return response
