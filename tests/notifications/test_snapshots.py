"""Each invitation, update and cancellation describes the session as its change left it (its snapshot), and a
later change supersedes what has not gone out yet, except a former professional's cancellation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from mentormatch.notifications.delivery import notification_deliver, notifications_deliver_due
from mentormatch.notifications.models import Notification
from mentormatch.notifications.services import notifications_retry, session_changed
from mentormatch.scheduling.models import Professional, ScheduledSession

from .conftest import cancel, reschedule

pytestmark = pytest.mark.django_db

JOHN, MARY, OMAR = "john.smith@example.com", "mary.major@example.com", "omar.okafor@example.com"
STUDENT = "jane.doe@example.com"


@pytest.fixture
def mary() -> Professional:
    return Professional.objects.create(name="Mary Major", email=MARY, timezone="America/Chicago")


@pytest.fixture
def omar() -> Professional:
    return Professional.objects.create(name="Omar Okafor", email=OMAR, timezone="Europe/London")


def _move(session: ScheduledSession, now: datetime, *, days: int = 1, to: Professional | None = None) -> None:
    if to is not None:
        session.professional = to
    reschedule(session, session.start + timedelta(days=days))
    session_changed(session_id=session.pk, change="rescheduled", now=now)


def _subjects(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [address]]


def _sequence(message: mail.EmailMessage) -> int:
    attachment = next(a for a in message.attachments if a[0] == "invite.ics")  # type: ignore[index]
    return int(Calendar.from_ical(attachment[1]).walk("VEVENT")[0]["SEQUENCE"])  # type: ignore[index]


def _email(session: ScheduledSession, kind: str, recipient: str) -> list[Notification]:
    return list(
        Notification.objects.filter(
            session=session, kind=kind, channel="email", recipient=recipient
        ).order_by("pk")
    )


@pytest.fixture
def booked(session: ScheduledSession, now: datetime) -> ScheduledSession:
    session_changed(session_id=session.pk, change="booked", now=now)
    notifications_deliver_due(now=now)
    mail.outbox.clear()
    return session


def test_an_update_keeps_the_times_people_and_link_the_session_had_when_it_was_planned(
    booked: ScheduledSession, mary: Professional, now: datetime
) -> None:
    booked.meeting_link = "https://meet.example.com/abc"
    booked.save()
    _move(booked, now, to=mary)

    [update] = _email(booked, "update", STUDENT)
    assert update.snapshot == {
        "start": booked.start.isoformat(),
        "end": booked.end.isoformat(),
        "meeting_link": "https://meet.example.com/abc",
        "student": {
            "id": booked.student_id,
            "name": "Jane Doe",
            "email": STUDENT,
            "zone": "America/Los_Angeles",
            "contact": f"{STUDENT}, Discord @janedoe",
            "label": "Jane Doe",
        },
        "professional": {
            "id": mary.pk,
            "name": "Mary Major",
            "email": MARY,
            "zone": "America/Chicago",
            "contact": MARY,
            "label": "Mary Major",
        },
        "cancel_reason": "",
    }
    assert update.sequence == 1


def test_an_update_still_unsent_when_the_session_moves_again_is_cancelled_and_the_newer_one_goes(
    booked: ScheduledSession, now: datetime
) -> None:
    _move(booked, now)
    first = _email(booked, "update", STUDENT)[0]
    _move(booked, now)

    notifications_deliver_due(now=now)

    first.refresh_from_db()
    assert (first.status, first.detail) == (
        "cancelled",
        "Superseded by a later change (SEQUENCE 2) before it was sent.",
    )
    [moved] = [m for m in mail.outbox if m.to == [STUDENT]]
    assert _sequence(moved) == 2
    assert "moved from Monday, December 7, 2026 at 12:30 PM PST" in moved.body  # the time Jane was told


def test_someone_whose_invitation_had_not_gone_out_before_a_move_is_invited_to_the_new_time(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    _move(session, now)

    notifications_deliver_due(now=now)

    assert [s.split(":")[0] for s in _subjects(STUDENT)] == ["Resume review booked"]
    assert [s.split(":")[0] for s in _subjects(JOHN)] == ["Resume review booked"]
    assert "Tuesday, December 8" in _subjects(STUDENT)[0]


def test_sequences_rise_in_the_order_of_the_changes(booked: ScheduledSession, now: datetime) -> None:
    _move(booked, now)
    notifications_deliver_due(now=now)
    _move(booked, now)
    _move(booked, now)
    notifications_deliver_due(now=now)

    rows = Notification.objects.filter(
        session=booked, kind__in=["invite", "update"], channel="email", recipient=STUDENT
    ).order_by("pk")
    assert [(n.kind, n.sequence, n.status) for n in rows] == [
        ("invite", 0, "sent"),
        ("update", 1, "sent"),
        ("update", 2, "cancelled"),
        ("update", 3, "sent"),
    ]


def test_a_former_professionals_cancellation_still_goes_out_after_a_newer_change(
    booked: ScheduledSession, mary: Professional, omar: Professional, now: datetime
) -> None:
    _move(booked, now, to=mary)
    _move(booked, now, to=omar)

    notifications_deliver_due(now=now)

    [released] = [m for m in mail.outbox if m.to == [JOHN]]
    assert released.subject.startswith("No longer needed: resume review Monday, December 7, 2026 at 3:30 PM")
    assert _subjects(MARY) == []  # her invitation never went out: nothing to take back
    assert [s.split(":")[0] for s in _subjects(OMAR)] == ["Resume review booked"]


def test_a_professional_who_gets_the_session_back_before_their_cancellation_went_out_gets_an_update(
    booked: ScheduledSession, mary: Professional, professional: Professional, now: datetime
) -> None:
    _move(booked, now, to=mary)
    _move(booked, now, to=professional)

    notifications_deliver_due(now=now)

    assert [s.split(":")[0] for s in _subjects(JOHN)] == ["Resume review moved"]
    assert _subjects(MARY) == []


def test_an_old_failed_update_retried_after_a_newer_one_went_out_is_not_sent(
    booked: ScheduledSession, now: datetime
) -> None:
    _move(booked, now)
    old = _email(booked, "update", STUDENT)[0]
    Notification.objects.filter(pk=old.pk).update(status="failed", last_error="SMTP 554")
    _move(booked, now)
    notifications_deliver_due(now=now)
    mail.outbox.clear()

    notifications_retry(notifications=[old], now=now)
    status = notification_deliver(notification_id=old.pk, now=now)

    assert status == "cancelled"
    assert mail.outbox == []
    old.refresh_from_db()
    assert old.detail == "Superseded: a later change was announced to this person."


def test_calling_it_again_for_a_move_already_announced_sends_nothing_more(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    _move(session, now)  # the invitations had not gone out: each person is invited to the new time
    notifications_deliver_due(now=now)
    before = Notification.objects.count()

    session_changed(session_id=session.pk, change="rescheduled", now=now)  # now they have been told

    assert Notification.objects.count() == before
    assert notifications_deliver_due(now=now) == {}


def test_a_late_call_for_a_move_of_a_session_cancelled_since_plans_nothing(
    booked: ScheduledSession, now: datetime
) -> None:
    reschedule(booked, booked.start + timedelta(days=1))
    cancel(booked)
    session_changed(session_id=booked.pk, change="cancelled", now=now)
    before = Notification.objects.count()

    session_changed(session_id=booked.pk, change="rescheduled", now=now)

    assert Notification.objects.count() == before


@override_settings(REMINDER_LEAD_TIMES=[timedelta(hours=1)])
def test_a_handover_at_the_same_time_reminds_the_new_professional_and_not_the_former_one(
    session: ScheduledSession, mary: Professional, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    _move(session, now, days=0, to=mary)

    notifications_deliver_due(now=session.start - timedelta(minutes=30))

    assert [s for s in _subjects(MARY) if s.startswith("Reminder")]
    assert not [s for s in _subjects(JOHN) if s.startswith("Reminder")]
