"""The statuses the API answers besides 4xx are the ones README's API section and docs/bot.md promise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else None]


def test_the_bot_api_answers_503_form_not_configured_without_the_student_form(
    client: Client, settings: Any
) -> None:
    settings.STUDENT_FORM_URL = ""

    response = client.post(
        "/api/bot/",
        {"action": "student-link", "discord_id": "100000000000000042"},
        content_type="application/json",
        headers={"X-Bot-Secret": "test-bot-secret"},
    )

    assert (response.status_code, response.json()["error"]["code"]) == (503, "form_not_configured")
    assert "STUDENT_FORM_URL" in response.json()["error"]["message"]


def test_the_readme_api_section_lists_the_503_answers() -> None:
    api = _section((ROOT / "README.md").read_text(), "## API")

    assert "503" in api
    assert "`student-link` / `resume` without `STUDENT_FORM_URL` (`form_not_configured`)" in api
    assert "without `FORM_WEBHOOK_SECRET` (`not_configured`)" in api


def test_the_bot_page_says_which_refusal_is_not_a_4xx() -> None:
    bot = (ROOT / "docs" / "bot.md").read_text()

    assert "`503 form_not_configured`" in bot
    assert "with a 4xx status, except" in bot
