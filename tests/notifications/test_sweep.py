"""The periodic sweep runs by itself in the task worker: started once, each run queues the next; any number of
starts (or workers) sweep once per interval; a lost schedule is started again by the next session change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentormatch.notifications.models import Notification, SweepSchedule
from mentormatch.notifications.services import session_changed
from mentormatch.notifications.sweep import OVERDUE_AFTER, sweep_start
from mentormatch.notifications.tasks import sweep_notifications
from mentormatch.scheduling.models import ScheduledSession

from .conftest import cancel
from .servers import let_time_pass

pytestmark = pytest.mark.django_db(transaction=True)

SWEEP = sweep_notifications.module_path


def _sweeps(status: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=SWEEP, status=status).order_by("enqueued_at"))


def _booked_with_its_tasks_lost(make_session: Callable[..., ScheduledSession]) -> ScheduledSession:
    session = make_session(start=timezone.now() + timedelta(days=3))
    session_changed(session_id=session.pk, change="booked")
    DBTaskResult.objects.all().delete()  # e.g. the task table pruned, or a worker gone with them
    return session


@override_settings(REMINDER_LEAD_TIMES=())
def test_once_started_the_worker_sends_messages_whose_tasks_were_lost_without_any_command(
    make_session: Callable[..., ScheduledSession], run_worker: Callable[[], None]
) -> None:
    session = _booked_with_its_tasks_lost(make_session)
    run_worker()
    assert mail.outbox == []  # nothing queued: nothing happens

    sweep_start()
    run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == ["jane.doe@example.com", "john.smith@example.com"]
    assert set(
        Notification.objects.filter(session=session, kind="invite").values_list("status", flat=True)
    ) == {"sent"}


def test_each_sweep_queues_the_next_one_interval_later(run_worker: Callable[[], None]) -> None:
    sweep_start()
    started = timezone.now()
    run_worker()

    [done] = _sweeps("SUCCESSFUL")
    [queued] = _sweeps("READY")
    assert done.return_value == {}
    assert queued.run_after is not None
    assert timedelta(seconds=59) <= queued.run_after - started <= timedelta(seconds=61)
    schedule = SweepSchedule.objects.get()
    assert schedule.next_run_at == queued.run_after
    assert schedule.last_finished_at is not None

    let_time_pass(timedelta(seconds=61))
    run_worker()

    assert len(_sweeps("SUCCESSFUL")) == 2
    assert len(_sweeps("READY")) == 1


@override_settings(REMINDER_LEAD_TIMES=())
def test_the_next_sweep_takes_back_a_claim_whose_worker_died(
    make_session: Callable[..., ScheduledSession], run_worker: Callable[[], None]
) -> None:
    session = _booked_with_its_tasks_lost(make_session)
    stale = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(session=session, kind="invite").update(
        status="sending", attempts=1, updated_at=stale
    )

    sweep_start()
    run_worker()

    invites = Notification.objects.filter(session=session, kind="invite")
    assert {(n.status, n.attempts) for n in invites} == {("sent", 2)}
    assert SweepSchedule.objects.get().last_counts == {"sent": 2}


def test_starting_the_sweep_twice_sweeps_once_and_leaves_one_schedule(run_worker: Callable[[], None]) -> None:
    sweep_start()
    sweep_start()  # a second worker, a second deploy, `make run` again

    run_worker()

    assert sorted(r.return_value is None for r in _sweeps("SUCCESSFUL")) == [False, True]
    assert len(_sweeps("READY")) == 1


def test_a_schedule_whose_next_run_was_lost_is_started_again_by_the_next_session_change(
    make_session: Callable[..., ScheduledSession],
) -> None:
    SweepSchedule.objects.create(pk=1, next_run_at=timezone.now() - OVERDUE_AFTER - timedelta(minutes=1))
    session = make_session(start=timezone.now() + timedelta(days=3))

    session_changed(session_id=session.pk, change="booked")  # on commit: enqueues, and revives the sweep
    session_changed(session_id=cancel(session).pk, change="cancelled")  # on time again: left alone

    assert len(_sweeps("READY")) == 1


def test_a_schedule_on_time_is_left_alone_by_session_changes(
    make_session: Callable[..., ScheduledSession],
) -> None:
    SweepSchedule.objects.create(pk=1, next_run_at=timezone.now() + timedelta(seconds=30))
    session = make_session(start=timezone.now() + timedelta(days=3))

    session_changed(session_id=session.pk, change="booked")

    assert _sweeps("READY") == []


@override_settings(NOTIFICATION_SWEEP_SECONDS=0)
def test_with_the_sweep_switched_off_the_command_says_to_use_cron_and_queues_nothing() -> None:
    out = StringIO()

    call_command("notifications_send_due", stdout=out)

    assert out.getvalue().splitlines() == [
        "nothing due",
        "The periodic sweep is off (NOTIFICATION_SWEEP_SECONDS=0): run this command from cron.",
    ]
    assert _sweeps("READY") == []


def test_the_command_starts_the_sweep_and_says_how_often_the_workers_run_it() -> None:
    out = StringIO()

    call_command("notifications_send_due", "--schedule-only", stdout=out)

    assert out.getvalue().splitlines() == ["The workers sweep every 60 s."]
    assert len(_sweeps("READY")) == 1
