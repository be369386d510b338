"""Discord DMs through a real local HTTP server standing in for Discord's API."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from mentormatch.notifications.delivery import notification_deliver
from mentormatch.notifications.discord_dm.messages import escape
from mentormatch.notifications.models import Notification
from mentormatch.notifications.presentation import format_span
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .servers import ScriptedApi, scripted_http_server

pytestmark = pytest.mark.django_db

CHANNEL_OK = (200, {"id": "555000000000000001", "type": 1}, {})
MESSAGE_OK = (200, {"id": "777000000000000001", "channel_id": "555000000000000001"}, {})
CLOSED = (403, {"code": 50007, "message": "Cannot send messages to this user"}, {})
RATE_LIMITED = (429, {"message": "You are being rate limited.", "retry_after": 2.5, "global": False}, {})


@pytest.fixture
def discord() -> Iterator[ScriptedApi]:
    with (
        scripted_http_server([]) as api,
        override_settings(DISCORD_TOKEN="test-bot-token", DISCORD_API_BASE=api.base_url),
    ):
        yield api


def _dm(session: ScheduledSession, kind: str = "invite", **payload: str) -> Notification:
    return Notification.objects.get(
        session=session,
        kind=kind,
        channel="discord",
        recipient_role="student",
        **{f"payload__{key}": value for key, value in payload.items()},
    )


def test_a_booking_opens_a_dm_channel_and_posts_the_message_with_the_bot_token(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [CHANNEL_OK, MESSAGE_OK]
    session_changed(session_id=session.pk, change="booked", now=now)

    status = notification_deliver(notification_id=_dm(session).pk, now=now)

    assert status == "sent"
    opened, posted = discord.requests
    assert (opened.path, opened.body) == (
        "/api/v10/users/@me/channels",
        {"recipient_id": "100000000000000042"},
    )
    assert opened.headers["Authorization"] == "Bot test-bot-token"
    assert posted.path == "/api/v10/channels/555000000000000001/messages"
    assert "John Smith" in posted.body["content"]
    assert format_span(session.start, session.end, "America/Los_Angeles") in posted.body["content"]


def test_a_closed_inbox_is_recorded_once_and_not_retried(
    discord: ScriptedApi, session: ScheduledSession, now: datetime, django_capture_on_commit_callbacks: object
) -> None:
    discord.script += [CHANNEL_OK, CLOSED]
    session_changed(session_id=session.pk, change="booked", now=now)

    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        status = notification_deliver(notification_id=_dm(session).pk, now=now)

    dm = _dm(session)
    assert (status, dm.attempts) == ("failed", 1)
    assert dm.last_error.startswith("[50007] Cannot send messages to this user")
    assert callbacks == []  # nothing re-enqueued


def test_a_closed_inbox_does_not_stop_the_emails(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [CHANNEL_OK, CLOSED]
    session_changed(session_id=session.pk, change="booked", now=now)
    notification_deliver(notification_id=_dm(session).pk, now=now)

    for email in Notification.objects.filter(session=session, kind="invite", channel="email"):
        assert notification_deliver(notification_id=email.pk, now=now) == "sent"

    assert sorted(m.to[0] for m in mail.outbox) == ["jane.doe@example.com", "john.smith@example.com"]


def test_after_a_closed_inbox_the_sessions_reminder_dms_are_skipped_without_asking_discord(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [CHANNEL_OK, CLOSED]
    session_changed(session_id=session.pk, change="booked", now=now)
    notification_deliver(notification_id=_dm(session).pk, now=now)
    reminder = Notification.objects.get(
        session=session, kind="reminder", channel="discord", payload__lead="24h", recipient_role="student"
    )

    status = notification_deliver(notification_id=reminder.pk, now=reminder.scheduled_for)

    assert status == "skipped"
    assert len(discord.requests) == 2


def test_a_rate_limit_waits_as_long_as_discord_asks_and_then_sends(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [RATE_LIMITED]
    session_changed(session_id=session.pk, change="booked", now=now)

    first = notification_deliver(notification_id=_dm(session).pk, now=now)

    dm = _dm(session)
    assert (first, dm.attempts) == ("pending", 0)  # a rate limit is not a failed attempt
    assert dm.scheduled_for == now + timedelta(seconds=2.5)
    assert "rate limit" in dm.last_error

    discord.script += [CHANNEL_OK, MESSAGE_OK]
    assert (
        notification_deliver(notification_id=dm.pk, now=now + timedelta(seconds=1)) == "pending"
    )  # not yet due
    assert notification_deliver(notification_id=dm.pk, now=now + timedelta(seconds=3)) == "sent"


@override_settings(NOTIFICATION_MAX_ATTEMPTS=2)
def test_a_rate_limit_that_never_lifts_is_retried_as_asked_but_ends_failed_at_its_own_cap(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [RATE_LIMITED] * 60
    session_changed(session_id=session.pk, change="booked", now=now)
    dm = _dm(session)
    clock, waits = now, []

    for _ in range(60):
        status = notification_deliver(notification_id=dm.pk, now=clock)
        dm.refresh_from_db()
        if status != "pending":
            break
        waits.append(dm.scheduled_for - clock)
        clock = dm.scheduled_for

    assert (status, dm.attempts, dm.needs_attention) == ("failed", 0, True)
    # Rate-limited tries have their own cap, five times NOTIFICATION_MAX_ATTEMPTS.
    assert (len(discord.requests), dm.rate_limited) == (10, 10)
    assert waits == [timedelta(seconds=2.5)] * 9  # each wait the one Discord asked for
    assert dm.last_error.startswith("Gave up after 10 rate-limited tries: [429] Discord rate limit")


def test_a_discord_outage_is_retried_with_backoff(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [(502, {"message": "Bad Gateway"}, {})]
    session_changed(session_id=session.pk, change="booked", now=now)

    with override_settings(NOTIFICATION_RETRY_BASE_SECONDS=60):
        status = notification_deliver(notification_id=_dm(session).pk, now=now)

    dm = _dm(session)
    assert (status, dm.attempts, dm.scheduled_for) == ("pending", 1, now + timedelta(seconds=60))


def test_a_student_with_a_discord_id_gets_the_reminder_dm_with_their_time_and_who_they_meet(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    discord.script += [CHANNEL_OK, MESSAGE_OK]
    session_changed(session_id=session.pk, change="booked", now=now)
    reminder = _dm(session, "reminder", lead="24h")

    status = notification_deliver(notification_id=reminder.pk, now=reminder.scheduled_for)

    assert status == "sent"
    opened, posted = discord.requests
    assert opened.body == {"recipient_id": "100000000000000042"}
    text = posted.body["content"]
    assert "Reminder" in text and "starts in 24 hours" in text
    assert format_span(session.start, session.end, "America/Los_Angeles") in text
    assert "John Smith (Engineering Manager, Example Corp)" in text
    assert f"<t:{int(session.start.timestamp())}:R>" in text  # shown in the reader's zone by Discord


def test_a_student_with_a_discord_id_gets_the_feedback_dm_with_a_working_link(
    discord: ScriptedApi, make_session: Callable[..., ScheduledSession], client: Client
) -> None:
    # The feedback page reads the real clock: this session ended a couple of hours ago.
    session = make_session(start=(timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0))
    discord.script += [CHANNEL_OK, MESSAGE_OK]
    session_changed(session_id=session.pk, change="booked", now=session.start - timedelta(days=2))
    request = _dm(session, "feedback_request")

    status = notification_deliver(notification_id=request.pk, now=session.end + timedelta(minutes=1))

    assert status == "sent"
    text = discord.requests[-1].body["content"]
    assert "How did your resume review with **John Smith" in text
    link = re.search(r"https?://\S+/feedback/\S+/", text)
    assert link, text
    page = client.get(re.sub(r"^https?://[^/]+", "", link.group(0)))
    assert page.status_code == 200
    assert b"How useful was it?" in page.content


def test_professionals_get_dm_reminders_only_when_they_gave_a_discord_id(
    discord: ScriptedApi, session: ScheduledSession, now: datetime
) -> None:
    session.professional.discord_id = "200000000000000007"
    session.professional.save()

    session_changed(session_id=session.pk, change="booked", now=now)

    professional_dms = Notification.objects.filter(
        session=session, channel="discord", recipient_role="professional"
    )
    assert set(professional_dms.values_list("kind", flat=True)) == {"reminder"}


def test_without_a_bot_token_no_dm_is_planned(session: ScheduledSession, now: datetime) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    assert not Notification.objects.filter(session=session, channel="discord").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_dm_from_its_task(
    discord: ScriptedApi, make_session: Callable[..., ScheduledSession], run_worker: Callable[[], None]
) -> None:
    session = make_session(start=timezone.now() + timedelta(days=3))
    discord.script += [CHANNEL_OK, MESSAGE_OK]

    session_changed(session_id=session.pk, change="booked")
    run_worker()

    assert _dm(session).status == "sent"
    assert [r.path for r in discord.requests] == [
        "/api/v10/users/@me/channels",
        "/api/v10/channels/555000000000000001/messages",
    ]


def test_names_are_not_read_as_discord_markdown() -> None:
    assert escape("Jo_Ann *Lee* [x](y)") == r"Jo\_Ann \*Lee\* \[x\](y)"
