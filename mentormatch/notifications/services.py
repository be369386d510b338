"""Writes of the notifications app.

`session_changed` is the one entry point the scheduling services call (inside `transaction.on_commit`): it
records what must be said about the change and enqueues the sends. It never talks to a mail server, Discord or
Google itself, so the caller returns at once whatever those services are doing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentormatch.notifications.models import Notification
from mentormatch.notifications.planning import (
    ANNOUNCEMENT_KIND,
    ANNOUNCEMENT_KINDS,
    CHANGES,
    TIMED_KINDS,
    FormerProfessional,
    Planned,
    plan_announcements,
    plan_calendar,
    plan_feedback,
    plan_reminders,
)
from mentormatch.scheduling.models import Professional, ScheduledSession

logger = logging.getLogger(__name__)

Status = Notification.Status
OPEN_STATUSES = (Status.PENDING, Status.HELD)


def session_changed(*, session_id: int, change: str, now: datetime | None = None) -> None:
    """Plan and enqueue every notification a session change calls for.

    `change` is one of booked, rescheduled, cancelled, completed, no_show. Calling it twice for the same
    change sends nothing twice (each message has a unique dedupe key). Reminders and feedback requests of an
    earlier start are cancelled when the session moves, and dropped when it is cancelled.
    """
    if change not in CHANGES:
        raise ValueError(f"Unknown session change {change!r}; expected one of {sorted(CHANGES)}.")
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            ScheduledSession.objects.select_related("student", "professional").filter(pk=session_id).first()
        )
        if session is None:
            logger.warning("session_changed(%s, %s): no such session; nothing to send.", session_id, change)
            return
        planned: list[Planned] = []
        if change in ("rescheduled", "cancelled", "completed", "no_show"):
            _cancel_open(session=session, change=change)
        if change in ANNOUNCEMENT_KIND:
            planned += plan_calendar(session=session, change=change, now=now)
            planned += plan_announcements(
                session=session,
                change=change,
                now=now,
                sequence=_next_sequence(session),
                previous_start=_last_announced_start(session) if change == "rescheduled" else None,
                former_professional=_former_professional(session) if change == "rescheduled" else None,
            )
        if change in ("booked", "rescheduled"):
            planned += plan_reminders(session=session, now=now)
            planned += plan_feedback(session=session)
        to_enqueue = [n for p in planned if (n := _record(p, session=session, now=now)) is not None]
        transaction.on_commit(lambda: notifications_enqueue(notifications=to_enqueue, now=now))


def notifications_enqueue(*, notifications: list[Notification], now: datetime) -> None:
    """Enqueue one delivery task per pending notification, deferred to its send time."""
    from mentormatch.notifications.tasks import deliver_notification

    can_defer = deliver_notification.get_backend().supports_defer
    for notification in notifications:
        if notification.status != Status.PENDING:
            continue
        task = deliver_notification
        if notification.scheduled_for > now:
            if not can_defer:
                # A backend without run_after (e.g. the immediate one) would send it now; the periodic
                # `notifications_send_due` sweep sends it on time instead.
                continue
            task = task.using(run_after=notification.scheduled_for)
        task.enqueue(notification_id=notification.pk)


def notifications_retry(
    *, notifications: list[Notification], now: datetime | None = None
) -> list[Notification]:
    """Queue failed notifications, and those stuck in `sending` by a dead worker, again with fresh attempts.

    A `sending` claim younger than `conf.sending_stale_after()` is left alone: its worker may still be
    sending it, and a retry would send it twice. Returns the notifications queued.
    """
    from mentormatch.notifications.selectors import notifications_stuck

    now = now or timezone.now()
    ids = [n.pk for n in notifications]
    retryable = Notification.objects.filter(pk__in=ids, status=Status.FAILED) | notifications_stuck(
        now=now
    ).filter(pk__in=ids)
    retried: list[Notification] = []
    for notification in retryable:
        # Conditional on the status read, so a row that changed meanwhile (e.g. was sent) is left as it is.
        taken = Notification.objects.filter(pk=notification.pk, status=notification.status).update(
            status=Status.PENDING, attempts=0, rate_limited=0, scheduled_for=now, updated_at=now
        )
        if taken:
            notification.refresh_from_db()
            retried.append(notification)
    notifications_enqueue(notifications=retried, now=now)
    return retried


def notifications_release_held(*, session_id: int, now: datetime | None = None) -> None:
    """Let the messages that waited for the calendar event go (whether the event was made or not)."""
    now = now or timezone.now()
    with transaction.atomic():
        held = list(
            Notification.objects.select_for_update().filter(session_id=session_id, status=Status.HELD)
        )
        for notification in held:
            notification.status = Status.PENDING
            notification.scheduled_for = max(notification.scheduled_for, now)
            notification.save(update_fields=["status", "scheduled_for", "updated_at"])
        transaction.on_commit(lambda: notifications_enqueue(notifications=held, now=now))


def _record(planned: Planned, *, session: ScheduledSession, now: datetime) -> Notification | None:
    """Store a planned notification once. Returns it when it is new (or revived) and needs enqueueing."""
    notification, created = Notification.objects.get_or_create(
        dedupe_key=planned.dedupe_key,
        defaults={
            "session": session,
            "kind": planned.kind,
            "channel": planned.channel,
            "recipient_role": planned.role,
            "recipient": planned.recipient,
            "status": planned.status,
            "sequence": planned.sequence,
            "payload": planned.payload,
            "scheduled_for": planned.scheduled_for,
            "detail": planned.detail,
            "created_at": now,
        },
    )
    if created:
        return notification
    if notification.status == Status.CANCELLED and planned.status == Status.PENDING:
        # A session moved away and back again: the reminder it had is wanted once more.
        notification.status = Status.PENDING
        notification.scheduled_for = planned.scheduled_for
        notification.detail = ""
        notification.save(update_fields=["status", "scheduled_for", "detail", "updated_at"])
        return notification
    return None


def _cancel_open(*, session: ScheduledSession, change: str) -> None:
    kinds: tuple[str, ...] = TIMED_KINDS
    if change == "completed":
        kinds = (Notification.Kind.REMINDER,)
    elif change in ("cancelled", "no_show"):
        kinds = TIMED_KINDS + ANNOUNCEMENT_KINDS
    Notification.objects.filter(session=session, kind__in=kinds, status__in=OPEN_STATUSES).update(
        status=Status.CANCELLED, detail=f"Session {change.replace('_', '-')}.", updated_at=timezone.now()
    )


def _next_sequence(session: ScheduledSession) -> int:
    """The SEQUENCE for a new announcement: the session's own, but always above any already announced."""
    announced = Notification.objects.filter(
        session=session, kind__in=ANNOUNCEMENT_KINDS, status__in=(Status.SENT, Status.SENDING, *OPEN_STATUSES)
    ).aggregate(top=Max("sequence"))["top"]
    if announced is None:
        return session.sequence
    return max(session.sequence, announced + 1)


