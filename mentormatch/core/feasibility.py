"""Where a student and a professional can really meet: feasible session slots over the horizon.

A slot is feasible when it lies inside both people's availability (their weekly and dated windows, within
their validity periods, minus their exclusions), starts at least the minimum notice from now and within the
horizon, overlaps none of either person's active sessions (the professional's widened by the buffer), and
falls in a week (Monday to Sunday in the professional's zone) where the professional is still under their
weekly limit. Slot starts lie on a 30-minute grid in UTC, which is :00/:30 in every zone whose offset is a
whole or half hour.

One student against many professionals is the common case (`suggest-matches`, cohort assignment), so
`student_feasibility` expands the student once into a mask of feasible starts (`core.slotgrid`) and, per
professional, takes that professional's mask (shared by equal windows, memoised for the day) and narrows it
with one `&` per rule. Cost is linear in the number of professionals. Expansion is `core.expansion`.

Times are UTC Unix seconds and intervals are half-open `(start, end)` tuples, sorted and disjoint.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from mentormatch.core.expansion import (
    DAY,
    Availability,
    Interval,
    WindowLike,
    expand_availability,
    intersect,
    local_to_utc,
    normalise,
    subtract,
    to_epoch,
    week_start,
    zone,
)
from mentormatch.core.slotgrid import SlotGrid, mask_cache

logger = logging.getLogger(__name__)

# What reading one stored availability can raise (an impossible date, an unknown zone, a malformed window).
# One such row is skipped with a warning, never allowed to take matching down for everyone else.
UNREADABLE_ERRORS = (ArithmeticError, ValueError, LookupError, TypeError, AttributeError)

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
    UNREADABLE = "unreadable_availability"

    MESSAGES = {
        NO_STUDENT_AVAILABILITY: "No availability could be read for the student in the next weeks.",
        NO_CANDIDATES: "No active professional has availability on file.",
        NO_OVERLAP: "No professional's availability overlaps the student's.",
        TOO_SOON: "The only common times are too soon (inside the minimum notice).",
        BOOKED: "The common times are already taken by other sessions.",
        WEEKLY_LIMIT: "Every professional who overlaps is at their weekly limit in those weeks.",
        UNREADABLE: "The stored availability could not be used (see the server log); it was skipped.",
    }


class Refusal:
    """Why one requested booking is refused. Stable codes used in the API's Conflict errors."""

    IN_THE_PAST = "in_the_past"
    TOO_SOON = "too_soon"
    OUTSIDE_AVAILABILITY = "outside_availability"
    ALREADY_BOOKED = "already_booked"
    WEEKLY_LIMIT = "weekly_limit"


_Lazy = tuple[SlotGrid, int, tuple[Interval, ...], Availability, int, int, int]


