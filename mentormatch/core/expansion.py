"""Availability as UTC intervals: zone-correct expansion of weekly and dated windows, and interval lists.

The fast counterpart of `core.slots.expand` for matching (a property test keeps the two in agreement): a
per-zone table of local midnights is computed once per zone and range of dates, so a weekly window costs a
few additions per week instead of a zone conversion per date; days with a clock change take the exact path.

Times are UTC Unix seconds and intervals half-open `(start, end)` tuples; "normalised" lists are sorted and
disjoint. The DST rule is the engine's: a wall time that does not exist is read with the offset before the
change, one that happens twice is its first occurrence (zoneinfo's fold=0).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

__all__ = [
    "DAY",
    "Availability",
    "Interval",
    "WindowLike",
    "ZoneDays",
    "clip",
    "expand_availability",
    "expand_windows",
    "intersect",
    "local_to_utc",
    "normalise",
    "ordinal_range",
    "subtract",
    "to_epoch",
    "week_start",
    "zone",
    "zone_days",
]

Interval = tuple[int, int]

DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_ORDINAL = date.max.toordinal()


class WindowLike(Protocol):
    """A window as the availability engine produces it: weekly (`weekday`) or dated (`date`), in minutes
    after local midnight (`end` may be 1440), in `tz` or, when None, the person's zone."""

    @property
    def weekday(self) -> int | None: ...
    @property
    def date(self) -> date | None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def tz(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Availability:
    """One person's parsed availability: windows minus exclusions, within [valid_from, valid_until] (dates in
    the person's zone, both inclusive, None for open)."""

    tz: str
    windows: tuple[WindowLike, ...] = ()
    exclusions: tuple[WindowLike, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    # What this (immutable) availability was found to cover on a given grid, so that a professional met by
    # many students (a cohort, repeated suggestions) is expanded once per day, not once per student.
    _memo: dict[Hashable, object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def key(self) -> Hashable:
        """Equal for availabilities that expand identically, so they can share work."""
        return (
            self.tz,
            tuple(_window_key(w) for w in self.windows),
            tuple(_window_key(w) for w in self.exclusions),
            self.valid_from,
            self.valid_until,
        )


def _window_key(w: WindowLike) -> tuple[int | None, date | None, int, int, str | None]:
    return (w.weekday, w.date, w.start, w.end, w.tz)


def to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("Times must be timezone-aware.")
    return int(moment.timestamp())


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_to_utc(day: date, minute: int, tz: str) -> int:
    """The UTC instant of wall time `minute` after local midnight of `day` in `tz` (1440 = next midnight).

    A wall time that does not exist (spring forward) or happens twice (fall back) is read with fold=0: the
    offset in force before the change, as `zoneinfo` does. So 02:30 on a spring-forward night in New York is
    03:30 EDT, and 01:30 on a fall-back night is the first (EDT) 01:30.
    """
    if minute >= 1440:
        days, rest = divmod(minute, 1440)
        if day.toordinal() + days > _MAX_ORDINAL:
            # Past the last date Python can hold (a validity "until 9999-12-31"): read it as minutes
            # after 23:59 of the day, the same instant under fold=0 (the offset before a change holds).
            return local_to_utc(day, 1439, tz) + (minute - 1439) * 60
        day = day + timedelta(days=days)
        minute = rest
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone(tz))
    return int(local.timestamp())


class ZoneDays:
    """Per zone and range of dates: the UTC epoch of each local midnight on days without a clock change."""

    __slots__ = ("base", "first", "tz")

    def __init__(self, tz: str, first: int, last: int) -> None:
        self.tz = tz
        self.first = first
        info = zone(tz)
        base: list[int | None] = []
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            if ordinal >= _MAX_ORDINAL:
                base.append(None)  # no next midnight to compare with: the exact path handles this day
                continue
            midnight = datetime.combine(day, time(0), tzinfo=info)
            noon = datetime.combine(day, time(12), tzinfo=info)
            next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=info)
            offset = midnight.utcoffset()
            if offset == noon.utcoffset() == next_midnight.utcoffset() and offset is not None:
                base.append((ordinal - _EPOCH_ORDINAL) * DAY - int(offset.total_seconds()))
            else:
                base.append(None)
        self.base = base

    def at(self, ordinal: int, minute: int) -> int:
        index = ordinal - self.first
        if 0 <= index < len(self.base):
            midnight = self.base[index]
            if midnight is not None:
                return midnight + minute * 60
        return local_to_utc(date.fromordinal(ordinal), minute, self.tz)


@lru_cache(maxsize=256)
def zone_days(tz: str, first: int, last: int) -> ZoneDays:
    return ZoneDays(tz, first, last)


def ordinal_range(lo: int, hi: int) -> tuple[int, int]:
    """Local dates that can touch [lo, hi) in any zone (offsets stay within a day), within the dates Python
    can hold."""
    first = lo // DAY + _EPOCH_ORDINAL - 1
    last = (hi - 1) // DAY + _EPOCH_ORDINAL + 1
    return max(first, 1), min(last, _MAX_ORDINAL)


def week_start(moment: int, tz: str) -> date:
    """The Monday (in `tz`) of the week holding the instant `moment`."""
    local = datetime.fromtimestamp(moment, tz=zone(tz)).date()
    return local - timedelta(days=local.weekday())


# --- interval arithmetic on sorted, disjoint lists --------------------------------------------------


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    ordered = sorted(iv for iv in intervals if iv[1] > iv[0])
    out: list[Interval] = []
    for start, end in ordered:
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Intersection of two sorted, disjoint lists (linear merge)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """`a` minus `b`, both sorted and disjoint."""
    if not b:
        return list(a)
    out: list[Interval] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        cursor = start
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                out.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def clip(a: Sequence[Interval], lo: int, hi: int) -> list[Interval]:
    return [(max(s, lo), min(e, hi)) for s, e in a if e > lo and s < hi]


# --- expansion ----------------------------------------------------------------------------------------


def expand_windows(windows: Iterable[WindowLike], person_tz: str, first: int, last: int) -> list[Interval]:
    out: list[Interval] = []
    for w in windows:
        if w.end <= w.start:
            continue
        tz = w.tz or person_tz
        days = zone_days(tz, first, last)
        if w.date is not None:
            ordinal = w.date.toordinal()
            if first <= ordinal <= last:
                out.append((days.at(ordinal, w.start), days.at(ordinal, w.end)))
        elif w.weekday is not None:
            # Ordinal 1 (1 January of year 1) was a Monday.
            ordinal = first + (w.weekday - (first - 1) % 7) % 7
            while ordinal <= last:
                out.append((days.at(ordinal, w.start), days.at(ordinal, w.end)))
                ordinal += 7
    return out


def expand_availability(availability: Availability, lo: int, hi: int) -> list[Interval]:
    """The availability as sorted, disjoint UTC intervals within [lo, hi).

    Agrees with `core.slots.expand`: dates are local dates in each window's zone, the validity period
    (inclusive dates) limits those dates, and exclusions are cut over the same dates.
    """
    if not availability.windows or hi <= lo:
        return []
    first, last = ordinal_range(lo, hi)
    if availability.valid_from is not None:
        first = max(first, availability.valid_from.toordinal())
    if availability.valid_until is not None:
        last = min(last, availability.valid_until.toordinal())
    if last < first:
        return []
    tz = availability.tz
    covered = clip(normalise(expand_windows(availability.windows, tz, first, last)), lo, hi)
    if availability.exclusions and covered:
        covered = subtract(covered, normalise(expand_windows(availability.exclusions, tz, first, last)))
    return covered
