"""UTC interval algebra: half-open [start, end) intervals of integer Unix seconds.

An `IntervalSet` is immutable and normalised as it is built (sorted, overlapping and touching intervals
merged, empty ones dropped), so two sets covering the same instants are equal and hash alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["Interval", "IntervalSet"]


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """[start, end) in Unix seconds; never empty."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"an interval must end after it starts (got {self.start}..{self.end})")

    @property
    def seconds(self) -> int:
        return self.end - self.start

    @classmethod
    def from_datetimes(cls, start: datetime, end: datetime) -> Interval:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("interval datetimes must be timezone-aware")
        return cls(int(start.timestamp()), int(end.timestamp()))

    def start_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.start, tz=UTC)

    def end_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.end, tz=UTC)


def _normalise(pairs: Iterable[tuple[int, int]]) -> tuple[Interval, ...]:
    ordered = sorted((s, e) for s, e in pairs if e > s)
    merged: list[list[int]] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return tuple(Interval(s, e) for s, e in merged)


class IntervalSet:
    """A normalised, immutable set of half-open UTC intervals with |, & and - (and named methods)."""

    __slots__ = ("_items",)
    _items: tuple[Interval, ...]

    def __init__(self, intervals: Iterable[Interval | tuple[int, int]] = ()) -> None:
        pairs = ((i.start, i.end) if isinstance(i, Interval) else (int(i[0]), int(i[1])) for i in intervals)
        object.__setattr__(self, "_items", _normalise(pairs))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[int, int]]) -> IntervalSet:
        """Build from (start, end) pairs; empty or reversed pairs are dropped."""
        return cls(pairs)

    @classmethod
    def _from_normalised(cls, items: tuple[Interval, ...]) -> IntervalSet:
        obj = cls.__new__(cls)
        object.__setattr__(obj, "_items", items)
        return obj

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("IntervalSet is immutable")

    # -- container protocol -------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Interval]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IntervalSet) and self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        inner = ", ".join(f"[{i.start}, {i.end})" for i in self._items)
        return f"IntervalSet({inner})"

    @property
    def intervals(self) -> tuple[Interval, ...]:
        return self._items

    def total_seconds(self) -> int:
        return sum(i.end - i.start for i in self._items)

    def contains(self, start: int, end: int) -> bool:
        """True when [start, end) lies entirely inside one interval of the set."""
        if end <= start:
            return False
        lo, hi = 0, len(self._items)
        while lo < hi:  # last interval whose start <= start
            mid = (lo + hi) // 2
            if self._items[mid].start <= start:
                lo = mid + 1
            else:
                hi = mid
        return lo > 0 and self._items[lo - 1].end >= end

    def __contains__(self, instant: object) -> bool:
        return isinstance(instant, int) and self.contains(instant, instant + 1)

    # -- algebra ------------------------------------------------------------------------------------------
    def union(self, other: IntervalSet) -> IntervalSet:
        if not other:
            return self
        if not self:
            return other
        return IntervalSet(self._items + other._items)

    def intersection(self, other: IntervalSet) -> IntervalSet:
        out: list[Interval] = []
        a, b = self._items, other._items
        i = j = 0
        while i < len(a) and j < len(b):
            start = max(a[i].start, b[j].start)
            end = min(a[i].end, b[j].end)
            if start < end:
                out.append(Interval(start, end))
            if a[i].end < b[j].end:
                i += 1
            else:
                j += 1
        return IntervalSet._from_normalised(tuple(out))

    def difference(self, other: IntervalSet) -> IntervalSet:
        out: list[Interval] = []
        b = other._items
        j = 0
        for item in self._items:
            start = item.start
            while j < len(b) and b[j].end <= start:
                j += 1
            k = j
            while k < len(b) and b[k].start < item.end:
                if b[k].start > start:
                    out.append(Interval(start, b[k].start))
                start = max(start, b[k].end)
                if start >= item.end:
                    break
                k += 1
            if start < item.end:
                out.append(Interval(start, item.end))
        return IntervalSet._from_normalised(tuple(out))

    def __or__(self, other: IntervalSet) -> IntervalSet:
        return self.union(other)

    def __and__(self, other: IntervalSet) -> IntervalSet:
        return self.intersection(other)

    def __sub__(self, other: IntervalSet) -> IntervalSet:
        return self.difference(other)

    def clip(self, start: int, end: int) -> IntervalSet:
        """The part of the set inside [start, end)."""
        return self & IntervalSet([(start, end)])

    def slots(self, length: int, *, step: int | None = None) -> Iterator[Interval]:
        """Every [t, t + length) inside the set, t stepping by `step` (default `length`) in each interval."""
        stride = step or length
        for item in self._items:
            t = item.start
            while t + length <= item.end:
                yield Interval(t, t + length)
                t += stride
