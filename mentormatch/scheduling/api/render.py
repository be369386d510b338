"""JSON shapes of the bot API's answers (plain dicts; times ISO 8601 with offset)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from mentormatch.core.describe import format_moment
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ScheduledSession,
    Student,
)
from mentormatch.scheduling.selectors.matching import MatchResult, MatchSuggestion


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def iso_seconds(seconds: int, tz: Any = UTC) -> str:
    return datetime.fromtimestamp(seconds, tz=tz).isoformat()


def student_json(student: Student) -> dict[str, Any]:
    return {
        "id": student.pk,
        "name": student.name,
        "discord_id": student.discord_id or "",
        "discord_username": student.discord_username,
        "timezone": student.timezone,
    }


def professional_json(professional: Professional, *, with_availability: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": professional.pk,
        "name": professional.name,
        "discord_id": professional.discord_id,
        "title": professional.title,
        "company": professional.company,
        "specialties": professional.specialties,
        "industries": list(professional.industries or []),
        "experience_levels": list(professional.experience_levels or []),
        "timezone": professional.timezone,
        "max_sessions_per_week": professional.max_sessions_per_week,
        "rating": professional.rating,
        "rating_count": professional.rating_count,
        "reviews_done": professional.reviews_done,
        "active": professional.active,
        "needs_clarification": professional.needs_clarification,
    }
    if with_availability:
        current = [a for a in professional.availabilities.all() if a.is_current]
        data["has_availability"] = bool(current and current[0].windows)
    return data


def availability_json(availability: ProfessionalAvailability | ReviewRequest) -> dict[str, Any]:
    return {
        "text": availability.availability_text,
        "timezone": availability.timezone,
        "windows": availability.windows,
        "exclusions": availability.exclusions,
        "confidence": availability.confidence,
        "warnings": availability.warnings,
        "valid_from": availability.valid_from.isoformat() if availability.valid_from else None,
        "valid_until": availability.valid_until.isoformat() if availability.valid_until else None,
    }


def session_json(session: ScheduledSession) -> dict[str, Any]:
    student_zone = session.student.timezone or str(settings.PROGRAM_TIMEZONE)
    pro_zone = session.professional.timezone or str(settings.PROGRAM_TIMEZONE)
    start = int(session.start.timestamp())
    return {
        "id": session.pk,
        "status": session.status,
        "start": iso(session.start.astimezone(UTC)),
        "end": iso(session.end.astimezone(UTC)),
        "duration_minutes": int((session.end - session.start).total_seconds() // 60),
        "timezone": student_zone,
        "local_time": format_moment(start, student_zone),
        "professional_local_time": format_moment(start, pro_zone),
        "student": student_json(session.student),
        "professional": {
            "id": session.professional.pk,
            "name": session.professional.name,
            "discord_id": session.professional.discord_id,
            "timezone": pro_zone,
        },
        "review_request_id": session.review_request_id,
        "scheduled_by": session.scheduled_by,
        "sequence": session.sequence,
        "meeting_link": session.meeting_link,
    }


def request_json(request: ReviewRequest, *, sessions: list[ScheduledSession] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": request.pk,
        "status": request.status,
        "created_at": iso(request.created_at),
        "student": student_json(request.student),
        "target_industry": request.target_industry,
        "target_role": request.target_role,
        "experience_level": request.experience_level,
        "resume_link": request.resume_link,
        "availability_text": request.availability_text,
        "timezone": request.timezone,
        "needs_clarification": request.needs_clarification,
        "warnings": list(request.warnings or []),
    }
    if sessions is not None:
        active = [s for s in sessions if s.status == ScheduledSession.Status.SCHEDULED]
        shown = active[0] if active else (sessions[0] if sessions else None)
        data["session"] = session_json(shown) if shown is not None else None
        data["sessions"] = [session_json(s) for s in sessions]
    return data


def suggestion_json(suggestion: MatchSuggestion, zone: Any) -> dict[str, Any]:
    pair = suggestion.pair
    return {
        "professional": professional_json(suggestion.professional),
        "score": round(suggestion.score.score, 1),
        "parts": {name: round(value, 3) for name, value in suggestion.score.parts.items()},
        "reasons": list(suggestion.score.reasons),
        "overlaps": [
            {
                "weekday": span.weekday,
                "start_time": span.start,
                "end_time": span.end,
                "label": span.label,
                "start": iso_seconds(span.first_start, zone),
                "end": iso_seconds(span.first_end, zone),
                "occurrences": span.occurrences,
            }
            for span in suggestion.overlaps
        ],
        "slots": [
            {"start": iso_seconds(slot.start, zone), "end": iso_seconds(slot.end, zone), "label": slot.label}
            for slot in suggestion.slots
        ],
        "feasible_minutes": round(pair.feasible_minutes),
        "slot_count": pair.slot_count,
    }


def match_result_json(result: MatchResult) -> dict[str, Any]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(result.timezone)
    return {
        "student": student_json(result.student),
        "timezone": result.timezone,
        "review_request_id": result.review_request.pk,
        "review_request_status": result.review_request.status,
        "considered": result.considered,
        "suggestions": [suggestion_json(s, zone) for s in result.suggestions],
        "reason": result.reason,
        "message": result.message,
    }
