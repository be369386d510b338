"""How times and lead times are written for people; DST instants named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentormatch.notifications.durations import format_duration, parse_durations
from mentormatch.notifications.presentation import format_lead, format_span, format_time


def test_a_span_is_written_in_the_zone_with_its_abbreviation_and_name() -> None:
    start = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)

    text = format_span(start, start + timedelta(minutes=30), "America/New_York")

    assert text == "Monday, December 7, 2026, 3:30 PM – 4:00 PM EST (America/New_York)"


def test_the_day_after_us_clocks_change_los_angeles_reads_pdt() -> None:
    # US daylight time began 2026-03-08 10:00 UTC; the UK's begins 2026-03-29 01:00 UTC.
    start = datetime(2026, 3, 9, 17, 0, tzinfo=UTC)

    assert format_time(start, "America/Los_Angeles") == "Monday, March 9, 2026 at 10:00 AM PDT"
    assert format_time(start, "Europe/London") == "Monday, March 9, 2026 at 5:00 PM GMT"


def test_a_span_crossing_midnight_keeps_the_starting_day() -> None:
    start = datetime(2026, 12, 8, 4, 45, tzinfo=UTC)  # 11:45 PM in New York on the 7th

    text = format_span(start, start + timedelta(minutes=30), "America/New_York")

    assert text == "Monday, December 7, 2026, 11:45 PM – 12:15 AM EST (America/New_York)"


@pytest.mark.parametrize(("lead", "words"), [("24h", "24 hours"), ("1h", "1 hour"), ("90m", "90 minutes")])
def test_lead_times_read_as_words(lead: str, words: str) -> None:
    assert format_lead(lead) == words


def test_lead_times_parse_longest_first_without_duplicates() -> None:
    assert parse_durations("X", "1h, 24h,2d,60m") == (
        timedelta(days=2),
        timedelta(hours=24),
        timedelta(hours=1),
    )


def test_a_bare_number_of_lead_time_means_hours() -> None:
    assert parse_durations("X", "3") == (timedelta(hours=3),)


def test_an_unreadable_lead_time_names_the_setting() -> None:
    with pytest.raises(ValueError, match="REMINDER_LEAD_TIMES: cannot read 'soon'"):
        parse_durations("REMINDER_LEAD_TIMES", "24h,soon")


def test_durations_are_written_in_their_largest_whole_unit() -> None:
    assert [format_duration(timedelta(minutes=m)) for m in (1440, 60, 90)] == ["24h", "1h", "90m"]
