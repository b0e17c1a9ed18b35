"""The catalogue's seed: counts and waitlists as the booking rules leave them, and a demo with
something to do for each sign-in."""

from __future__ import annotations

from django.db.models import Count, Max, Q

from catalogue.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    LearningRecord,
    Opportunity,
    Session,
    Status,
)
from core.seeding import seed


def test_the_seeded_offer_is_consistent_and_the_demo_has_things_to_do(db):
    assert seed(scale="demo")
    sessions = Session.objects.annotate(
        holding=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        last=Max("bookings__waitlist_position"),
    )
    for session in sessions:
        assert session.taken == session.holding <= session.capacity
        assert session.waitlisted == session.waiting == (session.last or 0)
    assert Booking.objects.filter(status=BookingStatus.WAITLISTED).exists()
    # Every attended booking is a learning record.
    assert LearningRecord.objects.count() == Booking.objects.filter(status="attended").count()
    # Listed opportunities speak both languages.
    listed = Opportunity.objects.filter(status__in=(Status.PUBLISHED, Status.IN_DEVELOPMENT))
    assert not listed.filter(Q(title_cy="") | Q(title_en="") | Q(summary_cy="")).exists()
    # The national body's published programmes, for all of Wales, can take sessions.
    national = listed.filter(provider__code="NPLLEW", audience_organisation__kind="nation")
    assert national.filter(status=Status.PUBLISHED, format="scheduled").count() >= 3
    # The demo teacher has a booking; the head has requests to decide.
    assert Booking.objects.filter(person__user__username="teacher", status="booked").exists()
    head_school = Booking.objects.filter(
        status=BookingStatus.REQUESTED, school__role_grants__user__username="head"
    )
    assert head_school.count() >= 3
