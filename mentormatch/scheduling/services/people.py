"""Create or update the two kinds of people: professionals and students.

Both upserts find the existing person by their most stable identity first (a professional's email, a
student's Discord id) and fall back to the next one, so a person who fills a form twice, or is added by the
bot and then fills the form, stays one record. Arguments left as `None` keep what is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from mentormatch.core.zones import resolve_zone
from mentormatch.scheduling.models import Professional, Student
from mentormatch.web.errors import ApiError


class InvalidPerson(ApiError):
    code = "invalid_person"


def zone_resolve_or_default(text: str | None, *, default: str | None = None) -> tuple[str, list[str]]:
    """Read a zone as people write it ("Central Time (CT)", "America/Chicago", "EST").

    Returns the IANA zone and warnings. An empty or unreadable zone falls back to `default` (else the
    program's zone), with a warning for the unreadable case, so intake never stops on a zone.
    """
    fallback = default or str(settings.PROGRAM_TIMEZONE)
    if text is None or not text.strip():
        return fallback, []
    zone, warnings = resolve_zone(text)
    if zone is None:
        return fallback, [*warnings, f"time zone {text.strip()!r} not understood; using {fallback}"]
    return zone, list(warnings)


def _validate(person: Professional | Student, *, exclude: list[str]) -> None:
    """Field checks (lengths, email shape) as one readable refusal instead of a database error."""
    try:
        person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise InvalidPerson(f"Not stored: {problems}", details={"invalid": error.message_dict}) from None


def _clean(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def professional_upsert(
    *,
    name: str,
    email: str | None = None,
    title: str | None = None,
    company: str | None = None,
    specialties: str | None = None,
    industries: Sequence[str] | None = None,
    experience_levels: Sequence[str] | None = None,
    meeting_formats: Sequence[str] | None = None,
    notes: str | None = None,
    timezone: str | None = None,
    max_sessions_per_week: int | None = None,
    discord_id: str | None = None,
    active: bool | None = None,
) -> tuple[Professional, bool]:
    """Find the professional by email (case-insensitive), else by name, and create or update them.

    Returns the professional and whether they were created. `timezone` may be written as people write it;
    an unreadable zone is refused (use the availability ingest for forgiving intake).
    """
    name = (name or "").strip()
    email = (_clean(email) or "").lower() or None
    if not name:
        raise InvalidPerson("A professional needs a name.")
    if max_sessions_per_week is not None and max_sessions_per_week < 0:
        raise InvalidPerson("max_sessions_per_week cannot be negative.")
    zone: str | None = None
    if timezone is not None and timezone.strip():
        resolved, _warnings = resolve_zone(timezone)
        if resolved is None:
            raise InvalidPerson(f"Time zone {timezone.strip()!r} is not one I know; try America/New_York.")
        zone = resolved

    with transaction.atomic():
        professional: Professional | None = None
        if email:
            professional = Professional.objects.select_for_update().filter(email__iexact=email).first()
        if professional is None:
            by_name = Professional.objects.select_for_update().filter(name__iexact=name)
            # A name match only counts when it cannot be someone else with a different email.
            professional = (
                by_name.filter(email__isnull=True).first()
                if email
                else by_name.order_by("-active", "pk").first()
            )
            if professional is None and email:
                professional = by_name.filter(email="").first()
        created = professional is None
        if professional is None:
            professional = Professional(name=name)
            if max_sessions_per_week is None:
                professional.max_sessions_per_week = settings.DEFAULT_MAX_SESSIONS_PER_WEEK
        professional.name = name
        if email:
            professional.email = email
        for field, value in (
            ("title", _clean(title)),
            ("company", _clean(company)),
            ("specialties", _clean(specialties)),
            ("notes", _clean(notes)),
            ("discord_id", _clean(discord_id)),
            ("timezone", zone),
            ("max_sessions_per_week", max_sessions_per_week),
            ("active", active),
        ):
            if value is not None:
                setattr(professional, field, value)
        for field, items in (
            ("industries", industries),
            ("experience_levels", experience_levels),
            ("meeting_formats", meeting_formats),
        ):
            if items is not None:
                setattr(professional, field, [str(item).strip() for item in items if str(item).strip()])
        _validate(professional, exclude=[] if email else ["email"])
        professional.save()
    return professional, created


def student_upsert(
    *,
    name: str | None = None,
    email: str | None = None,
    discord_id: str | None = None,
    discord_username: str | None = None,
    timezone: str | None = None,
) -> tuple[Student, bool]:
    """Find the student by Discord id, else by email (case-insensitive), and create or update them.

    Returns the student and whether they were created. `timezone` must already be an IANA zone (resolve
    free text with `zone_resolve_or_default` first).
    """
    discord_id = _clean(discord_id) or None
    email = (_clean(email) or "").lower() or None
    if not discord_id and not email:
        raise InvalidPerson("A student needs a Discord id or an email address.")
    if discord_id is not None and not discord_id.isdigit():
        raise InvalidPerson(f"Discord id {discord_id!r} should be a number such as 100000000000000042.")

    with transaction.atomic():
        student: Student | None = None
        if discord_id:
            student = Student.objects.select_for_update().filter(discord_id=discord_id).first()
        if student is None and email:
            by_email = Student.objects.select_for_update().filter(email__iexact=email)
            # Never merge two different Discord users who typed the same email.
            student = by_email.filter(discord_id__isnull=True).first() if discord_id else by_email.first()
        created = student is None
        if student is None:
            student = Student()
        if discord_id:
            student.discord_id = discord_id
        if email:
            student.email = email
        for field, value in (
            ("name", _clean(name)),
            ("discord_username", _clean(discord_username)),
            ("timezone", _clean(timezone)),
        ):
            if value:
                setattr(student, field, value)
        if not student.name:
            student.name = student.discord_username or (email or "").split("@")[0] or f"discord:{discord_id}"
        _validate(student, exclude=[])
        student.save()
    return student, created
