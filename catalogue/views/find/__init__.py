"""Pages for practitioners: find the offer, see an opportunity, book it, and keep track.

The filters live in the URL (one GET form), so a search can be bookmarked, shared and used
without JavaScript. Every change is a POST that redirects (post/redirect/get); when a rule says
no, the page is shown again with the service's ``DomainError`` in an error summary.
"""

from catalogue.views.find import booking, evaluate, my_bookings, offer, opportunity

urlpatterns = [
    *offer.urlpatterns,
    *opportunity.urlpatterns,
    *booking.urlpatterns,
    *my_bookings.urlpatterns,
    *evaluate.urlpatterns,
]
