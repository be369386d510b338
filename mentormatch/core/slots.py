"""Expansion of wall-clock windows into UTC intervals, date by date in each window's zone.

DST rule (the one rule, same as `zoneinfo` with fold=0):
- a local time that does not exist (the hour skipped when clocks spring forward) is read with the offset
  in force before the change, so it lands that many minutes LATER on the new clock: 02:30 on the day
  New York springs forward is 03:30 EDT (07:30 UTC);
- a local time that happens twice (clocks fall back) is its FIRST occurrence: 01:30 on the day New York
  falls back is 01:30 EDT (05:30 UTC);
- a window is expanded by converting its start and end separately, so a window spanning a change keeps
  its wall-clock ends and its UTC length grows or shrinks by the change (Mon 01:00-04:00 on a
  spring-forward night is two real hours).
A window whose converted end is not after its start (a window wholly inside a skipped hour) is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from zoneinfo import ZoneInfo

from mentormatch.core.availability import DAY_MINUTES, Window
from mentormatch.core.windows import IntervalSet

__all__ = ["expand", "local_to_utc"]


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=200_000)
def local_to_utc(zone: str, ordinal: int, minute: int) -> int:
    """Unix seconds of wall time `minute` (0..1440) on the date with proleptic `ordinal` in `zone`."""
    day = dt.date.fromordinal(ordinal)
    if minute >= DAY_MINUTES:
        day += dt.timedelta(days=minute // DAY_MINUTES)
        minute %= DAY_MINUTES
    local = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=_zone(zone))
    return int(local.timestamp())


def expand(
    *,
    windows: Sequence[Window],
    exclusions: Sequence[Window] = (),
    person_tz: str,
    start: dt.date,
    end: dt.date,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> IntervalSet:
    """UTC intervals covered by `windows` minus `exclusions` on local dates start <= d < end.

    Dates are local dates in each window's zone (`window.tz`, else `person_tz`). `valid_from` and
    `valid_until` (both inclusive) limit the dates further: availability "valid December 1-31".
    """
    first = max(start, valid_from) if valid_from else start
    stop = min(end, valid_until + dt.timedelta(days=1)) if valid_until else end
    if stop <= first:
        return IntervalSet()
    positive = _expand_all(windows, person_tz, first, stop)
    if not exclusions:
        return IntervalSet.from_pairs(positive)
    negative = _expand_all(exclusions, person_tz, first, stop)
    return IntervalSet.from_pairs(positive) - IntervalSet.from_pairs(negative)


def _expand_all(
    windows: Sequence[Window], person_tz: str, first: dt.date, stop: dt.date
) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    first_ordinal, stop_ordinal = first.toordinal(), stop.toordinal()
    first_weekday = first.weekday()
    for window in windows:
        zone = window.tz or person_tz
        if window.date is not None:
            ordinal = window.date.toordinal()
            if first_ordinal <= ordinal < stop_ordinal:
                _append(pairs, zone, ordinal, window.start, window.end)
            continue
        assert window.weekday is not None
        ordinal = first_ordinal + (window.weekday - first_weekday) % 7
        while ordinal < stop_ordinal:
            _append(pairs, zone, ordinal, window.start, window.end)
            ordinal += 7
    return pairs


def _append(pairs: list[tuple[int, int]], zone: str, ordinal: int, start: int, end: int) -> None:
    utc_start = local_to_utc(zone, ordinal, start)
    utc_end = local_to_utc(zone, ordinal, end)
    if utc_end > utc_start:
        pairs.append((utc_start, utc_end))
