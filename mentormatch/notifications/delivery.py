"""Sending one notification: claim it, check it still makes sense, send, record, retry or give up.

The retry loop is written once here for every channel. A row is claimed with a conditional UPDATE
(pending -> sending, with a fresh claim token), so two workers never send the same message. A claim whose
worker died is taken back by the sweep once it is stale (`notifications_reclaim_stuck`); every write of a
result is conditional on the claim, so a worker that was only slow cannot overwrite the newer claim's row.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from mentormatch.notifications import conf
from mentormatch.notifications.errors import PermanentError, Skipped, TransientError
from mentormatch.notifications.models import Notification
from mentormatch.notifications.planning import ANNOUNCEMENT_KINDS
from mentormatch.notifications.transports import Outcome, get_transport
from mentormatch.scheduling.models import ScheduledSession

logger = logging.getLogger(__name__)

Status = Notification.Status
Kind = Notification.Kind
# What `notification_deliver` returns when its claim was taken back before it finished (the row is not its).
SUPERSEDED = "superseded"
# How long invitation emails wait for the calendar event before the sweep sends them without it.
HELD_AT_MOST = timedelta(minutes=10)


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> str:
    """Try to send one notification; return its status afterwards.

    Does nothing for a row that is not pending or not yet due (a stale task). Transient failures are
    retried with backoff by re-enqueueing the task; permanent failures and exhausted retries stop.
    """
    now = now or timezone.now()
    claim = uuid.uuid4().hex
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.PENDING, scheduled_for__lte=now
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now, claim=claim)
    notification = (
        Notification.objects.select_related("session__student", "session__professional")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return "missing"
    if not claimed:
        return str(notification.status)
    notification.claim = claim  # what this worker records its result under
    try:
        obsolete = _obsolete_reason(notification)
        if obsolete:
            return _finish(notification, status=Status.CANCELLED, detail=obsolete)
        outcome = get_transport(notification.channel).send(notification, now=now)
    except Skipped as error:
        return _finish(notification, status=Status.SKIPPED, detail=str(error))
    except TransientError as error:
        return _retry_or_fail(notification, error=error, now=now)
    except PermanentError as error:
        logger.warning("Notification %s failed permanently: %s", notification.pk, error)
        return _finish(notification, status=Status.FAILED, error=_describe(error))
    except Exception as error:
        # An unforeseen error is treated as transient: retries are bounded, and the admin sees it.
        logger.exception("Notification %s raised unexpectedly", notification.pk)
        return _retry_or_fail(notification, error=TransientError(_describe(error)), now=now)
    else:
        return _finish(notification, status=Status.SENT, outcome=outcome, sent_at=now)
    finally:
        if notification.kind == Kind.CALENDAR:
            # Emails waited for the event to carry its Meet link; they go now, link or not.
            from mentormatch.notifications.services import notifications_release_held

            notifications_release_held(session_id=notification.session_id, now=now)


def _obsolete_reason(notification: Notification) -> str:
    """Why a planned message no longer fits the session (moved, cancelled), or "" if it still does."""
    session: ScheduledSession = notification.session
    if notification.kind == Kind.REMINDER:
        if session.status != ScheduledSession.Status.SCHEDULED:
            return f"Session is {session.status}."
        if notification.payload.get("start") != session.start.isoformat():
            return "Session moved; a new reminder was planned."
    if notification.kind in (Kind.FEEDBACK_REQUEST, Kind.FEEDBACK_NOTES):
        if session.status in (ScheduledSession.Status.CANCELLED, ScheduledSession.Status.NO_SHOW):
            return f"Session is {session.status}."
        if notification.payload.get("end") != session.end.isoformat():
            return "Session moved; a new request was planned."
    if notification.kind in ANNOUNCEMENT_KINDS:
        # Superseded rows are cancelled when the newer change is planned; this catches one sent again
        # later (an admin's retry of an old failure), which would tell an outdated state.
        if notification.kind != Kind.CANCEL and session.status in (
            ScheduledSession.Status.CANCELLED,
            ScheduledSession.Status.NO_SHOW,
        ):
            return f"Session is {session.status}."
        newer = Notification.objects.filter(
            session_id=notification.session_id,
            kind__in=ANNOUNCEMENT_KINDS,
            channel=notification.channel,
            recipient=notification.recipient,
            sequence__gt=notification.sequence,
        )
        if newer.exists():
            return "Superseded: a later change was announced to this person."
    return ""


def _retry_or_fail(notification: Notification, *, error: TransientError, now: datetime) -> str:
    policy = conf.retry_policy()
    if not error.counts:
        # Rate limited: the try is counted apart from the attempts (the claim counted it as one), against a
        # cap of its own, so a rate limit that never lifts still ends.
        counted = _mine(notification).update(attempts=F("attempts") - 1, rate_limited=F("rate_limited") + 1)
        if not counted:
            return _superseded(notification, result=f"rate limited: {_describe(error)}", now=now)
        notification.refresh_from_db(fields=["attempts", "rate_limited"])
        if notification.rate_limited >= policy.max_rate_limited:
            logger.warning(
                "Notification %s gave up after %s rate-limited tries: %s",
                notification.pk,
                notification.rate_limited,
                error,
            )
            return _finish(
                notification,
                status=Status.FAILED,
                error=f"Gave up after {notification.rate_limited} rate-limited tries: {_describe(error)}",
            )
    elif notification.attempts >= policy.max_attempts:
        logger.warning(
            "Notification %s gave up after %s attempts: %s", notification.pk, notification.attempts, error
        )
        return _finish(notification, status=Status.FAILED, error=f"Gave up: {_describe(error)}")
    delay = policy.delay_after(notification.attempts)
    if error.retry_after is not None:
        delay = timedelta(seconds=max(error.retry_after, 0.0))
    retry_at = now + delay
    with transaction.atomic():
        released = _mine(notification).update(
            status=Status.PENDING, scheduled_for=retry_at, last_error=_describe(error), updated_at=now
        )
        if not released:
            return _superseded(notification, result=f"to retry: {_describe(error)}", now=now)
        from mentormatch.notifications.tasks import deliver_notification

        notification_id = notification.pk
        transaction.on_commit(
            lambda: deliver_notification.using(run_after=retry_at).enqueue(notification_id=notification_id)
        )
    logger.info("Notification %s will be retried at %s: %s", notification.pk, retry_at, error)
    return str(Status.PENDING)


def _finish(
    notification: Notification,
    *,
    status: str,
    error: str = "",
    detail: str = "",
    outcome: Outcome | None = None,
    sent_at: datetime | None = None,
) -> str:
    fields = {"status": status, "updated_at": timezone.now()}
    if error:
        fields["last_error"] = error
        fields["needs_attention"] = True
    if outcome is not None:
        fields["detail"] = outcome.detail
        fields["needs_attention"] = outcome.needs_attention
    if detail:
        fields["detail"] = detail
    if sent_at is not None:
        fields["sent_at"] = sent_at
    if not _mine(notification).update(**fields):
        result = status if not (error or detail) else f"{status}: {error or detail}"
        return _superseded(notification, result=result, now=sent_at or timezone.now())
    return status


def _mine(notification: Notification) -> QuerySet[Notification]:
    """The row, only while it is still under this worker's claim: a claim taken back as stale (and maybe
    claimed again by another worker) is no longer this worker's to write."""
    return Notification.objects.filter(pk=notification.pk, status=Status.SENDING, claim=notification.claim)


