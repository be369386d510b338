"""Feasible slots: both availabilities, validity, exclusions, notice, sessions, buffer, weekly limits, DST."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch.core import slots
from mentormatch.core.availability import Window
from mentormatch.core.expansion import ZoneDays
from mentormatch.core.feasibility import (
    Availability,
    Candidate,
    NoMatch,
    Party,
    Refusal,
    Rules,
    check_booking,
    expand_availability,
    horizon_bounds,
    local_to_utc,
    nearest_slots,
    pair_feasibility,
    student_feasibility,
    week_start,
)
from mentormatch.core.windows import IntervalSet

NEW_YORK = "America/New_York"
CHICAGO = "America/Chicago"
# Thursday 3 December 2026, 13:00 in New York.
NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def weekly(day: int, start: str, end: str, tz: str | None = None) -> Window:
    return Window(weekday=day, date=None, start=hm(start), end=hm(end), tz=tz)


def dated(day: date, start: str, end: str) -> Window:
    return Window(weekday=None, date=day, start=hm(start), end=hm(end), tz=None)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ts(*args: int) -> int:
    return int(utc(*args).timestamp())


def local(seconds: int, tz: str = NEW_YORK) -> str:
    return datetime.fromtimestamp(seconds, ZoneInfo(tz)).strftime("%a %m-%d %H:%M")


# The seed payloads of the forms: Dana (Central) and Jordan (Eastern).
SLOT_CHOICES = (("12:00", "13:00"), ("17:00", "18:00"), ("18:00", "19:00"))
DANA = Availability(
    tz=CHICAGO,
    windows=(
        *(weekly(day, start, end) for day in (MON, WED, THU) for start, end in SLOT_CHOICES),
        weekly(MON, "13:00", "16:00"),
        weekly(WED, "14:00", "17:00"),
    ),
    valid_from=date(2026, 12, 1),
    valid_until=date(2026, 12, 31),
)
JORDAN = Availability(tz=NEW_YORK, windows=(weekly(MON, "15:00", "17:00"), weekly(WED, "12:00", "17:00")))


def dana(sessions: tuple[tuple[int, int], ...] = (), limit: int | None = 3) -> Candidate:
    return Candidate(key="dana", availability=DANA, sessions=sessions, weekly_limit=limit)


def test_the_seed_pair_overlaps_monday_three_to_five_and_wednesday_one_to_two_and_three_to_five_eastern() -> (
    None
):
    pair = pair_feasibility(student=Party(JORDAN), candidate=dana(), rules=Rules(), now=NOW)
    first_week = [(local(s), local(e)[-5:]) for s, e in pair.common[:3]]
    assert first_week == [
        ("Mon 12-07 15:00", "17:00"),
        ("Wed 12-09 13:00", "14:00"),
        ("Wed 12-09 15:00", "17:00"),
    ]


def test_slot_starts_lie_on_the_half_hour_and_fit_a_whole_session() -> None:
    pair = pair_feasibility(student=Party(JORDAN), candidate=dana(), rules=Rules(), now=NOW, max_slots=5)
    assert [local(s) for s in pair.slot_starts] == [
        "Mon 12-07 15:00",
        "Mon 12-07 15:30",
        "Mon 12-07 16:00",
        "Mon 12-07 16:30",
        "Wed 12-09 13:00",
    ]


def test_the_horizon_ends_the_search_after_the_configured_days() -> None:
    pair = pair_feasibility(
        student=Party(JORDAN), candidate=dana(), rules=Rules(horizon_days=7), now=NOW, max_slots=100
    )
    assert max(pair.slot_starts) < ts(2026, 12, 10, 18, 0)
    assert pair.slot_count == 4 + 2 + 4  # Monday 2 h, Wednesday 1 h + 2 h


def test_the_validity_period_is_respected() -> None:
    short = Availability(tz=CHICAGO, windows=DANA.windows, valid_from=date(2026, 12, 8))
    candidate = Candidate(key="dana", availability=short)
    pair = pair_feasibility(student=Party(JORDAN), candidate=candidate, rules=Rules(), now=NOW)
    assert local(pair.slot_starts[0]) == "Wed 12-09 13:00"


def test_a_dated_exclusion_removes_that_day_only() -> None:
    away = Availability(
        tz=CHICAGO, windows=DANA.windows, exclusions=(dated(date(2026, 12, 7), "00:00", "24:00"),)
    )
    pair = pair_feasibility(
        student=Party(JORDAN), candidate=Candidate("dana", away), rules=Rules(), now=NOW, max_slots=100
    )
    days = {local(s)[:9] for s in pair.slot_starts}
    assert "Mon 12-07" not in days
    assert "Mon 12-14" in days


def test_a_weekly_exclusion_cuts_every_week() -> None:
    lunch_off = Availability(tz=NEW_YORK, windows=JORDAN.windows, exclusions=(weekly(WED, "13:00", "15:00"),))
    pair = pair_feasibility(student=Party(lunch_off), candidate=dana(), rules=Rules(), now=NOW, max_slots=100)
    assert not any(local(s)[:3] == "Wed" and local(s)[-5:] < "15:00" for s in pair.slot_starts)


def test_the_minimum_notice_keeps_early_slots_out() -> None:
    monday_afternoon = utc(2026, 12, 7, 19, 0)  # 14:00 in New York, one hour before the overlap starts
    pair = pair_feasibility(
        student=Party(JORDAN),
        candidate=dana(),
        rules=Rules(min_notice_hours=3),
        now=monday_afternoon,
    )
    assert local(pair.slot_starts[0]) == "Wed 12-09 13:00"


def test_a_professionals_session_and_its_buffer_are_not_offered() -> None:
    booked = (ts(2026, 12, 7, 21, 0), ts(2026, 12, 7, 21, 30))  # Monday 16:00-16:30 New York
    pair = pair_feasibility(
        student=Party(JORDAN),
        candidate=dana(sessions=(booked,)),
        rules=Rules(buffer_minutes=15),
        now=NOW,
    )
    monday = [local(s) for s in pair.slot_starts if local(s).startswith("Mon 12-07")]
    # 15:00 fits (ends 15:30, 30 min before); 15:30 would end at 16:00 with no buffer; 16:30 starts too early.
    assert monday == ["Mon 12-07 15:00"]


def test_a_students_own_session_is_not_offered_again() -> None:
    booked = (ts(2026, 12, 7, 20, 0), ts(2026, 12, 7, 21, 0))
    pair = pair_feasibility(
        student=Party(JORDAN, sessions=(booked,)), candidate=dana(), rules=Rules(), now=NOW
    )
    monday = [local(s) for s in pair.slot_starts if local(s).startswith("Mon 12-07")]
    assert monday == ["Mon 12-07 16:00", "Mon 12-07 16:30"]


def test_a_week_at_the_weekly_limit_offers_nothing_and_other_weeks_stay_open() -> None:
    # Two sessions in Dana's week of Monday 7 December, Central time.
    week = (
        (ts(2026, 12, 8, 18, 0), ts(2026, 12, 8, 18, 30)),
        (ts(2026, 12, 10, 18, 0), ts(2026, 12, 10, 18, 30)),
    )
    pair = pair_feasibility(
        student=Party(JORDAN), candidate=dana(sessions=week, limit=2), rules=Rules(), now=NOW, max_slots=100
    )
    days = {local(s)[4:9] for s in pair.slot_starts}
    assert "12-07" not in days and "12-09" not in days
    assert "12-14" in days
    assert pair.booked_in_horizon == 2


def test_the_weekly_limit_counts_weeks_in_the_professionals_zone() -> None:
    # Sunday 6 December 23:30 in Chicago is Monday 05:30 UTC: it belongs to the week before.
    sunday_night = ((ts(2026, 12, 7, 5, 30), ts(2026, 12, 7, 6, 0)),)
    pair = pair_feasibility(
        student=Party(JORDAN), candidate=dana(sessions=sunday_night, limit=1), rules=Rules(), now=NOW
    )
    assert local(pair.slot_starts[0]) == "Mon 12-07 15:00"


def test_a_pair_without_common_time_says_no_overlap() -> None:
    mornings = Availability(tz=NEW_YORK, windows=(weekly(TUE, "08:00", "10:00"),))
    pair = pair_feasibility(student=Party(mornings), candidate=dana(), rules=Rules(), now=NOW)
    assert (pair.slot_count, pair.blocked_by) == (0, NoMatch.NO_OVERLAP)


def test_an_overlap_shorter_than_a_session_is_no_overlap() -> None:
    brief = Availability(tz=NEW_YORK, windows=(weekly(MON, "16:45", "17:00"),))
    pair = pair_feasibility(student=Party(brief), candidate=dana(), rules=Rules(), now=NOW)
    assert pair.common and pair.blocked_by == NoMatch.NO_OVERLAP


def test_a_fully_booked_overlap_says_booked() -> None:
    only = Availability(tz=NEW_YORK, windows=(dated(date(2026, 12, 7), "15:00", "15:30"),))
    taken = ((ts(2026, 12, 7, 20, 0), ts(2026, 12, 7, 20, 30)),)
    pair = pair_feasibility(student=Party(only), candidate=dana(sessions=taken), rules=Rules(), now=NOW)
    assert pair.blocked_by == NoMatch.BOOKED


def test_a_student_without_windows_is_told_no_availability() -> None:
    result = student_feasibility(
        student=Party(Availability(tz=NEW_YORK)), candidates=[dana()], rules=Rules(), now=NOW
    )
    assert result.reason_none_feasible() == NoMatch.NO_STUDENT_AVAILABILITY


def test_when_everyone_overlapping_is_at_the_limit_the_reason_is_the_weekly_limit() -> None:
    every_week = tuple((ts(2026, 12, day, 14, 0), ts(2026, 12, day, 14, 30)) for day in (1, 8, 15, 22, 29))
    result = student_feasibility(
        student=Party(JORDAN), candidates=[dana(sessions=every_week, limit=1)], rules=Rules(), now=NOW
    )
    assert result.reason_none_feasible() == NoMatch.WEEKLY_LIMIT


def test_one_student_against_many_gives_the_same_answer_as_each_pair_alone() -> None:
    others = [
        Candidate(key=n, availability=Availability(tz=tz, windows=(weekly(day, "09:00", "17:00"),)))
        for n, (tz, day) in enumerate(
            [("Europe/London", MON), ("America/Los_Angeles", WED), (NEW_YORK, FRI), (CHICAGO, WED)]
        )
    ]
    candidates = [dana(), *others, dana(sessions=((ts(2026, 12, 7, 20, 0), ts(2026, 12, 7, 22, 0)),))]
    together = student_feasibility(student=Party(JORDAN), candidates=candidates, rules=Rules(), now=NOW)
    alone = [pair_feasibility(student=Party(JORDAN), candidate=c, rules=Rules(), now=NOW) for c in candidates]
    assert together.pairs == alone


def test_a_weekly_window_follows_the_clock_change_in_new_york() -> None:
    # Clocks went back on Sunday 1 November 2026 at 06:00 UTC: 15:00 in New York is 19:00 UTC, then 20:00.
    monday = Availability(tz=NEW_YORK, windows=(weekly(MON, "15:00", "16:00"),))
    spans = expand_availability(monday, ts(2026, 10, 25, 0, 0), ts(2026, 11, 8, 0, 0))
    assert spans == [
        (ts(2026, 10, 26, 19, 0), ts(2026, 10, 26, 20, 0)),
        (ts(2026, 11, 2, 20, 0), ts(2026, 11, 2, 21, 0)),
    ]


def test_a_window_across_the_fall_back_hour_lasts_three_real_hours() -> None:
    # Sunday 1 November 2026, 01:00-03:00 in New York: 01:00 is read as the first (EDT) 01:00.
    night = Availability(tz=NEW_YORK, windows=(dated(date(2026, 11, 1), "01:00", "03:00"),))
    assert expand_availability(night, ts(2026, 10, 31, 0, 0), ts(2026, 11, 2, 0, 0)) == [
        (ts(2026, 11, 1, 5, 0), ts(2026, 11, 1, 8, 0))
    ]


def test_a_wall_time_skipped_by_spring_forward_is_read_with_the_earlier_offset() -> None:
    # Sunday 8 March 2026 02:30 does not exist in New York; it is read as 02:30 EST = 07:30 UTC (03:30 EDT).
    assert local_to_utc(date(2026, 3, 8), hm("02:30"), NEW_YORK) == ts(2026, 3, 8, 7, 30)


@pytest.mark.parametrize(
    "tz", ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/Phoenix"]
)
def test_the_fast_midnight_table_agrees_with_zoneinfo_every_day_for_two_years(tz: str) -> None:
    first = date(2026, 1, 1).toordinal()
    last = date(2027, 12, 31).toordinal()
    table = ZoneDays(tz, first, last)
    for ordinal in range(first, last + 1):
        for minute in (0, 90, 150, 750, 1439, 1440):
            assert table.at(ordinal, minute) == local_to_utc(date.fromordinal(ordinal), minute, tz)


def test_a_window_with_its_own_zone_is_expanded_in_that_zone() -> None:
    named = Availability(tz=CHICAGO, windows=(weekly(MON, "15:00", "16:00", tz="Europe/London"),))
    spans = expand_availability(named, ts(2026, 12, 7, 0, 0), ts(2026, 12, 8, 0, 0))
    assert spans == [(ts(2026, 12, 7, 15, 0), ts(2026, 12, 7, 16, 0))]


def test_booking_inside_both_availabilities_is_accepted() -> None:
    start = utc(2026, 12, 7, 20, 30)
    assert (
        check_booking(
            student=Party(JORDAN),
            candidate=dana(),
            start=start,
            end=start + timedelta(minutes=30),
            rules=Rules(),
            now=NOW,
        )
        is None
    )


def _refusal(
    start: datetime,
    *,
    student: Party | None = None,
    candidate: Candidate | None = None,
    rules: Rules | None = None,
) -> str | None:
    found = check_booking(
        student=student or Party(JORDAN),
        candidate=candidate or dana(),
        start=start,
        end=start + timedelta(minutes=30),
        rules=rules or Rules(),
        now=NOW,
    )
    return found[0] if found else None


def test_booking_in_the_past_is_refused() -> None:
    assert _refusal(utc(2026, 11, 30, 20, 0)) == Refusal.IN_THE_PAST


def test_booking_inside_the_notice_is_refused() -> None:
    assert _refusal(NOW + timedelta(hours=1)) == Refusal.TOO_SOON


def test_booking_outside_the_students_availability_is_refused() -> None:
    assert _refusal(utc(2026, 12, 7, 19, 0)) == Refusal.OUTSIDE_AVAILABILITY  # 14:00 New York


def test_booking_outside_the_professionals_availability_is_refused() -> None:
    wide = Party(Availability(tz=NEW_YORK, windows=(weekly(MON, "08:00", "20:00"),)))
    assert _refusal(utc(2026, 12, 7, 22, 0), student=wide) == Refusal.OUTSIDE_AVAILABILITY  # 16:00 Chicago


def test_booking_over_another_session_of_the_professional_is_refused() -> None:
    taken = ((ts(2026, 12, 7, 20, 15), ts(2026, 12, 7, 20, 45)),)
    assert _refusal(utc(2026, 12, 7, 20, 30), candidate=dana(sessions=taken)) == Refusal.ALREADY_BOOKED


def test_booking_over_another_session_of_the_student_is_refused() -> None:
    taken = ((ts(2026, 12, 7, 20, 0), ts(2026, 12, 7, 21, 0)),)
    assert _refusal(utc(2026, 12, 7, 20, 30), student=Party(JORDAN, taken)) == Refusal.ALREADY_BOOKED


def test_booking_inside_the_buffer_is_refused() -> None:
    taken = ((ts(2026, 12, 7, 20, 0), ts(2026, 12, 7, 20, 30)),)
    refusal = check_booking(
        student=Party(JORDAN),
        candidate=dana(sessions=taken),
        start=utc(2026, 12, 7, 20, 30),
        end=utc(2026, 12, 7, 21, 0),
        rules=Rules(buffer_minutes=10),
        now=NOW,
    )
    assert refusal == (Refusal.ALREADY_BOOKED, "The professional needs 10 minutes between sessions.")


def test_booking_beyond_the_weekly_limit_is_refused() -> None:
    week = ((ts(2026, 12, 9, 18, 0), ts(2026, 12, 9, 18, 30)),)
    assert _refusal(utc(2026, 12, 7, 20, 30), candidate=dana(sessions=week, limit=1)) == Refusal.WEEKLY_LIMIT


def test_the_session_being_moved_does_not_block_its_own_new_time() -> None:
    own = (ts(2026, 12, 7, 20, 0), ts(2026, 12, 7, 20, 30))
    refusal = check_booking(
        student=Party(JORDAN, (own,)),
        candidate=dana(sessions=(own,), limit=1),
        start=utc(2026, 12, 7, 20, 15),
        end=utc(2026, 12, 7, 20, 45),
        rules=Rules(step_minutes=15),
        now=NOW,
        ignore=own,
    )
    assert refusal is None


def test_the_nearest_alternatives_surround_the_refused_time() -> None:
    starts = nearest_slots(
        student=Party(JORDAN), candidate=dana(), around=utc(2026, 12, 7, 14, 0), rules=Rules(), now=NOW
    )
    assert [local(s) for s in starts] == ["Mon 12-07 15:00", "Mon 12-07 15:30", "Mon 12-07 16:00"]


def test_the_nearest_alternatives_of_a_far_time_are_near_it_not_near_now() -> None:
    starts = nearest_slots(
        student=Party(JORDAN), candidate=dana(), around=utc(2026, 12, 28, 14, 0), rules=Rules(), now=NOW
    )
    assert [local(s)[:9] for s in starts] == ["Mon 12-28"] * 3


WINDOWS = st.builds(
    lambda day, start, length, tz: weekly(
        day, f"{start // 60:02d}:{start % 60:02d}", _end(start, length), tz
    ),
    st.integers(0, 6),
    st.integers(0, 47).map(lambda half_hours: half_hours * 30),
    st.integers(1, 12).map(lambda half_hours: half_hours * 30),
    st.sampled_from([None, None, "Europe/London", "Asia/Kolkata"]),
)


def _end(start: int, length: int) -> str:
    end = min(start + length, 1440)
    return f"{end // 60:02d}:{end % 60:02d}"


@settings(max_examples=150, deadline=None)
@given(
    windows=st.lists(WINDOWS, min_size=1, max_size=4),
    exclusions=st.lists(WINDOWS, max_size=2),
    tz=st.sampled_from([NEW_YORK, CHICAGO, "Australia/Sydney", "America/Phoenix"]),
    offset_days=st.integers(-40, 330),
    valid_days=st.one_of(st.none(), st.integers(0, 30)),
)
def test_expansion_agrees_with_the_engines_slot_expansion(
    windows: list[Window], exclusions: list[Window], tz: str, offset_days: int, valid_days: int | None
) -> None:
    lo = ts(2026, 1, 1, 0, 0) + offset_days * 86_400 + 3_600 * 7
    hi = lo + 21 * 86_400
    valid_from = date(2026, 1, 1) + timedelta(days=offset_days + 3) if valid_days is not None else None
    valid_until = valid_from + timedelta(days=valid_days) if valid_from and valid_days is not None else None
    availability = Availability(
        tz=tz,
        windows=tuple(windows),
        exclusions=tuple(exclusions),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    engine = slots.expand(
        windows=windows,
        exclusions=exclusions,
        person_tz=tz,
        start=datetime.fromtimestamp(lo, UTC).date() - timedelta(days=2),
        end=datetime.fromtimestamp(hi, UTC).date() + timedelta(days=2),
        valid_from=valid_from,
        valid_until=valid_until,
    ) & IntervalSet([(lo, hi)])
    assert expand_availability(availability, lo, hi) == [(i.start, i.end) for i in engine]


def _reference_starts(student: Party, candidate: Candidate, rules: Rules, now: datetime) -> list[int]:
    """Every feasible start, the slow obvious way: the engine's expansion, then each aligned time checked."""
    _now_ts, notice_ts, end_ts = horizon_bounds(now, rules)

    def free(availability: Availability) -> IntervalSet:
        return slots.expand(
            windows=availability.windows,
            exclusions=availability.exclusions,
            person_tz=availability.tz,
            start=now.date() - timedelta(days=2),
            end=now.date() + timedelta(days=rules.horizon_days + 2),
            valid_from=availability.valid_from,
            valid_until=availability.valid_until,
        )

    both = free(student.availability) & free(candidate.availability)
    step, length, buffer = rules.step_seconds, rules.session_seconds, rules.buffer_seconds
    per_week = Counter(week_start(s, candidate.availability.tz) for s, _e in candidate.sessions)
    out = []
    t = -(-notice_ts // step) * step
    while t + length <= end_ts:
        end = t + length
        if (
            both.contains(t, end)
            and not any(s < end and t < e for s, e in student.sessions)
            and not any(s - buffer < end and t < e + buffer for s, e in candidate.sessions)
            and (
                candidate.weekly_limit is None
                or per_week[week_start(t, candidate.availability.tz)] < candidate.weekly_limit
            )
        ):
            out.append(t)
        t += step
    return out


# Sessions as (half hours after the first day's midnight UTC, length in half hours).
SESSIONS = st.lists(st.tuples(st.integers(0, 21 * 48), st.sampled_from([1, 2])), max_size=6)
# Days whose horizons cross the clock changes of 2026: US spring (8 March), EU spring (29 March),
# EU autumn (25 October), US autumn (1 November); and a quiet December.
FIRST_DAYS = st.sampled_from(
    [date(2026, 3, 2), date(2026, 3, 20), date(2026, 10, 20), date(2026, 10, 28), date(2026, 12, 3)]
)


def _sessions(day: date, raw: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    base = ts(day.year, day.month, day.day, 0, 0)
    return tuple((base + start * 1800, base + (start + length) * 1800) for start, length in raw)


@settings(max_examples=150, deadline=None)
@given(
    student_windows=st.lists(WINDOWS, min_size=1, max_size=4),
    pro_windows=st.lists(WINDOWS, min_size=1, max_size=4),
    pro_exclusions=st.lists(WINDOWS, max_size=1),
    pro_tz=st.sampled_from([NEW_YORK, CHICAGO, "Europe/London", "Asia/Kolkata"]),
    student_sessions=SESSIONS,
    pro_sessions=SESSIONS,
    limit=st.one_of(st.none(), st.integers(1, 3)),
    buffer=st.sampled_from([0, 10, 30]),
    length=st.sampled_from([30, 60]),
    hour=st.integers(0, 23),
    day=FIRST_DAYS,
)
def test_the_fast_slots_equal_a_slot_by_slot_check(
    student_windows: list[Window],
    pro_windows: list[Window],
    pro_exclusions: list[Window],
    pro_tz: str,
    student_sessions: list[tuple[int, int]],
    pro_sessions: list[tuple[int, int]],
    limit: int | None,
    buffer: int,
    length: int,
    hour: int,
    day: date,
) -> None:
    now = utc(day.year, day.month, day.day, hour, 0)
    rules = Rules(session_minutes=length, buffer_minutes=buffer)
    student = Party(
        Availability(tz=NEW_YORK, windows=tuple(student_windows)), _sessions(day, student_sessions)
    )
    candidate = Candidate(
        "pro",
        Availability(tz=pro_tz, windows=tuple(pro_windows), exclusions=tuple(pro_exclusions)),
        _sessions(day, pro_sessions),
        limit,
    )
    pair = pair_feasibility(student=student, candidate=candidate, rules=rules, now=now, max_slots=10_000)
    expected = _reference_starts(student, candidate, rules, now)
    assert list(pair.slot_starts) == expected
    assert pair.slot_count == len(expected)
