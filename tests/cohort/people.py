"""Builders for cohort tests: people with availability given as stored windows (local wall time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ReviewRequest, Student

# Thursday 3 December 2026, 13:00 in New York.
NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)
ZONE = "America/New_York"


def weekly(weekday: int, start: str, end: str) -> dict[str, Any]:
    return {"weekday": weekday, "date": None, "start": start, "end": end, "tz": None}


def professional(name: str, windows: list[dict[str, Any]], *, limit: int = 3, **fields: Any) -> Professional:
    email = f"{name.lower().replace(' ', '.')}@example.com"
    pro = Professional.objects.create(
        name=name, email=email, timezone=ZONE, max_sessions_per_week=limit, **fields
    )
    ProfessionalAvailability.objects.create(
        professional=pro,
        availability_text="(windows)",
        timezone=ZONE,
        windows=windows,
        confidence=1.0,
        created_at=NOW - dt.timedelta(days=2),
    )
    return pro


def request(
    name: str, discord_id: str, windows: list[dict[str, Any]], *, minutes_ago: int = 60, **fields: Any
) -> ReviewRequest:
    email = f"{name.lower().replace(' ', '.')}@example.com"
    student = Student.objects.create(name=name, email=email, discord_id=discord_id, timezone=ZONE)
    return ReviewRequest.objects.create(
        student=student,
        availability_text="(windows)",
        timezone=ZONE,
        windows=windows,
        confidence=1.0,
        created_at=NOW - dt.timedelta(minutes=minutes_ago),
        **fields,
    )
