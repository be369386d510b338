"""Session services at their edges: one session per request, the booking horizon, ended sessions, no-op
moves, and times typed across a clock change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from mentormatch.scheduling.models import Professional, ReviewRequest, ScheduledSession, SessionEvent, Student
from mentormatch.scheduling.services.sessions import (
    clock_change_notes,
    session_cancel,
    session_reschedule_outcome,
    session_schedule,
    session_schedule_outcome,
)
from mentormatch.web.errors import ApiError, Conflict
from tests.scheduling import records
from tests.scheduling.seed_people import NOW, dana, jordan

pytestmark = pytest.mark.django_db
ACTOR = "discord:200000000000000001"
NEW_YORK = "America/New_York"
# Sunday nights, 1-5 AM in New York: both people, so clock-change nights can be booked.
SUNDAY_NIGHT = [{"weekday": 6, "date": None, "start": "01:00", "end": "05:00", "tz": None}]
# Wednesday 10 March 2027, noon in New York: the spring-forward night (14 March) is four days ahead.
BEFORE_SPRING = dt.datetime(2027, 3, 10, 17, 0, tzinfo=dt.UTC)
# Wednesday 3 November 2027: the fall-back night (7 November) is four days ahead.
BEFORE_FALL = dt.datetime(2027, 11, 3, 16, 0, tzinfo=dt.UTC)


@pytest.fixture
def pair() -> tuple[Student, Professional, ReviewRequest]:
    professional = dana()
    request = jordan()
    return request.student, professional, request


@pytest.fixture
def night_pair() -> tuple[Student, Professional]:
    professional = records.professional("Jane Doe")
    professional.timezone = NEW_YORK
    professional.save(update_fields=["timezone"])
    records.availability(professional, windows=SUNDAY_NIGHT, timezone=NEW_YORK)
    student = records.student("John Roe", timezone=NEW_YORK)
    records.review_request(student, windows=SUNDAY_NIGHT, timezone=NEW_YORK)
    return student, professional


def _book(pair: tuple[Student, Professional, ReviewRequest], text: str, **kwargs: Any) -> ScheduledSession:
    student, professional, _request = pair
    return session_schedule(
        student=student, professional=professional, scheduled_time=text, actor=ACTOR, now=NOW, **kwargs
    )


# --- one scheduled session per review request -------------------------------------------------------


def test_a_request_that_already_has_a_session_cannot_get_a_second_one(pair: Any) -> None:
    first = _book(pair, "Monday 3:30 PM")
    with pytest.raises(Conflict) as caught:
        _book(pair, "Wednesday 1:00 PM")
    assert caught.value.code == "already_scheduled"
    assert f"session {first.pk}" in caught.value.message
    assert "reschedule-session" in caught.value.message
    assert caught.value.details["session"]["id"] == first.pk
    assert ScheduledSession.objects.count() == 1


def test_the_database_refuses_a_second_scheduled_session_for_one_request(pair: Any) -> None:
    student, professional, request = pair
    start = dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)
    records.session(student_=student, professional_=professional, start=start, request=request)
    with pytest.raises(IntegrityError), transaction.atomic():
        records.session(
            student_=student, professional_=professional, start=start + dt.timedelta(days=2), request=request
        )


def test_a_request_can_be_booked_again_after_its_session_is_cancelled(pair: Any) -> None:
    first = _book(pair, "Monday 3:30 PM")
    session_cancel(session=first, actor=ACTOR, now=NOW)
    again = _book(pair, "Wednesday 1:00 PM")
    assert again.review_request_id == first.review_request_id


# --- the booking horizon -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["9999-12-31 23:00", "12/31/9999 11:30pm", "9999-12-30 10:00"])
def test_a_time_at_the_end_of_the_calendar_is_refused_as_too_far_ahead(pair: Any, text: str) -> None:
    with pytest.raises(ApiError) as caught:
        _book(pair, text)
    assert (caught.value.status_code, caught.value.code) == (400, "too_far_ahead")
    assert caught.value.message == "That time is too far ahead: book within the next 90 days."


def test_the_booking_horizon_comes_from_the_settings(pair: Any, settings: Any) -> None:
    settings.BOOKING_MAX_DAYS_AHEAD = 30
    with pytest.raises(ApiError, match="within the next 30 days") as caught:
        _book(pair, "2027-01-11 15:30")
    assert caught.value.code == "too_far_ahead"


def test_a_start_given_as_a_datetime_beyond_the_horizon_is_refused(pair: Any) -> None:
    student, professional, _request = pair
    with pytest.raises(ApiError) as caught:
        session_schedule(
            student=student,
            professional=professional,
            start=dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC),
            actor=ACTOR,
            now=NOW,
        )
    assert caught.value.code == "too_far_ahead"


def test_a_start_with_seconds_is_refused_by_the_booking_service(pair: Any) -> None:
    student, professional, _request = pair
    with pytest.raises(ApiError, match="whole minute") as caught:
        session_schedule(
            student=student,
            professional=professional,
            start=dt.datetime(2026, 12, 7, 20, 37, 13, 500000, tzinfo=dt.UTC),
            actor=ACTOR,
            now=NOW,
        )
    assert (caught.value.status_code, caught.value.code) == (400, "invalid_time")
    assert not ScheduledSession.objects.exists()


def test_a_start_and_a_typed_time_together_are_refused_rather_than_one_chosen(pair: Any) -> None:
    with pytest.raises(ApiError, match="not both") as caught:
        _book(pair, "Monday 3:30 PM", start=dt.datetime(2026, 12, 9, 19, 0, tzinfo=dt.UTC))
    assert caught.value.status_code == 400
    assert not ScheduledSession.objects.exists()


# --- cancelling and moving -----------------------------------------------------------------------------


def test_cancelling_a_session_that_already_ended_is_refused_suggesting_complete_or_no_show(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    with pytest.raises(Conflict) as caught:
        session_cancel(session=session, actor=ACTOR, now=session.end + dt.timedelta(minutes=1))
    assert caught.value.code == "session_ended"
    assert "complete-session" in caught.value.message and "mark-no-show" in caught.value.message
    session.refresh_from_db()
    assert session.status == ScheduledSession.Status.SCHEDULED


def test_rescheduling_a_session_that_already_ended_is_refused_like_cancelling_it(pair: Any) -> None:
    session = _book(pair, "Monday 3:30 PM")
    with pytest.raises(Conflict) as caught:
        session_reschedule_outcome(
            session=session,
            scheduled_time="Wednesday 1:00 PM",
            actor=ACTOR,
            now=session.end + dt.timedelta(minutes=1),
        )
    assert caught.value.code == "session_ended"
    assert "complete-session" in caught.value.message and "mark-no-show" in caught.value.message
    assert not SessionEvent.objects.filter(session=session, kind="rescheduled").exists()


def test_rescheduling_to_the_same_time_changes_nothing_and_notifies_nobody(
    pair: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = _book(pair, "Monday 3:30 PM")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = session_reschedule_outcome(
            session=session, scheduled_time="Monday 3:30 PM", actor=ACTOR, now=NOW
        )
    assert callbacks == []
    assert outcome.changed is False
    assert "already at that time" in outcome.notes[0]
    session.refresh_from_db()
    assert session.sequence == 0
    assert not SessionEvent.objects.filter(session=session, kind="rescheduled").exists()


# --- times typed across a clock change ------------------------------------------------------------------


def test_a_booking_in_a_daylight_saving_gap_says_how_it_was_read(night_pair: Any) -> None:
    student, professional = night_pair
    outcome = session_schedule_outcome(
        student=student,
        professional=professional,
        scheduled_time="2027-03-14 02:30",
        timezone=NEW_YORK,
        actor=ACTOR,
        now=BEFORE_SPRING,
    )
    assert outcome.session.start == dt.datetime(2027, 3, 14, 7, 30, tzinfo=dt.UTC)  # 3:30 AM EDT
    assert outcome.notes == [
        "2:30 AM does not exist in America/New_York on Sun Mar 14 (the clocks jump forward), so it was read "
        "as the same moment after the change: Sun Mar 14, 3:30 AM EDT."
    ]


def test_a_booking_typed_as_the_real_time_after_the_gap_has_no_note(night_pair: Any) -> None:
    student, professional = night_pair
    outcome = session_schedule_outcome(
        student=student,
        professional=professional,
        scheduled_time="2027-03-14 3:30 AM",
        timezone=NEW_YORK,
        actor=ACTOR,
        now=BEFORE_SPRING,
    )
    assert outcome.session.start == dt.datetime(2027, 3, 14, 7, 30, tzinfo=dt.UTC)
    assert outcome.notes == []


def test_a_booking_at_a_time_that_happens_twice_says_it_took_the_first(night_pair: Any) -> None:
    student, professional = night_pair
    outcome = session_schedule_outcome(
        student=student,
        professional=professional,
        scheduled_time="2027-11-07 01:30",
        timezone=NEW_YORK,
        actor=ACTOR,
        now=BEFORE_FALL,
    )
    assert outcome.session.start == dt.datetime(2027, 11, 7, 5, 30, tzinfo=dt.UTC)  # 1:30 AM EDT
    assert "happens twice" in outcome.notes[0]
    assert "1:30 AM EDT" in outcome.notes[0] and "1:30 AM EST" in outcome.notes[0]


def test_an_ordinary_time_has_no_clock_change_note() -> None:
    monday = dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)
    assert clock_change_notes(monday, zone=NEW_YORK, text="Monday 3:30 PM") == []
