"""Shared setup for the form webhook tests: the fixture payloads and a poster with the real headers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from mentormatch.intake import views

FIXTURES = Path(__file__).parent / "fixtures"
PROFESSIONAL_URL = "/api/forms/professional-availability/"
REVIEW_REQUEST_URL = "/api/forms/review-request/"
SECRET = "test-form-secret"  # FORM_WEBHOOK_SECRET in mentormatch/web/test_settings.py


def fixture_payload(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def fixture_body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def professional_payload() -> dict[str, Any]:
    return fixture_payload("seed_professional_availability.json")


@pytest.fixture
def review_request_payload() -> dict[str, Any]:
    return fixture_payload("seed_review_request.json")


Poster = Callable[..., Any]


@pytest.fixture
def post_form(client: Client) -> Poster:
    """POST a body (dict or raw bytes) the way the original Apps Script does, with `X-Form-Secret`."""

    def post(url: str, body: dict[str, Any] | bytes, *, secret: str | None = SECRET, **headers: str) -> Any:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        if secret is not None:
            extra["HTTP_X_FORM_SECRET"] = secret
        return client.post(url, data=raw, content_type="application/json", **extra)  # type: ignore[arg-type]

    return post


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Set the webhook's clock, to replay signed deliveries recorded at a known time."""

    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr(views, "clock", lambda: moment)

    return freeze
