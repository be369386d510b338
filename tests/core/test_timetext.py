"""The availability reader: conventions, warnings that quote the text, and never raising."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch.core.availability import ParseResult, Window
from mentormatch.core.timetext import DayParts, parse_availability

TODAY = dt.date(2026, 12, 1)  # a Tuesday


def read(text: str, **kwargs: object) -> ParseResult:
    return parse_availability(text, today=TODAY, **kwargs)  # type: ignore[arg-type]


def spans(result: ParseResult) -> list[tuple[int | None, str | None, str, str, str | None]]:
    out = []
    for w in result.net_windows():
        j = w.to_json()
        out.append((j["weekday"], j["date"], j["start"], j["end"], j["tz"]))
    return out


def test_a_bare_afternoon_range_is_read_as_pm_with_a_warning_quoting_it() -> None:
    result = read("Tuesday 2-4")
    assert spans(result) == [(1, None, "14:00", "16:00", None)]
    assert result.warnings == ('"2-4" read as 2:00-4:00 PM',)


def test_business_hours_read_without_a_warning() -> None:
    result = read("Monday 9-5")
    assert spans(result) == [(0, None, "09:00", "17:00", None)]
    assert result.warnings == ()
    assert result.confidence == 1.0


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("Mon 10-10", "10-10", [(0, None, "10:00", "22:00", None)]),
        ("Mon 10:00-10:00", "10:00-10:00", [(0, None, "10:00", "22:00", None)]),
        ("Mon 12-12", "12-12", [(0, None, "12:00", "24:00", None)]),
        ("Mon 2pm-2", "2pm-2", [(0, None, "14:00", "24:00", None), (1, None, "00:00", "02:00", None)]),
        ("Mon 10-10pm", "10-10pm", [(0, None, "10:00", "22:00", None)]),
    ],
)
def test_a_range_whose_ends_read_the_same_on_the_clock_is_a_guess_with_a_warning(
    text: str, fragment: str, expected: list[tuple[int | None, str | None, str, str, str | None]]
) -> None:
    result = read(text)
    assert spans(result) == expected
    assert any(f'"{fragment}" read as' in w for w in result.warnings), result.warnings
    assert result.confidence < 1.0


@pytest.mark.parametrize("text", ["Mon 3pm-3pm", "Mon 10:00 to 10:00 am", "Mon 10-10am"])
def test_a_range_that_ends_at_the_time_it_starts_is_left_out(text: str) -> None:
    result = read(text)
    assert result.windows == ()
    assert result.confidence == 0.0
    assert any("starts and ends at the same time" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        ("Fri after lunch", "after lunch", [(4, None, "13:00", "21:00", None)]),
        ("Thu before lunch", "before lunch", [(3, None, "08:00", "12:00", None)]),
    ],
)
def test_after_and_before_lunch_are_named_moments_read_with_a_warning(
    text: str, fragment: str, expected: list[tuple[int | None, str | None, str, str, str | None]]
) -> None:
    result = read(text)
    assert spans(result) == expected
    assert any(f'"{fragment}" read as' in w for w in result.warnings), result.warnings
    assert result.confidence < 1.0


def test_a_loose_moment_or_part_beside_an_open_time_is_a_second_time_not_its_meridiem() -> None:
    both = [(0, None, "08:00", "12:00", None), (0, None, "17:00", "21:00", None)]
    assert spans(read("Mon before lunch or after 5")) == both
    assert spans(read("Mon mornings or after 5")) == both
    assert spans(read("Mon mornings, after 9")) == [(0, None, "09:00", "12:00", None)]


def test_an_unknown_word_is_quoted_and_lowers_confidence() -> None:
    result = read("Monday 2-3pm with my dog")
    assert spans(result) == [(0, None, "14:00", "15:00", None)]
    assert '"with my dog" not understood' in result.warnings
    assert result.confidence < 1.0


def test_neighbouring_unknown_words_are_quoted_as_one_fragment() -> None:
    result = read("whenever works for you")
    assert result.windows == ()
    assert result.warnings[0] == '"whenever works for you" not understood'
    assert result.confidence == 0.0


def test_empty_text_says_no_availability_was_given() -> None:
    assert read("").warnings == ("no availability given",)


def test_a_time_without_a_day_applies_to_every_day_with_a_warning() -> None:
    result = read("after 6pm")
    assert {w.weekday for w in result.windows} == set(range(7))
    assert result.warnings == ('"after 6pm" names no day; read as every day',)


def test_a_time_without_a_day_takes_the_default_days_when_given() -> None:
    result = read("after 6pm", default_days=frozenset({0, 2}))
    assert spans(result) == [(0, None, "18:00", "21:00", None), (2, None, "18:00", "21:00", None)]
    assert result.warnings == ()


def test_a_window_across_midnight_is_split_at_midnight() -> None:
    result = read("Sunday 11pm-1am")
    assert spans(result) == [(0, None, "00:00", "01:00", None), (6, None, "23:00", "24:00", None)]


def test_a_dated_window_across_midnight_continues_on_the_next_date() -> None:
    result = read("Dec 31 10pm-2am")
    assert spans(result) == [
        (None, "2026-12-31", "22:00", "24:00", None),
        (None, "2027-01-01", "00:00", "02:00", None),
    ]


def test_a_date_without_a_year_is_its_next_occurrence() -> None:
    assert spans(read("Nov 30 3-4pm")) == [(None, "2027-11-30", "15:00", "16:00", None)]
    assert spans(read("Dec 1 3-4pm")) == [(None, "2026-12-01", "15:00", "16:00", None)]


def test_a_date_with_the_wrong_weekday_keeps_the_date_and_says_so() -> None:
    result = read("Thursday Dec 18 1-2pm")
    assert spans(result) == [(None, "2026-12-18", "13:00", "14:00", None)]
    assert any("Dec 18, 2026 is a Friday" in w for w in result.warnings)


def test_an_exclusion_is_kept_and_subtracted_from_the_net_windows() -> None:
    result = read("weekdays 9-5 except Wednesday")
    assert [w.weekday for w in result.exclusions] == [2]
    assert result.exclusions[0].start == 0 and result.exclusions[0].end == 1440
    assert [w[0] for w in spans(result)] == [0, 1, 3, 4]


def test_not_available_the_week_of_gives_dated_exclusions_for_seven_days() -> None:
    result = read("Not available the week of Dec 21.")
    assert [w.date.isoformat() for w in result.exclusions if w.date] == [
        f"2026-12-{d}" for d in range(21, 28)
    ]
    assert result.windows == ()


def test_a_negation_after_a_day_excludes_that_day() -> None:
    result = read("Monday: 9AM-11AM\nWednesday: not available")
    assert spans(result) == [(0, None, "09:00", "11:00", None)]
    assert [w.weekday for w in result.exclusions] == [2]


def test_a_zone_named_once_applies_to_every_clause() -> None:
    result = read("Mon 2-3pm, Wed 4-5pm (EST)")
    assert {w.tz for w in result.windows} == {"America/New_York"}


def test_an_unreadable_time_does_not_turn_into_a_whole_day() -> None:
    result = read("Monday 25-30")
    assert result.windows == ()
    assert '"25-30" not understood' in result.warnings


def test_a_misspelt_day_is_read_with_a_warning() -> None:
    result = read("Wednesdya evening")
    assert spans(result) == [(2, None, "17:00", "21:00", None)]
    assert result.warnings == ('"Wednesdya" read as Wednesday',)


def test_parts_of_day_follow_the_configured_day_parts() -> None:
    parts = DayParts(morning=(420, 660), program_day=(420, 1320))
    assert spans(read("Friday morning", day_parts=parts)) == [(4, None, "07:00", "11:00", None)]
    assert spans(read("Friday after 8pm", day_parts=parts)) == [(4, None, "20:00", "22:00", None)]


def test_a_point_time_is_one_session_long() -> None:
    assert spans(read("Monday 2pm", session_minutes=45)) == [(0, None, "14:00", "14:45", None)]


def test_to_json_is_the_parse_contract_object() -> None:
    data = read("Friday 12pm-2pm PT").to_json()
    assert data == {
        "text": "Friday 12pm-2pm PT",
        "windows": [
            {"weekday": 4, "date": None, "start": "12:00", "end": "14:00", "tz": "America/Los_Angeles"}
        ],
        "exclusions": [],
        "confidence": 1.0,
        "warnings": [],
    }


def test_a_result_survives_a_round_trip_through_json() -> None:
    result = read("Mon-Fri 9-10am except Dec 24; Dec 28 3pm")
    assert ParseResult.from_json(result.to_json()) == result


def test_window_json_accepts_24_00_as_an_end() -> None:
    window = Window.from_json({"weekday": 4, "date": None, "start": "23:00", "end": "24:00", "tz": None})
    assert window.end == 1440
    assert window.to_json()["end"] == "24:00"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises(text: str) -> None:
    result = parse_availability(text, today=TODAY)
    # The reader reports an internal error as a warning instead of raising; there must be none.
    assert not any(w.startswith("could not read the text") for w in result.warnings), result.warnings
    assert 0.0 <= result.confidence <= 1.0
    for window in result.windows + result.exclusions:
        assert 0 <= window.start < window.end <= 1440


_WORDS = st.sampled_from(
    [
        "Mon",
        "tues",
        "weds",
        "-",
        "–",
        "to",
        "and",
        "or",
        ",",
        ";",
        "\n",
        "2",
        "3pm",
        "10:30",
        "noon",
        "except",
        "not",
        "after",
        "before",
        "between",
        "from",
        "Dec",
        "14",
        "12/15",
        "EST",
        "UTC+2",
        "morning",
        "all day",
        "weekdays",
        "MWF",
        "/",
        "(",
        ")",
        "the week of",
        "am",
        "p.m.",
        "24:00",
        "0",
        "99",
        "tomorrow",
        "next",
        "half past",
        "quarter to",
        "1230",
        "930",
        "flexible",
        "Fris",
        "Thurs's",
        "any day",
        "lunch",
        "after work",
        "PST",
        "evening",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=14).map(" ".join))
def test_arbitrary_sequences_of_availability_words_never_raise(text: str) -> None:
    result = parse_availability(text, today=TODAY)
    assert not any(w.startswith("could not read the text") for w in result.warnings), result.warnings
    assert result.text == text
    if not result.windows:
        assert result.warnings, text


@pytest.mark.parametrize(
    "text",
    ["Jan 2 2pm", "next week 3pm", "the week of Dec 31", "in January", "Dec 31 11pm-1am", "next Monday"],
)
def test_dates_past_the_end_of_the_calendar_are_reported_never_overflowed(text: str) -> None:
    result = parse_availability(text, today=dt.date(9999, 12, 30))
    assert not any("could not read the text" in w for w in result.warnings), result.warnings


def test_a_dated_window_on_the_last_day_there_is_keeps_its_part_before_midnight() -> None:
    result = parse_availability("Dec 31 11pm-1am", today=dt.date(9999, 12, 30))
    assert [(w.date, w.start, w.end) for w in result.windows] == [(dt.date(9999, 12, 31), 1380, 1440)]


def test_a_date_bounding_weekly_times_is_kept_as_their_validity_not_as_a_day() -> None:
    result = parse_availability("Tuesdays 4-6pm from Jan 4 through Feb 26", today=dt.date(2026, 12, 1))
    assert [(w.weekday, w.date, w.start, w.end) for w in result.windows] == [(1, None, 960, 1080)]
    assert (result.valid_from, result.valid_until) == (dt.date(2027, 1, 4), dt.date(2027, 2, 26))
    assert "valid_from" not in result.to_json()


def test_until_a_date_without_weekly_days_is_still_every_day_until_then() -> None:
    result = parse_availability("available until Dec 3", today=dt.date(2026, 12, 1))
    assert [w.date for w in result.windows] == [dt.date(2026, 12, d) for d in (1, 2, 3)]
    assert result.valid_until is None


def test_exclusions_that_rule_out_every_window_leave_no_confidence() -> None:
    result = parse_availability("Mon 2-3pm except Mon", today=dt.date(2026, 12, 1))
    assert result.net_windows() == ()
    assert result.confidence == 0.0
    assert "the exclusions rule out every time given" in result.warnings


def test_a_year_first_date_is_never_read_day_first() -> None:
    # 2026-13-01 has no 13th month; reading it as 13 January would invent a window.
    result = parse_availability("2026-13-01 3-5pm", today=TODAY)
    assert not any(w.date is not None for w in result.windows)
    assert '"2026-13-01" is not a date' in result.warnings


@pytest.mark.parametrize(
    "text",
    [
        "noon-2 any day but Sunday",
        "free after work (6pm) Tue-Thu",
        "Sundays 7-9 (evening)",
        "lunch Mon-Fri 12:30-1:30",
        "Sun 1230-2pm",
        "Weds and Fris 8-10 in the morning",
        "free after 3pm EST / 12pm PST on Tuesdays",
        "Thurs's 3-5pm",
        "after 6pm except Mondays",
    ],
)
def test_phrases_that_name_their_days_and_times_exactly_read_without_a_warning(text: str) -> None:
    result = read(text)
    assert result.windows
    assert result.warnings == ()
    assert result.confidence == 1.0


def test_half_past_a_bare_hour_is_one_session_read_as_pm_with_a_warning() -> None:
    result = read("half past 4 on fridays")
    assert spans(result) == [(4, None, "16:30", "17:00", None)]
    assert result.warnings == ('"half past 4" read as 4:30 PM',)
