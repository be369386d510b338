"""Each refused or failed API request is logged once (one record, written by one handler), DEBUG on or off.

Django's default logging gives the `django` logger its own console handler when DEBUG is on, and the
project's root handler wrote the same record again: every "Bad Request" and every 500 traceback twice.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from _pytest.logging import LogCaptureHandler
from django.contrib.auth.models import User
from django.test import Client
from django.utils.log import AdminEmailHandler

from mentormatch.scheduling.api import rest

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["debug off", "debug on"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


def _writers(record: logging.LogRecord) -> list[logging.Handler]:
    """The handlers that write `record` to the log: those on its logger and its ancestors while records
    propagate, whose level and filters let it through (pytest's capturing handlers and the mail to ADMINS,
    which is not the log, left out)."""
    writers: list[logging.Handler] = []
    logger: logging.Logger | None = logging.getLogger(record.name)
    while logger is not None:
        for handler in logger.handlers:
            if isinstance(handler, LogCaptureHandler | AdminEmailHandler):
                continue
            if type(handler).__module__.startswith("_pytest"):
                continue
            if record.levelno >= handler.level and handler.filter(record):
                writers.append(handler)
        logger = logger.parent if logger.propagate else None
    return writers


def _request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refused_bot_call_is_logged_once(
    client: Client, caplog: pytest.LogCaptureFixture, debug: bool
) -> None:
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/api/bot/",
            {"action": "make-coffee"},
            content_type="application/json",
            headers={"X-Bot-Secret": "test-bot-secret"},
        )

    assert response.status_code == 400
    (record,) = _request_records(caplog)
    assert record.getMessage() == "Bad Request: /api/bot/"
    assert len(_writers(record)) == 1


def test_an_unknown_api_url_is_logged_once(
    client: Client, caplog: pytest.LogCaptureFixture, debug: bool
) -> None:
    with caplog.at_level(logging.INFO):
        client.get("/api/no-such-thing/")

    (record,) = _request_records(caplog)
    assert record.getMessage() == "Not Found: /api/no-such-thing/"
    assert len(_writers(record)) == 1


def test_a_server_error_traceback_is_logged_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, debug: bool
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(rest, "professional_availability_current_list", broken)
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_user("staff", password="pw", is_staff=True))

    with caplog.at_level(logging.INFO):
        response = client.get("/api/professional-availability/")

    assert response.status_code == 500
    (record,) = _request_records(caplog)
    assert record.exc_info is not None and "database on fire" in str(record.exc_info[1])
    assert len(_writers(record)) == 1
