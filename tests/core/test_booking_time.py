"""Booking times as an admin types them: the next such moment, never one in the past."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import pytest

from mentormatch.core.timetext import TimeTextError, parse_booking_time

# Thursday 3 December 2026, 13:00 in New York
NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday 2:00 PM", utc(2026, 12, 7, 19)),
        ("Mon 14:00 ET", utc(2026, 12, 7, 19)),
        ("2026-12-14 15:30", utc(2026, 12, 14, 20, 30)),
        ("tomorrow 3pm", utc(2026, 12, 4, 20)),
        ("Dec 14 3:30pm", utc(2026, 12, 14, 20, 30)),
        ("12/14 at 3:30 PM CST", utc(2026, 12, 14, 21, 30)),
        ("Dec 14 3:30pm Europe/London", utc(2026, 12, 14, 15, 30)),
        ("Thursday 2pm", utc(2026, 12, 3, 19)),
        ("Thursday 12pm", utc(2026, 12, 10, 17)),
        ("Nov 30 2pm", utc(2027, 11, 30, 19)),
    ],
)
def test_it_reads_the_next_such_moment_in_the_zone_named_else_the_default(
    text: str, expected: dt.datetime
) -> None:
    got = parse_booking_time(text, now=NOW, default_tz="America/New_York")
    assert got == expected
    assert got.tzinfo == UTC


def test_a_weekday_booking_is_never_in_the_past() -> None:
    # It is Thursday 13:00: "Thursday 1:00 PM" is not strictly after now, so it is next week.
    assert parse_booking_time("Thursday 1:00 PM", now=NOW, default_tz="America/New_York") == utc(
        2026, 12, 10, 18
    )


def test_the_default_zone_may_be_written_as_people_write_it() -> None:
    assert parse_booking_time("Monday 2:00 PM", now=NOW, default_tz="Central Time (CT)") == utc(
        2026, 12, 7, 20
    )


def test_a_booking_in_the_skipped_hour_moves_forward_by_the_gap() -> None:
    now = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
    # 02:30 on 8 March 2026 does not exist in New York; read with EST it is 07:30 UTC (03:30 EDT).
    assert parse_booking_time("Sunday 2:30 AM", now=now, default_tz="America/New_York") == utc(
        2026, 3, 8, 7, 30
    )


def test_a_booking_in_the_repeated_hour_is_its_first_occurrence() -> None:
    now = dt.datetime(2026, 10, 28, 12, tzinfo=UTC)
    assert parse_booking_time("Sunday 1:30 AM", now=now, default_tz="America/New_York") == utc(
        2026, 11, 1, 5, 30
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-12-14 15:30", "in the past"),
        ("today 9am", "in the past"),
        ("Mon and Tue 2pm", "more than one day"),
        ("Monday", "one time of day"),
        ("asdf", 'could not read "asdf"'),
        ("", "give a day and a time"),
    ],
)
def test_it_refuses_what_it_cannot_book_with_a_message_saying_why(text: str, message: str) -> None:
    with pytest.raises(TimeTextError, match=message):
        parse_booking_time(text, now=NOW, default_tz="America/New_York")


def test_it_refuses_an_unknown_default_zone() -> None:
    with pytest.raises(TimeTextError, match="not a time zone"):
        parse_booking_time("Monday 2pm", now=NOW, default_tz="Narnia")


def test_it_needs_an_aware_now() -> None:
    with pytest.raises(TimeTextError, match="aware"):
        parse_booking_time("Monday 2pm", now=dt.datetime(2026, 12, 3, 12), default_tz="UTC")


@pytest.mark.parametrize("text", ["9999-12-31 23:00", "12/31/9999 11:30pm"])
def test_a_booking_at_the_end_of_the_calendar_is_refused_not_overflowed(text: str) -> None:
    with pytest.raises(TimeTextError, match="too far ahead"):
        parse_booking_time(text, now=NOW, default_tz="America/New_York")


@pytest.mark.parametrize(
    "text", ["Feb 30 5pm PT", "2/30 3pm", "Apr 31 3pm", "2027-02-30 15:00", "13/45 3pm", "2026-13-01 15:00"]
)
def test_a_date_that_does_not_exist_is_refused_never_read_as_today(text: str) -> None:
    with pytest.raises(TimeTextError, match="is not a date on the calendar"):
        parse_booking_time(text, now=NOW, default_tz="America/New_York")


def test_a_weekday_written_with_its_own_date_books_that_date() -> None:
    expected = utc(2026, 12, 14, 20)
    assert parse_booking_time("Monday Dec 14 3pm", now=NOW, default_tz="America/New_York") == expected
    assert parse_booking_time("Dec 14, Monday 3pm", now=NOW, default_tz="America/New_York") == expected


def test_a_weekday_that_disagrees_with_the_date_is_refused_naming_both() -> None:
    with pytest.raises(TimeTextError, match="Dec 14 is a Monday, not a Tuesday"):
        parse_booking_time("Tuesday Dec 14 3pm", now=NOW, default_tz="America/New_York")


def test_two_different_zones_are_refused_rather_than_one_picked() -> None:
    with pytest.raises(TimeTextError, match="more than one time zone"):
        parse_booking_time("Monday 3:30 PM EST PST", now=NOW, default_tz="America/New_York")


def test_two_names_of_one_zone_are_one_zone() -> None:
    assert parse_booking_time("Monday 3:30 PM EST ET", now=NOW, default_tz="UTC") == utc(2026, 12, 7, 20, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-07T15:30", utc(2026, 12, 7, 20, 30)),
        ("2026-12-07 15:30:00", utc(2026, 12, 7, 20, 30)),
        ("2026-12-07T20:30:00Z", utc(2026, 12, 7, 20, 30)),
        ("2026-12-07T15:30-05:00", utc(2026, 12, 7, 20, 30)),
    ],
)
def test_an_iso_8601_time_is_that_instant_in_its_own_offset_else_the_default_zone(
    text: str, expected: dt.datetime
) -> None:
    assert parse_booking_time(text, now=NOW, default_tz="America/New_York") == expected


def test_an_iso_8601_time_in_the_past_is_refused() -> None:
    with pytest.raises(TimeTextError, match="in the past"):
        parse_booking_time("2026-12-01T15:30", now=NOW, default_tz="America/New_York")


def test_an_offset_no_zone_keeps_all_year_still_names_one_instant() -> None:
    # 3:30 PM at UTC+12:45 (the Chatham Islands in winter) is 02:45 UTC the same Monday.
    assert parse_booking_time("Monday 3:30 PM UTC+12:45", now=NOW, default_tz="America/New_York") == utc(
        2026, 12, 7, 2, 45
    )


@pytest.mark.parametrize("text", ["Monday 3:30 PM UTC+99", "Monday 3:30 PM GMT+25", "Monday 3:30 PM UTC+15"])
def test_an_offset_that_does_not_exist_is_refused_never_dropped(text: str) -> None:
    with pytest.raises(TimeTextError, match="not a time zone I know"):
        parse_booking_time(text, now=NOW, default_tz="America/New_York")


def test_an_abbreviation_of_several_regions_is_refused_for_a_booking() -> None:
    with pytest.raises(TimeTextError, match='"IST" names more than one zone'):
        parse_booking_time("Monday 3pm IST", now=NOW, default_tz="America/New_York")
