"""Create or update the two kinds of people: professionals and students.

Both upserts find the existing person by their most stable identity first (a professional's email, a
student's Discord id) and fall back to the next one, so a person who fills a form twice, or is added by the
bot and then fills the form, stays one record. Arguments left as `None` keep what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from mentormatch.core.zones import resolve_zone
from mentormatch.scheduling.limits import MAX_SESSIONS_PER_WEEK_RANGE, weekly_limit_problem
from mentormatch.scheduling.models import Professional, Student
from mentormatch.web.errors import ApiError, Conflict, NotFound

__all__ = [
    "MAX_SESSIONS_PER_WEEK_RANGE",  # the weekly limit's bounds, re-exported for intake
    "InvalidPerson",
    "NameTaken",
    "discord_id_normalise",
    "discord_id_problem",
    "email_problem",
    "professional_upsert",
    "student_upsert",
    "without_nul",
    "zone_resolve_or_default",
]


class InvalidPerson(ApiError):
    code = "invalid_person"


class NameTaken(Conflict):
    """A new professional would get the name another professional already has (409 `name_taken`)."""

    code = "name_taken"


_DISCORD_ID = re.compile(r"[0-9]{1,21}", re.ASCII)
_DISCORD_MENTION = re.compile(r"<@!?([0-9]+)>", re.ASCII)


def without_nul(value: Any) -> Any:
    """`value` with NUL characters removed from every string in it (keys too): PostgreSQL stores none."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(item) for item in value]
    return value


def email_problem(value: str) -> str | None:
    """Why `value` is not an email address, or None when it is one. The one email check of intake."""
    try:
        validate_email(value)
    except ValidationError:
        return f"{value!r} is not an email address"
    return None


def discord_id_normalise(value: str | None, *, field: str = "discord_id") -> str | None:
    """A Discord user id from what people paste: the id itself or a mention (`<@100000000000000042>`).

    Empty gives None; anything else that is not a Discord id (a number) is refused with a
    400 naming `field`.
    """
    text = str(value or "").strip()
    if not text:
        return None
    mention = _DISCORD_MENTION.fullmatch(text)
    if mention:
        text = mention.group(1)
    if not _DISCORD_ID.fullmatch(text):
        raise InvalidPerson(
            f"{field}: {discord_id_problem(value)}.", details={"invalid": {field: "not a Discord id"}}
        )
    return text


def discord_id_problem(value: str | None) -> str:
    """What is wrong with `value` as a Discord id, without the field's name (callers add it once)."""
    return (
        f"{str(value).strip()[:60]!r} is not a Discord id (a long number such as 100000000000000042, or a "
        "mention <@100000000000000042>)"
    )


def zone_resolve_or_default(
    text: str | None, *, default: str | None = None, field: str = "timezone"
) -> tuple[str, list[str]]:
    """Read a zone as people write it ("Central Time (CT)", "America/Chicago", "EST").

    Returns the IANA zone and warnings. An empty zone falls back to `default` (else the program's zone);
    a zone that cannot be read ("Mars") is refused with a 400 naming `field`, the same on every path.
    """
    fallback = default or str(settings.PROGRAM_TIMEZONE)
    if text is None or not text.strip():
        return fallback, []
    zone, warnings = resolve_zone(text)
    if zone is None:
        raise InvalidPerson(
            f"{field}: time zone {text.strip()[:60]!r} is not one I know; write an IANA zone such as "
            "America/New_York, or ET, CT, MT, PT, GMT, CET, UTC.",
            details={"invalid": {field: "unknown time zone"}},
        )
    return zone, list(warnings)


def _validate(person: Professional | Student, *, exclude: list[str]) -> None:
    """Field checks (lengths, email shape) as one readable refusal instead of a database error."""
    try:
        person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise InvalidPerson(f"Not stored: {problems}", details={"invalid": error.message_dict}) from None


def _clean(value: str | None) -> str | None:
    return value.replace("\x00", "").strip() if value is not None else None


def _email(value: str | None) -> str | None:
    email = (_clean(value) or "").lower() or None
    if email is not None:
        problem = email_problem(email)
        if problem:
            raise InvalidPerson(f"email: {problem}.", details={"invalid": {"email": problem}})
    return email


