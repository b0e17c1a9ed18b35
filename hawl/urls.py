from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from hawl import views
from hawl.api import api
from people import import_views
from people import views as people_views

handler400 = "hawl.views.bad_request"
handler403 = "hawl.views.permission_denied"
handler404 = "hawl.views.page_not_found"
handler500 = "hawl.views.server_error"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", people_views.home, name="home"),
    path("schools/", people_views.schools, name="schools"),
    path("schools/import/", import_views.schools_import, name="schools_import"),
    path(
        "schools/<str:school_number>/staff/import/",
        import_views.staff_import,
        name="school_staff_import",
    ),
    path("schools/<str:school_number>/", people_views.school, name="school"),
    path("schools/<str:school_number>/staff/", people_views.school_staff, name="school_staff"),
    path("account/", people_views.account, name="account"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/", include("people.auth_urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
