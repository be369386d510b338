"""suggest_matches: real overlap in UTC, ranking with reasons, first slots, and why nobody fits."""

from __future__ import annotations

import datetime as dt

import pytest

from mentormatch.core.feasibility import NoMatch
from mentormatch.scheduling.models import Professional, ReviewRequest, ScheduledSession, Student
from mentormatch.scheduling.selectors.matching import MatchResult, NoReviewRequest, suggest_matches
from tests.scheduling.seed_people import NOW, dana, jordan, professional_with

pytestmark = pytest.mark.django_db


def _names(result: MatchResult) -> list[str]:
    return [s.professional.name for s in result.suggestions]


def _book(request_student: Student, professional: Professional, start: dt.datetime) -> ScheduledSession:
    return ScheduledSession.objects.create(
        student=request_student,
        professional=professional,
        start=start,
        end=start + dt.timedelta(minutes=30),
    )


def test_the_seed_student_is_offered_dana_with_the_true_overlaps_in_eastern_time() -> None:
    dana()
    request = jordan()
    result = suggest_matches(student=request.student, now=NOW)
    suggestion = result.suggestions[0]
    assert suggestion.professional.name == "Dana Whitfield"
    assert [span.label for span in suggestion.overlaps] == [
        "Monday 3:00-5:00 PM EST",
        "Wednesday 1:00-2:00 PM EST",
        "Wednesday 3:00-5:00 PM EST",
    ]


def test_the_first_slots_are_the_earliest_feasible_half_hours_in_the_students_zone() -> None:
    dana()
    result = suggest_matches(student=jordan().student, now=NOW, slots_per_suggestion=3)
    assert [slot.label for slot in result.suggestions[0].slots] == [
        "Mon Dec 7, 3:00 PM EST",
        "Mon Dec 7, 3:30 PM EST",
        "Mon Dec 7, 4:00 PM EST",
    ]


def test_the_week_dana_said_she_is_away_offers_no_slot() -> None:
    dana()
    result = suggest_matches(student=jordan().student, now=NOW, slots_per_suggestion=100)
    days = {dt.datetime.fromtimestamp(s.start, dt.UTC).date() for s in result.suggestions[0].slots}
    assert dt.date(2026, 12, 14) in days
    assert not any(dt.date(2026, 12, 21) <= day <= dt.date(2026, 12, 27) for day in days)


def test_a_professional_whose_availability_does_not_overlap_is_not_suggested() -> None:
    dana()
    professional_with("Jane Doe", "Tuesday 9-11 AM")
    result = suggest_matches(student=jordan().student, now=NOW)
    assert _names(result) == ["Dana Whitfield"]


def test_overlap_is_computed_across_zones_not_by_matching_words() -> None:
    # Monday 12-2 PM in Los Angeles is Monday 3-5 PM in New York.
    professional_with("Jane Doe", "Monday 12-2 PM", timezone="America/Los_Angeles")
    result = suggest_matches(student=jordan().student, now=NOW)
    assert [span.label for span in result.suggestions[0].overlaps] == ["Monday 3:00-5:00 PM EST"]


def test_an_inactive_professional_is_not_suggested() -> None:
    dana(active=False)
    result = suggest_matches(student=jordan().student, now=NOW)
    assert result.suggestions == []
    assert result.reason == NoMatch.NO_CANDIDATES


def test_a_professional_in_the_students_industry_ranks_above_one_who_is_not() -> None:
    professional_with("Alex Roe", "Monday 3-5 PM", industries=["Finance"], specialties="Banking")
    professional_with("Sam Poe", "Monday 3-5 PM", industries=["Healthcare"], specialties="Data analysis")
    result = suggest_matches(student=jordan().student, now=NOW)
    assert _names(result) == ["Sam Poe", "Alex Roe"]
    assert "Reviews for Healthcare." in result.suggestions[0].score.reasons


