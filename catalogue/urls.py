from django.utils.translation import gettext_lazy as _

from catalogue.views import endorse, find, lead, provide, report
from core.panels import NavItem

app_name = "catalogue"

urlpatterns = [
    *find.urlpatterns,
    *provide.urlpatterns,
    *lead.urlpatterns,
    *report.urlpatterns,
    *endorse.urlpatterns,
]

navigation: list[NavItem] = [
    NavItem(
        "catalogue:panel",
        _("Endorsement"),
        order=65,
        action="catalogue.opportunity.endorse",
        section=("catalogue:panel", "catalogue:panel_review"),
    ),
    NavItem(
        "catalogue:offer_report",
        _("The offer"),
        order=60,
        action="catalogue.offer.report",
        section=("catalogue:offer_report", "catalogue:offer_gaps"),
    ),
]
