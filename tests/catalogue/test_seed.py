"""The catalogue's seed: counts and waitlists as the booking rules leave them, and a demo with
something to do for each sign-in."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from catalogue.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    Evaluation,
    LearningRecord,
    Opportunity,
    Session,
    Status,
)
from catalogue.seed import chunks
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


def seeded_bookings() -> list[tuple]:
    """Every session with its counts and its bookings, evaluations and learning records, by
    natural keys (a rolled-back seed leaves the sequences behind on PostgreSQL), each kind sorted
    here so that rows equal in the database's order keys cannot swap places."""
    parts = [
        Session.objects.order_by("check_in_code").values_list(
            "check_in_code", "opportunity__title_en", "starts_at", "capacity", "taken", "waitlisted"
        ),
        Booking.objects.order_by("session__check_in_code", "person__user__username").values_list(
            "session__check_in_code",
            "person__user__username",
            "status",
            "waitlist_position",
            "created_at",
        ),
        Evaluation.objects.order_by(
            "booking__session__check_in_code", "booking__person__user__username"
        ).values_list(
            "booking__session__check_in_code",
            "booking__person__user__username",
            "rating",
            "comment",
            "created_at",
        ),
        Evaluation.characteristics.through.objects.order_by(
            "evaluation__booking__session__check_in_code",
            "evaluation__booking__person__user__username",
            "term__code",
        ).values_list(
            "evaluation__booking__session__check_in_code",
            "evaluation__booking__person__user__username",
            "term__code",
        ),
        LearningRecord.objects.order_by(
            "booking__session__check_in_code", "person__user__username"
        ).values_list(
            "booking__session__check_in_code", "person__user__username", "completed_on", "hours"
        ),
    ]
    return [row for part in parts for row in sorted(part, key=repr)]


def test_seeding_in_small_chunks_keeps_every_sessions_counts_and_gives_the_same_rows(
    db, monkeypatch
):
    """The seed inserts a chunk of rows at a time: with chunks far smaller than the demo, each
    session's counts still match its rows, its waitlist runs 1..N, and the rows are those of
    one big chunk."""
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)  # one side of every session's end
    with transaction.atomic():
        assert seed(scale="demo")
        in_one_chunk = seeded_bookings()
        transaction.set_rollback(True)
    monkeypatch.setattr(chunks, "CHUNK", 250)
    assert seed(scale="demo")
    assert seeded_bookings() == in_one_chunk
    holding = dict(
        Booking.objects.filter(status__in=HOLDS_PLACE)
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    waiting: dict[int, list[int]] = {}
    for session_id, position in Booking.objects.filter(status=BookingStatus.WAITLISTED).values_list(
        "session", "waitlist_position"
    ):
        waiting.setdefault(session_id, []).append(position)
    sessions = Session.objects.values_list("pk", "capacity", "taken", "waitlisted")
    assert Booking.objects.count() > 10 * chunks.CHUNK
    for pk, capacity, taken, waitlisted in sessions:
        assert taken == holding.get(pk, 0) <= capacity
        assert sorted(waiting.get(pk, [])) == list(range(1, waitlisted + 1))
    assert sum(waitlisted for *_rest, waitlisted in sessions) > 0
    attended = Booking.objects.filter(status=BookingStatus.ATTENDED)
    assert set(LearningRecord.objects.values_list("booking", flat=True)) == set(
        attended.values_list("pk", flat=True)
    )
    assert Evaluation.objects.exclude(booking__in=attended).count() == 0
