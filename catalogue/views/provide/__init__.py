"""Pages for those who publish the offer and run its sessions (see ``catalogue.views``).

Their offer in every status, creating and editing opportunities and moving them through draft,
coming soon, published and archived; sessions (add, change, copy to another day, cancel); each
session's counts, check-in code and register, its register and bookings as CSV; and what people
said in their evaluations. Everything is scoped to the providers the user manages: another
provider's opportunity or session is a 404, as if it did not exist. Imports from CSV files are
in ``catalogue.import_views``.
"""

from catalogue.views.provide import evaluations, opportunities, register, sessions

urlpatterns = [
    *opportunities.urlpatterns,
    *sessions.urlpatterns,
    *register.urlpatterns,
    *evaluations.urlpatterns,
]

# The pages of "Our offer", so its navigation item is current on each of them.
SECTION = tuple(f"catalogue:{pattern.name}" for pattern in urlpatterns)
