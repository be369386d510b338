"""Typed access to the notification settings, read when used so tests can override them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: int
    max_seconds: int

    def delay_after(self, attempts: int) -> timedelta:
        """Exponential backoff: base, 2x base, 4x base ... capped at max_seconds."""
        seconds = self.base_seconds * (2 ** max(attempts - 1, 0))
        return timedelta(seconds=min(seconds, self.max_seconds))


def reminder_lead_times() -> tuple[timedelta, ...]:
    return tuple(settings.REMINDER_LEAD_TIMES)


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        max_attempts=settings.NOTIFICATION_MAX_ATTEMPTS,
        base_seconds=settings.NOTIFICATION_RETRY_BASE_SECONDS,
        max_seconds=settings.NOTIFICATION_RETRY_MAX_SECONDS,
    )


def feedback_link_max_age() -> timedelta:
    return timedelta(days=settings.FEEDBACK_LINK_MAX_AGE_DAYS)


def feedback_delay() -> timedelta:
    return timedelta(minutes=settings.FEEDBACK_DELAY_MINUTES)


def discord_enabled() -> bool:
    return bool(settings.DISCORD_TOKEN)


def google_calendar_enabled() -> bool:
    return bool(settings.GOOGLE_CALENDAR_CREDENTIALS and settings.GOOGLE_CALENDAR_ID)
