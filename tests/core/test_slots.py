"""Expansion of wall-clock windows into UTC, date by date, across daylight-saving changes.

Every DST test names the exact UTC instants it expects. The rule (docs/availability.md): a local time that
does not exist is read with the offset before the change (it moves later by the gap, like zoneinfo's
fold=0); a local time that happens twice is its first occurrence.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import pytest

from mentormatch.core.availability import Window
from mentormatch.core.slots import expand
from mentormatch.core.windows import IntervalSet

SUN, MON = 6, 0


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> int:
    """Unix seconds of a UTC wall time: the instants the tests name."""
    return int(dt.datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp())


def weekly(weekday: int, start: str, end: str, tz: str | None = None) -> Window:
    return Window.from_json({"weekday": weekday, "date": None, "start": start, "end": end, "tz": tz})


def pairs(result: IntervalSet) -> list[tuple[int, int]]:
    return [(i.start, i.end) for i in result]


def one_day(window: Window, zone: str, day: dt.date) -> list[tuple[int, int]]:
    return pairs(expand(windows=[window], person_tz=zone, start=day, end=day + dt.timedelta(days=1)))


# -- America/New_York -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after", "utc_before", "utc_after"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 9), at(2026, 3, 2, 14), at(2026, 3, 9, 13)),
        (dt.date(2027, 3, 8), dt.date(2027, 3, 15), at(2027, 3, 8, 14), at(2027, 3, 15, 13)),
    ],
)
def test_a_new_york_monday_morning_moves_an_hour_earlier_in_utc_after_spring_forward(
    before: dt.date, after: dt.date, utc_before: int, utc_after: int
) -> None:
    window = weekly(MON, "09:00", "10:00")
    got = pairs(
        expand(windows=[window], person_tz="America/New_York", start=before, end=after + dt.timedelta(1))
    )
    assert got == [(utc_before, utc_before + 3600), (utc_after, utc_after + 3600)]


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 3, 8), at(2026, 3, 8, 6), at(2026, 3, 8, 8)),
        (dt.date(2027, 3, 14), at(2027, 3, 14, 6), at(2027, 3, 14, 8)),
    ],
)
def test_a_new_york_window_over_the_skipped_hour_is_two_real_hours(
    day: dt.date, start: int, end: int
) -> None:
    assert one_day(weekly(SUN, "01:00", "04:00"), "America/New_York", day) == [(start, end)]


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 3, 8), at(2026, 3, 8, 7, 30), at(2026, 3, 8, 9)),
        (dt.date(2027, 3, 14), at(2027, 3, 14, 7, 30), at(2027, 3, 14, 9)),
    ],
)
def test_a_new_york_time_that_does_not_exist_moves_later_by_the_gap(
    day: dt.date, start: int, end: int
) -> None:
    # 02:30 does not exist: read with EST (-5) it is 07:30 UTC, which is 03:30 EDT; 05:00 EDT is 09:00 UTC.
    assert one_day(weekly(SUN, "02:30", "05:00"), "America/New_York", day) == [(start, end)]


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 11, 1), at(2026, 11, 1, 5, 30), at(2026, 11, 1, 7, 30)),
        (dt.date(2027, 11, 7), at(2027, 11, 7, 5, 30), at(2027, 11, 7, 7, 30)),
    ],
)
def test_a_new_york_time_that_happens_twice_is_its_first_occurrence(
    day: dt.date, start: int, end: int
) -> None:
    # 01:30 happens twice; the first is EDT (05:30 UTC). 02:30 exists once, in EST (07:30 UTC).
    assert one_day(weekly(SUN, "01:30", "02:30"), "America/New_York", day) == [(start, end)]


# -- Europe/London ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 3, 29), at(2026, 3, 29, 0, 30), at(2026, 3, 29, 2)),
        (dt.date(2027, 3, 28), at(2027, 3, 28, 0, 30), at(2027, 3, 28, 2)),
    ],
)
def test_a_london_window_over_the_spring_change_keeps_its_wall_clock_ends(
    day: dt.date, start: int, end: int
) -> None:
    assert one_day(weekly(SUN, "00:30", "03:00"), "Europe/London", day) == [(start, end)]


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 10, 25), at(2026, 10, 25, 0, 30), at(2026, 10, 25, 3)),
        (dt.date(2027, 10, 31), at(2027, 10, 31, 0, 30), at(2027, 10, 31, 3)),
    ],
)
def test_a_london_time_repeated_in_autumn_is_read_in_summer_time(day: dt.date, start: int, end: int) -> None:
    # 01:30 happens in BST (00:30 UTC) and again in GMT; 03:00 is GMT (03:00 UTC).
    assert one_day(weekly(SUN, "01:30", "03:00"), "Europe/London", day) == [(start, end)]


def test_a_london_weekly_window_is_an_hour_earlier_in_utc_in_summer() -> None:
    window = weekly(2, "18:00", "19:00")  # Wednesday
    got = pairs(
        expand(
            windows=[window], person_tz="Europe/London", start=dt.date(2026, 3, 25), end=dt.date(2026, 4, 2)
        )
    )
    assert got == [(at(2026, 3, 25, 18), at(2026, 3, 25, 19)), (at(2026, 4, 1, 17), at(2026, 4, 1, 18))]


# -- Australia/Sydney (southern hemisphere: falls back in April, springs forward in October) ---------------
@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 4, 5), at(2026, 4, 4, 15, 30), at(2026, 4, 4, 18)),
        (dt.date(2027, 4, 4), at(2027, 4, 3, 15, 30), at(2027, 4, 3, 18)),
    ],
)
def test_a_sydney_time_repeated_in_april_is_its_daylight_time_occurrence(
    day: dt.date, start: int, end: int
) -> None:
    # 02:30 happens in AEDT (+11, 15:30 UTC the day before) and again in AEST; 04:00 is AEST (+10).
    assert one_day(weekly(SUN, "02:30", "04:00"), "Australia/Sydney", day) == [(start, end)]


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 10, 4), at(2026, 10, 3, 15), at(2026, 10, 3, 17)),
        (dt.date(2027, 10, 3), at(2027, 10, 2, 15), at(2027, 10, 2, 17)),
    ],
)
def test_a_sydney_window_over_the_october_change_is_two_real_hours(
    day: dt.date, start: int, end: int
) -> None:
    assert one_day(weekly(SUN, "01:00", "04:00"), "Australia/Sydney", day) == [(start, end)]


# -- zones without DST --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "day", [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2027, 11, 8), dt.date(2027, 7, 5)]
)
def test_kolkata_keeps_its_half_hour_offset_all_year(day: dt.date) -> None:
    got = one_day(weekly(MON, "09:00", "10:00"), "Asia/Kolkata", day)
    start = int(dt.datetime(day.year, day.month, day.day, 3, 30, tzinfo=UTC).timestamp())
    assert got == [(start, start + 3600)]


@pytest.mark.parametrize(
    "day", [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 11, 2), dt.date(2027, 3, 15)]
)
def test_phoenix_does_not_follow_the_daylight_saving_of_its_neighbours(day: dt.date) -> None:
    got = one_day(weekly(MON, "09:00", "10:00"), "America/Phoenix", day)
    start = int(dt.datetime(day.year, day.month, day.day, 16, tzinfo=UTC).timestamp())
    assert got == [(start, start + 3600)]


def test_a_window_in_phoenix_and_one_in_denver_meet_only_in_winter() -> None:
    phoenix = expand(
        windows=[weekly(MON, "09:00", "10:00")],
        person_tz="America/Phoenix",
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 10),
    )
    denver = expand(
        windows=[weekly(MON, "09:00", "10:00")],
        person_tz="America/Denver",
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 10),
    )
    assert pairs(phoenix & denver) == [(at(2026, 3, 2, 16), at(2026, 3, 2, 17))]


# -- the rest of expansion ----------------------------------------------------------------------------------
def test_a_window_in_a_named_zone_ignores_the_persons_zone() -> None:
    window = weekly(MON, "09:00", "10:00", tz="Europe/Berlin")
    got = one_day(window, "America/Los_Angeles", dt.date(2026, 12, 7))
    assert got == [(at(2026, 12, 7, 8), at(2026, 12, 7, 9))]


def test_a_dated_window_appears_only_on_its_date() -> None:
    window = Window.from_json(
        {"weekday": None, "date": "2026-12-14", "start": "15:00", "end": "17:00", "tz": None}
    )
    got = pairs(
        expand(
            windows=[window],
            person_tz="America/Chicago",
            start=dt.date(2026, 12, 1),
            end=dt.date(2026, 12, 22),
        )
    )
    assert got == [(at(2026, 12, 14, 21), at(2026, 12, 14, 23))]


def test_the_end_date_is_exclusive() -> None:
    got = pairs(
        expand(
            windows=[weekly(MON, "09:00", "10:00")],
            person_tz="UTC",
            start=dt.date(2026, 12, 1),
            end=dt.date(2026, 12, 7),
        )
    )
    assert got == []


def test_exclusions_are_cut_out_date_by_date() -> None:
    windows = [weekly(d, "09:00", "12:00") for d in range(5)]
    holiday = Window.from_json(
        {"weekday": None, "date": "2026-12-16", "start": "00:00", "end": "24:00", "tz": None}
    )
    lunch = weekly(MON, "10:00", "11:00")
    got = pairs(
        expand(
            windows=windows,
            exclusions=[holiday, lunch],
            person_tz="UTC",
            start=dt.date(2026, 12, 14),
            end=dt.date(2026, 12, 17),
        )
    )
    assert got == [
        (at(2026, 12, 14, 9), at(2026, 12, 14, 10)),
        (at(2026, 12, 14, 11), at(2026, 12, 14, 12)),
        (at(2026, 12, 15, 9), at(2026, 12, 15, 12)),
    ]


def test_the_validity_period_limits_the_dates_inclusively() -> None:
    got = pairs(
        expand(
            windows=[weekly(d, "09:00", "10:00") for d in range(7)],
            person_tz="UTC",
            start=dt.date(2026, 12, 1),
            end=dt.date(2026, 12, 31),
            valid_from=dt.date(2026, 12, 10),
            valid_until=dt.date(2026, 12, 11),
        )
    )
    assert got == [(at(2026, 12, 10, 9), at(2026, 12, 10, 10)), (at(2026, 12, 11, 9), at(2026, 12, 11, 10))]


def test_a_window_ending_at_midnight_ends_at_the_next_days_start() -> None:
    got = one_day(weekly(4, "23:00", "24:00"), "America/New_York", dt.date(2026, 12, 4))
    assert got == [(at(2026, 12, 5, 4), at(2026, 12, 5, 5))]
