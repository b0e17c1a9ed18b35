from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.panels import NavItem
from people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("people/<str:username>/", views.person, name="person"),
    path("schools/<str:school_number>/staff/", views.school_staff, name="school_staff"),
    path(
        "schools/<str:school_number>/staff/import/", views.staff_import, name="school_staff_import"
    ),
]

navigation = [
    NavItem("people:home", _("Home"), order=10),
    NavItem("people:account", _("My account"), order=90),
]
