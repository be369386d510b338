"""Reminders: sent at each lead time before the start, moved with the session, dropped on cancellation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from mentormatch.notifications.delivery import notification_deliver, notifications_deliver_due
from mentormatch.notifications.models import Notification
from mentormatch.notifications.presentation import format_span
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .conftest import cancel, reschedule

pytestmark = pytest.mark.django_db


def _reminder_subjects() -> list[str]:
    return sorted(m.subject for m in mail.outbox if m.subject.startswith("Reminder"))


def test_at_booking_time_only_the_invitations_are_due(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Resume review booked"] * 2


def test_the_24_hour_reminder_goes_to_both_people_a_day_before(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=session.start - timedelta(hours=24))

    assert _reminder_subjects() == [
        "Reminder: resume review in 24 hours with Jane Doe",
        "Reminder: resume review in 24 hours with John Smith (Engineering Manager, Example Corp)",
    ]


def test_the_1_hour_reminder_follows_an_hour_before(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    notifications_deliver_due(now=session.start - timedelta(hours=24))
    mail.outbox.clear()

    notifications_deliver_due(now=session.start - timedelta(hours=1))

    assert [s.split(" with ")[0] for s in _reminder_subjects()] == ["Reminder: resume review in 1 hour"] * 2


def test_a_reminder_names_the_time_in_the_recipients_zone(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=session.start - timedelta(hours=1))

    student_mail = next(m for m in mail.outbox if m.to == ["jane.doe@example.com"] and "1 hour" in m.subject)
    assert "Monday, December 7, 2026, 12:30 PM – 1:00 PM PST (America/Los_Angeles)" in student_mail.body


def test_each_reminder_task_is_deferred_to_its_send_time(
    session: ScheduledSession, now: datetime, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        session_changed(session_id=session.pk, change="booked", now=now)

    deferred = set(DBTaskResult.objects.exclude(run_after=None).values_list("run_after", flat=True))
    assert {session.start - timedelta(hours=24), session.start - timedelta(hours=1)} <= deferred


def test_a_reschedule_moves_the_reminders_to_the_new_time(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    old_start = session.start
    reschedule(session, old_start + timedelta(days=2))
    session_changed(session_id=session.pk, change="rescheduled", now=now)

    notifications_deliver_due(now=old_start - timedelta(minutes=30))
    assert _reminder_subjects() == []

    notifications_deliver_due(now=session.start - timedelta(minutes=30))
    student_reminders = [m for m in mail.outbox if m.subject.startswith("Reminder") and "jane" in m.to[0]]
    assert len(student_reminders) == 2
    assert all(
        format_span(session.start, session.end, "America/Los_Angeles") in m.body for m in student_reminders
    )


def test_a_session_moved_away_and_back_gets_its_reminders_again(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    original = session.start
    reschedule(session, original + timedelta(days=1))
    session_changed(session_id=session.pk, change="rescheduled", now=now)
    reschedule(session, original)
    session_changed(session_id=session.pk, change="rescheduled", now=now)

    notifications_deliver_due(now=original - timedelta(minutes=30))

    assert len(_reminder_subjects()) == 4


def test_a_cancelled_session_gets_no_reminders(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    cancel(session)
    session_changed(session_id=session.pk, change="cancelled", now=now)

    notifications_deliver_due(now=session.start)

    assert _reminder_subjects() == []


def test_a_reminder_for_a_session_that_moved_underneath_it_is_not_sent(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    reminder = Notification.objects.filter(session=session, kind="reminder").first()
    assert reminder is not None
    later = timedelta(hours=3)
    ScheduledSession.objects.filter(pk=session.pk).update(
        start=session.start + later, end=session.end + later
    )

    status = notification_deliver(notification_id=reminder.pk, now=reminder.scheduled_for)

    assert status == "cancelled"
    assert mail.outbox == []


@override_settings(REMINDER_LEAD_TIMES=(timedelta(hours=2),))
def test_the_lead_times_are_configurable(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    reminders = Notification.objects.filter(session=session, kind="reminder")
    assert {(n.payload["lead"], n.scheduled_for) for n in reminders} == {
        ("2h", session.start - timedelta(hours=2))
    }


def test_a_booking_an_hour_and_a_half_ahead_gets_only_the_1_hour_reminder(
    make_session: Callable[..., ScheduledSession], now: datetime
) -> None:
    session = make_session(start=now + timedelta(minutes=90))
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=session.start)

    assert [s.split(" with ")[0] for s in _reminder_subjects()] == ["Reminder: resume review in 1 hour"] * 2
