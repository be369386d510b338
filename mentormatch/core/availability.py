"""What a text said about availability: wall-clock windows in a zone, plus what could not be read.

A `Window` is local wall time (minutes after midnight) on a weekday or a date, in the zone the text named
or, when `tz` is None, in the person's own zone. Windows never cross midnight: the reader splits them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ParseResult", "Window", "format_minutes", "merge_windows", "parse_minutes", "subtract_windows"]

DAY_MINUTES = 1440


def format_minutes(minutes: int) -> str:
    """570 -> '09:30'; 1440 -> '24:00'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_minutes(text: str) -> int:
    """'09:30' -> 570; accepts '24:00'."""
    hours, _, minutes = text.partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not 0 <= value <= DAY_MINUTES or not 0 <= int(minutes or 0) < 60:
        raise ValueError(f"not a time of day: {text!r}")
    return value


@dataclass(frozen=True, slots=True)
class Window:
    """One availability window, wall-clock in a zone."""

    weekday: int | None  # 0 = Monday .. 6; None for a dated window
    date: dt.date | None
    start: int  # minutes after midnight, 0..1439
    end: int  # minutes after midnight, start < end <= 1440
    tz: str | None  # IANA zone named in the text; None = the person's zone

    def __post_init__(self) -> None:
        if (self.weekday is None) == (self.date is None):
            raise ValueError("a window has either a weekday or a date")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6 (got {self.weekday})")
        if not 0 <= self.start < self.end <= DAY_MINUTES:
            raise ValueError(f"window must satisfy 0 <= start < end <= 1440 (got {self.start}..{self.end})")

    @property
    def key(self) -> tuple[int | None, dt.date | None, str | None]:
        """Windows with the same key may be merged or subtracted minute by minute."""
        return (self.weekday, self.date, self.tz)

    def sort_key(self) -> tuple[bool, int, int, str, int, int]:
        """Weekly windows first (Monday first), then dated ones by date; then by zone and time."""
        ordinal = self.date.toordinal() if self.date is not None else 0
        return (self.weekday is None, self.weekday or 0, ordinal, self.tz or "", self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        return {
            "weekday": self.weekday,
            "date": self.date.isoformat() if self.date is not None else None,
            "start": format_minutes(self.start),
            "end": format_minutes(self.end),
            "tz": self.tz,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Window:
        raw_date = data.get("date")
        weekday = data.get("weekday")
        return cls(
            weekday=int(weekday) if weekday is not None else None,
            date=dt.date.fromisoformat(raw_date) if raw_date else None,
            start=parse_minutes(str(data["start"])),
            end=parse_minutes(str(data["end"])),
            tz=data.get("tz") or None,
        )


def merge_windows(windows: Iterable[Window]) -> tuple[Window, ...]:
    """Merge overlapping and touching windows with the same day and zone; sorted."""
    if not isinstance(windows, list | tuple):
        windows = list(windows)
    if len(windows) <= 1:
        return tuple(windows)
    by_key: dict[tuple[int | None, dt.date | None, str | None], list[tuple[int, int]]] = {}
    for window in windows:
        by_key.setdefault(window.key, []).append((window.start, window.end))
    out: list[Window] = []
    for (weekday, date, tz), spans in by_key.items():
        spans.sort()
        current_start, current_end = spans[0]
        for start, end in spans[1:]:
            if start <= current_end:
                current_end = max(current_end, end)
            else:
                out.append(Window(weekday, date, current_start, current_end, tz))
                current_start, current_end = start, end
        out.append(Window(weekday, date, current_start, current_end, tz))
    return tuple(sorted(out, key=Window.sort_key))


def subtract_windows(windows: Iterable[Window], exclusions: Iterable[Window]) -> tuple[Window, ...]:
    """Windows minus exclusions on the same weekday (or date) in the same zone, merged.

    A weekly exclusion cuts dated windows on its weekday. A dated exclusion does not cut a weekly window
    here (it applies on one date only); slot expansion applies it date by date.
    """
    cuts: dict[tuple[int | None, dt.date | None, str | None], list[tuple[int, int]]] = {}
    for exclusion in exclusions:
        cuts.setdefault(exclusion.key, []).append((exclusion.start, exclusion.end))
    out: list[Window] = []
    for window in merge_windows(windows):
        pieces = [(window.start, window.end)]
        applicable = list(cuts.get(window.key, ()))
        if window.date is not None:  # a weekly exclusion ("except weekends") cuts the dates on its weekday
            applicable.extend(cuts.get((window.date.weekday(), None, window.tz), ()))
        for cut_start, cut_end in sorted(applicable):
            next_pieces: list[tuple[int, int]] = []
            for start, end in pieces:
                if cut_end <= start or cut_start >= end:
                    next_pieces.append((start, end))
                    continue
                if cut_start > start:
                    next_pieces.append((start, cut_start))
                if cut_end < end:
                    next_pieces.append((cut_end, end))
            pieces = next_pieces
        out.extend(Window(window.weekday, window.date, s, e, window.tz) for s, e in pieces)
    return merge_windows(out)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What a text was read as: windows, exclusions, a confidence and warnings quoting the text."""

    text: str
    windows: tuple[Window, ...]
    exclusions: tuple[Window, ...]
    confidence: float  # 0..1
    warnings: tuple[str, ...]
    # "Mondays 2-3pm until Dec 20", "starting Jan 5": the dates the weekly windows hold between
    # (inclusive), for `expand(valid_from=..., valid_until=...)`; reported in the warnings too, and not part
    # of the parse contract object.
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md parse contract object."""
        return {
            "text": self.text,
            "windows": [w.to_json() for w in self.windows],
            "exclusions": [w.to_json() for w in self.exclusions],
            "confidence": self.confidence,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ParseResult:
        return cls(
            text=str(data.get("text", "")),
            windows=tuple(Window.from_json(w) for w in data.get("windows", ())),
            exclusions=tuple(Window.from_json(w) for w in data.get("exclusions", ())),
            confidence=float(data.get("confidence", 0.0)),
            warnings=tuple(str(w) for w in data.get("warnings", ())),
        )

    def net_windows(self) -> tuple[Window, ...]:
        """Windows minus exclusions, touching windows merged."""
        return subtract_windows(self.windows, self.exclusions)

    @property
    def ok(self) -> bool:
        """True when the text gave at least one window."""
        return bool(self.windows)
