"""Say UTC intervals in a person's zone: "Monday 3:00-5:00 PM EST", "Mon Dec 7, 3:30 PM EST".

Pure formatting for suggestions and answers; nothing here reads text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["LocalSpan", "format_clock", "format_moment", "format_range", "weekly_spans"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_clock(moment: datetime, *, meridiem: bool = True) -> str:
    """15:00 -> "3:00 PM" (or "3:00" without the meridiem)."""
    hour = moment.hour % 12 or 12
    text = f"{hour}:{moment.minute:02d}"
    return f"{text} {'AM' if moment.hour < 12 else 'PM'}" if meridiem else text


def format_range(start: datetime, end: datetime) -> str:
    """Two local times: "3:00-5:00 PM", or "11:00 AM-1:00 PM" when the meridiem changes."""
    same = (start.hour < 12) == (end.hour < 12) and not (end.hour == 0 and end.minute == 0)
    if same:
        return f"{format_clock(start, meridiem=False)}-{format_clock(end)}"
    return f"{format_clock(start)}-{format_clock(end)}"


def format_moment(seconds: int, tz: str) -> str:
    """A UTC instant as "Mon Dec 7, 3:30 PM EST" in `tz`."""
    local = datetime.fromtimestamp(seconds, ZoneInfo(tz))
    return f"{local:%a %b} {local.day}, {format_clock(local)} {local.tzname()}"


@dataclass(frozen=True, slots=True)
class LocalSpan:
    """One weekly pattern of common time in a zone, with its first occurrence and how often it occurs."""

    weekday: int
    start: str  # "HH:MM" local
    end: str  # "HH:MM" local, "24:00" for midnight
    label: str  # "Monday 3:00-5:00 PM EST"
    first_start: int  # UTC seconds
    first_end: int
    occurrences: int


def weekly_spans(intervals: Iterable[tuple[int, int]], tz: str) -> list[LocalSpan]:
    """Group UTC intervals by their local weekday and wall-clock times, in weekday and time order.

    An interval that crosses local midnight is split there, so each span sits on one weekday.
    """
    zone = ZoneInfo(tz)
    found: dict[tuple[int, str, str], list[tuple[int, int, str]]] = {}
    for start, end in intervals:
        local_start = datetime.fromtimestamp(start, zone)
        while start < end:
            next_midnight = datetime.combine(
                local_start.date() + timedelta(days=1), datetime.min.time(), zone
            )
            piece_end = min(end, int(next_midnight.timestamp()))
            local_end = datetime.fromtimestamp(piece_end, zone)
            end_text = "24:00" if piece_end == int(next_midnight.timestamp()) else f"{local_end:%H:%M}"
            key = (local_start.weekday(), f"{local_start:%H:%M}", end_text)
            day = WEEKDAYS[local_start.weekday()]
            label = f"{day} {format_range(local_start, local_end)} {local_start.tzname()}"
            found.setdefault(key, []).append((start, piece_end, label))
            start = piece_end
            local_start = datetime.fromtimestamp(start, zone)
    spans = [
        LocalSpan(
            weekday=key[0],
            start=key[1],
            end=key[2],
            label=items[0][2],
            first_start=items[0][0],
            first_end=items[0][1],
            occurrences=len(items),
        )
        for key, items in found.items()
    ]
    return sorted(spans, key=lambda s: (s.weekday, s.start, s.end))
