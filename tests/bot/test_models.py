from datetime import UTC, datetime, timedelta

import pytest

from mentormatch.bot.models import MatchSuggestions, PendingReviews, ReviewStats, Session

SESSION = {
    "id": 7,
    "status": "scheduled",
    "start": "2026-12-07T20:30:00+00:00",
    "end": "2026-12-07T21:00:00Z",
    "timezone": "America/New_York",
    "local_time": "Mon Dec 7, 3:30 PM EST",
    "student": {"name": "Jane Doe", "discord_id": "100000000000000042"},
    "professional": {"name": "Dana Whitfield"},
}


def test_a_session_answer_becomes_aware_times_and_people() -> None:
    session = Session.from_json({"session": SESSION})
    assert session.start == datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    assert session.end - session.start == timedelta(minutes=30)
    assert session.duration_minutes == 30
    assert (session.student.name, session.professional.name) == ("Jane Doe", "Dana Whitfield")


def test_a_session_time_without_an_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        Session.from_json({**SESSION, "start": "2026-12-07T20:30:00"})


def test_pending_reviews_keep_the_total_beyond_the_ones_shown() -> None:
    pending = PendingReviews.from_json({"requests": [{"id": 1, "status": "pending"}], "count": 80})
    assert (len(pending.requests), pending.total) == (1, 80)


def test_suggestions_keep_the_reason_there_are_none() -> None:
    data = MatchSuggestions.from_json(
        {
            "student": {"name": "Jane Doe"},
            "timezone": "America/Chicago",
            "suggestions": [],
            "message": "Nobody",
        }
    )
    assert (data.timezone, data.suggestions, data.message) == ("America/Chicago", (), "Nobody")


def test_stats_keep_rates_that_cannot_be_computed_as_none() -> None:
    stats = ReviewStats.from_json(
        {"requests_by_status": {"pending": 2}, "match_rate": None, "completion_rate": 0.5, "students": 3}
    )
    assert stats.requests_by_status == {"pending": 2}
    assert (stats.match_rate, stats.completion_rate, stats.students) == (None, 0.5, 3)
