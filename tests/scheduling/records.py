"""Small builders of stored records for admin, REST and statistics tests (straight to the ORM)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
    Student,
)

MONDAY_AFTERNOON = [{"weekday": 0, "date": None, "start": "13:00", "end": "16:00", "tz": None}]


def professional(name: str = "Jane Doe", **fields: Any) -> Professional:
    email = fields.pop("email", f"{name.lower().replace(' ', '.')}@example.com")
    return Professional.objects.create(name=name, email=email, timezone="America/Chicago", **fields)


def availability(of: Professional, **fields: Any) -> ProfessionalAvailability:
    values: dict[str, Any] = {
        "availability_text": "Monday 1-4 PM",
        "timezone": of.timezone,
        "windows": MONDAY_AFTERNOON,
        "confidence": 1.0,
    }
    values.update(fields)
    return ProfessionalAvailability.objects.create(professional=of, **values)


def student(name: str = "John Roe", discord_id: str = "100000000000000099", **fields: Any) -> Student:
    email = fields.pop("email", f"{name.lower().replace(' ', '.')}@example.com")
    return Student.objects.create(name=name, discord_id=discord_id, email=email, **fields)


def review_request(of: Student, status: str = ReviewRequest.Status.PENDING, **fields: Any) -> ReviewRequest:
    values: dict[str, Any] = {"availability_text": "Monday 3-5 PM", "windows": MONDAY_AFTERNOON}
    values.update(fields)
    request = ReviewRequest.objects.create(student=of, status=status, **values)
    ReviewRequestStatusChange.objects.create(review_request=request, to_status=status, actor="system")
    return request


def session(
    *,
    student_: Student,
    professional_: Professional,
    start: dt.datetime,
    minutes: int = 30,
    status: str = ScheduledSession.Status.SCHEDULED,
    request: ReviewRequest | None = None,
) -> ScheduledSession:
    booked = ScheduledSession.objects.create(
        student=student_,
        professional=professional_,
        review_request=request,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        status=status,
        scheduled_by="discord:100000000000000001",
    )
    SessionEvent.objects.create(session=booked, kind="booked", actor="discord:100000000000000001")
    return booked
