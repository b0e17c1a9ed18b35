from django.utils.translation import gettext_lazy as _

from catalogue import import_views
from catalogue.views import endorse, find, lead, provide, report
from core.panels import NavItem

app_name = "catalogue"

urlpatterns = [
    *find.urlpatterns,
    *provide.urlpatterns,
    *lead.urlpatterns,
    *report.urlpatterns,
    *endorse.urlpatterns,
    *import_views.urlpatterns,
]

navigation: list[NavItem] = [
    NavItem(
        "catalogue:find",
        _("Find learning"),
        order=30,
        action="catalogue.opportunity.view",
        section=(
            "catalogue:opportunity",
            "catalogue:book",
            "catalogue:enrolment_evaluate",
        ),
    ),
    NavItem(
        "catalogue:my_bookings",
        _("My bookings"),
        order=40,
        action="catalogue.booking.book",
        section=(
            "catalogue:booking",
            "catalogue:booking_cancel",
            "catalogue:check_in",
            "catalogue:booking_evaluate",
        ),
    ),
    NavItem(
        "catalogue:manage",
        _("Our offer"),
        order=50,
        action="catalogue.opportunity.manage",
        section=(*provide.SECTION, *import_views.SECTION, "catalogue:endorsement"),
    ),
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