def _former_professional(session: ScheduledSession) -> FormerProfessional | None:
    """The professional who was last invited by email, when that is no longer the session's professional."""
    last = (
        Notification.objects.filter(
            session=session,
            kind__in=ANNOUNCEMENT_KINDS,
            channel=Notification.Channel.EMAIL,
            recipient_role=Notification.Role.PROFESSIONAL,
        )
        .exclude(status__in=(Status.CANCELLED, Status.SKIPPED))
        .order_by("-pk")
        .first()
    )
    if (
        last is None
        or last.kind == Notification.Kind.CANCEL
        or last.recipient == (session.professional.email or "")
    ):
        return None
    theirs = Notification.objects.filter(
        session=session, kind__in=ANNOUNCEMENT_KINDS, recipient=last.recipient
    )
    # What they were never sent needs no cancelling: stop it instead.
    theirs.filter(status__in=OPEN_STATUSES).update(
        status=Status.CANCELLED, detail="Session handed to another professional.", updated_at=timezone.now()
    )
    if not theirs.exclude(status=Status.CANCELLED).exists():
        return None
    former = Professional.objects.filter(email=last.recipient).first()
    payload = {
        "start": last.payload.get("start"),
        "end": last.payload.get("end"),
        "recipient_name": former.name if former else "",
        "recipient_zone": former.timezone if former else session.professional.timezone,
    }
    return FormerProfessional(email=last.recipient, payload=payload)


def _last_announced_start(session: ScheduledSession) -> str | None:
    last = (
        Notification.objects.filter(session=session, kind__in=ANNOUNCEMENT_KINDS)
        .order_by("-sequence", "-pk")
        .first()
    )
    return str(last.payload.get("start")) if last else None
