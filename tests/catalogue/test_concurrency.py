"""Never overbook: bookings and cancellations racing on one session, in real threads.

PostgreSQL only: see ``tests/concurrency.py``.
"""

from __future__ import annotations

from catalogue import services
from catalogue.models import Booking, BookingStatus, Session
from core.errors import DomainError
from tests.catalogue.support import make_session
from tests.concurrency import POSTGRESQL_ONLY, reference_data, together
from tests.factories import EmploymentFactory, PersonFactory

pytestmark = POSTGRESQL_ONLY
__all__ = ["reference_data"]


def staff(school, count):
    people = []
    for _ in range(count):
        person = PersonFactory()
        EmploymentFactory(person=person, school=school)
        people.append(person)
    return people


def booker(session, person):
    return lambda: services.booking_create(session=session, person=person, by=person.user).booking


def check_counts(session: Session) -> Session:
    """The session's counters agree with its rows, and the waitlist is 1..N."""
    session.refresh_from_db()
    holding = Booking.objects.filter(session=session, status__in=("booked", "offered", "requested"))
    assert session.taken == holding.count() <= session.capacity
    waiting = list(
        Booking.objects.filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    assert waiting == list(range(1, len(waiting) + 1))
    assert session.waitlisted == len(waiting)
    return session


def test_forty_people_racing_for_ten_places(reference_data, world):
    session = make_session(capacity=10)
    people = staff(world.school_a, 40)

    outcomes = together(*(booker(session, person) for person in people))

    assert not [o for o in outcomes if isinstance(o, Exception)]
    statuses = sorted(o.status for o in outcomes)
    assert statuses.count("booked") == 10
    assert statuses.count("waitlisted") == 30
    session = check_counts(session)
    assert (session.taken, session.waitlisted) == (10, 30)
    # Positions follow the order the bookings were made in: nobody jumped the queue.
    waiting = Booking.objects.filter(session=session, status="waitlisted").order_by(
        "waitlist_position"
    )
    assert [b.pk for b in waiting] == sorted(b.pk for b in waiting)


def test_the_same_person_twice_at_once_gets_one_booking(reference_data, world):
    session = make_session(capacity=10)
    person = staff(world.school_a, 1)[0]

    outcomes = together(*(booker(session, person) for _ in range(8)))

    assert sum(isinstance(o, Booking) for o in outcomes) == 1
    assert all(isinstance(o, DomainError) for o in outcomes if not isinstance(o, Booking))
    assert check_counts(session).taken == 1


def test_cancellations_racing_bookings_keep_counts_and_positions(reference_data, world):
    session = make_session(capacity=10)
    first = staff(world.school_a, 20)
    booked = [booker(session, person)() for person in first]  # 10 booked, 10 waitlisted
    newcomers = staff(world.school_a, 20)

    cancels = [
        (lambda b=b: services.booking_cancel(booking=b, by=b.person.user))
        for b in booked[:5] + booked[12:17]  # 5 booked and 5 waitlisted leave
    ]
    outcomes = together(*cancels, *(booker(session, person) for person in newcomers))

    assert not [o for o in outcomes if isinstance(o, Exception)]
    session = check_counts(session)
    assert session.taken == 10
    # 20 + 20 people, 10 cancelled: 10 hold places (booked or offered), 20 wait.
    assert session.waitlisted == 20
    offered = Booking.objects.filter(session=session, status="offered")
    # The five places freed went to people already waiting, never to a newcomer.
    assert offered.count() == 5
    assert not offered.filter(person__in=newcomers).exists()


def test_raising_capacity_while_people_book(reference_data, world):
    session = make_session(capacity=5)
    people = staff(world.school_a, 30)
    for person in people[:10]:
        booker(session, person)()

    outcomes = together(
        lambda: services.session_update(session=session, capacity=12),
        *(booker(session, person) for person in people[10:]),
    )

    assert not [o for o in outcomes if isinstance(o, Exception)]
    session = check_counts(session)
    assert session.taken == 12
    assert session.waitlisted == 18
