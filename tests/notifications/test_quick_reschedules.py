"""Two reschedules in quick succession, before the worker runs, end to end: the bot API, the real task worker,
a real SMTP server (aiosmtpd) and the fake Discord API. Each person receives what was true for them: no email
describes a booking that never existed, and nobody is told of a time they were never invited to.

The booking is Monday 7 December 2026 at 4:00 PM New York time; the first move is to Wednesday 9 December at
2:00 PM with the same professional; the second, straight after, to Monday 3:30 PM with Pat Fixme."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from django.test import Client, override_settings
from icalendar import Calendar

from mentormatch.scheduling.api import bot
from mentormatch.scheduling.models import Professional, ScheduledSession
from tests.scheduling.seed_people import NOW, STUDENT_DISCORD_ID, dana, jordan, professional_with

from .servers import Inbox, ScriptedApi, scripted_http_server, smtp_mailers, smtp_server

pytestmark = [pytest.mark.django_db(transaction=True)]

STUDENT = "jordan.reyes@example.edu"
BOOKED = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)  # Monday 4:00 PM in New York
WEDNESDAY = datetime(2026, 12, 9, 19, 0, tzinfo=UTC)  # Wednesday 2:00 PM in New York
FINAL = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)  # Monday 3:30 PM in New York
DM_OK = [
    (200, {"id": "555000000000000001", "type": 1}, {}),
    (200, {"id": "777000000000000001", "channel_id": "555000000000000001"}, {}),
]


@pytest.fixture
def world(
    client: Client, monkeypatch: pytest.MonkeyPatch, run_worker: Callable[[], None]
) -> Iterator[tuple[Inbox, ScriptedApi, Callable[..., dict[str, Any]]]]:
    monkeypatch.setattr(bot, "clock", lambda: NOW)
    jordan()

    def call(action: str, **body: str) -> dict[str, Any]:
        body = {"action": action, "discord_id": STUDENT_DISCORD_ID, "actor_discord_id": "1"} | body
        response = client.post(
            "/api/bot/", data=body, content_type="application/json", HTTP_X_BOT_SECRET="test-bot-secret"
        )
        assert response.status_code in (200, 201), response.content
        return dict(response.json())

    with (
        smtp_server() as (inbox, port),
        scripted_http_server(DM_OK * 6) as discord,
        override_settings(
            MAILERS=smtp_mailers(port),
            DISCORD_TOKEN="test-bot-token",
            DISCORD_API_BASE=discord.base_url,
            REMINDER_LEAD_TIMES=(),
        ),
    ):
        yield inbox, discord, call


def _invitations(inbox: Inbox, address: str) -> list[EmailMessage]:
    """The invitations, updates and cancellations `address` received (feedback requests fall due once the
    real clock passes the session, so they are left out)."""
    return [
        m for m in inbox.to(address) if any(part.get_content_type() == "text/calendar" for part in m.walk())
    ]


def _event(message: EmailMessage) -> tuple[str, Any]:
    calendar = Calendar.from_ical(
        next(p for p in message.walk() if p.get_content_type() == "text/calendar").get_content()
    )
    return str(calendar["METHOD"]), calendar.walk("VEVENT")[0]


def _text(message: EmailMessage) -> str:
    return str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]


def _subject(message: EmailMessage) -> str:
    return " ".join(str(message["Subject"]).split())


def _attendees(event: Any) -> set[str]:
    found = event["ATTENDEE"]
    return {str(a).removeprefix("mailto:") for a in (found if isinstance(found, list) else [found])}


def _book_then_move_twice(
    call: Callable[..., dict[str, Any]], run_worker: Callable[[], None], first: Professional
) -> ScheduledSession:
    call("schedule-session", professional_name=first.name, scheduled_time="Monday 4:00 PM")
    run_worker()
    call("reschedule-session", scheduled_time="Wed 2pm", new_professional_name="Hiroshi Tanaka")
    call("reschedule-session", scheduled_time="Mon 3:30pm", new_professional_name="Pat Fixme")
    run_worker()
    session = ScheduledSession.objects.get()
    assert (session.start, session.professional.name) == (FINAL, "Pat Fixme")
    return session


@pytest.fixture
def hiroshi() -> Professional:
    return professional_with("Hiroshi Tanaka", "weekdays 9am-6pm", timezone="America/Denver")


@pytest.fixture
def pat() -> Professional:
    return professional_with("Pat Fixme", "weekdays 9am-6pm")


def test_moving_twice_before_the_worker_runs_tells_the_student_only_the_final_booking(
    world: tuple[Inbox, ScriptedApi, Callable[..., dict[str, Any]]],
    run_worker: Callable[[], None],
    hiroshi: Professional,
    pat: Professional,
) -> None:
    inbox, discord, call = world

    session = _book_then_move_twice(call, run_worker, hiroshi)

    booked, moved = _invitations(inbox, STUDENT)
    assert _subject(booked).startswith("Resume review booked: Monday, December 7, 2026 at 4:00 PM EST")
    assert _subject(moved) == (
        "Resume review moved: now Monday, December 7, 2026 at 3:30 PM EST with Pat Fixme"
    )
    assert "moved from Monday, December 7, 2026 at 4:00 PM EST" in _text(moved)
    assert "Wednesday" not in _text(moved) and "Hiroshi" not in _text(moved)
    method, event = _event(moved)
    assert (method, event.decoded("DTSTART"), int(event["SEQUENCE"])) == ("REQUEST", FINAL, 2)
    assert str(event["UID"]) == session.ics_uid
    assert _attendees(event) == {STUDENT, pat.email}
    dms = [r.body["content"] for r in discord.requests if r.path.endswith("/messages")]
    assert len(dms) == 2
    assert "is booked for" in dms[0] and "Hiroshi Tanaka" in dms[0]
    assert "has moved" in dms[1] and "Pat Fixme" in dms[1] and "Wednesday" not in dms[1]


def test_the_professional_who_never_heard_of_wednesday_is_released_from_the_time_they_accepted(
    world: tuple[Inbox, ScriptedApi, Callable[..., dict[str, Any]]],
    run_worker: Callable[[], None],
    hiroshi: Professional,
    pat: Professional,
) -> None:
    inbox, _, call = world

    _book_then_move_twice(call, run_worker, hiroshi)

    invited, released = _invitations(inbox, hiroshi.email)
    assert int(_event(invited)[1]["SEQUENCE"]) == 0
    # Monday 4:00 PM in New York is 2:00 PM in Denver: the time his calendar has.
    assert _subject(released) == (
        "No longer needed: resume review Monday, December 7, 2026 at 2:00 PM MST with Jordan Reyes"
    )
    assert "Wednesday" not in _text(released)
    method, event = _event(released)
    assert (method, str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCEL", "CANCELLED", 2)
    assert event.decoded("DTSTART") == BOOKED
    assert str(event["SUMMARY"]) == "Resume review: Jordan Reyes with Hiroshi Tanaka"
    assert _attendees(event) == {STUDENT, hiroshi.email}


def test_the_new_professional_is_invited_once_to_the_final_time(
    world: tuple[Inbox, ScriptedApi, Callable[..., dict[str, Any]]],
    run_worker: Callable[[], None],
    hiroshi: Professional,
    pat: Professional,
) -> None:
    inbox, _, call = world

    _book_then_move_twice(call, run_worker, hiroshi)

    [invited] = _invitations(inbox, pat.email)
    assert _subject(invited) == (
        "Resume review booked: Monday, December 7, 2026 at 3:30 PM EST with Jordan Reyes"
    )
    method, event = _event(invited)
    assert (method, event.decoded("DTSTART"), int(event["SEQUENCE"])) == ("REQUEST", FINAL, 2)
    assert str(event["SUMMARY"]) == "Resume review: Jordan Reyes with Pat Fixme"


def test_a_professional_handed_over_twice_in_a_row_gets_a_cancellation_naming_only_themselves(
    world: tuple[Inbox, ScriptedApi, Callable[..., dict[str, Any]]],
    run_worker: Callable[[], None],
    hiroshi: Professional,
    pat: Professional,
) -> None:
    inbox, _, call = world
    first = dana()

    _book_then_move_twice(call, run_worker, first)

    invited, released = _invitations(inbox, first.email)
    assert _subject(invited).startswith("Resume review booked: Monday, December 7, 2026 at 3:00 PM CST")
    # Dana is in Chicago: Monday 4:00 PM in New York is 3:00 PM for her.
    assert _subject(released) == (
        "No longer needed: resume review Monday, December 7, 2026 at 3:00 PM CST with Jordan Reyes"
    )
    method, event = _event(released)
    assert (method, event.decoded("DTSTART"), int(event["SEQUENCE"])) == ("CANCEL", BOOKED, 1)
    assert str(event["SUMMARY"]) == "Resume review: Jordan Reyes with Dana Whitfield"
    assert _attendees(event) == {STUDENT, first.email}
    assert "Hiroshi" not in _text(released) + str(event["DESCRIPTION"])
    # Hiroshi had the session only between the two moves, and his invitation never went out.
    assert _invitations(inbox, hiroshi.email) == []
    assert [_subject(m).split(":")[0] for m in _invitations(inbox, pat.email)] == ["Resume review booked"]
    assert [_subject(m).split(":")[0] for m in _invitations(inbox, STUDENT)] == [
        "Resume review booked",
        "Resume review moved",
    ]
