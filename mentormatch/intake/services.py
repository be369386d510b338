"""Archive and process form deliveries.

A delivery is stored raw before anything else happens to it, in its own transaction, so nothing a form sends
is lost even when processing fails. Processing then runs in one transaction that also marks the delivery
processed; the partial unique constraint on (endpoint, response_id, response_revision) for processed
deliveries makes a resent response id a no-op even when two copies race. A later edit of a response (Google
Forms keeps its id) is processed as the response's next revision.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from mentormatch.intake.models import WebhookDelivery
from mentormatch.intake.payloads import (
    ProfessionalSubmission,
    ReviewRequestSubmission,
    professional_submission_read,
    review_request_submission_read,
    submitted_at_of,
)
from mentormatch.scheduling.models import Professional
from mentormatch.scheduling.services.availability import (
    professional_availability_ingest,
    review_request_submit,
)
from mentormatch.scheduling.services.people import professional_upsert, without_nul, zone_resolve_or_default

logger = logging.getLogger(__name__)

_REDACTED_HEADERS = {"x-form-secret", "x-bot-secret", "authorization", "cookie"}


def headers_for_archive(headers: Mapping[str, str]) -> dict[str, str]:
    """The request headers worth keeping, with secrets replaced by a marker."""
    kept: dict[str, str] = {}
    for name, value in headers.items():
        kept[name] = "[redacted]" if name.lower() in _REDACTED_HEADERS else value
    return kept


def _storable(text: str) -> str:
    # PostgreSQL stores no NUL character; the replacement character keeps the archive honest about it.
    return text.replace("\x00", "\ufffd")


def webhook_delivery_archive(
    *, endpoint: str, headers: Mapping[str, str], body: bytes, remote_addr: str, now: dt.datetime
) -> WebhookDelivery:
    """Store a delivery as received (NUL characters shown as U+FFFD), before it is checked or processed."""
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        headers={_storable(k): _storable(v) for k, v in headers_for_archive(headers).items()},
        body=_storable(body.decode("utf-8", errors="replace")),
        remote_addr=_storable(remote_addr[:100]),
        received_at=now,
        status=WebhookDelivery.Status.RECEIVED,
    )


def webhook_delivery_mark(
    *,
    delivery: WebhookDelivery,
    status: str,
    error: str = "",
    now: dt.datetime | None = None,
    form_type: str | None = None,
    response_id: str | None = None,
    signature: str | None = None,
    response_revision: int | None = None,
) -> None:
    delivery.status = status
    delivery.error = error
    fields = ["status", "error"]
    if now is not None:
        delivery.processed_at = now
        fields.append("processed_at")
    if form_type is not None:
        delivery.form_type = _storable(form_type[:100])
        fields.append("form_type")
    if response_id is not None:
        delivery.response_id = _storable(response_id[:200])
        fields.append("response_id")
    if signature is not None:
        delivery.signature = signature[:100]
        fields.append("signature")
    if response_revision is not None:
        delivery.response_revision = response_revision
        fields.append("response_revision")
    delivery.save(update_fields=fields)


@dataclass
class DeliveryOutcome:
    """What processing a delivery did, returned to the form as JSON."""

    status: str
    delivery_id: int
    records: dict[str, Any] = field(default_factory=dict)
    needs_clarification: bool = False
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "delivery_id": self.delivery_id,
            **self.records,
            "needs_clarification": self.needs_clarification,
            "warnings": self.warnings,
        }


def _today_for(submitted_at: dt.datetime | None, zone_text: str, now: dt.datetime) -> dt.date:
    """The day the person filled the form, in their zone: dates without a year are read from it."""
    zone, _ = zone_resolve_or_default(zone_text)
    moment = submitted_at if submitted_at is not None and submitted_at <= now else now
    return moment.astimezone(ZoneInfo(zone)).date()


def professional_submission_ingest(
    *, submission: ProfessionalSubmission, delivery: WebhookDelivery | None, now: dt.datetime
) -> DeliveryOutcome:
    """Create or update the professional and store the submission as their current availability."""
    with transaction.atomic():
        professional, created = professional_upsert(
            name=submission.name,
            email=submission.email,
            title=submission.title,
            company=submission.company,
            specialties=submission.specialties,
            industries=submission.industries,
            experience_levels=submission.experience_levels,
            meeting_formats=submission.meeting_formats,
            notes=submission.notes,
            discord_id=submission.discord_id or None,
            max_sessions_per_week=submission.max_sessions_per_week,
        )
        availability = professional_availability_ingest(
            professional=professional,
            text=submission.availability_text,
            form_answers=submission.form_answers,
            timezone=submission.timezone,
            valid_from=submission.valid_from,
            valid_until=submission.valid_until,
            source="form",
            delivery=delivery,
            today=_today_for(submission.submitted_at, submission.timezone, now),
        )
    # The availability service asked for clarification (after commit) when the reading needs it.
    needs_clarification = Professional.objects.get(pk=professional.pk).needs_clarification
    return DeliveryOutcome(
        status="processed",
        delivery_id=delivery.pk if delivery else 0,
        records={
            "professional_id": professional.pk,
            "professional_created": created,
            "availability_id": availability.pk,
        },
        needs_clarification=needs_clarification,
        warnings=list(availability.warnings),
    )


def review_request_submission_ingest(
    *, submission: ReviewRequestSubmission, delivery: WebhookDelivery | None, now: dt.datetime
) -> DeliveryOutcome:
    """Create or update the student and their pending review request."""
    request = review_request_submit(
        name=submission.name,
        email=submission.email or None,
        discord_id=submission.discord_id or None,
        discord_username=submission.discord_username,
        timezone=submission.timezone,
        text=submission.availability_text,
        form_answers=submission.form_answers,
        target_industry=submission.target_industry,
        target_role=submission.target_role,
        experience_level=submission.experience_level,
        resume_link=submission.resume_link,
        delivery=delivery,
        today=_today_for(submission.submitted_at, submission.timezone, now),
        actor="form",
    )
    return DeliveryOutcome(
        status="processed",
        delivery_id=delivery.pk if delivery else 0,
        records={"student_id": request.student_id, "review_request_id": request.pk},
        needs_clarification=request.needs_clarification,
        warnings=list(request.warnings),
    )


@dataclass(frozen=True)
class FormKind:
    """One form webhook: its endpoint name, the form types it accepts, how to read and store a payload."""

    endpoint: str
    form_types: frozenset[str]
    ingest: Callable[[Mapping[str, Any], WebhookDelivery, dt.datetime], DeliveryOutcome]


def _ingest_professional(payload: Mapping[str, Any], delivery: WebhookDelivery, now: dt.datetime) -> Any:
    submission = professional_submission_read(payload)
    return professional_submission_ingest(submission=submission, delivery=delivery, now=now)


def _ingest_review_request(payload: Mapping[str, Any], delivery: WebhookDelivery, now: dt.datetime) -> Any:
    submission = review_request_submission_read(payload)
    return review_request_submission_ingest(submission=submission, delivery=delivery, now=now)


PROFESSIONAL_AVAILABILITY = FormKind(
    endpoint="professional-availability",
    form_types=frozenset({"professional_availability"}),
    ingest=_ingest_professional,
)
REVIEW_REQUEST = FormKind(
    endpoint="review-request",
    form_types=frozenset({"resume_review_request", "review_request", "student_review_request"}),
    ingest=_ingest_review_request,
)


def processed_delivery_for(
    *, endpoint: str, response_id: str, signature: str = ""
) -> tuple[WebhookDelivery, str] | None:
    """The latest processed version of this response id (its highest revision), else the delivery that
    already processed this signed delivery, and which of the two it was."""
    for key, value in (("response_id", response_id), ("signature", signature)):
        if not value:
            continue
        earlier = (
            WebhookDelivery.objects.filter(
                endpoint=endpoint, status=WebhookDelivery.Status.PROCESSED, **{key: value}
            )
            .order_by("-response_revision", "-received_at")
            .first()
        )
        if earlier is not None:
            return earlier, "response id" if key == "response_id" else "signed delivery"
    return None


# What tells when a response was sent, not what it says: left out when comparing two versions of it.
_VERSION_KEYS = frozenset({"timestamp", "script_version"})


def _answers_key(payload: Mapping[str, Any]) -> str:
    return json.dumps(
        {key: value for key, value in payload.items() if key not in _VERSION_KEYS},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )


def response_edit_of(*, payload: Mapping[str, Any], earlier: WebhookDelivery) -> bool:
    """True when `payload` is a later edit of the response `earlier` processed.

    Google Forms keeps a response's id when its respondent edits it; the script then sends the new answers
    with the response's new timestamp. An edit is a payload whose timestamp is later than the processed
    one's and whose answers differ: an exact resend (same answers, however often signed) and an older
    version arriving late both stay duplicates, as does anything without a timestamp to order it by.
    """
    submitted = submitted_at_of(payload)
    try:
        earlier_payload = without_nul(json.loads(earlier.body))
    except (ValueError, RecursionError):
        return False
    if submitted is None or not isinstance(earlier_payload, Mapping):
        return False
    before = submitted_at_of(earlier_payload)
    if before is None or submitted <= before:
        return False
    return _answers_key(payload) != _answers_key(earlier_payload)


def _duplicate_of(
    *, payload: Mapping[str, Any], found: tuple[WebhookDelivery, str] | None
) -> tuple[WebhookDelivery, str] | None:
    """The processed delivery this one repeats (and why), or None when it is new or an edit of `found`."""
    if found is None:
        return None
    earlier, what = found
    if what == "response id" and response_edit_of(payload=payload, earlier=earlier):
        return None
    return found


def form_delivery_process(
    *, kind: FormKind, delivery: WebhookDelivery, payload: Mapping[str, Any], now: dt.datetime
) -> DeliveryOutcome:
    """Process an archived, authenticated delivery exactly once per version of a response and per signature.

    A resent response id is acknowledged as a duplicate unless it is a later edit of the response
    (`response_edit_of`): an edit is processed as the response's next revision, replacing what the previous
    version stored, as a new submission would. A signed delivery replayed within the signature window carries
    the same signature, so it is a duplicate even when the payload has no response id. Raises
    `InvalidSubmission` (nothing stored but the archive) or lets processing errors through; the caller records
    them.
    """
    response_id = str(delivery.response_id)
    signature = str(delivery.signature)
    found = processed_delivery_for(endpoint=kind.endpoint, response_id=response_id, signature=signature)
    duplicate = _duplicate_of(payload=payload, found=found)
    if duplicate is not None:
        earlier, what = duplicate
        webhook_delivery_mark(
            delivery=delivery,
            status=WebhookDelivery.Status.DUPLICATE,
            error=f"{what} already processed by delivery {earlier.pk}",
            now=now,
        )
        return DeliveryOutcome(status="duplicate", delivery_id=delivery.pk, records={"original": earlier.pk})
    replaces = found[0] if found is not None else None
    revision = replaces.response_revision + 1 if replaces is not None else 0
    try:
        with transaction.atomic():
            outcome = kind.ingest(payload, delivery, now)
            webhook_delivery_mark(
                delivery=delivery,
                status=WebhookDelivery.Status.PROCESSED,
                now=now,
                response_revision=revision,
            )
    except IntegrityError:
        # Another copy of the same version won the race; its work stands and ours rolled back. A different
        # edit that lost a race is not a copy: it fails (500) and the form's retry processes it.
        found = processed_delivery_for(endpoint=kind.endpoint, response_id=response_id, signature=signature)
        duplicate = _duplicate_of(payload=payload, found=found)
        if duplicate is None:
            raise
        earlier, what = duplicate
        webhook_delivery_mark(
            delivery=delivery,
            status=WebhookDelivery.Status.DUPLICATE,
            error=f"{what} processed concurrently by delivery {earlier.pk}",
            now=now,
        )
        return DeliveryOutcome(status="duplicate", delivery_id=delivery.pk, records={"original": earlier.pk})
    if replaces is not None:
        outcome.records["edit_of"] = replaces.pk
    return outcome


FORM_KINDS = {kind.endpoint: kind for kind in (PROFESSIONAL_AVAILABILITY, REVIEW_REQUEST)}


class NotReprocessable(Exception):
    """Only deliveries that passed authentication and then failed can be processed again."""


def webhook_delivery_reprocess(*, delivery: WebhookDelivery, now: dt.datetime) -> DeliveryOutcome:
    """Process a `failed` delivery again from its archived body (after the cause was fixed).

    It was authenticated when it arrived, so it is not checked again; a response id processed meanwhile is
    recorded as a duplicate, unless this delivery is a later edit of it. A new failure leaves it `failed` with
    the new error and re-raises.
    """
    if delivery.status != WebhookDelivery.Status.FAILED:
        raise NotReprocessable(f"delivery {delivery.pk} is {delivery.status}, not failed")
    kind = FORM_KINDS.get(delivery.endpoint)
    if kind is None:
        raise NotReprocessable(f"delivery {delivery.pk} came to an unknown endpoint {delivery.endpoint!r}")
    payload = without_nul(json.loads(delivery.body))
    try:
        return form_delivery_process(kind=kind, delivery=delivery, payload=payload, now=now)
    except Exception as exc:
        message = getattr(exc, "message", None) or str(exc)
        webhook_delivery_mark(
            delivery=delivery, status=WebhookDelivery.Status.FAILED, error=f"{type(exc).__name__}: {message}"
        )
        raise
