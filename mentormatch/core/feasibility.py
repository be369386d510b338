"""Where a student and a professional can really meet: feasible session slots over the horizon.

A slot is feasible when it lies inside both people's availability (their weekly and dated windows, within
their validity periods, minus their exclusions), starts at least the minimum notice from now and within the
horizon, overlaps none of either person's active sessions (the professional's widened by the buffer), and
falls in a week (Monday to Sunday in the professional's zone) where the professional is still under their
weekly limit. Slot starts lie on a 30-minute grid in UTC, which is :00/:30 in every zone whose offset is a
whole or half hour.

One student against many professionals is the common case (`suggest-matches`, cohort assignment), so
`student_feasibility` expands the student once and then, per professional, only expands that professional's
availability and intersects two short sorted lists. Expansion uses a per-zone table of local midnights,
computed once per zone and horizon, so a weekly window costs a few additions per week instead of a time-zone
conversion per date; days with a clock change take the exact (slower) path. Professionals who share an
availability (same windows, zone and validity) share one expansion and one intersection. Cost is linear in the
number of professionals.

Times are UTC Unix seconds and intervals are half-open `(start, end)` tuples, sorted and disjoint.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

__all__ = [
    "Availability",
    "Candidate",
    "Interval",
    "NoMatch",
    "PairFeasibility",
    "Party",
    "Refusal",
    "Rules",
    "StudentFeasibility",
    "WindowLike",
    "check_booking",
    "expand_availability",
    "horizon_bounds",
    "intersect",
    "local_to_utc",
    "nearest_slots",
    "pair_feasibility",
    "student_feasibility",
    "subtract",
    "week_start",
]

Interval = tuple[int, int]

_DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


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
class Rules:
    """The program's scheduling rules (from settings)."""

    session_minutes: int = 30
    buffer_minutes: int = 0
    min_notice_hours: float = 2.0
    horizon_days: int = 21
    step_minutes: int = 30

    @property
    def session_seconds(self) -> int:
        return self.session_minutes * 60

    @property
    def buffer_seconds(self) -> int:
        return self.buffer_minutes * 60

    @property
    def step_seconds(self) -> int:
        return self.step_minutes * 60


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


