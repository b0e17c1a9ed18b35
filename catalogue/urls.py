from django.utils.translation import gettext_lazy as _

from catalogue import import_views
from catalogue.views import find, lead, provide
from core.panels import NavItem

app_name = "catalogue"

urlpatterns = [*find.urlpatterns, *provide.urlpatterns, *lead.urlpatterns]
urlpatterns += import_views.urlpatterns

navigation: list[NavItem] = [
    NavItem(
        "catalogue:manage",
        _("Our offer"),
        order=40,
        action="catalogue.opportunity.manage",
        section=provide.SECTION + import_views.SECTION,
    ),
]