def test_each_suggestion_carries_a_score_its_parts_and_reasons() -> None:
    dana()
    suggestion = suggest_matches(student=jordan().student, now=NOW).suggestions[0]
    assert 0 < suggestion.score.score <= 100
    assert set(suggestion.score.parts) == {
        "specialization",
        "availability",
        "rating",
        "experience",
        "load",
        "freshness",
    }
    assert any("common free time" in reason for reason in suggestion.score.reasons)


def test_the_limit_caps_the_number_of_suggestions() -> None:
    for name in ("Alex Roe", "Sam Poe", "Kim Loe"):
        professional_with(name, "Monday 3-5 PM")
    assert len(suggest_matches(student=jordan().student, now=NOW, limit=2).suggestions) == 2


def test_a_professional_at_the_weekly_limit_every_week_is_left_out_and_the_reason_says_so() -> None:
    busy = professional_with("Alex Roe", "Monday 3-5 PM, Tuesday 9-10 AM", max_sessions_per_week=1)
    other = jordan(text="Tuesday 9-10 AM").student
    request = jordan_like_student()
    for day in (8, 15, 22):
        _book(other, busy, dt.datetime(2026, 12, day, 14, 0, tzinfo=dt.UTC))
    result = suggest_matches(review_request=request, now=NOW)
    assert result.suggestions == []
    assert result.reason == NoMatch.WEEKLY_LIMIT


def jordan_like_student() -> ReviewRequest:
    """A second student like Jordan (Monday 3-5 PM) with a pending request."""
    student = Student.objects.create(
        name="Jane Doe", discord_id="100000000000000077", timezone="America/New_York"
    )
    return ReviewRequest.objects.create(
        student=student,
        timezone="America/New_York",
        windows=[{"weekday": 0, "date": None, "start": "15:00", "end": "17:00", "tz": None}],
    )


def test_a_student_whose_availability_could_not_be_read_is_told_so() -> None:
    dana()
    result = suggest_matches(student=jordan(text="whenever works for you").student, now=NOW)
    assert result.reason == NoMatch.NO_STUDENT_AVAILABILITY
    assert result.message == "No availability could be read for the student in the next weeks."


def test_a_student_without_overlap_with_anyone_is_told_so() -> None:
    dana()
    result = suggest_matches(student=jordan(text="Saturday 9-11 AM").student, now=NOW)
    assert result.reason == NoMatch.NO_OVERLAP


def test_a_student_without_a_request_gets_a_clear_error() -> None:
    student = Student.objects.create(name="Jane Doe", discord_id="100000000000000078")
    with pytest.raises(NoReviewRequest, match="!resume"):
        suggest_matches(student=student, now=NOW)


def test_an_existing_session_of_the_professional_is_not_offered_again() -> None:
    professional = dana()
    request = jordan()
    other = jordan_like_student()
    _book(other.student, professional, dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC))
    slots = suggest_matches(review_request=request, now=NOW).suggestions[0].slots
    assert slots[0].label == "Mon Dec 7, 3:30 PM EST"


def test_candidates_read_as_plain_values_match_the_model_rows() -> None:
    from mentormatch.scheduling.selectors.inputs import (
        matching_candidate_values,
        matching_candidates,
        scheduling_rules,
    )

    dana()
    professional_with("Jane Doe", "Monday 3-5 PM, not Dec 21", industries=["Technology"], rating=4.5)
    professional_with("Sam Poe", "Wednesday mornings", experience_levels=["Senior"])
    rules = scheduling_rules()
    rows = matching_candidates(now=NOW, rules=rules)
    values = matching_candidate_values(now=NOW, rules=rules)
    assert [v.professional_id for v in values] == [r.professional.pk for r in rows]
    assert [v.candidate.availability.key() for v in values] == [r.candidate.availability.key() for r in rows]
    assert [(v.name, v.industries, v.experience_levels, v.rating) for v in values] == [
        (
            r.professional.name,
            tuple(r.professional.industries),
            tuple(r.professional.experience_levels),
            r.professional.rating,
        )
        for r in rows
    ]
