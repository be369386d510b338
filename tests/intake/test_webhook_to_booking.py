"""The walking skeleton's acceptance path: the seed payloads through the webhooks, then matching and booking
on what the webhooks stored (nothing seeded by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentormatch.scheduling.models import ScheduledSession, Student
from mentormatch.scheduling.selectors.matching import suggest_matches
from mentormatch.scheduling.selectors.sessions import professional_by_name
from mentormatch.scheduling.services.sessions import BookingConflict, session_schedule
from tests.intake.conftest import PROFESSIONAL_URL, REVIEW_REQUEST_URL, Poster

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 13:00 in New York, just after both forms were sent.
NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def submitted(post_form: Poster, professional_payload: dict, review_request_payload: dict) -> Student:
    assert post_form(PROFESSIONAL_URL, professional_payload).status_code == 200
    assert post_form(REVIEW_REQUEST_URL, review_request_payload).status_code == 200
    return Student.objects.get(discord_id="100000000000000042")


def test_dana_is_suggested_with_the_overlaps_in_eastern_time(submitted: Student) -> None:
    result = suggest_matches(now=NOW, student=submitted)

    dana = next(s for s in result.suggestions if s.professional.name == "Dana Whitfield")
    assert [span.label for span in dana.overlaps] == [
        "Monday 3:00-5:00 PM EST",
        "Wednesday 1:00-2:00 PM EST",
        "Wednesday 3:00-5:00 PM EST",
    ]


def test_monday_three_thirty_books_twenty_thirty_utc(submitted: Student) -> None:
    session = session_schedule(
        student=submitted,
        professional=professional_by_name(name="Dana Whitfield"),
        actor="discord:100000000000000001",
        scheduled_time="Monday 3:30 PM",
        now=NOW,
    )

    assert session.start == dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)


def test_monday_nine_am_is_refused(submitted: Student) -> None:
    with pytest.raises(BookingConflict):
        session_schedule(
            student=submitted,
            professional=professional_by_name(name="Dana Whitfield"),
            actor="discord:100000000000000001",
            scheduled_time="Monday 9:00 AM",
            now=NOW,
        )

    assert not ScheduledSession.objects.exists()


def test_the_week_of_dec_21_is_not_offered(submitted: Student) -> None:
    result = suggest_matches(now=dt.datetime(2026, 12, 19, 18, 0, tzinfo=dt.UTC), student=submitted)

    dana = next(s for s in result.suggestions if s.professional.name == "Dana Whitfield")
    first_slot = dt.datetime.fromtimestamp(dana.slots[0].start, tz=dt.UTC)
    assert first_slot.date() >= dt.date(2026, 12, 28)


def test_posting_the_same_professional_payload_again_changes_nothing(
    submitted: Student, post_form: Poster, professional_payload: dict
) -> None:
    before = suggest_matches(now=NOW, student=submitted)

    assert post_form(PROFESSIONAL_URL, professional_payload).json()["status"] == "duplicate"

    after = suggest_matches(now=NOW, student=submitted)
    assert [(s.professional.pk, [o.label for o in s.overlaps]) for s in after.suggestions] == [
        (s.professional.pk, [o.label for o in s.overlaps]) for s in before.suggestions
    ]
