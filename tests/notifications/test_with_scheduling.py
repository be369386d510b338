"""End to end with the scheduling services: booking, moving and cancelling a session by its typed time sends
the invitations, updates and cancellations (the walking skeleton's "two emails with invites")."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from icalendar import Calendar

from mentormatch.notifications.delivery import notifications_deliver_due
from mentormatch.notifications.models import Notification
from mentormatch.scheduling.api import bot
from mentormatch.scheduling.models import ScheduledSession
from mentormatch.scheduling.services.sessions import session_cancel, session_reschedule, session_schedule
from tests.scheduling.seed_people import NOW, STUDENT_DISCORD_ID, dana, jordan

from .servers import let_time_pass, silent_smtp_server, smtp_mailers, smtp_server

pytestmark = pytest.mark.django_db
ACTOR = "discord:200000000000000001"


def _calendars() -> list[Calendar]:
    found = []
    for message in mail.outbox:
        attachment = next(a for a in message.attachments if a[0] == "invite.ics")  # type: ignore[index]
        found.append(Calendar.from_ical(attachment[1]))  # type: ignore[index]
    return found


@pytest.fixture
def booked(django_capture_on_commit_callbacks: Callable[..., object]) -> ScheduledSession:
    professional, request = dana(), jordan()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        session = session_schedule(
            student=request.student,
            professional=professional,
            scheduled_time="Monday 3:30 PM",
            actor=ACTOR,
            now=NOW,
        )
    notifications_deliver_due(now=NOW)
    return session


def test_scheduling_monday_three_thirty_sends_two_emails_with_invites(booked: ScheduledSession) -> None:
    assert booked.start == datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    assert len(mail.outbox) == 2
    assert {str(c["METHOD"]) for c in _calendars()} == {"REQUEST"}
    assert {c.walk("VEVENT")[0].decoded("DTSTART") for c in _calendars()} == {booked.start}


def test_rescheduling_through_the_service_sends_a_higher_sequence(
    booked: ScheduledSession, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        moved = session_reschedule(session=booked, actor=ACTOR, scheduled_time="Monday 4:00 PM", now=NOW)

    notifications_deliver_due(now=NOW)

    events = [c.walk("VEVENT")[0] for c in _calendars()]
    assert len(events) == 2
    assert {(int(e["SEQUENCE"]), e.decoded("DTSTART")) for e in events} == {(1, moved.start)}
    assert {str(e["UID"]) for e in events} == {booked.ics_uid}


def test_cancelling_through_the_service_sends_method_cancel(
    booked: ScheduledSession, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        session_cancel(session=booked, actor=ACTOR, now=NOW)

    notifications_deliver_due(now=NOW)

    assert {(str(c["METHOD"]), str(c.walk("VEVENT")[0]["STATUS"])) for c in _calendars()} == {
        ("CANCEL", "CANCELLED")
    }


def test_the_reason_an_admin_gives_for_a_cancellation_is_in_both_emails(
    booked: ScheduledSession, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        session_cancel(session=booked, actor=ACTOR, reason="The student found an internship", now=NOW)

    notifications_deliver_due(now=NOW)

    cancellations = [m for m in mail.outbox if "cancelled" in m.subject.lower()]
    assert len(cancellations) == 2
    for message in cancellations:
        assert "Reason: The student found an internship" in message.body
        html = next(str(body) for body, kind in message.alternatives if kind == "text/html")  # type: ignore[misc]
        assert "Reason: The student found an internship" in html


@pytest.mark.django_db(transaction=True)
@override_settings(REMINDER_LEAD_TIMES=())
def test_the_bot_api_books_and_answers_promptly_while_the_mail_server_hangs_and_the_mail_follows(
    client: Client, monkeypatch: pytest.MonkeyPatch, run_worker: Callable[[], None]
) -> None:
    monkeypatch.setattr(bot, "clock", lambda: NOW)
    professional, request = dana(), jordan()
    body = {
        "action": "schedule-session",
        "discord_id": STUDENT_DISCORD_ID,
        "professional_name": "Dana Whitfield",
        "scheduled_time": "Monday 3:30 PM",
        "actor_discord_id": "200000000000000001",
    }
    with silent_smtp_server() as port, override_settings(MAILERS=smtp_mailers(port, timeout=2)):
        started = time.monotonic()
        response = client.post(
            "/api/bot/", data=body, content_type="application/json", HTTP_X_BOT_SECRET="test-bot-secret"
        )
        answered_in = time.monotonic() - started
        run_worker()  # both invitations time out against the silent server

    assert response.status_code in (200, 201), response.content
    assert answered_in < 1.5  # an SMTP call in the request would take at least the 2 s timeout
    session = ScheduledSession.objects.get()
    assert session.start == datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    invites = Notification.objects.filter(session=session, kind="invite", channel="email")
    assert {(n.status, n.attempts) for n in invites} == {("pending", 1)}

    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        let_time_pass(timedelta(hours=1))
        run_worker()

    # Only the invitations: once the session's date has passed on the real clock (the worker reads it), its
    # feedback requests are due as well.
    invitations = [
        m for m in inbox.messages if any(part.get_content_type() == "text/calendar" for part in m.walk())
    ]
    assert sorted(str(m["To"]) for m in invitations) == sorted([professional.email, request.student.email])
    assert {n.status for n in invites.all()} == {"sent"}
