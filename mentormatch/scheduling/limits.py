"""Bounds every path checks the same way, in one place: the bot API, the REST API, the services, the admin
(model validators) and the settings.

Pure Python (no models, no settings), so `settings.py` and `models.py` can import it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

__all__ = [
    "MAX_SESSIONS_PER_WEEK_RANGE",
    "SESSION_MINUTES_RANGE",
    "session_minutes_problem",
    "validate_session_minutes",
    "validate_weekly_limit",
    "weekly_limit_problem",
]

# A professional's weekly session limit (the form's "Maximum Reviews Per Week"; `active` pauses someone).
MAX_SESSIONS_PER_WEEK_RANGE = (1, 20)
# A session's length in minutes (`duration_minutes` of a booking or a move, and `SESSION_MINUTES`).
SESSION_MINUTES_RANGE = (10, 240)


def _whole_number_problem(value: Any, bounds: tuple[int, int], unit: str = "") -> str | None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"must be a whole number from {low} to {high}{unit} (got {value!r})"
    return None


def weekly_limit_problem(value: Any) -> str | None:
    """Why `value` cannot be a professional's weekly session limit, or None when it can."""
    return _whole_number_problem(value, MAX_SESSIONS_PER_WEEK_RANGE)


def session_minutes_problem(value: Any) -> str | None:
    """Why `value` cannot be a session's length in minutes, or None when it can."""
    return _whole_number_problem(value, SESSION_MINUTES_RANGE, " minutes")


def validate_weekly_limit(value: Any) -> None:
    """`weekly_limit_problem` as a Django (and DRF) validator."""
    problem = weekly_limit_problem(value)
    if problem:
        raise ValidationError(problem, code="weekly_limit_range")


def validate_session_minutes(value: Any) -> None:
    """`session_minutes_problem` as a Django (and DRF) validator."""
    problem = session_minutes_problem(value)
    if problem:
        raise ValidationError(problem, code="session_minutes_range")
