from datetime import UTC, datetime, timedelta

import pytest

from mentormatch.bot.models import (
    Approvals,
    AutoMatch,
    MatchSuggestions,
    PendingReviews,
    Person,
    ReviewStats,
    Session,
)

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


def test_an_auto_match_answer_keeps_placed_and_unplaced_students_apart() -> None:
    data = AutoMatch.from_json(
        {
            "run": {"id": 7, "placed": 1, "requests": 2, "greedy_placed": 1, "optimal": True},
            "proposals": [
                {
                    "id": 101,
                    "status": "proposed",
                    "student": {"id": 3, "name": "Jane Doe", "discord_id": "100000000000000042"},
                    "professional": {"id": 9, "name": "John Roe"},
                    "start": "2026-12-07T15:30:00-05:00",
                    "end": "2026-12-07T16:00:00-05:00",
                    "score": 81.2,
                    "reasons": ["Reviews for Finance."],
                }
            ],
            "unplaced": [
                {
                    "id": 139,
                    "status": "unplaced",
                    "student": {"id": 12, "name": "Sam Poe", "discord_id": ""},
                    "reason": {"code": "no_options", "message": "Nobody overlaps."},
                }
            ],
        }
    )
    (proposal,) = data.proposals
    (left,) = data.unplaced
    assert (data.run.id, data.run.placed, data.run.requests, data.run.optimal) == (7, 1, 2, True)
    assert proposal.placed and proposal.start == datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    assert (proposal.id, proposal.professional, proposal.score) == (101, Person("John Roe"), 81.2)
    assert not left.placed
    assert (left.student.name, left.reason_code) == ("Sam Poe", "no_options")
    assert left.reason_message == "Nobody overlaps."


def test_an_approval_answer_keeps_each_outcome_and_the_counts() -> None:
    data = Approvals.from_json(
        {
            "results": [
                {
                    "proposal_id": 101,
                    "outcome": "booked",
                    "session_id": 5,
                    "start": "2026-12-07T20:30:00+00:00",
                },
                {"proposal_id": 102, "outcome": "refused", "code": "already_booked", "message": "Taken."},
            ],
            "booked": 1,
            "refused": 1,
            "skipped": 0,
        }
    )
    booked, refused = data.results
    assert (data.booked, data.refused, data.skipped) == (1, 1, 0)
    assert (booked.session_id, booked.start) == (5, datetime(2026, 12, 7, 20, 30, tzinfo=UTC))
    assert (refused.session_id, refused.code, refused.message) == (None, "already_booked", "Taken.")
