"""Root URLs: every installed app's ``urls.py`` under /en/ and /cy/, the API, health, the admin.

An app's pages plug in by its having a ``urls.py`` (with an ``app_name``, its namespace); nothing
here names them. The few addresses that must not carry a language (a calendar feed, fetched by a
calendar app) are an app's ``unprefixed_urlpatterns``, mounted at the root with no namespace, so
their names start with the app's label.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.api import api
from core import views
from core.registry import app_modules

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/docs", views.api_docs_redirect, name="api_docs_redirect"),
    path("api/v1/", api.urls),
    *[
        path("", include(module.unprefixed_urlpatterns))
        for module in app_modules("urls")
        if hasattr(module, "unprefixed_urlpatterns")
    ],
]

urlpatterns += i18n_patterns(
    *[path("", include(module)) for module in app_modules("urls")],
    # allauth's views reverse their own URL names, so they stay outside any namespace.
    path("accounts/", include("people.auth_urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
