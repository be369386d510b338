"""Claims: a message is sent once however often its task runs, and a claim whose worker died is taken back.

The "worker" is this test's main thread, stopped by a signal while it waits on a real (silent) mail server,
which leaves the row exactly as a killed process would: `sending`, its attempt counted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentormatch.notifications import conf
from mentormatch.notifications.delivery import (
    notification_deliver,
    notifications_deliver_due,
    notifications_reclaim_stuck,
)
from mentormatch.notifications.models import Notification
from mentormatch.notifications.services import session_changed
from mentormatch.notifications.tasks import deliver_notification
from mentormatch.scheduling.models import ScheduledSession

from .servers import (
    HoldingInbox,
    WorkerKilled,
    silent_smtp_server,
    smtp_mailers,
    smtp_server,
    worker_killed_after,
)

STUDENT = "jane.doe@example.com"


def _invite(session: ScheduledSession, role: str = "student") -> Notification:
    return Notification.objects.get(session=session, kind="invite", channel="email", recipient_role=role)


def _die_while_sending(notification: Notification, *, now: datetime) -> None:
    """Start sending `notification` to a mail server that never answers, and kill the worker meanwhile."""
    with (
        silent_smtp_server() as port,
        override_settings(MAILERS=smtp_mailers(port, timeout=5)),
        pytest.raises(WorkerKilled),
        worker_killed_after(0.2),
    ):
        notification_deliver(notification_id=notification.pk, now=now)


@pytest.mark.django_db
def test_a_send_whose_worker_died_is_left_alone_while_fresh_and_sent_by_the_sweep_once_stale(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    invite = _invite(session)
    _die_while_sending(invite, now=now)
    invite.refresh_from_db()
    assert (invite.status, invite.attempts) == ("sending", 1)

    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        notifications_deliver_due(now=now + conf.sending_stale_after() - timedelta(seconds=1))
        assert inbox.to(STUDENT) == []  # a worker that slow might still be sending it
        notifications_deliver_due(now=now + timedelta(hours=1))

    invite.refresh_from_db()
    assert len(inbox.to(STUDENT)) == 1
    assert (invite.status, invite.attempts) == ("sent", 2)
    assert "stopped while sending" in invite.last_error


@pytest.mark.django_db
@override_settings(NOTIFICATION_MAX_ATTEMPTS=2)
def test_a_message_that_keeps_killing_its_worker_ends_failed_at_the_attempt_cap(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    invite = _invite(session)
    _die_while_sending(invite, now=now)
    Notification.objects.exclude(pk=invite.pk).update(status="cancelled")  # only this one is due

    clock = now + timedelta(hours=1)
    with (
        silent_smtp_server() as port,
        override_settings(MAILERS=smtp_mailers(port, timeout=5)),
        pytest.raises(WorkerKilled),
        worker_killed_after(0.2),
    ):
        notifications_deliver_due(now=clock)  # the sweep takes it back, and its worker dies too
    invite.refresh_from_db()
    assert (invite.status, invite.attempts) == ("sending", 2)

    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        notifications_deliver_due(now=clock + timedelta(hours=1))
        notifications_deliver_due(now=clock + timedelta(days=30))

    invite.refresh_from_db()
    assert (invite.status, invite.attempts, invite.needs_attention) == ("failed", 2, True)
    assert invite.last_error.startswith("Gave up after 2 attempts")
    assert "stopped while sending" in invite.last_error
    assert inbox.messages == []


@pytest.mark.django_db
def test_the_admin_retries_a_stuck_send_but_not_one_a_worker_is_still_on(
    admin_client: Client, session: ScheduledSession
) -> None:
    session_changed(session_id=session.pk, change="booked", now=timezone.now())
    stuck, busy = _invite(session, "student"), _invite(session, "professional")
    claimed = {stuck.pk: timezone.now() - timedelta(hours=2), busy.pk: timezone.now()}
    for pk, at in claimed.items():
        Notification.objects.filter(pk=pk).update(status="sending", attempts=3, updated_at=at)

    page = admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry_now", "_selected_action": [stuck.pk, busy.pk]},
        follow=True,
    )

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, stuck.attempts) == ("pending", 0)
    assert (busy.status, busy.attempts) == ("sending", 3)
    shown = [str(m) for m in page.context["messages"]]
    assert "1 notification(s) queued again." in shown
    assert any("1 notification(s) still being sent" in m for m in shown)


@pytest.mark.django_db(transaction=True)
def test_the_same_delivery_task_run_twice_sends_one_email(
    make_session: Callable[..., ScheduledSession], run_worker: Callable[[], None]
) -> None:
    session = make_session(start=timezone.now() + timedelta(days=3))
    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        session_changed(session_id=session.pk, change="booked")
        run_worker()
        deliver_notification.enqueue(notification_id=_invite(session).pk)  # e.g. a task enqueued twice
        run_worker()

    assert len(inbox.to(STUDENT)) == 1
    assert _invite(session).attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_delivery_while_the_first_is_still_sending_sends_nothing(
    make_session: Callable[..., ScheduledSession],
) -> None:
    session = make_session(start=timezone.now() + timedelta(days=3))
    now = timezone.now()
    session_changed(session_id=session.pk, change="booked", now=now)
    invite = _invite(session)
    first: list[str] = []

    def first_worker() -> None:
        try:
            first.append(notification_deliver(notification_id=invite.pk, now=now))
        finally:
            connection.close()

    inbox = HoldingInbox()
    with smtp_server(inbox) as (_, port), override_settings(MAILERS=smtp_mailers(port, timeout=10)):
        worker = threading.Thread(target=first_worker)
        worker.start()
        assert inbox.holding.wait(5), "the first delivery never reached the mail server"

        second = notification_deliver(notification_id=invite.pk, now=now)

        inbox.release.set()
        worker.join(10)

    assert (first, second) == (["sent"], "sending")
    assert len(inbox.to(STUDENT)) == 1
    assert _invite(session).attempts == 1


@pytest.mark.django_db
def test_with_a_long_smtp_timeout_the_sweep_waits_longer_before_taking_a_claim_back(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    invite = _invite(session)
    Notification.objects.filter(pk=invite.pk).update(status="sending", attempts=1, updated_at=now)
    half_an_hour = now + timedelta(minutes=30)

    with override_settings(MAILERS=smtp_mailers(25, timeout=120)):  # a patient server: 20 x 120 s = 40 min
        assert notifications_reclaim_stuck(now=half_an_hour) == {}
    assert notifications_reclaim_stuck(now=half_an_hour) == {"pending": 1}  # the default: 15 minutes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("late_reply", "late_result"),
    [
        (None, "sent"),
        ("554 5.7.1 Message refused", "failed: [554] SMTP 554: 5.7.1 Message refused"),
        ("451 4.3.0 Try again later", "to retry: [451] SMTP 451: 4.3.0 Try again later"),
    ],
    ids=["accepted late", "refused late", "deferred late"],
)
def test_a_slow_worker_whose_claim_was_taken_back_never_overwrites_the_newer_send(
    make_session: Callable[..., ScheduledSession], late_reply: str | None, late_result: str
) -> None:
    session = make_session(start=timezone.now() + timedelta(days=3))
    now = timezone.now()
    session_changed(session_id=session.pk, change="booked", now=now)
    invite = _invite(session)
    Notification.objects.exclude(pk=invite.pk).update(status="cancelled")  # only this one is due
    later = now + conf.sending_stale_after() + timedelta(minutes=1)
    slow: list[str] = []

    def slow_worker() -> None:
        try:
            slow.append(notification_deliver(notification_id=invite.pk, now=now))
        finally:
            connection.close()

    inbox = HoldingInbox(held_reply=late_reply)
    with smtp_server(inbox) as (_, port), override_settings(MAILERS=smtp_mailers(port, timeout=10)):
        worker = threading.Thread(target=slow_worker)
        worker.start()
        assert inbox.holding.wait(5), "the slow worker never reached the mail server"
        # Past the stale threshold the sweep takes the claim for a dead worker's and sends the message again.
        assert notifications_deliver_due(now=later) == {"sent": 1}
        retries_before = DBTaskResult.objects.count()

        inbox.release.set()  # the slow worker was alive after all, and now hears back from the server
        worker.join(10)

    invite.refresh_from_db()
    assert slow == ["superseded"]
    assert (invite.status, invite.attempts, invite.sent_at) == ("sent", 2, later)
    assert invite.last_error.startswith("A worker stopped while sending this")
    # Stamped when the slow worker heard back (its own clock, a moment after `now`).
    stamp, _, rest = invite.superseded_results.partition(" UTC, ")
    recorded = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert now - timedelta(seconds=1) <= recorded <= timezone.now()
    assert rest == f"attempt 1: {late_result}\n"
    assert DBTaskResult.objects.count() == retries_before  # the slow worker queued no retry of its own
