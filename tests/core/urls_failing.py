"""Hawl's URLs plus an API address and a page whose views fail (a test's URLconf)."""

from django.urls import path

from config import urls


def boom(request):
    raise RuntimeError("a view outside ninja failed")


handler400 = urls.handler400
handler404 = urls.handler404
handler500 = urls.handler500

urlpatterns = [path("api/v1/boom", boom), path("boom/", boom), *urls.urlpatterns]
