from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.panels import NavItem
from people import import_views, views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("people/<str:username>/", views.person, name="person"),
    path("schools/<str:school_number>/staff/", views.school_staff, name="school_staff"),
    path(
        "schools/<str:school_number>/staff/import/",
        import_views.staff_import,
        name="school_staff_import",
    ),
    path(
        "schools/<str:school_number>/staff/imports/",
        import_views.staff_imports,
        name="staff_imports",
    ),
    path(
        "schools/<str:school_number>/staff/imports/<int:pk>/",
        import_views.staff_import_record,
        name="staff_import_record",
    ),
    path(
        "schools/<str:school_number>/staff/imports/<int:pk>/changes.csv",
        import_views.staff_import_csv,
        name="staff_import_csv",
    ),
    path(
        "schools/<str:school_number>/staff/imports/<int:pk>/undo/",
        import_views.staff_import_undo,
        name="staff_import_undo",
    ),
]

navigation = [
    NavItem("people:home", _("Home"), order=10),
    NavItem("people:account", _("My account"), order=90),
]
