"""Far dates and unusable stored availability never take matching down.

A validity "until 9999-12-31" (or "from 0001-01-01") is clamped to the horizon actually expanded; a row the
core still cannot use is skipped with a warning and a reason, and every other professional is matched.
"""

from __future__ import annotations

import logging
import time as clock
from datetime import UTC, date, datetime

import pytest

from mentormatch.core.expansion import ZoneDays, expand_availability
from mentormatch.core.feasibility import (
    Availability,
    Candidate,
    NoMatch,
    Party,
    Rules,
    check_booking,
    local_to_utc,
    nearest_slots,
    pair_feasibility,
    student_feasibility,
)
from tests.core.test_feasibility import JORDAN, MON, NEW_YORK, NOW, WED, local, weekly

LAST = date(9999, 12, 31)
FIRST = date(1, 1, 1)
ZONES = ("America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "UTC")
PRO_WINDOWS = (weekly(MON, "15:00", "17:00"), weekly(WED, "12:00", "17:00"))


def _pro(tz: str = NEW_YORK, **validity: date) -> Candidate:
    return Candidate(key="jane", availability=Availability(tz=tz, windows=PRO_WINDOWS, **validity))


@pytest.mark.parametrize("tz", ZONES)
def test_a_professional_valid_until_the_last_date_python_holds_still_has_slots(tz: str) -> None:
    open_ended = pair_feasibility(student=Party(JORDAN), candidate=_pro(tz), rules=Rules(), now=NOW)
    far = pair_feasibility(
        student=Party(JORDAN), candidate=_pro(tz, valid_until=LAST), rules=Rules(), now=NOW
    )
    assert far.slot_starts == open_ended.slot_starts


@pytest.mark.parametrize("tz", ZONES)
def test_a_professional_valid_from_the_first_date_python_holds_still_has_slots(tz: str) -> None:
    open_ended = pair_feasibility(student=Party(JORDAN), candidate=_pro(tz), rules=Rules(), now=NOW)
    far = pair_feasibility(
        student=Party(JORDAN), candidate=_pro(tz, valid_from=FIRST, valid_until=LAST), rules=Rules(), now=NOW
    )
    assert far.slot_starts == open_ended.slot_starts


def test_a_student_valid_until_the_last_date_python_holds_still_has_slots() -> None:
    student = Availability(tz=NEW_YORK, windows=JORDAN.windows, valid_until=LAST)
    pair = pair_feasibility(student=Party(student), candidate=_pro(), rules=Rules(), now=NOW)
    assert local(pair.slot_starts[0]) == "Mon 12-07 15:00"


def test_midnight_after_the_last_date_python_holds_is_a_minute_after_its_2359() -> None:
    assert local_to_utc(LAST, 1440, "Etc/GMT+12") == local_to_utc(LAST, 1439, "Etc/GMT+12") + 60
    assert local_to_utc(LAST, 1440, "UTC") == int(datetime(9999, 12, 31, 23, 59, tzinfo=UTC).timestamp()) + 60


def test_the_zone_table_reaches_the_last_date_python_holds() -> None:
    last = LAST.toordinal()
    table = ZoneDays("America/New_York", last - 3, last)
    assert table.at(last, 1440) == local_to_utc(LAST, 1439, "America/New_York") + 60


def test_expanding_an_availability_on_its_last_representable_day_gives_that_day() -> None:
    friday = Availability(tz="UTC", windows=(weekly(4, "10:00", "12:00"),), valid_until=LAST)
    noon = int(datetime(9999, 12, 31, 12, tzinfo=UTC).timestamp())
    assert expand_availability(friday, noon - 86_400, noon + 3600) == [(noon - 7200, noon)]


def test_a_booking_on_the_last_representable_day_is_checked_without_overflow() -> None:
    friday = Availability(tz="UTC", windows=(weekly(4, "10:00", "12:00"),), valid_until=LAST)
    refusal = check_booking(
        student=Party(friday),
        candidate=Candidate("jane", friday),
        start=datetime(9999, 12, 31, 10, tzinfo=UTC),
        end=datetime(9999, 12, 31, 10, 30, tzinfo=UTC),
        rules=Rules(),
        now=NOW,
    )
    assert refusal is None


def test_nearest_slots_for_a_time_years_ahead_look_only_near_it() -> None:
    began = clock.perf_counter()
    starts = nearest_slots(
        student=Party(JORDAN),
        candidate=_pro(),
        around=datetime(2036, 12, 1, 20, tzinfo=UTC),
        rules=Rules(),
        now=NOW,
    )
    elapsed = clock.perf_counter() - began
    assert [local(s) for s in starts] == ["Mon 12-01 15:00", "Mon 12-01 15:30", "Mon 12-01 16:00"]
    assert elapsed < 2.0  # scanning ten years of half hours would take far longer


def test_a_professional_with_an_unknown_zone_is_skipped_and_the_others_still_match(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = Candidate(key="broken", availability=Availability(tz="Mars/Olympus_Mons", windows=PRO_WINDOWS))
    with caplog.at_level(logging.WARNING, logger="mentormatch.core.feasibility"):
        result = student_feasibility(
            student=Party(JORDAN), candidates=[broken, _pro()], rules=Rules(), now=NOW
        )
    assert [(p.key, p.blocked_by, p.feasible_any) for p in result.pairs] == [
        ("broken", NoMatch.UNREADABLE, False),
        ("jane", None, True),
    ]
    assert "Mars/Olympus_Mons" in caplog.text


def test_when_every_availability_is_unusable_the_reason_says_so() -> None:
    broken = Candidate(key="broken", availability=Availability(tz="Mars/Olympus_Mons", windows=PRO_WINDOWS))
    result = student_feasibility(student=Party(JORDAN), candidates=[broken], rules=Rules(), now=NOW)
    assert result.reason_none_feasible() == NoMatch.UNREADABLE


def test_a_student_with_an_unknown_zone_has_no_availability_instead_of_an_error() -> None:
    student = Availability(tz="Mars/Olympus_Mons", windows=JORDAN.windows)
    result = student_feasibility(student=Party(student), candidates=[_pro()], rules=Rules(), now=NOW)
    assert result.reason_none_feasible() == NoMatch.NO_STUDENT_AVAILABILITY