class PairFeasibility(tuple):  # type: ignore[type-arg]
    """What one student and one professional can do together over the horizon.

    `slot_starts` are the first aligned session starts, `slot_count` how many there are in all,
    `feasible_minutes` the time those sessions cover, `booked_in_horizon` the professional's active sessions
    in the weeks the horizon touches, and `blocked_by` a NoMatch code when there is no slot. `common` (both
    available, from the start of the student's day to the horizon's end) and `feasible` (where a session
    fits, after the notice, busy times and full weeks) are intervals, computed when read (only the pairs
    shown or offered need them).

    A tuple underneath, because `student_feasibility` makes one per professional and a tuple is the cheapest
    object Python builds.
    """

    __slots__ = ()

    def __new__(
        cls,
        key: Hashable,
        common: tuple[Interval, ...] | None = (),
        feasible: tuple[Interval, ...] | None = (),
        slot_starts: tuple[int, ...] | None = (),
        slot_count: int = 0,
        feasible_minutes: float = 0.0,
        booked_in_horizon: int = 0,
        blocked_by: str | None = None,
        *,
        lazy: _Lazy | None = None,
    ) -> PairFeasibility:
        return tuple.__new__(
            cls,
            (
                key,
                common,
                feasible,
                slot_starts,
                slot_count,
                feasible_minutes,
                booked_in_horizon,
                blocked_by,
                lazy,
            ),
        )

    @property
    def key(self) -> Hashable:
        return self[0]  # type: ignore[no-any-return]

    @property
    def common(self) -> tuple[Interval, ...]:
        common, lazy = self[1], self[8]
        if common is None:
            return _lazy_common(lazy) if lazy is not None else ()
        return common  # type: ignore[no-any-return]

    @property
    def feasible(self) -> tuple[Interval, ...]:
        feasible, lazy = self[2], self[8]
        if feasible is None:
            return lazy[0].spans(lazy[1]) if lazy is not None else ()
        return feasible  # type: ignore[no-any-return]

    @property
    def slot_starts(self) -> tuple[int, ...]:
        starts, lazy = self[3], self[8]
        if starts is None:
            return lazy[0].starts(lazy[1], lazy[6]) if lazy is not None else ()
        return starts  # type: ignore[no-any-return]

    @property
    def slot_count(self) -> int:
        return self[4]  # type: ignore[no-any-return]

    @property
    def feasible_minutes(self) -> float:
        return self[5]  # type: ignore[no-any-return]

    @property
    def booked_in_horizon(self) -> int:
        return self[6]  # type: ignore[no-any-return]

    @property
    def blocked_by(self) -> str | None:
        return self[7]  # type: ignore[no-any-return]

    @property
    def feasible_any(self) -> bool:
        return self[4] > 0  # type: ignore[no-any-return]

    def _values(self) -> tuple[object, ...]:
        return (self[0], self.common, self.feasible, self.slot_starts, *self[4:8])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PairFeasibility) and self._values() == other._values()

    def __ne__(self, other: object) -> bool:
        return not self == other

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
        if blocked.get(NoMatch.UNREADABLE) == len(self.pairs):
            return NoMatch.UNREADABLE
        return NoMatch.NO_OVERLAP


# --- time arithmetic --------------------------------------------------------------------------------


def horizon_bounds(now: datetime, rules: Rules) -> tuple[int, int, int]:
    """(now, earliest start after the notice, end of the horizon) as UTC Unix seconds."""
    now_ts = to_epoch(now)
    return now_ts, now_ts + int(rules.min_notice_hours * 3600), now_ts + rules.horizon_days * DAY


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
    return normalise((start - widen, end + widen) for start, end in sessions)


def _lazy_common(lazy: _Lazy) -> tuple[Interval, ...]:
    _grid, _mask, student_free, availability, lo, hi, _max_slots = lazy
    return tuple(intersect(student_free, _expand_or_nothing(availability, lo, hi, who="professional")))


def _expand_or_nothing(availability: Availability, lo: int, hi: int, *, who: str) -> list[Interval]:
    """`expand_availability`, or nothing (with a warning naming the reason) when the stored availability
    cannot be expanded."""
    try:
        return expand_availability(availability, lo, hi)
    except UNREADABLE_ERRORS as error:
        _warn_unreadable(availability, who=who, error=error)
        return []