@dataclass(frozen=True, slots=True)
class Party:
    """A student: availability plus their active sessions (UTC intervals)."""

    availability: Availability
    sessions: tuple[Interval, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A professional: availability, active sessions (include those earlier in the current week, so the
    weekly limit counts them) and the weekly limit (None: no limit)."""

    key: Hashable
    availability: Availability
    sessions: tuple[Interval, ...] = ()
    weekly_limit: int | None = None


class NoMatch:
    """Why a pair (or a student) has no feasible slot. Stable codes; `MESSAGES` says it in words."""

    NO_STUDENT_AVAILABILITY = "no_student_availability"
    NO_CANDIDATES = "no_candidates"
    NO_OVERLAP = "no_overlap"
    TOO_SOON = "too_soon"
    BOOKED = "booked"
    WEEKLY_LIMIT = "weekly_limit"

    MESSAGES = {
        NO_STUDENT_AVAILABILITY: "No availability could be read for the student in the next weeks.",
        NO_CANDIDATES: "No active professional has availability on file.",
        NO_OVERLAP: "No professional's availability overlaps the student's.",
        TOO_SOON: "The only common times are too soon (inside the minimum notice).",
        BOOKED: "The common times are already taken by other sessions.",
        WEEKLY_LIMIT: "Every professional who overlaps is at their weekly limit in those weeks.",
    }


class Refusal:
    """Why one requested booking is refused. Stable codes used in the API's Conflict errors."""

    IN_THE_PAST = "in_the_past"
    TOO_SOON = "too_soon"
    OUTSIDE_AVAILABILITY = "outside_availability"
    ALREADY_BOOKED = "already_booked"
    WEEKLY_LIMIT = "weekly_limit"


class PairFeasibility:
    """What one student and one professional can do together over the horizon.

    `slot_starts` are the first aligned session starts, `slot_count` how many there are in all,
    `feasible_minutes` the time those sessions cover, `booked_in_horizon` the professional's active sessions
    in the weeks the horizon touches, and `blocked_by` a NoMatch code when there is no slot. `common` (both
    available, from the start of the student's day to the horizon's end) and `feasible` (where a session
    fits, after the notice, busy times and full weeks) are intervals, computed on first use.
    """

    __slots__ = (
        "_common",
        "_feasible",
        "_lazy",
        "blocked_by",
        "booked_in_horizon",
        "feasible_minutes",
        "key",
        "slot_count",
        "slot_starts",
    )

    def __init__(
        self,
        key: Hashable,
        common: tuple[Interval, ...] | None = (),
        feasible: tuple[Interval, ...] | None = (),
        slot_starts: tuple[int, ...] = (),
        slot_count: int = 0,
        feasible_minutes: float = 0.0,
        booked_in_horizon: int = 0,
        blocked_by: str | None = None,
        *,
        lazy: tuple[_Grid, int, tuple[Interval, ...], Availability, int, int] | None = None,
    ) -> None:
        self.key = key
        self._common = common
        self._feasible = feasible
        self.slot_starts = slot_starts
        self.slot_count = slot_count
        self.feasible_minutes = feasible_minutes
        self.booked_in_horizon = booked_in_horizon
        self.blocked_by = blocked_by
        self._lazy = lazy

    @property
    def feasible_any(self) -> bool:
        return self.slot_count > 0

    @property
    def common(self) -> tuple[Interval, ...]:
        if self._common is None:
            self._common = _lazy_common(self._lazy) if self._lazy is not None else ()
        return self._common

    @property
    def feasible(self) -> tuple[Interval, ...]:
        if self._feasible is None:
            self._feasible = self._lazy[0].spans(self._lazy[1]) if self._lazy is not None else ()
        return self._feasible

    def _values(self) -> tuple[object, ...]:
        return (
            self.key,
            self.common,
            self.feasible,
            self.slot_starts,
            self.slot_count,
            self.feasible_minutes,
            self.booked_in_horizon,
            self.blocked_by,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PairFeasibility) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"PairFeasibility(key={self.key!r}, slot_count={self.slot_count}, "
            f"slot_starts={self.slot_starts!r}, blocked_by={self.blocked_by!r})"
        )


@dataclass(frozen=True, slots=True)
class StudentFeasibility:
    student_free: tuple[Interval, ...]
    pairs: list[PairFeasibility] = field(default_factory=list)

    def reason_none_feasible(self) -> str | None:
        """Why no professional has a slot (a NoMatch code), or None when someone does."""
        if not self.student_free:
            return NoMatch.NO_STUDENT_AVAILABILITY
        if not self.pairs:
            return NoMatch.NO_CANDIDATES
        if any(p.feasible_any for p in self.pairs):
            return None
        blocked = Counter(p.blocked_by for p in self.pairs)
        for code in (NoMatch.WEEKLY_LIMIT, NoMatch.BOOKED, NoMatch.TOO_SOON):
            if blocked.get(code):
                return code
        return NoMatch.NO_OVERLAP


# --- time arithmetic --------------------------------------------------------------------------------


def _to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("Times must be timezone-aware.")
    return int(moment.timestamp())


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_to_utc(day: date, minute: int, tz: str) -> int:
    """The UTC instant of wall time `minute` after local midnight of `day` in `tz` (1440 = next midnight).

    A wall time that does not exist (spring forward) or happens twice (fall back) is read with fold=0: the
    offset in force before the change, as `zoneinfo` does. So 02:30 on a spring-forward night in New York is
    03:30 EDT, and 01:30 on a fall-back night is the first (EDT) 01:30.
    """
    if minute >= 1440:
        day = day + timedelta(days=minute // 1440)
        minute %= 1440
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=_zone(tz))
    return int(local.timestamp())


