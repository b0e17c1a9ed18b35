from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/calendar/", views.calendar_page, name="calendar"),
]

# A calendar app fetches the feed with no language and no session: no /en/ or /cy/ prefix.
unprefixed_urlpatterns = [
    path("calendar/<slug:token>.ics", views.calendar_feed, name="notifications_calendar_feed"),
]