def professional_upsert(
    *,
    name: str | None = None,
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
    allow_namesake: bool = True,
    professional_id: int | None = None,
) -> tuple[Professional, bool]:
    """Find the professional by email (case-insensitive), else by name, and create or update them; or,
    given `professional_id`, update that professional (a 404 when there is none).

    Only the fields given change (`None` keeps what is stored; a new professional needs a name). A
    professional is never renamed to a name another professional has: that is refused with a 400, since it
    usually means the email belongs to someone else. A new professional with another professional's name
    (ignoring case and accents) and their own email is created when `allow_namesake` (a form submission may
    come from a different person of the same name; ids tell them apart), and refused with a 409 `name_taken`
    naming the existing one otherwise (the bot's add-professional). Returns the professional and whether it
    was created.
    `timezone` may be written as people write it; an unreadable zone is refused. `discord_id` may be a
    mention (`<@100000000000000042>`).
    """
    name = _clean(name) or None
    email = _email(email)
    discord_id = discord_id_normalise(discord_id) if discord_id is not None else None
    if name is None and email is None and professional_id is None:
        raise InvalidPerson("A professional needs a name (or, to update one, their email or id).")
    if max_sessions_per_week is not None and (problem := weekly_limit_problem(max_sessions_per_week)):
        raise InvalidPerson(
            f"max_sessions_per_week {problem}.", details={"invalid": {"max_sessions_per_week": problem}}
        )
    zone: str | None = None
    if timezone is not None and timezone.strip():
        zone, _warnings = zone_resolve_or_default(timezone)

    with transaction.atomic():
        professional: Professional | None = None
        if professional_id is not None:
            professional = _professional_with_id(professional_id=professional_id, email=email)
        elif email:
            professional = Professional.objects.select_for_update().filter(email__iexact=email).first()
        found_by_email_or_id = professional is not None
        if professional is None and name is not None:
            by_name = Professional.objects.select_for_update().filter(name__iexact=name)
            if not email and not allow_namesake and by_name.count() > 1:
                from mentormatch.scheduling.selectors.people import ambiguous_name

                raise ambiguous_name(list(by_name.order_by("pk")), name)
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
            if name is None:
                raise InvalidPerson(f"No professional has the email {email}; give a name to add one.")
            if not allow_namesake:
                _refuse_a_namesake(name=name, email=email)
            professional = Professional(name=name)
            if max_sessions_per_week is None:
                professional.max_sessions_per_week = settings.DEFAULT_MAX_SESSIONS_PER_WEEK
        # Found by their name, the stored spelling stays: "dana whitfield" finds "Dana Whitfield" and does not
        # rename her. Found by email or id, a new name (or a corrected case) is a rename.
        if name is not None and name != professional.name and found_by_email_or_id:
            _refuse_a_taken_name(name=name, email=email, professional=professional)
            professional.name = name
        if email:
            professional.email = email
        for field, value in (
            ("title", _clean(title)),
            ("company", _clean(company)),
            ("specialties", _clean(specialties)),
            ("notes", _clean(notes)),
            ("discord_id", discord_id),
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
                setattr(professional, field, [item for item in map(_item_text, items) if item])
        _validate(professional, exclude=[] if professional.email else ["email"])
        professional.save()
    return professional, created


def _item_text(item: Any) -> str:
    """A list answer as text; objects (nothing a person typed) are left out, never shown as reprs."""
    if isinstance(item, str):
        return item.replace("\x00", "").strip()
    if isinstance(item, int | float) and not isinstance(item, bool):
        return str(item)
    return ""


def _professional_with_id(*, professional_id: int, email: str | None) -> Professional:
    professional = Professional.objects.select_for_update().filter(pk=professional_id).first()
    if professional is None:
        raise NotFound(f"No professional with id {professional_id}.")
    if email:
        owner = Professional.objects.filter(email__iexact=email).exclude(pk=professional_id).first()
        if owner is not None:
            raise InvalidPerson(
                f"Not changed: {email} is the email of another professional, {owner.name} (id {owner.pk}).",
                code="email_taken",
                details={"professional_id": professional_id, "other_professional_id": owner.pk},
            )
    return professional


def _refuse_a_namesake(*, name: str, email: str | None) -> None:
    from mentormatch.scheduling.selectors.people import professional_namesakes

    namesakes = professional_namesakes(name=name)
    if not namesakes:
        return
    existing = namesakes[0]
    listed = "; ".join(f"id {p.pk}, {p.email or 'no email'}" for p in namesakes[:10])
    raise NameTaken(
        f"Not added: {existing.name!r} is already the name of a professional ({listed}). To update them, "
        f"give their email or no email{f' instead of {email}' if email else ''}; to add a different person, "
        "give a name that tells them apart (a middle initial, say).",
        details={
            "professional_id": existing.pk,
            "existing": [{"id": p.pk, "name": p.name, "email": p.email} for p in namesakes[:10]],
        },
    )


def _refuse_a_taken_name(*, name: str, email: str | None, professional: Professional) -> None:
    others = Professional.objects.filter(name__iexact=name)
    if professional.pk is not None:
        others = others.exclude(pk=professional.pk)
    other = others.first()
    if other is None:
        return
    if professional.pk is None:
        return  # a new professional with a namesake's name and their own email is a different person
    raise InvalidPerson(
        f"Not renamed: the professional with email {email or professional.email} is {professional.name!r}, "
        f"and {name!r} is another professional (id {other.pk}). Check the email, or rename one of them in "
        "the admin.",
        code="name_taken",
        details={"professional_id": professional.pk, "other_professional_id": other.pk},
    )


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
    discord_id = discord_id_normalise(discord_id)
    email = _email(email)
    if not discord_id and not email:
        raise InvalidPerson("A student needs a Discord id or an email address.")

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