class _ZoneDays:
    """Per zone and range of dates: the UTC epoch of each local midnight on days without a clock change."""

    __slots__ = ("base", "first", "tz")

    def __init__(self, tz: str, first: int, last: int) -> None:
        self.tz = tz
        self.first = first
        zone = _zone(tz)
        base: list[int | None] = []
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            midnight = datetime.combine(day, time(0), tzinfo=zone)
            noon = datetime.combine(day, time(12), tzinfo=zone)
            next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            offset = midnight.utcoffset()
            if offset == noon.utcoffset() == next_midnight.utcoffset() and offset is not None:
                base.append((ordinal - _EPOCH_ORDINAL) * _DAY - int(offset.total_seconds()))
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
def _zone_days(tz: str, first: int, last: int) -> _ZoneDays:
    return _ZoneDays(tz, first, last)


def _ordinal_range(lo: int, hi: int) -> tuple[int, int]:
    """Local dates that can touch [lo, hi) in any zone (offsets stay within a day)."""
    return lo // _DAY + _EPOCH_ORDINAL - 1, (hi - 1) // _DAY + _EPOCH_ORDINAL + 1


def week_start(moment: int, tz: str) -> date:
    """The Monday (in `tz`) of the week holding the instant `moment`."""
    local = datetime.fromtimestamp(moment, tz=_zone(tz)).date()
    return local - timedelta(days=local.weekday())


# --- interval arithmetic on sorted, disjoint lists --------------------------------------------------


def _normalise(intervals: Iterable[Interval]) -> list[Interval]:
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


def _clip(a: Sequence[Interval], lo: int, hi: int) -> list[Interval]:
    return [(max(s, lo), min(e, hi)) for s, e in a if e > lo and s < hi]


# --- expansion ----------------------------------------------------------------------------------------


def _expand_windows(windows: Iterable[WindowLike], person_tz: str, first: int, last: int) -> list[Interval]:
    out: list[Interval] = []
    for w in windows:
        if w.end <= w.start:
            continue
        tz = w.tz or person_tz
        days = _zone_days(tz, first, last)
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
    first, last = _ordinal_range(lo, hi)
    if availability.valid_from is not None:
        first = max(first, availability.valid_from.toordinal())
    if availability.valid_until is not None:
        last = min(last, availability.valid_until.toordinal())
    if last < first:
        return []
    tz = availability.tz
    covered = _clip(_normalise(_expand_windows(availability.windows, tz, first, last)), lo, hi)
    if availability.exclusions and covered:
        covered = subtract(covered, _normalise(_expand_windows(availability.exclusions, tz, first, last)))
    return covered


def horizon_bounds(now: datetime, rules: Rules) -> tuple[int, int, int]:
    """(now, earliest start after the notice, end of the horizon) as UTC Unix seconds."""
    now_ts = _to_epoch(now)
    return now_ts, now_ts + int(rules.min_notice_hours * 3600), now_ts + rules.horizon_days * _DAY


# --- slots ------------------------------------------------------------------------------------------


def _week_blocks(
    sessions: Sequence[Interval], tz: str, limit: int | None, lo: int, hi: int
) -> tuple[list[Interval], int]:
    """UTC spans of the weeks (in `tz`) in which the professional is at the limit, and how many of their
    sessions start within the weeks that [lo, hi) touches."""
    first_week = week_start(lo, tz)
    last_week = week_start(hi - 1, tz)
    per_week: Counter[date] = Counter()
    for start, _end in sessions:
        monday = week_start(start, tz)
        if first_week <= monday <= last_week:
            per_week[monday] += 1
    blocks: list[Interval] = []
    if limit is not None:
        for monday, n in sorted(per_week.items()):
            if n >= limit:
                blocks.append((local_to_utc(monday, 0, tz), local_to_utc(monday + timedelta(days=7), 0, tz)))
    return blocks, sum(per_week.values())


def _busy(sessions: Sequence[Interval], widen: int) -> list[Interval]:
    return _normalise((start - widen, end + widen) for start, end in sessions)