def _warn_unreadable(availability: Availability, *, who: str, error: Exception) -> None:
    logger.warning(
        "Skipping an unusable %s availability (zone %s, valid %s to %s): %s: %s",
        who,
        availability.tz,
        availability.valid_from,
        availability.valid_until,
        type(error).__name__,
        error,
    )


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
    try:
        day_start = local_to_utc(now.astimezone(zone(tz)).date(), 0, tz)
    except UNREADABLE_ERRORS as error:
        _warn_unreadable(student.availability, who="student", error=error)
        return StudentFeasibility(student_free=())
    free = tuple(_expand_or_nothing(student.availability, day_start, end_ts, who="student"))
    result = StudentFeasibility(student_free=free)
    if not free:
        return result
    cache = mask_cache(
        (now_ts // DAY - 1) * DAY, (end_ts // DAY + 2) * DAY, rules.step_minutes, rules.session_minutes
    )
    grid = cache.grid
    student_mask = grid.inside(free)
    after_notice = grid.starting_in([(notice_ts, end_ts)])
    student_busy = grid.overlapping(normalise(student.sessions)) if student.sessions else 0
    ready = student_mask & after_notice & ~student_busy
    buffer = rules.buffer_seconds
    append = result.pairs.append
    # The cache itself is the memo key: one per grid, hashed by identity (cheaper than a tuple).
    memo_key, fill = cache, cache.mask
    new, pair = tuple.__new__, PairFeasibility
    # Minutes of a mask: its bit count times a session's minutes while sessions do not overlap (inline,
    # the common case), else the grid's run count.
    minutes_of = grid.minutes if grid.length > grid.step else None
    per_slot = grid.length / 60
    for candidate in candidates:
        availability = candidate.availability
        pro_mask = availability._memo.get(memo_key)
        if pro_mask is None:
            try:
                pro_mask = fill(availability)
            except UNREADABLE_ERRORS as error:
                _warn_unreadable(availability, who=f"professional {candidate.key!r}", error=error)
                append(new(pair, (candidate.key, (), (), (), 0, 0.0, 0, NoMatch.UNREADABLE, None)))
                continue
        feasible: int = ready & pro_mask  # type: ignore[operator]
        booked = 0
        sessions = candidate.sessions
        if sessions:
            if feasible:
                feasible &= ~grid.overlapping(_busy(sessions, buffer))
            blocks, booked = _week_blocks(sessions, availability.tz, candidate.weekly_limit, now_ts, end_ts)
            if feasible and blocks:
                feasible &= ~grid.starting_in(blocks)
        lazy = (grid, feasible, free, availability, day_start, end_ts, max_slots)
        if feasible:
            append(
                new(
                    pair,
                    (
                        candidate.key,
                        None,
                        None,
                        None,
                        count := feasible.bit_count(),
                        count * per_slot if minutes_of is None else minutes_of(feasible),
                        booked,
                        None,
                        lazy,
                    ),
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
        append(new(pair, (candidate.key, None, (), (), 0, 0.0, booked, blocked, lazy)))
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
    start_ts, end_ts, now_ts = to_epoch(start), to_epoch(end), to_epoch(now)
    if start_ts < now_ts:
        return Refusal.IN_THE_PAST, "That time is in the past."
    if start_ts < now_ts + int(rules.min_notice_hours * 3600):
        return Refusal.TOO_SOON, f"Sessions need at least {rules.min_notice_hours:g} hours' notice."
    lo, hi = start_ts - DAY, end_ts + DAY
    if not _covers(_expand_or_nothing(student.availability, lo, hi, who="student"), start_ts, end_ts):
        return Refusal.OUTSIDE_AVAILABILITY, "That time is outside the student's availability."
    pro_free = _expand_or_nothing(candidate.availability, lo, hi, who=f"professional {candidate.key!r}")
    if not _covers(pro_free, start_ts, end_ts):
        return Refusal.OUTSIDE_AVAILABILITY, "That time is outside the professional's availability."
    student_sessions = [iv for iv in student.sessions if iv != ignore]
    pro_sessions = [iv for iv in candidate.sessions if iv != ignore]
    if intersect([(start_ts, end_ts)], normalise(student_sessions)):
        return Refusal.ALREADY_BOOKED, "The student already has a session at that time."
    if intersect([(start_ts, end_ts)], _busy(pro_sessions, rules.buffer_seconds)):
        if rules.buffer_minutes and not intersect([(start_ts, end_ts)], normalise(pro_sessions)):
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
    target = to_epoch(around)
    now_ts = to_epoch(now)
    # Look from now to a week past the requested time, so a far-ahead request finds its neighbours; for a
    # time far ahead, only the horizon before it (the notice is long past there), so the work stays bounded.
    if target - now_ts > rules.horizon_days * DAY:
        now = epoch_to_datetime(target - rules.horizon_days * DAY)
        now_ts = to_epoch(now)
    span_days = max(rules.horizon_days, math.ceil((target - now_ts) / DAY) + 7)
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
