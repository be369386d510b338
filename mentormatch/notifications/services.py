"""Writes of the notifications app.

`session_changed` is the one entry point the scheduling services call (inside `transaction.on_commit`): it
records what must be said about the change and enqueues the sends. It never talks to a mail server, Discord or
Google itself, so the caller returns at once whatever those services are doing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

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
    Told,
    change_version,
    plan_announcements,
    plan_calendar,
    plan_feedback,
    plan_reminders,
    recipients,
)
from mentormatch.notifications.presentation import session_snapshot
from mentormatch.scheduling.models import Professional, ScheduledSession

logger = logging.getLogger(__name__)

Status = Notification.Status
Kind, Channel, Role = Notification.Kind, Notification.Channel, Notification.Role
OPEN_STATUSES = (Status.PENDING, Status.HELD)


def session_changed(*, session_id: int, change: str, now: datetime | None = None) -> None:
    """Plan and enqueue every notification a session change calls for.

    `change` is one of booked, rescheduled, cancelled, completed, no_show. Calling it twice for the same
    change sends nothing twice (each message has a unique dedupe key). Reminders and feedback requests of an
    earlier start are cancelled when the session moves, and dropped when it is cancelled.

    Each invitation, update and cancellation keeps a snapshot of the session as this change left it, and is
    rendered from it, so it says what was true when it was planned even if it goes out after a later change.
    A later change supersedes the messages of earlier ones that have not gone out yet (the newest one tells
    the current state), except a former professional's cancellation, which stays true.
    """
    if change not in CHANGES:
        raise ValueError(f"Unknown session change {change!r}; expected one of {sorted(CHANGES)}.")
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so two changes of one session are planned one after the other, in the order they happen.
        session = (
            ScheduledSession.objects.select_for_update(of=("self",))
            .select_related("student", "professional")
            .filter(pk=session_id)
            .first()
        )
        if session is None:
            logger.warning("session_changed(%s, %s): no such session; nothing to send.", session_id, change)
            return
        if change in ("booked", "rescheduled") and session.status != ScheduledSession.Status.SCHEDULED:
            # A late call: the session was cancelled (or ended) since; that change's own call tells people.
            logger.info("session_changed(%s, %s): the session is %s now.", session_id, change, session.status)
            return
        planned: list[Planned] = []
        if change in ("rescheduled", "cancelled", "completed", "no_show"):
            _cancel_open(session=session, change=change)
        if change in ANNOUNCEMENT_KIND and not _announced(session):
            planned += _plan_change(session=session, change=change, now=now)
        if change in ("booked", "rescheduled"):
            planned += plan_reminders(session=session, now=now)
            planned += plan_feedback(session=session)
        to_enqueue = [n for p in planned if (n := _record(p, session=session, now=now)) is not None]
        transaction.on_commit(lambda: notifications_enqueue(notifications=to_enqueue, now=now))


def _plan_change(*, session: ScheduledSession, change: str, now: datetime) -> list[Planned]:
    """The calendar event and the announcements of this change, after superseding older ones still open."""
    sequence = _next_sequence(session)
    told = _told(session)
    former = _former_professionals(session, told) if change == "rescheduled" else []
    current = {(r.channel, r.address) for r in recipients(session, kind=ANNOUNCEMENT_KIND[change])}
    _supersede(session=session, current=current, sequence=sequence)
    return [
        *plan_calendar(session=session, change=change, now=now),
        *plan_announcements(
            session=session,
            change=change,
            now=now,
            sequence=sequence,
            snapshot=session_snapshot(session),
            told={key: Told(kind=n.kind, start=_start_of(n)) for key, n in told.items()},
            former_professionals=former,
        ),
    ]


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
                # A backend without run_after (e.g. the immediate one) would send it now; a periodic
                # `manage.py notifications_send_due` sends it on time instead.
                continue
            task = task.using(run_after=notification.scheduled_for)
        task.enqueue(notification_id=notification.pk)
    if notifications:
        from mentormatch.notifications.sweep import sweep_revive_if_overdue

        sweep_revive_if_overdue(now=now)


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
            "snapshot": planned.snapshot,
            "scheduled_for": planned.scheduled_for,
            "detail": planned.detail,
            "created_at": now,
        },
    )
    if created:
        return notification
    if notification.status == Status.CANCELLED and planned.status == Status.PENDING:
        # A session moved away and back again: the reminder it had is wanted once more (by whoever has the
        # session now: the same time may have gone to another professional).
        notification.status = Status.PENDING
        notification.recipient = planned.recipient
        notification.payload = planned.payload
        notification.snapshot = planned.snapshot
        notification.scheduled_for = planned.scheduled_for
        notification.detail = ""
        notification.save(
            update_fields=[
                "status",
                "recipient",
                "payload",
                "snapshot",
                "scheduled_for",
                "detail",
                "updated_at",
            ]
        )
        return notification
    return None


def _cancel_open(*, session: ScheduledSession, change: str) -> None:
    """Stop the reminders and feedback requests a change makes wrong (they are planned again if still
    wanted), and on a cancellation or no-show every invitation and update not sent yet. Cancellations are
    left: what they say stays true."""
    kinds: tuple[str, ...] = TIMED_KINDS
    if change == "completed":
        kinds = (Kind.REMINDER,)
    elif change in ("cancelled", "no_show"):
        kinds = (*TIMED_KINDS, Kind.INVITE, Kind.UPDATE)
    Notification.objects.filter(session=session, kind__in=kinds, status__in=OPEN_STATUSES).update(
        status=Status.CANCELLED, detail=f"Session {change.replace('_', '-')}.", updated_at=timezone.now()
    )


def _announced(session: ScheduledSession) -> bool:
    """Whether the session's current state (this change) was planned already: a repeated call."""
    return Notification.objects.filter(
        session=session,
        kind__in=(*ANNOUNCEMENT_KINDS, Kind.CALENDAR),
        dedupe_key__endswith=f":{change_version(session)}",
    ).exists()