class _Grid:
    """Aligned session starts over the horizon as the bits of an integer: bit i is the session
    [origin + i*step, origin + i*step + length). A set of starts is one integer; "both free" is `&`."""

    __slots__ = ("length", "n", "origin", "step")

    def __init__(self, *, lo: int, hi: int, rules: Rules) -> None:
        self.step = rules.step_seconds
        self.length = rules.session_seconds
        self.origin = -(-lo // self.step) * self.step
        self.n = max(0, (hi - self.length - self.origin) // self.step + 1)

    def _bits(self, first: int, last: int) -> int:
        first = max(first, 0)
        last = min(last, self.n - 1)
        return ((1 << (last - first + 1)) - 1) << first if last >= first else 0

    def inside(self, intervals: Iterable[Interval]) -> int:
        """Starts whose whole session lies inside one of the (normalised) intervals."""
        mask = 0
        step, origin, length = self.step, self.origin, self.length
        for start, end in intervals:
            mask |= self._bits(-(-(start - origin) // step), (end - length - origin) // step)
        return mask

    def overlapping(self, intervals: Iterable[Interval]) -> int:
        """Starts whose session overlaps any of the intervals."""
        mask = 0
        step, origin, length = self.step, self.origin, self.length
        for start, end in intervals:
            mask |= self._bits((start - length - origin) // step + 1, -(-(end - origin) // step) - 1)
        return mask

    def starting_in(self, intervals: Iterable[Interval]) -> int:
        """Starts that fall inside any of the intervals."""
        mask = 0
        step, origin = self.step, self.origin
        for start, end in intervals:
            mask |= self._bits(-(-(start - origin) // step), -(-(end - origin) // step) - 1)
        return mask

    def starts(self, mask: int, limit: int) -> tuple[int, ...]:
        out: list[int] = []
        while mask and len(out) < limit:
            low = mask & -mask
            out.append(self.origin + (low.bit_length() - 1) * self.step)
            mask ^= low
        return tuple(out)

    def spans(self, mask: int) -> tuple[Interval, ...]:
        """The union of the sessions of `mask`, as intervals."""
        out: list[Interval] = []
        while mask:
            first = (mask & -mask).bit_length() - 1
            run = ((mask >> first) + 1) & ~(mask >> first)  # lowest clear bit above the run
            count = run.bit_length() - 1
            start = self.origin + first * self.step
            end = self.origin + (first + count - 1) * self.step + self.length
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
            mask &= ~(((1 << count) - 1) << first)
        return tuple(out)

    def minutes(self, mask: int) -> float:
        """Minutes covered by the sessions of `mask` (exact while a session is at most two steps long)."""
        count = mask.bit_count()
        if self.length <= self.step:
            return count * self.length / 60
        runs = (mask & ~(mask << 1)).bit_count()
        return ((count - runs) * self.step + runs * self.length) / 60


def _lazy_common(
    lazy: tuple[_Grid, int, tuple[Interval, ...], Availability, int, int],
) -> tuple[Interval, ...]:
    _grid, _mask, student_free, availability, lo, hi = lazy
    return tuple(intersect(student_free, expand_availability(availability, lo, hi)))


def _weekly_spans(availability: Availability) -> list[tuple[int, int, int]] | None:
    """The availability as merged (weekday, start, end) spans in the person's zone, when its mask is exactly
    the OR of those spans' masks: weekly windows only, no exclusions, none touching midnight (a session
    could then span two days). None otherwise (the exact path handles it)."""
    if availability.exclusions:
        return None
    tz = availability.tz
    spans: list[tuple[int, int, int]] = []
    for w in availability.windows:
        if w.weekday is None or (w.tz is not None and w.tz != tz) or w.start == 0 or w.end >= 1440:
            return None
        spans.append((w.weekday, w.start, w.end))
    if len(spans) > 1:
        spans.sort()
        merged = [spans[0]]
        for day, start, end in spans[1:]:
            last_day, last_start, last_end = merged[-1]
            if day == last_day and start <= last_end:
                merged[-1] = (day, last_start, max(end, last_end))
            else:
                merged.append((day, start, end))
        spans = merged
    return spans


class _MaskCache:
    """Masks of professionals' availability for one horizon, shared by every professional (and every
    weekly window) that is the same, so many professionals cost a few dictionary lookups each."""

    def __init__(self, grid: _Grid, lo: int, hi: int) -> None:
        self.grid, self.lo, self.hi = grid, lo, hi
        self.first, self.last = _ordinal_range(lo, hi)
        self.windows: dict[tuple[str, int, int, int], int] = {}
        self.days: dict[tuple[str, int], list[tuple[int, int | None]]] = {}
        self.validity: dict[tuple[str, date | None, date | None], int] = {}
        self.patterns: dict[Hashable, int] = {}

    def _weekday(self, tz: str, weekday: int) -> list[tuple[int, int | None]]:
        """(ordinal, UTC local midnight or None on a clock-change day) of each such weekday in range."""
        found = self.days.get((tz, weekday))
        if found is None:
            table = _zone_days(tz, self.first, self.last)
            ordinal = self.first + (weekday - (self.first - 1) % 7) % 7
            found = []
            while ordinal <= self.last:
                found.append((ordinal, table.base[ordinal - self.first]))
                ordinal += 7
            self.days[(tz, weekday)] = found
        return found

    def _window(self, tz: str, weekday: int, start: int, end: int) -> int:
        grid = self.grid
        step, origin, length = grid.step, grid.origin, grid.length
        mask = 0
        for ordinal, midnight in self._weekday(tz, weekday):
            if midnight is None:
                day = date.fromordinal(ordinal)
                utc_start, utc_end = local_to_utc(day, start, tz), local_to_utc(day, end, tz)
                if utc_end > utc_start:
                    mask |= grid.inside(((utc_start, utc_end),))
            else:
                first = -(-(midnight + start * 60 - origin) // step)
                last = (midnight + end * 60 - length - origin) // step
                mask |= grid._bits(first, last)
        return mask

    def mask(self, availability: Availability) -> int:
        memo = availability._memo
        found = memo.get(self)
        if found is None:
            found = memo[self] = self._mask(availability)
        return found  # type: ignore[return-value]

    def _mask(self, availability: Availability) -> int:
        if not availability.windows:
            return 0
        spans = _weekly_spans(availability)
        if spans is None:
            key = availability.key()
            found = self.patterns.get(key)
            if found is None:
                found = self.grid.inside(expand_availability(availability, self.lo, self.hi))
                self.patterns[key] = found
            return found
        tz = availability.tz
        mask = 0
        windows = self.windows
        for weekday, start, end in spans:
            window_mask = windows.get((tz, weekday, start, end))
            if window_mask is None:
                window_mask = windows[(tz, weekday, start, end)] = self._window(tz, weekday, start, end)
            mask |= window_mask
        if availability.valid_from is not None or availability.valid_until is not None:
            vkey = (tz, availability.valid_from, availability.valid_until)
            valid = self.validity.get(vkey)
            if valid is None:
                lo = local_to_utc(availability.valid_from, 0, tz) if availability.valid_from else self.lo
                hi = local_to_utc(availability.valid_until, 1440, tz) if availability.valid_until else self.hi
                valid = self.validity[vkey] = self.grid.inside(((lo, hi),)) if hi > lo else 0
            mask &= valid
        return mask


@lru_cache(maxsize=8)
def _mask_cache(lo: int, hi: int, step_minutes: int, session_minutes: int) -> _MaskCache:
    """One cache per grid. The grid runs from the UTC midnight before yesterday to the one after the horizon,
    so it changes once a day and is shared by every student and every call of that day."""
    rules = Rules(session_minutes=session_minutes, step_minutes=step_minutes)
    return _MaskCache(_Grid(lo=lo, hi=hi, rules=rules), lo, hi)


def student_feasibility(
    *,
    student: Party,
    candidates: Iterable[Candidate],
    rules: Rules,
    now: datetime,
    max_slots: int = 5,
) -> StudentFeasibility:
    """Feasibility of the student with each candidate, in the candidates' order. Linear in candidates.

    The student is expanded once into a grid mask (bit i: the session starting at the i-th aligned time fits
    their availability). Each professional's availability becomes a mask the same way (shared between equal
    windows and patterns), so "both free", "after the notice", "not overlapping a session" and "not in a
    full week" are each one `&` on integers. The narrowing stops at the first step that leaves no slot, which
    names the reason.
    """
    now_ts, notice_ts, end_ts = horizon_bounds(now, rules)
    # Common time is reported from the start of the student's day, so that a window already under way
    # today still reads as a whole window; slots start after the notice anyway.
    tz = student.availability.tz
    day_start = local_to_utc(now.astimezone(_zone(tz)).date(), 0, tz)
    free = tuple(expand_availability(student.availability, day_start, end_ts))
    result = StudentFeasibility(student_free=free)
    if not free:
        return result
    cache = _mask_cache(
        (now_ts // _DAY - 1) * _DAY, (end_ts // _DAY + 2) * _DAY, rules.step_minutes, rules.session_minutes
    )
    grid = cache.grid
    student_mask = grid.inside(free)
    after_notice = grid.starting_in([(notice_ts, end_ts)])
    student_busy = grid.overlapping(_normalise(student.sessions)) if student.sessions else 0
    ready = student_mask & after_notice & ~student_busy
    buffer = rules.buffer_seconds
    append = result.pairs.append
    # The cache itself is the memo key: one per grid, hashed by identity (cheaper than a tuple).
    memo_key, fill = cache, cache.mask
    for candidate in candidates:
        availability = candidate.availability
        pro_mask = availability._memo.get(memo_key)
        if pro_mask is None:
            pro_mask = fill(availability)
        feasible: int = ready & pro_mask  # type: ignore[operator]
        booked = 0
        sessions = candidate.sessions
        if sessions:
            if feasible:
                feasible &= ~grid.overlapping(_busy(sessions, buffer))
            blocks, booked = _week_blocks(sessions, availability.tz, candidate.weekly_limit, now_ts, end_ts)
            if feasible and blocks:
                feasible &= ~grid.starting_in(blocks)
        lazy = (grid, feasible, free, availability, day_start, end_ts)
        if feasible:
            append(
                PairFeasibility(
                    candidate.key,
                    None,
                    None,
                    grid.starts(feasible, max_slots),
                    feasible.bit_count(),
                    grid.minutes(feasible),
                    booked,
                    None,
                    lazy=lazy,
                )
            )
            continue
        # Nothing left: the first narrowing step that emptied it says why.
        common = student_mask & pro_mask  # type: ignore[operator]
        if not common:
            blocked = NoMatch.NO_OVERLAP
        elif not common & after_notice:
            blocked = NoMatch.TOO_SOON
        elif not sessions or not (
            (common & after_notice & ~student_busy) & ~grid.overlapping(_busy(sessions, buffer))
        ):
            blocked = NoMatch.BOOKED
        else:
            blocked = NoMatch.WEEKLY_LIMIT
        append(PairFeasibility(candidate.key, None, (), (), 0, 0.0, booked, blocked, lazy=lazy))
    return result


def pair_feasibility(
    *, student: Party, candidate: Candidate, rules: Rules, now: datetime, max_slots: int = 5
) -> PairFeasibility:
    """Feasibility of one pair (expands both; use `student_feasibility` for one student and many)."""
    result = student_feasibility(
        student=student, candidates=[candidate], rules=rules, now=now, max_slots=max_slots
    )
    if result.pairs:
        return result.pairs[0]
    return PairFeasibility(candidate.key, (), (), (), 0, 0.0, 0, NoMatch.NO_STUDENT_AVAILABILITY)


def _covers(intervals: Sequence[Interval], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in intervals)


def check_booking(
    *,
    student: Party,
    candidate: Candidate,
    start: datetime,
    end: datetime,
    rules: Rules,
    now: datetime,
    ignore: Interval | None = None,
) -> tuple[str, str] | None:
    """Why [start, end) cannot be booked for this pair, as (Refusal code, message), or None when it can.

    `ignore` is a session of both people to leave out (the one being rescheduled). The time need not lie
    within the horizon: an admin may book further ahead.
    """
    start_ts, end_ts, now_ts = _to_epoch(start), _to_epoch(end), _to_epoch(now)
    if start_ts < now_ts:
        return Refusal.IN_THE_PAST, "That time is in the past."
    if start_ts < now_ts + int(rules.min_notice_hours * 3600):
        return Refusal.TOO_SOON, f"Sessions need at least {rules.min_notice_hours:g} hours' notice."
    lo, hi = start_ts - _DAY, end_ts + _DAY
    if not _covers(expand_availability(student.availability, lo, hi), start_ts, end_ts):
        return Refusal.OUTSIDE_AVAILABILITY, "That time is outside the student's availability."
    if not _covers(expand_availability(candidate.availability, lo, hi), start_ts, end_ts):
        return Refusal.OUTSIDE_AVAILABILITY, "That time is outside the professional's availability."
    student_sessions = [iv for iv in student.sessions if iv != ignore]
    pro_sessions = [iv for iv in candidate.sessions if iv != ignore]
    if intersect([(start_ts, end_ts)], _normalise(student_sessions)):
        return Refusal.ALREADY_BOOKED, "The student already has a session at that time."
    if intersect([(start_ts, end_ts)], _busy(pro_sessions, rules.buffer_seconds)):
        if rules.buffer_minutes and not intersect([(start_ts, end_ts)], _normalise(pro_sessions)):
            return (
                Refusal.ALREADY_BOOKED,
                f"The professional needs {rules.buffer_minutes} minutes between sessions.",
            )
        return Refusal.ALREADY_BOOKED, "The professional already has a session at that time."
    if candidate.weekly_limit is not None:
        tz = candidate.availability.tz
        monday = week_start(start_ts, tz)
        in_week = sum(1 for s, _e in pro_sessions if week_start(s, tz) == monday)
        if in_week >= candidate.weekly_limit:
            return (
                Refusal.WEEKLY_LIMIT,
                f"The professional already has {in_week} session{'s' if in_week != 1 else ''} that week "
                f"(limit {candidate.weekly_limit}).",
            )
    return None


def nearest_slots(
    *,
    student: Party,
    candidate: Candidate,
    around: datetime,
    rules: Rules,
    now: datetime,
    count: int = 3,
    ignore: Interval | None = None,
) -> list[int]:
    """The `count` feasible slot starts nearest to `around` (earlier or later), in time order."""
    if ignore is not None:
        student = Party(student.availability, tuple(iv for iv in student.sessions if iv != ignore))
        candidate = Candidate(
            candidate.key,
            candidate.availability,
            tuple(iv for iv in candidate.sessions if iv != ignore),
            candidate.weekly_limit,
        )
    target = _to_epoch(around)
    now_ts = _to_epoch(now)
    # Look from now to a horizon past the requested time, so a far-ahead request finds its neighbours.
    span_days = max(rules.horizon_days, math.ceil((target - now_ts) / _DAY) + 7)
    wide = Rules(
        session_minutes=rules.session_minutes,
        buffer_minutes=rules.buffer_minutes,
        min_notice_hours=rules.min_notice_hours,
        horizon_days=span_days,
        step_minutes=rules.step_minutes,
    )
    pair = pair_feasibility(student=student, candidate=candidate, rules=wide, now=now, max_slots=10_000)
    nearest = sorted(pair.slot_starts, key=lambda s: (abs(s - target), s))[:count]
    return sorted(nearest)


def epoch_to_datetime(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
