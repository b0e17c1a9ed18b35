from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.panels import NavItem
from organisations import views

app_name = "organisations"

urlpatterns = [
    path("schools/", views.schools, name="schools"),
    path("schools/import/", views.schools_import, name="schools_import"),
    path("schools/<str:school_number>/", views.school, name="school"),
]

navigation = [
    NavItem(
        "organisations:schools",
        _("Schools"),
        order=20,
        action="organisations.school.view",
        section=(
            "organisations:school",
            "organisations:schools_import",
            "people:school_staff",
            "people:school_staff_import",
            "people:person",
        ),
    )
]