def _superseded(notification: Notification, *, result: str, now: datetime) -> str:
    """Record the result of a worker whose claim was taken back while it was still sending (slow, not
    dead) apart from the row's own state, which belongs to the newer claim."""
    line = f"{now:%Y-%m-%d %H:%M:%S} UTC, attempt {notification.attempts}: {result}\n"
    Notification.objects.filter(pk=notification.pk).update(
        superseded_results=Concat(F("superseded_results"), Value(line), output_field=TextField())
    )
    logger.warning(
        "Notification %s: this worker's claim was taken back as stale before it finished (%s); its result "
        "is kept apart and the row left to the newer claim.",
        notification.pk,
        result,
    )
    return SUPERSEDED


def _describe(error: BaseException) -> str:
    code = getattr(error, "code", "")
    text = str(error) or type(error).__name__
    return f"[{code}] {text}" if code else text


def notifications_deliver_due(*, now: datetime | None = None) -> dict[str, int]:
    """Deliver every pending notification that is due by `now`, in time order; return counts by outcome.

    The worker normally sends each notification from its own deferred task; this sweep is the fallback for
    tasks that were lost (a queue pruned, a worker that died mid-send) and runs from `manage.py
    notifications_send_due`. Claims a dead worker left behind are taken back first
    (`notifications_reclaim_stuck`).
    """
    now = now or timezone.now()
    notifications_reclaim_stuck(now=now)
    # Emails held for a calendar event whose task was lost would wait forever: let them go after a while.
    stale = Notification.objects.filter(status=Status.HELD, created_at__lte=now - HELD_AT_MOST)
    for session_id in set(stale.values_list("session_id", flat=True)):
        from mentormatch.notifications.services import notifications_release_held

        notifications_release_held(session_id=session_id, now=now)
    due = Notification.objects.filter(status=Status.PENDING, scheduled_for__lte=now).order_by(
        "scheduled_for", "pk"
    )
    counts: dict[str, int] = {}
    for notification_id in list(due.values_list("pk", flat=True)):
        outcome = notification_deliver(notification_id=notification_id, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def notifications_reclaim_stuck(*, now: datetime | None = None) -> dict[str, int]:
    """Take back the claims of workers that died mid-send (`sending` for longer than
    `conf.sending_stale_after()`): each goes back to pending, due now, or ends failed when its attempts are
    used up. The dead worker's try was counted when it claimed the row, so a message that kills every worker
    that sends it stops at the attempt cap. Returns counts by new status.

    The dead worker may have handed the message over before it died, so a reclaimed message can arrive
    twice; that beats never arriving.
    """
    from mentormatch.notifications.selectors import notifications_stuck

    now = now or timezone.now()
    max_attempts = conf.retry_policy().max_attempts
    counts: dict[str, int] = {}
    for notification in notifications_stuck(now=now):
        note = (
            f"A worker stopped while sending this (claimed {notification.updated_at:%Y-%m-%d %H:%M} UTC "
            "and never finished)."
        )
        if notification.attempts >= max_attempts:
            fields: dict[str, object] = {
                "status": Status.FAILED,
                "last_error": f"Gave up after {notification.attempts} attempts: {note}",
                "needs_attention": True,
            }
        else:
            fields = {"status": Status.PENDING, "scheduled_for": now, "last_error": f"{note} Trying again."}
        # Conditional on the claim being the one read, so two sweeps never both take it back.
        taken = Notification.objects.filter(
            pk=notification.pk, status=Status.SENDING, updated_at=notification.updated_at
        ).update(updated_at=now, **fields)
        if taken:
            logger.warning("Notification %s: %s", notification.pk, fields["last_error"])
            status = str(fields["status"])
            counts[status] = counts.get(status, 0) + 1
    return counts
