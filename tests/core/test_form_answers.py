"""Form answers (checked days x time slots, checkbox grids, free text) through the same reader."""

from __future__ import annotations

import datetime as dt

from mentormatch.core.availability import ParseResult
from mentormatch.core.timetext import parse_form_answers

TODAY = dt.date(2026, 12, 1)


def spans(result: ParseResult) -> list[tuple[int | None, str, str]]:
    return [(w.weekday, w.to_json()["start"], w.to_json()["end"]) for w in result.net_windows()]


def test_checked_days_cross_checked_time_slots() -> None:
    result = parse_form_answers(
        days=["Monday", "Thursday"], time_slots=["12:00 PM - 1:00 PM", "5:00 PM - 6:00 PM"], today=TODAY
    )
    assert spans(result) == [
        (0, "12:00", "13:00"),
        (0, "17:00", "18:00"),
        (3, "12:00", "13:00"),
        (3, "17:00", "18:00"),
    ]
    assert result.warnings == ()


def test_the_seed_form_gives_slots_on_checked_days_plus_the_free_text() -> None:
    result = parse_form_answers(
        days=["Monday", "Wednesday", "Thursday"],
        time_slots=["12:00 PM - 1:00 PM", "5:00 PM - 6:00 PM", "6:00 PM - 7:00 PM"],
        text="Monday 1-4 PM, Wednesday 2-5 PM",
        today=TODAY,
    )
    assert spans(result) == [
        (0, "12:00", "16:00"),
        (0, "17:00", "19:00"),
        (2, "12:00", "13:00"),
        (2, "14:00", "19:00"),
        (3, "12:00", "13:00"),
        (3, "17:00", "19:00"),
    ]


def test_grid_rows_are_kept_row_by_row() -> None:
    result = parse_form_answers(
        grid={
            "Availability [Monday]": ["Morning", "2:00 PM - 3:00 PM"],
            "Availability [Friday]": ["Evening"],
        },
        today=TODAY,
    )
    assert spans(result) == [(0, "08:00", "12:00"), (0, "14:00", "15:00"), (4, "17:00", "21:00")]


def test_a_time_in_the_free_text_without_a_day_applies_to_the_checked_days() -> None:
    result = parse_form_answers(days=["Tuesday", "Thursday"], text="after 6pm", today=TODAY)
    assert spans(result) == [(1, "18:00", "21:00"), (3, "18:00", "21:00")]
    assert result.warnings == ()


def test_checked_days_alone_are_the_whole_program_day() -> None:
    assert spans(parse_form_answers(days=["Saturday"], today=TODAY)) == [(5, "08:00", "21:00")]


def test_unreadable_choices_are_reported_by_their_text() -> None:
    result = parse_form_answers(
        days=["Tuesday", "Funday"], time_slots=["Mornings", "Brunchtime"], today=TODAY
    )
    assert spans(result) == [(1, "08:00", "12:00")]
    assert '"Funday" is not a day' in result.warnings
    assert '"Brunchtime" not understood' in result.warnings
    assert result.confidence < 1.0


def test_exclusions_in_the_free_text_apply_to_the_form_windows() -> None:
    result = parse_form_answers(
        days=["Monday", "Friday"], time_slots=["9:00 AM - 12:00 PM"], text="except Fridays", today=TODAY
    )
    assert spans(result) == [(0, "09:00", "12:00")]


def test_nothing_given_says_so() -> None:
    result = parse_form_answers(today=TODAY)
    assert result.windows == ()
    assert result.warnings


def test_a_flexible_choice_is_the_whole_program_day() -> None:
    assert spans(parse_form_answers(days=["Friday"], time_slots=["Flexible"], today=TODAY)) == [
        (4, "08:00", "21:00")
    ]


def test_slots_apply_to_the_days_written_in_the_text_when_no_day_is_checked() -> None:
    result = parse_form_answers(time_slots=["12:00 PM - 1:00 PM"], text="Mondays and Wednesdays", today=TODAY)
    assert spans(result) == [(0, "12:00", "13:00"), (2, "12:00", "13:00")]
    assert result.warnings == ()


def test_an_exclusion_only_text_does_not_warn_when_the_form_gives_windows() -> None:
    result = parse_form_answers(
        days=["Monday", "Tuesday"],
        time_slots=["12:00 PM - 1:00 PM"],
        text="not Tuesdays in December",
        today=TODAY,
    )
    assert result.warnings == ()
    assert [w.date.isoformat() for w in result.exclusions if w.date] == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
        "2026-12-22",
        "2026-12-29",
    ]
