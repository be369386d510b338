"""The people of the seed form payloads (Dana Whitfield, Jordan Reyes), stored for matching and booking tests.

Availability is read by the real engine (`parse_form_answers`, `parse_availability`) from the payloads in
`fixtures/`, exactly as the webhook reads them: preferred days x time slots, the free-text times, and only the
exclusions from the notes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from mentormatch.core.timetext import parse_availability, parse_form_answers
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
    Student,
)

FIXTURES = Path(__file__).parent / "fixtures"
STUDENT_DISCORD_ID = "100000000000000042"
# Thursday 3 December 2026, 13:00 in New York: the seed payloads arrived just before.
NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 3)


def payload(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def dana(**overrides: Any) -> Professional:
    """Dana Whitfield from the seed professional payload (Central time, Mon/Wed/Thu, December)."""
    data = payload("seed_professional_availability.json")["parsed_data"]
    fields: dict[str, Any] = {
        "name": data["name"],
        "email": data["email"],
        "title": data["professional_title"],
        "company": data["company"],
        "specialties": data["specializations"],
        "industries": data["industries"],
        "experience_levels": data["experience_levels"],
        "timezone": "America/Chicago",
        "max_sessions_per_week": int(data["max_reviews_per_week"]),
    }
    fields.update(overrides)
    professional = Professional.objects.create(**fields)
    read = parse_form_answers(
        days=data["preferred_days"], time_slots=data["time_slots"], text=data["specific_times"], today=TODAY
    )
    noted = parse_availability(data["notes"], today=TODAY)
    ProfessionalAvailability.objects.create(
        professional=professional,
        availability_text=data["specific_times"],
        form_answers=data,
        timezone="America/Chicago",
        windows=[w.to_json() for w in read.windows],
        exclusions=[w.to_json() for w in (*read.exclusions, *noted.exclusions)],
        confidence=read.confidence,
        warnings=list(read.warnings),
        valid_from=dt.date.fromisoformat(data["start_date"]),
        valid_until=dt.date.fromisoformat(data["end_date"]),
        created_at=NOW - dt.timedelta(days=3),
    )
    return professional


def professional_with(
    name: str, text: str, *, timezone: str = "America/New_York", **fields: Any
) -> Professional:
    """Another professional whose availability is `text`, read by the engine."""
    email = fields.pop("email", f"{name.lower().replace(' ', '.')}@example.com")
    professional = Professional.objects.create(name=name, email=email, timezone=timezone, **fields)
    read = parse_availability(text, today=TODAY)
    ProfessionalAvailability.objects.create(
        professional=professional,
        availability_text=text,
        timezone=timezone,
        windows=[w.to_json() for w in read.windows],
        exclusions=[w.to_json() for w in read.exclusions],
        confidence=read.confidence,
        created_at=NOW - dt.timedelta(days=1),
    )
    return professional


def jordan(*, text: str | None = None) -> ReviewRequest:
    """Jordan Reyes from the seed review request payload, with a pending request (Eastern time)."""
    answers = payload("seed_review_request.json")["responses"]
    student = Student.objects.create(
        name=answers["Full Name"],
        email="jordan.reyes@example.edu",
        discord_id=answers["Discord ID"],
        discord_username=answers["Discord Username"],
        timezone="America/New_York",
    )
    availability = answers["Availability"] if text is None else text
    read = parse_availability(availability, today=TODAY)
    request = ReviewRequest.objects.create(
        student=student,
        target_industry=answers["Target Industry"],
        target_role=answers["Target Role"],
        experience_level=answers["Experience Level"],
        resume_link=answers["Resume Link"],
        availability_text=availability,
        timezone="America/New_York",
        windows=[w.to_json() for w in read.windows],
        exclusions=[w.to_json() for w in read.exclusions],
        confidence=read.confidence,
        warnings=list(read.warnings),
        created_at=NOW - dt.timedelta(hours=2),
    )
    ReviewRequestStatusChange.objects.create(review_request=request, to_status=request.status, actor="system")
    return request