def _next_sequence(session: ScheduledSession) -> int:
    """The SEQUENCE for a new announcement: the session's own, but always above any already announced."""
    announced = Notification.objects.filter(
        session=session, kind__in=ANNOUNCEMENT_KINDS, status__in=(Status.SENT, Status.SENDING, *OPEN_STATUSES)
    ).aggregate(top=Max("sequence"))["top"]
    if announced is None:
        return session.sequence
    return max(session.sequence, announced + 1)


def _told(session: ScheduledSession) -> dict[tuple[str, str], Notification]:
    """For each (channel, address): the last invitation, update or cancellation that reached it, or is being
    sent to it now. Messages superseded, failed or not sent yet told nobody anything."""
    last: dict[tuple[str, str], Notification] = {}
    for notification in Notification.objects.filter(
        session=session, kind__in=ANNOUNCEMENT_KINDS, status__in=(Status.SENT, Status.SENDING)
    ).order_by("sequence", "pk"):
        last[(notification.channel, notification.recipient)] = notification
    return last


def _former_professionals(
    session: ScheduledSession, told: dict[tuple[str, str], Notification]
) -> list[FormerProfessional]:
    """Professionals told of the session (their last message an invitation or update) who no longer have
    it, and whose cancellation is not already planned. Each gets a cancellation of what they were told."""
    current = session.professional.email or ""
    cancelling = set(
        Notification.objects.filter(
            session=session, kind=Kind.CANCEL, channel=Channel.EMAIL, status__in=OPEN_STATUSES
        ).values_list("recipient", flat=True)
    )
    found: list[FormerProfessional] = []
    for (channel, address), last in told.items():
        if channel != Channel.EMAIL or last.recipient_role != Role.PROFESSIONAL:
            continue
        if address == current or address in cancelling or last.kind == Kind.CANCEL:
            continue
        found.append(FormerProfessional(email=address, snapshot=last.snapshot or _legacy_snapshot(last)))
    return found


def _legacy_snapshot(notification: Notification) -> dict[str, Any]:
    """What a message from before snapshots described: its times, the professional it went to."""
    session: ScheduledSession = notification.session
    professional = Professional.objects.filter(email=notification.recipient).first()
    snapshot = session_snapshot(session, professional=professional)
    snapshot["start"] = notification.payload.get("start") or snapshot["start"]
    snapshot["end"] = notification.payload.get("end") or snapshot["end"]
    return snapshot


def _supersede(*, session: ScheduledSession, current: set[tuple[str, str]], sequence: int) -> None:
    """A new change makes the messages of earlier ones that have not gone out yet outdated: the new ones
    tell each person the current state. Cancelled instead of sent: every open invitation and update, any
    open message to someone the new change writes to, and earlier calendar calls (the newest one brings
    the event up to date). A former professional's open cancellation stays: it is still true."""
    detail = f"Superseded by a later change (SEQUENCE {sequence}) before it was sent."
    superseded = [
        n.pk
        for n in Notification.objects.filter(
            session=session, kind__in=(*ANNOUNCEMENT_KINDS, Kind.CALENDAR), status__in=OPEN_STATUSES
        )
        if n.kind != Kind.CANCEL or (n.channel, n.recipient) in current
    ]
    Notification.objects.filter(pk__in=superseded, status__in=OPEN_STATUSES).update(
        status=Status.CANCELLED, detail=detail, updated_at=timezone.now()
    )


def _start_of(notification: Notification) -> str:
    return str((notification.snapshot or notification.payload).get("start") or "")
