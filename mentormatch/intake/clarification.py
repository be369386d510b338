"""Asking people to fix availability that could not be read, and taking their correction.

When a submission reads with low confidence or warnings, the ingest services mark the review request
(`ReviewRequest.needs_clarification`) or the professional (`Professional.needs_clarification`) and, on
commit, call `clarification_request(kind=..., obj_id=...)`. That enqueues `send_clarification`, which emails
the person (and DMs them when they have Discord and the bot token is set) quoting what was not understood,
with a signed, expiring link to the correction page (`/availability/fix/<token>/`). The page shows how their
text was read on a week grid and takes a corrected text: `clarification_resolve` re-reads it through the same
reader and services, which clear the flag when it reads cleanly, making the person matchable again.

Kinds: `review_request` (obj_id is a ReviewRequest id) and `professional` (obj_id is a Professional id).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
)

logger = logging.getLogger(__name__)

REVIEW_REQUEST = "review_request"
PROFESSIONAL = "professional"
KINDS = (REVIEW_REQUEST, PROFESSIONAL)
_SALT = "mentormatch.intake.clarification"
_FORM_ANSWER_KEYS = ("days", "time_slots", "grid")

EXPIRED = "This link has expired. Submit the form again, or ask the program team for a new link."
INVALID = "This link is not valid. Check that it was copied whole from the email."
GONE = "There is nothing to correct here any more: the record was removed."


class ClarificationLinkError(Exception):
    """The link is expired, altered or points at nothing; the message can be shown to the person."""


class ClarificationClosed(Exception):
    """The record can no longer be corrected (e.g. the request was already scheduled)."""


@dataclass(frozen=True)
class ClarificationSubject:
    """Everything the message and the page need about one person's availability, read once."""

    kind: str
    obj_id: int
    name: str
    email: str
    discord_id: str
    timezone: str
    text: str
    form_answers: dict[str, Any]
    windows: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    warnings: list[str]
    confidence: float
    needs_clarification: bool
    closed_reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_form_answers(self) -> bool:
        return any(self.form_answers.get(key) for key in _FORM_ANSWER_KEYS)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown clarification kind {kind!r}; expected one of {KINDS}.")


def link_max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "CLARIFICATION_LINK_MAX_AGE_DAYS", 14)))


# --- Links ---------------------------------------------------------------------------------------


def clarification_token(*, kind: str, obj_id: int) -> str:
    _check_kind(kind)
    return signing.dumps({"k": kind, "i": int(obj_id)}, salt=_SALT, compress=True)


def clarification_url(*, kind: str, obj_id: int) -> str:
    path = reverse("clarification", kwargs={"token": clarification_token(kind=kind, obj_id=obj_id)})
    return f"{settings.SITE_URL}{path}"


