"""Session services: booking typed times, refusals with alternatives, lifecycle, history, notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mentormatch.core.feasibility import Refusal
from mentormatch.notifications.models import Notification
from mentormatch.scheduling.models import (
    Professional,
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
    Student,
)
from mentormatch.scheduling.services.sessions import (
    BookingConflict,
    InvalidTime,
    session_cancel,
    session_complete,
    session_mark_no_show,
    session_reschedule,
    session_schedule,
)
from mentormatch.web.errors import ApiError, Conflict
from tests.scheduling.seed_people import NOW, dana, jordan, professional_with

pytestmark = pytest.mark.django_db
ACTOR = "discord:200000000000000001"
MONDAY_3_30_PM_EASTERN = dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)


@pytest.fixture
def pair() -> tuple[Student, Professional, ReviewRequest]:
    professional = dana()
    request = jordan()
    return request.student, professional, request


def _book(pair: tuple[Student, Professional, ReviewRequest], text: str, **kwargs: Any) -> ScheduledSession:
    student, professional, _request = pair
    return session_schedule(
        student=student, professional=professional, scheduled_time=text, actor=ACTOR, now=NOW, **kwargs
    )


def _second_request(pair: tuple[Student, Professional, ReviewRequest]) -> ReviewRequest:
    """Another pending request of the same student (one request holds one scheduled session)."""
    student, _professional, first = pair
    return ReviewRequest.objects.create(student=student, timezone=first.timezone, windows=first.windows)


def _refusal(call: Callable[[], object]) -> BookingConflict:
    with pytest.raises(BookingConflict) as caught:
        call()
    return caught.value


def test_monday_three_thirty_pm_books_the_next_monday_at_twenty_thirty_utc(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    assert (session.start, session.end) == (
        MONDAY_3_30_PM_EASTERN,
        MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=30),
    )
    assert session.status == ScheduledSession.Status.SCHEDULED
    assert session.scheduled_by == ACTOR


def test_monday_nine_am_is_refused_with_the_nearest_alternatives(pair: Any) -> None:
    refusal = _refusal(lambda: _book(pair, "Monday 9:00 AM"))
    assert refusal.code == Refusal.OUTSIDE_AVAILABILITY
    assert [a["label"] for a in refusal.details["alternatives"]] == [
        "Mon Dec 7, 3:00 PM EST",
        "Mon Dec 7, 3:30 PM EST",
        "Mon Dec 7, 4:00 PM EST",
    ]
    assert "Nearest free times: Mon Dec 7, 3:00 PM EST" in refusal.message
    assert not ScheduledSession.objects.exists()


def test_a_time_naming_a_zone_is_read_in_that_zone(pair: Any) -> None:
    session = _book(pair, "Mon 14:00 CT")
    assert session.start == dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)


def test_the_timezone_given_applies_to_a_time_without_one(pair: Any) -> None:
    session = _book(pair, "Monday 2:30 PM", timezone="America/Chicago")
    assert session.start == MONDAY_3_30_PM_EASTERN


def test_a_full_date_and_time_is_read_in_the_program_zone(pair: Any) -> None:
    session = _book(pair, "2026-12-14 15:30")
    assert session.start == dt.datetime(2026, 12, 14, 20, 30, tzinfo=dt.UTC)


def test_an_unreadable_time_is_refused_as_invalid(pair: Any) -> None:
    with pytest.raises(InvalidTime):
        _book(pair, "sometime next week maybe")


def test_an_unknown_zone_is_refused_as_invalid(pair: Any) -> None:
    with pytest.raises(InvalidTime, match="Mars"):
        _book(pair, "Monday 3:30 PM", timezone="Mars Standard")


def test_booking_marks_the_request_scheduled_and_records_who_did_it(pair: Any) -> None:
    _book(pair, "Monday 3:30 PM")
    request = ReviewRequest.objects.get(pk=pair[2].pk)
    change = ReviewRequestStatusChange.objects.filter(review_request=request).order_by("pk").last()
    assert request.status == ReviewRequest.Status.SCHEDULED
    assert change is not None and (change.from_status, change.to_status, change.actor, change.at) == (
        "pending",
        "scheduled",
        ACTOR,
        NOW,
    )


def test_booking_records_a_booked_event_with_actor_and_time(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    event = SessionEvent.objects.get(session=session)
    assert (event.kind, event.actor, event.at) == ("booked", ACTOR, NOW)


def test_a_booking_notifies_both_people_after_commit(
    pair: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session = _book(pair, "Monday 3:30 PM")
    assert callbacks
    roles = set(Notification.objects.filter(session=session).values_list("recipient_role", flat=True))
    assert {"student", "professional"} <= roles


def test_a_refused_booking_notifies_nobody(pair: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _refusal(lambda: _book(pair, "Monday 9:00 AM"))
    assert callbacks == []
    assert not Notification.objects.exists()


def test_a_second_student_cannot_take_the_professionals_booked_time(pair: Any) -> None:
    _book(pair, "Monday 3:30 PM")
    other = Student.objects.create(
        name="Jane Doe", discord_id="100000000000000077", timezone="America/New_York"
    )
    ReviewRequest.objects.create(student=other, timezone="America/New_York", windows=pair[2].windows)
    refusal = _refusal(
        lambda: session_schedule(
            student=other, professional=pair[1], scheduled_time="Monday 3:30 PM", actor=ACTOR, now=NOW
        )
    )
    assert refusal.code == Refusal.ALREADY_BOOKED
    assert "Mon Dec 7, 3:00 PM EST" in refusal.message


def test_a_student_cannot_be_booked_twice_at_the_same_time(pair: Any) -> None:
    _book(pair, "Monday 3:30 PM")
    _second_request(pair)
    other = professional_with("Sam Poe", "Monday 3-5 PM")
    refusal = _refusal(
        lambda: session_schedule(
            student=pair[0], professional=other, scheduled_time="Monday 3:30 PM", actor=ACTOR, now=NOW
        )
    )
    assert refusal.code == Refusal.ALREADY_BOOKED


def test_a_booking_past_the_weekly_limit_is_refused(pair: Any) -> None:
    professional = pair[1]
    professional.max_sessions_per_week = 1
    professional.save()
    _book(pair, "Monday 3:30 PM")
    _second_request(pair)
    refusal = _refusal(lambda: _book(pair, "Wednesday 1:00 PM"))
    assert refusal.code == Refusal.WEEKLY_LIMIT


def test_an_inactive_professional_cannot_be_booked(pair: Any) -> None:
    pair[1].active = False
    pair[1].save()
    with pytest.raises(Conflict, match="not active"):
        _book(pair, "Monday 3:30 PM")


def test_a_start_given_as_a_datetime_is_booked_as_is(pair: Any) -> None:
    student, professional, _request = pair
    session = session_schedule(
        student=student, professional=professional, start=MONDAY_3_30_PM_EASTERN, actor=ACTOR, now=NOW
    )
    assert session.start == MONDAY_3_30_PM_EASTERN


def test_a_longer_duration_must_fit_the_availability_too(pair: Any) -> None:
    refusal = _refusal(lambda: _book(pair, "Monday 4:30 PM", duration_minutes=60))
    assert refusal.code == Refusal.OUTSIDE_AVAILABILITY


# --- lifecycle --------------------------------------------------------------------------------------------


def test_cancelling_frees_the_request_and_records_the_change(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    later = NOW + dt.timedelta(hours=1)
    cancelled = session_cancel(session=session, actor="discord:3", reason="student asked", now=later)
    event = SessionEvent.objects.filter(session=session).order_by("pk").last()
    assert cancelled.status == ScheduledSession.Status.CANCELLED
    assert cancelled.sequence == 1
    assert ReviewRequest.objects.get(pk=pair[2].pk).status == ReviewRequest.Status.PENDING
    assert event is not None and (event.kind, event.actor, event.at, event.data) == (
        "cancelled",
        "discord:3",
        later,
        {"reason": "student asked"},
    )


def test_a_cancelled_time_can_be_booked_again(pair: Any) -> None:
    session_cancel(session=_book(pair, "Monday 3:30 PM"), actor=ACTOR, now=NOW)
    assert _book(pair, "Monday 3:30 PM").start == MONDAY_3_30_PM_EASTERN


def test_cancelling_twice_is_refused(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    session_cancel(session=session, actor=ACTOR, now=NOW)
    with pytest.raises(Conflict, match="cancelled"):
        session_cancel(session=session, actor=ACTOR, now=NOW)


def test_rescheduling_moves_the_session_in_place_and_raises_its_sequence(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    moved = session_reschedule(
        session=session, scheduled_time="Wednesday 1:00 PM", actor="discord:3", now=NOW
    )
    event = SessionEvent.objects.filter(session=session).order_by("pk").last()
    assert (moved.pk, moved.start, moved.sequence) == (
        session.pk,
        dt.datetime(2026, 12, 9, 18, 0, tzinfo=dt.UTC),
        1,
    )
    assert event is not None and event.kind == "rescheduled" and event.actor == "discord:3"
    assert event.data["from"]["start"] == MONDAY_3_30_PM_EASTERN.isoformat()


def test_rescheduling_to_a_time_outside_availability_is_refused_and_changes_nothing(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    refusal = _refusal(
        lambda: session_reschedule(session=session, scheduled_time="Tuesday 3:00 PM", actor=ACTOR, now=NOW)
    )
    assert refusal.code == Refusal.OUTSIDE_AVAILABILITY
    assert ScheduledSession.objects.get(pk=session.pk).start == MONDAY_3_30_PM_EASTERN


def test_rescheduling_may_overlap_the_sessions_own_old_time(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    moved = session_reschedule(session=session, scheduled_time="Monday 3:00 PM", actor=ACTOR, now=NOW)
    assert moved.start == dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)


def test_rescheduling_to_another_professional_checks_their_availability(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    other = professional_with("Sam Poe", "Monday 4-5 PM")
    moved = session_reschedule(
        session=session, scheduled_time="Monday 4:00 PM", professional=other, actor=ACTOR, now=NOW
    )
    assert (moved.professional, moved.start) == (other, dt.datetime(2026, 12, 7, 21, 0, tzinfo=dt.UTC))


def test_a_session_that_has_not_started_cannot_be_completed(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    with pytest.raises(Conflict, match="not started"):
        session_complete(session=session, actor=ACTOR, now=NOW)


def test_completing_a_held_session_completes_the_request_and_counts_the_review(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    after = MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=40)
    done = session_complete(session=session, actor="discord:3", now=after)
    assert done.status == ScheduledSession.Status.COMPLETED
    assert ReviewRequest.objects.get(pk=pair[2].pk).status == ReviewRequest.Status.COMPLETED
    assert Professional.objects.get(pk=pair[1].pk).reviews_done == 1
    assert SessionEvent.objects.filter(
        session=session, kind="completed", actor="discord:3", at=after
    ).exists()


def test_a_student_no_show_closes_the_request(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    after = MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=40)
    marked = session_mark_no_show(session=session, actor=ACTOR, now=after)
    assert marked.status == ScheduledSession.Status.NO_SHOW
    assert ReviewRequest.objects.get(pk=pair[2].pk).status == ReviewRequest.Status.CANCELLED


def test_a_professional_no_show_puts_the_student_back_in_the_queue(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    after = MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=40)
    session_mark_no_show(session=session, actor=ACTOR, absent="professional", now=after)
    assert ReviewRequest.objects.get(pk=pair[2].pk).status == ReviewRequest.Status.PENDING


def test_each_lifecycle_change_is_notified_after_commit(
    pair: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = _book(pair, "Monday 3:30 PM")
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=ACTOR, now=NOW)
    kinds = set(Notification.objects.filter(session=session).values_list("kind", flat=True))
    assert any("cancel" in kind for kind in kinds)


def test_a_student_without_a_review_request_cannot_be_booked() -> None:
    student = Student.objects.create(name="Jane Doe", discord_id="100000000000000079")
    with pytest.raises(ApiError) as caught:
        session_schedule(
            student=student, professional=dana(), scheduled_time="Monday 3:30 PM", actor=ACTOR, now=NOW
        )
    assert (caught.value.code, caught.value.status_code) == ("no_review_request", 404)
