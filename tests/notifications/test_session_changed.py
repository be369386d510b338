"""session_changed: what gets planned for each change, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from mentormatch.notifications.delivery import notifications_deliver_due
from mentormatch.notifications.models import Notification
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .conftest import cancel, reschedule

pytestmark = pytest.mark.django_db

Kind, Status, Channel = Notification.Kind, Notification.Status, Notification.Channel


def _rows(session: ScheduledSession, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(session=session, kind=kind).order_by("pk"))


def test_booking_plans_an_invitation_email_for_each_person(
    session: ScheduledSession, now: datetime, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    invites = _rows(session, Kind.INVITE)
    assert {(n.recipient_role, n.recipient) for n in invites if n.channel == Channel.EMAIL} == {
        ("student", "jane.doe@example.com"),
        ("professional", "john.smith@example.com"),
    }
    assert all(n.status == Status.PENDING for n in invites)


def test_calling_it_twice_for_the_same_change_records_nothing_new(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    first = Notification.objects.count()

    session_changed(session_id=session.pk, change="booked", now=now)

    assert Notification.objects.count() == first


def test_it_enqueues_one_task_per_pending_notification_after_commit(
    session: ScheduledSession, now: datetime, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        session_changed(session_id=session.pk, change="booked", now=now)

    pending = Notification.objects.filter(status=Status.PENDING).count()
    assert DBTaskResult.objects.count() == pending


def test_reminders_are_planned_at_each_lead_time_before_the_start(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    times = {n.scheduled_for for n in _rows(session, Kind.REMINDER)}
    assert times == {session.start - timedelta(hours=24), session.start - timedelta(hours=1)}


def test_a_booking_inside_the_lead_time_skips_that_reminder(
    make_session: Callable[..., ScheduledSession], now: datetime
) -> None:
    session = make_session(start=now + timedelta(hours=5))

    session_changed(session_id=session.pk, change="booked", now=now)

    by_status = {(n.payload["lead"], n.status) for n in _rows(session, Kind.REMINDER)}
    assert by_status == {("24h", Status.SKIPPED), ("1h", Status.PENDING)}


def test_a_reschedule_cancels_the_old_reminders_and_plans_new_ones(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    old_start = session.start
    reschedule(session, old_start + timedelta(days=2))

    session_changed(session_id=session.pk, change="rescheduled", now=now)

    reminders = _rows(session, Kind.REMINDER)
    cancelled = {n.scheduled_for for n in reminders if n.status == Status.CANCELLED}
    pending = {n.scheduled_for for n in reminders if n.status == Status.PENDING}
    assert cancelled == {old_start - timedelta(hours=24), old_start - timedelta(hours=1)}
    assert pending == {session.start - timedelta(hours=24), session.start - timedelta(hours=1)}


def test_a_reschedule_raises_the_sequence_and_remembers_the_old_time(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    notifications_deliver_due(now=now)
    old_start = session.start
    reschedule(session, old_start + timedelta(days=2))

    session_changed(session_id=session.pk, change="rescheduled", now=now)

    update = _rows(session, Kind.UPDATE)[0]
    assert update.sequence == 1
    assert update.payload["previous_start"] == old_start.isoformat()


def test_a_cancellation_drops_the_pending_reminders_and_feedback_requests(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    cancel(session)

    session_changed(session_id=session.pk, change="cancelled", now=now)

    timed = Notification.objects.filter(
        session=session, kind__in=[Kind.REMINDER, Kind.FEEDBACK_REQUEST, Kind.FEEDBACK_NOTES]
    )
    assert set(timed.values_list("status", flat=True)) <= {Status.CANCELLED, Status.SKIPPED}
    assert [n.recipient_role for n in _rows(session, Kind.CANCEL)] == ["student", "professional"]


def test_it_refuses_an_unknown_change(session: ScheduledSession) -> None:
    with pytest.raises(ValueError, match="Unknown session change"):
        session_changed(session_id=session.pk, change="moved")