def clarification_token_read(token: str) -> tuple[str, int]:
    """The (kind, obj_id) a token names. Raises ClarificationLinkError with a message a person can act on."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        raise ClarificationLinkError(EXPIRED) from None
    except signing.BadSignature:
        raise ClarificationLinkError(INVALID) from None
    if not isinstance(data, dict) or data.get("k") not in KINDS or not isinstance(data.get("i"), int):
        raise ClarificationLinkError(INVALID)
    return str(data["k"]), int(data["i"])


# --- Selector ------------------------------------------------------------------------------------


def clarification_subject(*, kind: str, obj_id: int) -> ClarificationSubject:
    """The person and the availability a clarification is about. Raises ClarificationLinkError if gone."""
    _check_kind(kind)
    if kind == REVIEW_REQUEST:
        request = ReviewRequest.objects.select_related("student").filter(pk=obj_id).first()
        if request is None:
            raise ClarificationLinkError(GONE)
        closed = ""
        if request.status != ReviewRequest.Status.PENDING:
            closed = f"This request is already {request.get_status_display().lower()}; nothing to correct."
        return ClarificationSubject(
            kind=kind,
            obj_id=request.pk,
            name=request.student.name,
            email=request.student.email or "",
            discord_id=request.student.discord_id or "",
            timezone=request.timezone,
            text=request.availability_text,
            form_answers=dict(request.form_answers or {}),
            windows=list(request.windows or []),
            exclusions=list(request.exclusions or []),
            warnings=[str(w) for w in request.warnings or []],
            confidence=float(request.confidence),
            needs_clarification=request.needs_clarification,
            closed_reason=closed,
        )
    professional = Professional.objects.filter(pk=obj_id).first()
    if professional is None:
        raise ClarificationLinkError(GONE)
    current = ProfessionalAvailability.objects.filter(professional=professional, is_current=True).first()
    return ClarificationSubject(
        kind=kind,
        obj_id=professional.pk,
        name=professional.name,
        email=professional.email or "",
        discord_id=professional.discord_id or "",
        timezone=current.timezone if current else professional.timezone,
        text=current.availability_text if current else "",
        form_answers=dict(current.form_answers or {}) if current else {},
        windows=list(current.windows or []) if current else [],
        exclusions=list(current.exclusions or []) if current else [],
        warnings=[str(w) for w in (current.warnings or [])] if current else [],
        confidence=float(current.confidence) if current else 0.0,
        needs_clarification=professional.needs_clarification,
        extra={
            "valid_from": current.valid_from if current else None,
            "valid_until": current.valid_until if current else None,
        },
    )


# --- Asking --------------------------------------------------------------------------------------


def clarification_request(*, kind: str, obj_id: int) -> None:
    """Ask the person to clarify their availability: enqueues the email (and DM) in the background.

    Call it after the commit that set `needs_clarification` (see `clarification_request_on_commit`), so a
    rolled-back submission asks nothing. The task checks the flag again before sending, so a correction
    made in between sends nothing.
    """
    _check_kind(kind)
    send_clarification.enqueue(kind, int(obj_id))


def clarification_request_on_commit(*, kind: str, obj_id: int) -> None:
    """Register `clarification_request` to run when the current transaction commits."""
    _check_kind(kind)
    transaction.on_commit(partial(clarification_request, kind=kind, obj_id=int(obj_id)))


@task()
def send_clarification(kind: str, obj_id: int) -> dict[str, str]:
    return clarification_send(kind=kind, obj_id=obj_id)


def _message_context(subject: ClarificationSubject, url: str) -> dict[str, Any]:
    return {
        "subject": subject,
        "first_name": (subject.name or "there").split()[0],
        "url": url,
        "program_name": settings.PROGRAM_NAME,
        "warnings": subject.warnings
        or ["we could not find any day and time in it that we could use for a 30-minute session"],
        "text": subject.text,
        "expires_days": link_max_age().days,
        "what": "your review request" if subject.kind == REVIEW_REQUEST else "your availability",
    }


def clarification_send(*, kind: str, obj_id: int) -> dict[str, str]:
    """Email (and DM) one person about what could not be read. Returns what happened per channel.

    An email failure is raised after the DM was tried, so the task shows as failed and can be rerun.
    """
    try:
        subject = clarification_subject(kind=kind, obj_id=obj_id)
    except ClarificationLinkError:
        return {"skipped": "record removed"}
    if not subject.needs_clarification or subject.closed_reason:
        return {"skipped": "nothing to clarify any more"}
    url = clarification_url(kind=kind, obj_id=obj_id)
    context = _message_context(subject, url)
    outcome: dict[str, str] = {}
    email_error: Exception | None = None
    if subject.email:
        message = EmailMultiAlternatives(
            subject=render_to_string("intake/clarification/email_subject.txt", context).strip(),
            body=render_to_string("intake/clarification/email.txt", context),
            to=[subject.email],
        )
        message.attach_alternative(render_to_string("intake/clarification/email.html", context), "text/html")
        try:
            message.send()
            outcome["email"] = "sent"
        except Exception as exc:  # the DM still goes out; the error is raised below
            email_error = exc
            outcome["email"] = f"failed: {type(exc).__name__}"
    else:
        outcome["email"] = "no address"
    if subject.discord_id and settings.DISCORD_TOKEN:
        text = render_to_string("intake/clarification/discord.txt", context).strip()
        outcome["discord"] = discord_dm_send(user_id=subject.discord_id, content=text)
    if email_error is not None:
        raise email_error
    if kind == REVIEW_REQUEST:
        ReviewRequestStatusChange.objects.create(
            review_request_id=obj_id,
            from_status=ReviewRequest.Status.PENDING,
            to_status=ReviewRequest.Status.PENDING,
            actor="system",
            note="asked the student to clarify their availability ("
            + ", ".join(f"{k} {v}" for k, v in outcome.items())
            + ")",
        )
    logger.info("clarification %s %s: %s", kind, obj_id, outcome)
    return outcome


def discord_dm_send(*, user_id: str, content: str) -> str:
    """Send a direct message with the notifications app's Discord client (HTTP API, bot token).

    Returns 'sent' or 'failed: <Discord error code>'. Never raises: a closed inbox (50007) or an outage must
    not stop the email.
    """
    from mentormatch.notifications.discord_dm.client import DiscordRestClient
    from mentormatch.notifications.errors import DeliveryError

    client = DiscordRestClient(
        base_url=str(settings.DISCORD_API_BASE),
        token=str(settings.DISCORD_TOKEN),
        timeout=float(settings.DISCORD_HTTP_TIMEOUT),
    )
    try:
        client.send_message(client.open_dm(str(user_id)), content)
    except DeliveryError as exc:
        logger.warning("Discord DM to %s failed: %s", user_id, exc)
        return f"failed: {exc.code or type(exc).__name__}"
    return "sent"


# --- Correcting ----------------------------------------------------------------------------------


def _answers_for(subject: ClarificationSubject, *, keep_form_answers: bool) -> dict[str, Any]:
    """The structured answers to read with the corrected text: the ticked ones if kept, notes always."""
    answers = {
        k: v for k, v in subject.form_answers.items() if keep_form_answers or k not in _FORM_ANSWER_KEYS
    }
    return answers


def _today(zone: str, now: dt.datetime) -> dt.date:
    try:
        return now.astimezone(ZoneInfo(zone)).date()
    except (KeyError, ValueError):
        return now.date()


def clarification_preview(
    *, subject: ClarificationSubject, text: str, timezone: str, keep_form_answers: bool, now: dt.datetime
) -> Any:
    """How a corrected text would read, without saving anything (an `AvailabilityReading`)."""
    from mentormatch.scheduling.services.availability import availability_read

    return availability_read(
        text=text,
        form_answers=_answers_for(subject, keep_form_answers=keep_form_answers),
        timezone=timezone or subject.timezone,
        today=_today(timezone or subject.timezone, now),
        default_zone=subject.timezone,
    )


def clarification_resolve(
    *, kind: str, obj_id: int, text: str, timezone: str, keep_form_answers: bool, now: dt.datetime
) -> ClarificationSubject:
    """Store a corrected availability read through the same services as a submission.

    The services set `needs_clarification` from the new reading: a clean reading clears it and the person is
    matchable again. Raises ClarificationClosed when the request is no longer pending, and the reader's
    `InvalidAvailability` when nothing was given.
    """
    from mentormatch.scheduling.services.availability import (
        availability_read,
        professional_availability_ingest,
    )

    subject = clarification_subject(kind=kind, obj_id=obj_id)
    if subject.closed_reason:
        raise ClarificationClosed(subject.closed_reason)
    zone_text = timezone.strip() or subject.timezone
    answers = _answers_for(subject, keep_form_answers=keep_form_answers)
    if kind == PROFESSIONAL:
        professional = Professional.objects.get(pk=obj_id)
        professional_availability_ingest(
            professional=professional,
            text=text,
            form_answers=answers,
            timezone=zone_text,
            valid_from=subject.extra.get("valid_from"),
            valid_until=subject.extra.get("valid_until"),
            source=ProfessionalAvailability.Source.SELF_SERVICE,
            today=_today(subject.timezone, now),
        )
        return clarification_subject(kind=kind, obj_id=obj_id)

    reading = availability_read(
        text=text,
        form_answers=answers,
        timezone=zone_text,
        today=_today(subject.timezone, now),
        default_zone=subject.timezone,
    )
    with transaction.atomic():
        request = ReviewRequest.objects.select_for_update().select_related("student").get(pk=obj_id)
        if request.status != ReviewRequest.Status.PENDING:
            raise ClarificationClosed(f"This request is already {request.get_status_display().lower()}.")
        request.availability_text = text
        request.form_answers = answers
        request.timezone = reading.timezone
        request.windows = reading.windows
        request.exclusions = reading.exclusions
        request.confidence = reading.confidence
        request.warnings = reading.warnings
        request.needs_clarification = reading.needs_clarification
        request.save()
        if request.student.timezone != reading.timezone:
            request.student.timezone = reading.timezone
            request.student.save(update_fields=["timezone", "updated_at"])
        ReviewRequestStatusChange.objects.create(
            review_request=request,
            from_status=ReviewRequest.Status.PENDING,
            to_status=ReviewRequest.Status.PENDING,
            actor="student:clarification-link",
            note="availability corrected"
            + (" and read cleanly" if not reading.needs_clarification else "; still unclear"),
            at=now,
        )
    return clarification_subject(kind=kind, obj_id=obj_id)
