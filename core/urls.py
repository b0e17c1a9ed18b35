from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("api/", views.api_docs, name="api_docs"),
    path("feedback/", views.feedback, name="feedback"),
]
