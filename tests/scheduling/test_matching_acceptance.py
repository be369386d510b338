"""The walking skeleton's acceptance check, end to end over HTTP: the seed form payloads posted to the
webhooks, then the bot API asked for matches and bookings (clock frozen on Thursday 3 December 2026)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mentormatch.scheduling.api import bot
from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ScheduledSession
from tests.scheduling.seed_people import NOW, STUDENT_DISCORD_ID, payload

pytestmark = pytest.mark.django_db
FORM_SECRET = "test-form-secret"  # FORM_WEBHOOK_SECRET in mentormatch/web/test_settings.py
BOT_SECRET = "test-bot-secret"


@pytest.fixture
def post_forms(client: Client) -> Callable[[], None]:
    def post() -> None:
        for url, name in (
            ("/api/forms/professional-availability/", "seed_professional_availability.json"),
            ("/api/forms/review-request/", "seed_review_request.json"),
        ):
            response = client.post(
                url,
                data=json.dumps(payload(name)),
                content_type="application/json",
                HTTP_X_FORM_SECRET=FORM_SECRET,
            )
            assert response.status_code in (200, 201), response.content

    return post


@pytest.fixture
def ask(client: Client, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    monkeypatch.setattr(bot, "clock", lambda: NOW)

    def call(action: str, **fields: Any) -> Any:
        return client.post(
            "/api/bot/",
            data={"action": action, **fields},
            content_type="application/json",
            HTTP_X_BOT_SECRET=BOT_SECRET,
        )

    return call


def test_suggest_matches_after_the_seed_forms_lists_dana_with_the_eastern_overlaps(
    post_forms: Callable[[], None], ask: Callable[..., Any]
) -> None:
    post_forms()
    data = ask("suggest-matches", discord_id=STUDENT_DISCORD_ID).json()
    dana = next(s for s in data["suggestions"] if s["professional"]["name"] == "Dana Whitfield")
    assert [o["label"] for o in dana["overlaps"]] == [
        "Monday 3:00-5:00 PM EST",
        "Wednesday 1:00-2:00 PM EST",
        "Wednesday 3:00-5:00 PM EST",
    ]


def test_schedule_session_after_the_seed_forms_books_monday_at_twenty_thirty_utc(
    post_forms: Callable[[], None], ask: Callable[..., Any]
) -> None:
    post_forms()
    refused = ask(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Dana Whitfield",
        scheduled_time="Monday 9:00 AM",
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["alternatives"]
    booked = ask(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Dana Whitfield",
        scheduled_time="Monday 3:30 PM",
    )
    assert booked.json()["session"]["start"] == "2026-12-07T20:30:00+00:00"
    assert ScheduledSession.objects.count() == 1


def test_posting_the_professional_payload_again_changes_nothing(
    post_forms: Callable[[], None], ask: Callable[..., Any]
) -> None:
    post_forms()
    before = ask("suggest-matches", discord_id=STUDENT_DISCORD_ID).json()
    post_forms()
    assert (Professional.objects.count(), ProfessionalAvailability.objects.count()) == (1, 1)
    assert ask("suggest-matches", discord_id=STUDENT_DISCORD_ID).json() == before
