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


@dataclass(frozen=True, slots=True)
class PairFeasibility:
    key: Hashable
    common: tuple[Interval, ...]  # both available, from the start of the student's today to the horizon's end
    feasible: tuple[Interval, ...]  # where a session fits: after notice, busy times and full weeks
    slot_starts: tuple[int, ...]  # the first aligned session starts
    slot_count: int
    feasible_minutes: float
    booked_in_horizon: int  # the professional's active sessions in the weeks the horizon touches
    blocked_by: str | None = None  # a NoMatch code when there is no slot

    @property
    def feasible_any(self) -> bool:
        return self.slot_count > 0


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


def _slots(feasible: Sequence[Interval], rules: Rules, limit: int) -> tuple[tuple[int, ...], int, float]:
    """(first `limit` aligned starts, how many starts there are, minutes in intervals that hold a session)."""
    step = rules.step_seconds
    length = rules.session_seconds
    starts: list[int] = []
    count = 0
    seconds = 0
    for start, end in feasible:
        if end - start < length:
            continue
        seconds += end - start
        first = -(-start // step) * step
        if first + length > end:
            continue
        n = (end - length - first) // step + 1
        count += n
        t = first
        while len(starts) < limit and t + length <= end:
            starts.append(t)
            t += step
    return tuple(starts), count, seconds / 60


def _has_slot(intervals: Sequence[Interval], rules: Rules) -> bool:
    step, length = rules.step_seconds, rules.session_seconds
    return any(-(-start // step) * step + length <= end for start, end in intervals)


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


def _pair_from_common(
    *,
    key: Hashable,
    common: Sequence[Interval],
    candidate: Candidate,
    student_busy: Sequence[Interval],
    rules: Rules,
    notice_ts: int,
    now_ts: int,
    end_ts: int,
    max_slots: int,
) -> PairFeasibility:
    """Narrow the common time down step by step; the first step that leaves no slot names the reason."""
    if candidate.sessions:
        blocks, booked = _week_blocks(
            candidate.sessions, candidate.availability.tz, candidate.weekly_limit, now_ts, end_ts
        )
    else:
        blocks, booked = [], 0
    if not common or not _has_slot(common, rules):
        return PairFeasibility(key, tuple(common), (), (), 0, 0.0, booked, NoMatch.NO_OVERLAP)
    feasible = _clip(common, notice_ts, end_ts)
    if not _has_slot(feasible, rules):
        return PairFeasibility(key, tuple(common), (), (), 0, 0.0, booked, NoMatch.TOO_SOON)
    if student_busy or candidate.sessions:
        feasible = subtract(subtract(feasible, student_busy), _busy(candidate.sessions, rules.buffer_seconds))
        if not _has_slot(feasible, rules):
            return PairFeasibility(key, tuple(common), (), (), 0, 0.0, booked, NoMatch.BOOKED)
    if blocks:
        feasible = subtract(feasible, blocks)
    starts, count, minutes = _slots(feasible, rules, max_slots)
    blocked = NoMatch.WEEKLY_LIMIT if count == 0 else None
    return PairFeasibility(key, tuple(common), tuple(feasible), starts, count, minutes, booked, blocked)


def student_feasibility(
    *,
    student: Party,
    candidates: Iterable[Candidate],
    rules: Rules,
    now: datetime,
    max_slots: int = 5,
) -> StudentFeasibility:
    """Feasibility of the student with each candidate, in the candidates' order. Linear in candidates."""
    now_ts, notice_ts, end_ts = horizon_bounds(now, rules)
    # Common time is reported from the start of the student's day, so that a window already under way
    # today still reads as a whole window; slots start after the notice anyway.
    today = now.astimezone(_zone(student.availability.tz)).date()
    free = expand_availability(student.availability, local_to_utc(today, 0, student.availability.tz), end_ts)
    result = StudentFeasibility(student_free=tuple(free))
    if not free:
        return result
    student_busy = _normalise(student.sessions)
    common_by_pattern: dict[Hashable, list[Interval]] = {}
    for candidate in candidates:
        pattern = candidate.availability.key()
        common = common_by_pattern.get(pattern)
        if common is None:
            common = intersect(free, expand_availability(candidate.availability, now_ts, end_ts))
            common_by_pattern[pattern] = common
        result.pairs.append(
            _pair_from_common(
                key=candidate.key,
                common=common,
                candidate=candidate,
                student_busy=student_busy,
                rules=rules,
                notice_ts=notice_ts,
                now_ts=now_ts,
                end_ts=end_ts,
                max_slots=max_slots,
            )
        )
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
