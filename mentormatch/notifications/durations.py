"""Reading lead times such as "24h,1h,30m" (pure Python, so settings can use it at start)."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"^\s*(\d+)\s*(d|h|m|min|s)?\s*$", re.IGNORECASE)
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "min": "minutes", "s": "seconds"}


def parse_durations(name: str, raw: str) -> tuple[timedelta, ...]:
    """Parse a comma-separated list of durations ("24h,1h"), longest first, without duplicates.

    A bare number means hours. Raises ValueError naming the setting when a part cannot be read.
    """
    found: set[timedelta] = set()
    for part in raw.split(","):
        if not part.strip():
            continue
        match = _PART.match(part)
        if match is None:
            raise ValueError(f"{name}: cannot read {part.strip()!r}; write durations like 24h, 90m or 2d.")
        amount, unit = int(match.group(1)), (match.group(2) or "h").lower()
        if amount <= 0:
            raise ValueError(f"{name}: {part.strip()!r} must be longer than zero.")
        found.add(timedelta(**{_UNITS[unit]: amount}))
    return tuple(sorted(found, reverse=True))


def format_duration(value: timedelta) -> str:
    """The short form used in dedupe keys and messages: 1d, 24h, 90m."""
    seconds = int(value.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"
