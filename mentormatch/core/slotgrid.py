"""A horizon's aligned session starts as the bits of one integer, and professionals' availability as masks.

Bit i of a mask is the session [origin + i*step, origin + i*step + length). "Both people free", "after the
notice", "not overlapping a session" and "not in a full week" are then each one `&` on integers, which is what
lets one student be checked against 10,000 professionals quickly. `MaskCache.mask` turns an availability into
its mask: weekly windows through a per-zone table of local midnights, each window's mask shared by every
professional with the same window, and the result memoised on the (immutable) availability for the grid.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date
from functools import lru_cache

from mentormatch.core.expansion import (
    Availability,
    Interval,
    expand_availability,
    local_to_utc,
    ordinal_range,
    zone_days,
)

__all__ = ["MaskCache", "SlotGrid", "mask_cache", "weekly_spans"]


class SlotGrid:
    """Aligned session starts over the horizon as the bits of an integer: bit i is the session
    [origin + i*step, origin + i*step + length). A set of starts is one integer; "both free" is `&`."""

    __slots__ = ("length", "n", "origin", "step")

    def __init__(self, *, lo: int, hi: int, step: int, length: int) -> None:
        self.step = step
        self.length = length
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


def weekly_spans(availability: Availability) -> list[tuple[int, int, int]] | None:
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


class MaskCache:
    """Masks of professionals' availability for one horizon, shared by every professional (and every
    weekly window) that is the same, so many professionals cost a few dictionary lookups each."""

    def __init__(self, grid: SlotGrid, lo: int, hi: int) -> None:
        self.grid, self.lo, self.hi = grid, lo, hi
        self.first, self.last = ordinal_range(lo, hi)
        self.windows: dict[tuple[str, int, int, int], int] = {}
        self.days: dict[tuple[str, int], list[tuple[int, int | None]]] = {}
        self.validity: dict[tuple[str, date | None, date | None], int] = {}
        self.patterns: dict[Hashable, int] = {}

    def _weekday(self, tz: str, weekday: int) -> list[tuple[int, int | None]]:
        """(ordinal, UTC local midnight or None on a clock-change day) of each such weekday in range."""
        found = self.days.get((tz, weekday))
        if found is None:
            table = zone_days(tz, self.first, self.last)
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
            if len(memo) >= 4:  # masks of other days or session lengths: let them go
                memo.clear()
            found = memo[self] = self._mask(availability)
        return found  # type: ignore[return-value]

    def _mask(self, availability: Availability) -> int:
        if not availability.windows:
            return 0
        spans = weekly_spans(availability)
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
                # Only the dates this grid covers matter: a validity starting before them (or ending after,
                # "until 9999-12-31") is the grid's own edge, so no arithmetic ever leaves the horizon.
                since, until = availability.valid_from, availability.valid_until
                lo = (
                    self.lo
                    if since is None or since.toordinal() <= self.first
                    else local_to_utc(since, 0, tz)
                )
                hi = (
                    self.hi
                    if until is None or until.toordinal() >= self.last
                    else local_to_utc(until, 1440, tz)
                )
                valid = self.validity[vkey] = self.grid.inside(((lo, hi),)) if hi > lo else 0
            mask &= valid
        return mask


@lru_cache(maxsize=8)
def mask_cache(lo: int, hi: int, step_minutes: int, session_minutes: int) -> MaskCache:
    """One cache per grid. The grid runs from the UTC midnight before yesterday to the one after the horizon,
    so it changes once a day and is shared by every student and every call of that day."""
    return MaskCache(SlotGrid(lo=lo, hi=hi, step=step_minutes * 60, length=session_minutes * 60), lo, hi)
