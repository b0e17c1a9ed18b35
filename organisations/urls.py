from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.panels import NavItem
from organisations import import_views, views

app_name = "organisations"

urlpatterns = [
    path("schools/", views.schools, name="schools"),
    path("schools/import/", import_views.schools_import, name="schools_import"),
    path("schools/imports/", import_views.schools_imports, name="schools_imports"),
    path(
        "schools/imports/<int:pk>/",
        import_views.schools_import_record,
        name="schools_import_record",
    ),
    path(
        "schools/imports/<int:pk>/changes.csv",
        import_views.schools_import_csv,
        name="schools_import_csv",
    ),
    path(
        "schools/imports/<int:pk>/undo/",
        import_views.schools_import_undo,
        name="schools_import_undo",
    ),
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
            "organisations:schools_imports",
            "organisations:schools_import_record",
            "organisations:schools_import_undo",
            "people:school_staff",
            "people:school_staff_import",
            "people:staff_imports",
            "people:staff_import_record",
            "people:staff_import_undo",
            "people:person",
        ),
    )
]
