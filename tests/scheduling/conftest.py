"""Fixtures for calling the bot API through the Django test client with the backend's clock frozen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mentormatch.scheduling.api import bot
from tests.scheduling.seed_people import NOW

URL = "/api/bot/"
SECRET = "test-bot-secret"  # BOT_SHARED_SECRET in mentormatch/web/test_settings.py
ADMIN = "200000000000000001"
Call = Callable[..., Any]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Freeze the time the API sees (Thursday 3 December 2026 unless moved)."""
    now = {"value": NOW}
    monkeypatch.setattr(bot, "clock", lambda: now["value"])

    def move(to: dt.datetime) -> None:
        now["value"] = to

    return move


@pytest.fixture
def call(client: Client, clock: Callable[[dt.datetime], None]) -> Call:
    """POST one bot action as JSON with the bot secret: `call("review-stats")`, `call(None, ...)` for none."""

    def post(action: str | None, *, secret: str | None = SECRET, **fields: Any) -> Any:
        body = {"action": action, **fields} if action is not None else fields
        headers = {"HTTP_X_BOT_SECRET": secret} if secret is not None else {}
        return client.post(URL, data=body, content_type="application/json", **headers)  # type: ignore[arg-type]

    return post
