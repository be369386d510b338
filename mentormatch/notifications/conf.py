"""Typed access to the notification settings, read when used so tests can override them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings

# Rate-limited tries (Discord's 429) wait as long as the provider asks and do not count as attempts, but a
# message stops after this many times NOTIFICATION_MAX_ATTEMPTS of them.
RATE_LIMITED_PER_ATTEMPT = 5


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: int
    max_seconds: int

    @property
    def max_rate_limited(self) -> int:
        return self.max_attempts * RATE_LIMITED_PER_ATTEMPT

    def delay_after(self, attempts: int) -> timedelta:
        """Exponential backoff: base, 2x base, 4x base ... capped at max_seconds."""
        seconds = self.base_seconds * (2 ** max(attempts - 1, 0))
        return timedelta(seconds=min(seconds, self.max_seconds))


# A claim (status `sending`) older than this is taken for a worker that died mid-send: the sweep takes it
# back. Sending one message waits on at most a handful of network calls, each bounded by its own timeout, so
# twenty times the longest of those timeouts (and never under 15 minutes) is well past any live send.
STALE_SENDING_AT_LEAST = timedelta(minutes=15)
_STALE_SENDING_TIMEOUTS = 20


def sending_stale_after() -> timedelta:
    """How long a `sending` claim may last before the sweep takes it for a dead worker's."""
    mailers: dict[str, dict[str, Any]] = getattr(settings, "MAILERS", {})
    smtp = (mailers.get("default", {}).get("OPTIONS") or {}).get("timeout") or 0
    longest = max(float(smtp), settings.DISCORD_HTTP_TIMEOUT, settings.GOOGLE_CALENDAR_TIMEOUT)
    return max(STALE_SENDING_AT_LEAST, timedelta(seconds=longest * _STALE_SENDING_TIMEOUTS))


def sweep_interval() -> timedelta | None:
    """How often the workers sweep by themselves (NOTIFICATION_SWEEP_SECONDS); None when switched off."""
    seconds = int(getattr(settings, "NOTIFICATION_SWEEP_SECONDS", 60))
    return timedelta(seconds=seconds) if seconds > 0 else None


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
