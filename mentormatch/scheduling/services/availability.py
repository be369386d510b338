"""Store what people say about their availability, read through the core parser.

Every reading of time text goes through `mentormatch.core` (`parse_form_answers`, `parse_availability`,
`resolve_zone`); these services only decide what to keep. What a person said is stored verbatim beside what
it was read as, and anything read with low confidence or with warnings marks the person or request as
needing clarification.

`form_answers` is a mapping kept verbatim on the record. The keys read from it are:

- `days`: checked weekdays (`["Monday", "Wednesday"]`), crossed with
- `time_slots`: checked slot choices (`["12:00 PM - 1:00 PM"]`);
- `grid`: a checkbox grid, `{row: [checked columns]}` (rows are days, columns times or parts of day);
- `notes`: free notes; only exclusions read from them are used ("Not available the week of Dec 21").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone as django_timezone

from mentormatch.core.timetext import parse_availability, parse_form_answers
from mentormatch.intake.clarification import PROFESSIONAL as CLARIFY_PROFESSIONAL
from mentormatch.intake.clarification import REVIEW_REQUEST as CLARIFY_REVIEW_REQUEST
from mentormatch.intake.clarification import clarification_request_on_commit
from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
)
from mentormatch.scheduling.services.people import student_upsert, without_nul, zone_resolve_or_default
from mentormatch.web.errors import ApiError


class InvalidAvailability(ApiError):
    code = "invalid_availability"


@dataclass(frozen=True)
class AvailabilityReading:
    """What one submission was read as, ready to store on an `AvailabilityFields` model."""

    timezone: str
    windows: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    confidence: float
    warnings: list[str] = field(default_factory=list)

    @property
    def needs_clarification(self) -> bool:
        return bool(self.warnings) or self.confidence < settings.AVAILABILITY_CLARIFY_BELOW_CONFIDENCE


def _scalar(value: Any) -> str:
    # Only text (and numbers) is something a person chose; an object's Python form must never reach a warning.
    if isinstance(value, str):
        return value if value.strip() else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [item for item in map(_scalar, value) if item]
    return [text] if (text := _scalar(value)) else []


def _fit(value: str | None, limit: int) -> str:
    return (value or "").strip()[:limit]


def _grid(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        return {}
    return {
        str(row): _strings(columns) for row, columns in value.items() if _strings(columns) and _scalar(row)
    }


# Validity dates are read only within this span: before it is a typing error, beyond it means "no end".
EARLIEST_VALID_YEAR = 1900
FAR_FUTURE_DAYS = 2 * 366


def validity_dates_check(
    *, valid_from: Any, valid_until: Any, today: dt.date
) -> tuple[dt.date | None, dt.date | None, list[str]]:
    """The validity period to store, and warnings about what was changed.

    Refused with a 400 naming the field: what is not a date, a date before 1900, a start more than two years
    ahead, an end before the start. An end more than two years ahead (9999-12-31 for "no end") is stored as
    no end date, with a warning, so it can never push date arithmetic past the calendar's end.
    """
    dates: dict[str, dt.date | None] = {}
    for field_name, value in (("valid_from", valid_from), ("valid_until", valid_until)):
        if value is None or value == "":
            dates[field_name] = None
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise InvalidAvailability(
                f"{field_name}: not a date like 2026-12-01.", details={"invalid": [field_name]}
            )
        if value.year < EARLIEST_VALID_YEAR:
            raise InvalidAvailability(
                f"{field_name}: {value} is before {EARLIEST_VALID_YEAR}; give a date like 2026-12-01.",
                details={"invalid": [field_name]},
            )
        dates[field_name] = value
    start, end = dates["valid_from"], dates["valid_until"]
    warnings: list[str] = []
    horizon = today + dt.timedelta(days=FAR_FUTURE_DAYS)
    if start is not None and start > horizon:
        raise InvalidAvailability(
            f"valid_from: {start} is more than two years away; give a start within two years.",
            details={"invalid": ["valid_from"]},
        )
    if end is not None and end > horizon:
        warnings.append(f"end date {end} is more than two years away, so it was read as no end date")
        end = None
    if start and end and end < start:
        raise InvalidAvailability(
            f"valid_until: the availability ends ({end}) before it starts ({start}).",
            details={"invalid": ["valid_until"]},
        )
    return start, end, warnings


def availability_read(
    *,
    text: str,
    form_answers: Mapping[str, Any],
    timezone: str | None,
    today: dt.date | None,
    default_zone: str | None = None,
) -> AvailabilityReading:
    """Read free text plus structured form answers into windows, in the zone given (free text or IANA)."""
    zone, zone_warnings = zone_resolve_or_default(timezone, default=default_zone)
    if today is None:
        today = django_timezone.now().astimezone(ZoneInfo(zone)).date()
    form_answers = without_nul(dict(form_answers))
    days = _strings(form_answers.get("days"))
    time_slots = _strings(form_answers.get("time_slots"))
    grid = _grid(form_answers.get("grid"))
    text = without_nul(text or "")
    if not (text.strip() or days or time_slots or grid):
        raise InvalidAvailability(
            "No availability given: write some times, or choose days and time slots.",
            details={"missing": ["availability"]},
        )
    result = parse_form_answers(
        days=days,
        time_slots=time_slots,
        grid=grid,
        text=text,
        today=today,
        session_minutes=settings.SESSION_MINUTES,
    )
    windows = [window.to_json() for window in result.windows]
    exclusions = [window.to_json() for window in result.exclusions]
    warnings = [*zone_warnings, *result.warnings]

    notes = _scalar(form_answers.get("notes")).strip()
    if notes:
        # Notes are not availability: only what reads as an exclusion counts, the rest is left to people.
        noted = parse_availability(notes, today=today, session_minutes=settings.SESSION_MINUTES)
        exclusions.extend(window.to_json() for window in noted.exclusions)

    return AvailabilityReading(
        timezone=zone,
        windows=windows,
        exclusions=exclusions,
        confidence=float(result.confidence),
        warnings=[str(warning) for warning in warnings],
    )


def professional_availability_ingest(
    *,
    professional: Professional,
    text: str,
    form_answers: Mapping[str, Any],
    timezone: str | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    source: str,
    delivery: WebhookDelivery | None = None,
    today: dt.date | None = None,
    request_clarification: bool | None = None,
) -> ProfessionalAvailability:
    """Store a new current availability for the professional; the previous one stays as history.

    Also moves the professional to the zone given and marks them as needing clarification when the text
    was read with low confidence or warnings (and clears the mark when it reads cleanly). A professional
    marked so is asked, after commit, to correct it (`clarification_request`), unless
    `request_clarification` is False; by default it is True except for self-service corrections, whose
    author sees the reading on the page already.
    """
    if source not in ProfessionalAvailability.Source.values:
        raise InvalidAvailability(f"Unknown availability source {source!r}.")
    reading = availability_read(
        text=text,
        form_answers=form_answers,
        timezone=timezone,
        today=today,
        default_zone=professional.timezone,
    )
    valid_from, valid_until, date_warnings = validity_dates_check(
        valid_from=valid_from,
        valid_until=valid_until,
        today=today or django_timezone.now().astimezone(ZoneInfo(reading.timezone)).date(),
    )
    if date_warnings:
        reading = dataclasses.replace(reading, warnings=[*reading.warnings, *date_warnings])
    text = without_nul(text or "")
    form_answers = without_nul(dict(form_answers))
    with transaction.atomic():
        locked = Professional.objects.select_for_update().get(pk=professional.pk)
        ProfessionalAvailability.objects.filter(professional=locked, is_current=True).update(is_current=False)
        availability = ProfessionalAvailability.objects.create(
            professional=locked,
            source=source,
            delivery=delivery,
            availability_text=text or "",
            form_answers=dict(form_answers),
            timezone=reading.timezone,
            windows=reading.windows,
            exclusions=reading.exclusions,
            confidence=reading.confidence,
            warnings=reading.warnings,
            valid_from=valid_from,
            valid_until=valid_until,
            is_current=True,
        )
        locked.timezone = reading.timezone
        locked.needs_clarification = reading.needs_clarification
        locked.save(update_fields=["timezone", "needs_clarification", "updated_at"])
        if request_clarification is None:
            request_clarification = source != ProfessionalAvailability.Source.SELF_SERVICE
        if reading.needs_clarification and request_clarification:
            clarification_request_on_commit(kind=CLARIFY_PROFESSIONAL, obj_id=locked.pk)
    professional.refresh_from_db()
    return availability


def review_request_submit(
    *,
    name: str,
    email: str | None,
    discord_id: str | None,
    discord_username: str | None = None,
    timezone: str | None,
    text: str,
    form_answers: Mapping[str, Any],
    target_industry: str = "",
    target_role: str = "",
    experience_level: str = "",
    resume_link: str = "",
    delivery: WebhookDelivery | None = None,
    today: dt.date | None = None,
    actor: str = "system",
    request_clarification: bool = True,
) -> ReviewRequest:
    """Create or update the student and their pending review request, with its parsed availability.

    A student has at most one pending request: a new submission while one is pending updates it (and
    records that in the status history) instead of queueing a second one. A request whose availability
    needs clarification gets the student asked to correct it, after commit, unless
    `request_clarification` is False.
    """
    reading = availability_read(text=text, form_answers=form_answers, timezone=timezone, today=today)
    text = without_nul(text or "")
    form_answers = without_nul(dict(form_answers))
    target_industry, target_role, experience_level, resume_link = (
        without_nul(value or "") for value in (target_industry, target_role, experience_level, resume_link)
    )
    with transaction.atomic():
        student, _created = student_upsert(
            name=name,
            email=email,
            discord_id=discord_id,
            discord_username=discord_username,
            timezone=reading.timezone,
        )
        # student_upsert locked the student's row until this transaction ends, which serialises two
        # submissions from the same person.
        request = (
            ReviewRequest.objects.filter(student=student, status=ReviewRequest.Status.PENDING)
            .order_by("-created_at")
            .first()
        )
        created = request is None
        if request is None:
            request = ReviewRequest(student=student, status=ReviewRequest.Status.PENDING)
        request.target_industry = _fit(target_industry, 200)
        request.target_role = _fit(target_role, 200)
        request.experience_level = _fit(experience_level, 200)
        request.resume_link = _fit(resume_link, 500)
        request.availability_text = text or ""
        request.form_answers = dict(form_answers)
        request.timezone = reading.timezone
        request.windows = reading.windows
        request.exclusions = reading.exclusions
        request.confidence = reading.confidence
        request.warnings = reading.warnings
        request.needs_clarification = reading.needs_clarification
        if delivery is not None:
            request.delivery = delivery
        request.save()
        ReviewRequestStatusChange.objects.create(
            review_request=request,
            from_status="" if created else ReviewRequest.Status.PENDING,
            to_status=ReviewRequest.Status.PENDING,
            actor=actor,
            note="submitted" if created else "updated by a new submission",
        )
        if reading.needs_clarification and request_clarification:
            clarification_request_on_commit(kind=CLARIFY_REVIEW_REQUEST, obj_id=request.pk)
    return request
