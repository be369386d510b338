"""The items the grammar reads a text into, before clauses are built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "DayItem",
    "Expr",
    "Item",
    "NegItem",
    "Point",
    "PosItem",
    "SepItem",
    "TimeItem",
    "ZoneItem",
    "fmt12",
]


@dataclass(slots=True)
class Point:
    hour: int
    minute: int
    mer: str | None  # "am" / "pm" when written
    h24: bool  # written as a 24-hour time ("14:00", "09:30")
    fixed: int | None  # noon / midnight
    start: int
    end: int

    @property
    def definite(self) -> bool:
        return self.fixed is not None or self.mer is not None or self.h24 or self.hour == 0 or self.hour > 12


@dataclass(slots=True)
class Expr:
    kind: str  # point range after before part
    start: int
    end: int
    a: Point | None = None
    b: Point | None = None
    lo: int = 0  # part of day bounds, minutes
    hi: int = 0
    note: str | None = None  # how a named moment was read ("after work" -> after 5:00 PM), reported if used
    days_later: int = 0  # "Sun 10pm-Mon 2am": the end is on the next day
    length: int | None = None  # "2:30 pm for an hour": a point with its own length, minutes


@dataclass(slots=True)
class DayItem:
    start: int
    end: int
    weekdays: frozenset[int] | None = None
    dates: tuple[dt.date, ...] | None = None


@dataclass(slots=True)
class TimeItem:
    start: int
    end: int
    exprs: list[Expr] = field(default_factory=list)


@dataclass(slots=True)
class ZoneItem:
    start: int
    end: int
    zone: str


@dataclass(slots=True)
class SepItem:
    start: int
    end: int
    strength: int  # 1 and/or/&, 2 comma, 3 line / semicolon / sentence


@dataclass(slots=True)
class NegItem:
    start: int
    end: int
    soft: bool = False  # "but" that reads as "except" only before a day or time
    postfix: bool = False  # "Wednesday: not available", "Fridays off": negates what came before
    prefix_only: bool = False  # "except", "other than": never negates what came before


@dataclass(slots=True)
class PosItem:
    start: int
    end: int


Item = DayItem | TimeItem | ZoneItem | SepItem | NegItem | PosItem


def fmt12(minutes: int) -> str:
    """570 -> '9:30 AM'."""
    hour, minute = divmod(minutes % 1440, 60)
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"
