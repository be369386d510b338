"""professional_availability_ingest and review_request_submit: what was said, what it was read as."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ReviewRequest
from mentormatch.scheduling.services.availability import (
    InvalidAvailability,
    professional_availability_ingest,
    review_request_submit,
)
from mentormatch.scheduling.services.people import InvalidPerson, professional_upsert

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def jane() -> Professional:
    professional, _ = professional_upsert(name="Jane Doe", email="jane.doe@example.com")
    return professional


def _ingest(professional: Professional, text: str, **kwargs: Any) -> ProfessionalAvailability:
    values: dict[str, Any] = {
        "form_answers": {},
        "timezone": "Central Time (CT)",
        "valid_from": None,
        "valid_until": None,
        "source": "bot",
        "today": TODAY,
    }
    values.update(kwargs)
    return professional_availability_ingest(professional=professional, text=text, **values)


def test_it_stores_windows_in_the_zone_given(jane: Professional) -> None:
    availability = _ingest(jane, "Monday 1-4 PM")

    assert availability.windows == [
        {"weekday": 0, "date": None, "start": "13:00", "end": "16:00", "tz": None}
    ]
    assert availability.timezone == "America/Chicago"
    assert availability.confidence == 1.0
    jane.refresh_from_db()
    assert jane.timezone == "America/Chicago"


def test_a_new_availability_becomes_current_and_the_old_one_stays(jane: Professional) -> None:
    first = _ingest(jane, "Monday 1-4 PM")
    second = _ingest(jane, "Tuesday 9-11 AM")

    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert jane.availabilities.count() == 2


def test_unreadable_text_marks_the_professional_and_a_clean_one_clears_it(jane: Professional) -> None:
    _ingest(jane, "whenever works for you")
    jane.refresh_from_db()
    assert jane.needs_clarification is True

    _ingest(jane, "Monday 1-4 PM")
    jane.refresh_from_db()
    assert jane.needs_clarification is False


def test_unreadable_text_asks_the_professional_after_commit(
    jane: Professional, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _ingest(jane, "whenever works for you")

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == ["professional", jane.pk]


def test_a_self_service_correction_does_not_ask_again(
    jane: Professional, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _ingest(jane, "whenever works for you", source="self_service")

    assert callbacks == []


# With today's reader every confidence below 1.0 comes with a warning, so the confidence threshold is
# reached without one only when a program raises it above 1.0 ("check every reading"); these tests take that
# route so that the confidence rule, and not the warnings, is what marks the person.


def test_a_reading_below_the_confidence_threshold_without_warnings_needs_clarification(
    jane: Professional, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AVAILABILITY_CLARIFY_BELOW_CONFIDENCE = 1.01

    with django_capture_on_commit_callbacks(execute=True):
        availability = _ingest(jane, "Monday 1-4 PM")

    assert (availability.confidence, availability.warnings) == (1.0, [])
    jane.refresh_from_db()
    assert jane.needs_clarification is True
    assert DBTaskResult.objects.get().args_kwargs["args"] == ["professional", jane.pk]


def test_a_reading_at_the_confidence_threshold_is_clear(jane: Professional, settings: Any) -> None:
    settings.AVAILABILITY_CLARIFY_BELOW_CONFIDENCE = 1.0

    _ingest(jane, "Monday 1-4 PM")

    jane.refresh_from_db()
    assert jane.needs_clarification is False


def test_an_unknown_zone_is_refused_naming_the_field(jane: Professional) -> None:
    with pytest.raises(InvalidPerson, match="timezone: time zone 'Mars'") as refused:
        _ingest(jane, "Monday 1-4 PM", timezone="Mars")

    assert refused.value.status_code == 400
    assert not ProfessionalAvailability.objects.exists()


def test_a_far_end_date_is_stored_as_no_end_with_a_warning(jane: Professional) -> None:
    availability = _ingest(jane, "Monday 1-4 PM", valid_until=dt.date(9999, 12, 31))

    assert availability.valid_until is None
    assert any("9999-12-31" in warning and "no end date" in warning for warning in availability.warnings)


def test_an_end_date_within_two_years_is_kept(jane: Professional) -> None:
    availability = _ingest(jane, "Monday 1-4 PM", valid_until=dt.date(2028, 6, 30))

    assert availability.valid_until == dt.date(2028, 6, 30)


def test_a_start_date_before_1900_is_refused_naming_the_field(jane: Professional) -> None:
    with pytest.raises(InvalidAvailability, match="valid_from: 0001-01-01 is before 1900"):
        _ingest(jane, "Monday 1-4 PM", valid_from=dt.date(1, 1, 1))


def test_an_unreadable_end_date_is_refused_naming_the_field(jane: Professional) -> None:
    with pytest.raises(InvalidAvailability, match="valid_until: not a date"):
        _ingest(jane, "Monday 1-4 PM", valid_until="someday")


def test_nul_characters_are_left_out_of_what_is_stored(jane: Professional) -> None:
    availability = _ingest(jane, "Monday\x00 1-4 PM", form_answers={"notes": "no\x00 notes"})

    assert availability.availability_text == "Monday 1-4 PM"
    assert availability.form_answers == {"notes": "no notes"}


def test_an_object_in_a_grid_cell_never_shows_as_python_in_the_warnings(jane: Professional) -> None:
    availability = _ingest(jane, "", form_answers={"grid": {"Monday": ["Morning", {"odd": 1}]}})

    assert {window["weekday"] for window in availability.windows} == {0}
    assert not any("{" in warning or "odd" in warning for warning in availability.warnings)


def test_an_end_before_the_start_is_refused(jane: Professional) -> None:
    with pytest.raises(InvalidAvailability, match="ends"):
        _ingest(jane, "Monday 1-4 PM", valid_from=dt.date(2026, 12, 31), valid_until=dt.date(2026, 12, 1))

    assert not ProfessionalAvailability.objects.exists()


def test_nothing_at_all_is_refused(jane: Professional) -> None:
    with pytest.raises(InvalidAvailability):
        _ingest(jane, "   ")


def test_days_and_slots_cross(jane: Professional) -> None:
    availability = _ingest(jane, "", form_answers={"days": ["Tuesday"], "time_slots": ["5:00 PM - 6:00 PM"]})

    assert availability.windows == [
        {"weekday": 1, "date": None, "start": "17:00", "end": "18:00", "tz": None}
    ]


def test_notes_add_only_their_exclusions(jane: Professional) -> None:
    availability = _ingest(
        jane, "Monday 1-4 PM", form_answers={"notes": "Not available the week of Dec 21. Prefer video."}
    )

    assert {row["date"] for row in availability.exclusions} >= {"2026-12-21", "2026-12-27"}
    assert len(availability.windows) == 1


def _submit(text: str, **kwargs: Any) -> ReviewRequest:
    values: dict[str, Any] = {
        "name": "John Roe",
        "email": "john.roe@example.com",
        "discord_id": "100000000000000042",
        "timezone": "ET",
        "form_answers": {},
        "today": TODAY,
    }
    values.update(kwargs)
    return review_request_submit(text=text, **values)


def test_a_submission_creates_a_pending_request_with_its_windows() -> None:
    request = _submit("Monday 3-5 PM")

    assert request.status == ReviewRequest.Status.PENDING
    assert request.timezone == "America/New_York"
    assert request.windows == [{"weekday": 0, "date": None, "start": "15:00", "end": "17:00", "tz": None}]
    assert request.student.timezone == "America/New_York"


def test_a_student_keeps_one_pending_request() -> None:
    first = _submit("Monday 3-5 PM")
    second = _submit("Friday 10am-noon", target_role="Data Analyst")

    assert first.pk == second.pk
    assert ReviewRequest.objects.count() == 1
    assert second.target_role == "Data Analyst"


def test_an_unclear_request_asks_the_student(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = _submit("whenever")

    assert request.needs_clarification is True
    assert DBTaskResult.objects.get().args_kwargs["args"] == ["review_request", request.pk]


def test_a_request_read_below_the_confidence_threshold_without_warnings_asks_the_student(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AVAILABILITY_CLARIFY_BELOW_CONFIDENCE = 1.01

    with django_capture_on_commit_callbacks(execute=True):
        request = _submit("Monday 3-5 PM")

    assert (request.confidence, request.warnings) == (1.0, [])
    assert request.needs_clarification is True
    assert DBTaskResult.objects.get().args_kwargs["args"] == ["review_request", request.pk]
