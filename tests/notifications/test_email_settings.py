"""Where mail goes, as the settings read it from the environment at start: with EMAIL_HOST over SMTP, without
it to the console.

The test suite runs on its own settings (a local-memory mailer), so each test reads
`mentormatch/web/settings.py` afresh, as a process starting with that environment would, and sends with the
mailer it built.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from django.test import override_settings

import mentormatch.web.settings
from mentormatch.notifications.delivery import notification_deliver
from mentormatch.notifications.models import Notification
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .servers import smtp_server

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(mentormatch.web.settings.__file__)
EMAIL_VARIABLES = (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_TIMEOUT",
    "EMAIL_BACKEND",
)


def _settings_started_with(monkeypatch: pytest.MonkeyPatch, **environment: str) -> ModuleType:
    for name in EMAIL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_as_started", SETTINGS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _student_invite(session: ScheduledSession, now: datetime) -> Notification:
    session_changed(session_id=session.pk, change="booked", now=now)
    return Notification.objects.get(session=session, kind="invite", recipient_role="student")


def test_with_email_host_set_the_invitation_goes_to_that_smtp_server(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    session: ScheduledSession,
    now: datetime,
) -> None:
    invite = _student_invite(session, now)
    with smtp_server() as (inbox, port):
        started = _settings_started_with(
            monkeypatch, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="false"
        )
        with override_settings(MAILERS=started.MAILERS):
            status = notification_deliver(notification_id=invite.pk, now=now)

    assert status == "sent"
    assert [str(m["X-Mentormatch-Notification"]) for m in inbox.to("jane.doe@example.com")] == [
        str(invite.pk)
    ]
    assert "X-Mentormatch-Notification" not in capsys.readouterr().out


def test_without_email_host_the_invitation_is_printed_to_the_console_and_no_smtp_server_is_called(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    session: ScheduledSession,
    now: datetime,
) -> None:
    invite = _student_invite(session, now)
    with smtp_server() as (inbox, port):
        # Everything else points at a working server: only the missing EMAIL_HOST keeps mail off it.
        started = _settings_started_with(monkeypatch, EMAIL_PORT=str(port), EMAIL_USE_TLS="false")
        with override_settings(MAILERS=started.MAILERS):
            status = notification_deliver(notification_id=invite.pk, now=now)

    assert status == "sent"
    assert inbox.messages == []
    printed = capsys.readouterr().out
    assert f"X-Mentormatch-Notification: {invite.pk}" in printed
    assert "To: jane.doe@example.com" in printed
