"""Writes to the catalogue: opportunities, sessions, and the booking rules that never overbook.

Every change to a session's places runs in one transaction that first locks the session's row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions take the write lock),
then reads and writes its counts. Concurrent bookings on one session queue on that lock, so
``taken`` never passes ``capacity`` and waitlist positions stay 1..N without gaps; the database's
constraints (``session_not_overbooked``, one live booking per person, unique positions) are the
last guard (``places``).

Rules that say no raise ``DomainError`` with a message in the user's language and the field it
is about. What a person should be told is queued in the same transaction (``catalogue.notify``)
and sent by the worker after it commits. Every public name is here.
"""

from catalogue.services.attendance import check_in as check_in
from catalogue.services.attendance import enrolment_complete as enrolment_complete
from catalogue.services.attendance import enrolment_start as enrolment_start
from catalogue.services.attendance import evaluation_save as evaluation_save
from catalogue.services.attendance import interest_register as interest_register
from catalogue.services.attendance import interest_withdraw as interest_withdraw
from catalogue.services.attendance import register_mark as register_mark
from catalogue.services.bookings import BookingOutcome as BookingOutcome
from catalogue.services.bookings import StaffBooking as StaffBooking
from catalogue.services.bookings import booking_accept_offer as booking_accept_offer
from catalogue.services.bookings import booking_approve as booking_approve
from catalogue.services.bookings import booking_cancel as booking_cancel
from catalogue.services.bookings import booking_create as booking_create
from catalogue.services.bookings import booking_decline as booking_decline
from catalogue.services.bookings import bookings_for_staff as bookings_for_staff
from catalogue.services.bookings import clashes_for as clashes_for
from catalogue.services.bookings import offers_expire as offers_expire
from catalogue.services.bookings import staff_person as staff_person
from catalogue.services.endorsement import criteria_in_force as criteria_in_force
from catalogue.services.endorsement import review_save as review_save
from catalogue.services.endorsement import submission_create as submission_create
from catalogue.services.endorsement import submission_decide as submission_decide
from catalogue.services.facets import facets_rebuild as facets_rebuild
from catalogue.services.opportunities import MAPPINGS as MAPPINGS
from catalogue.services.opportunities import opportunity_save as opportunity_save
from catalogue.services.places import close_gap as close_gap
from catalogue.services.places import locked as locked
from catalogue.services.places import locked_booking as locked_booking
from catalogue.services.places import promote as promote
from catalogue.services.places import rules_on as rules_on
from catalogue.services.places import settle as settle
from catalogue.services.sessions import CHECK_IN_ALPHABET as CHECK_IN_ALPHABET
from catalogue.services.sessions import MeetingTimes as MeetingTimes
from catalogue.services.sessions import next_sessions_due as next_sessions_due
from catalogue.services.sessions import next_sessions_refresh as next_sessions_refresh
from catalogue.services.sessions import session_cancel as session_cancel
from catalogue.services.sessions import session_create as session_create
from catalogue.services.sessions import session_duplicate as session_duplicate
from catalogue.services.sessions import session_duplicate_to as session_duplicate_to
from catalogue.services.sessions import session_update as session_update
