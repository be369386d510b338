"""Every /api/ URL answers with or without its trailing slash, with DEBUG on and off (no APPEND_SLASH
redirect, which loses a POST body, and no RuntimeError page under DEBUG)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

BOT = {"HTTP_X_BOT_SECRET": "test-bot-secret"}


@pytest.fixture(params=[False, True], ids=["debug off", "debug on"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


@pytest.fixture
def api() -> Client:
    return Client(raise_request_exception=False)


def test_the_bot_api_without_its_slash_runs_the_action(api: Client, debug: bool) -> None:
    response = api.post("/api/bot", data={"action": "review-stats"}, content_type="application/json", **BOT)  # type: ignore[arg-type]

    assert response.status_code == 200, response.content[:300]
    assert response.json()["requests_total"] == 0


def test_health_without_its_slash_answers(api: Client, debug: bool) -> None:
    response = api.get("/api/health")

    assert (response.status_code, response.json()["status"]) == (200, "ok")


def test_a_form_webhook_without_its_slash_reaches_the_webhook(api: Client, debug: bool) -> None:
    response = api.post(
        "/api/forms/review-request", data=json.dumps({"x": 1}), content_type="application/json"
    )

    # The webhook itself answers: no credentials were sent.
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_credentials"


def test_a_rest_list_without_its_slash_keeps_its_query(api: Client, debug: bool) -> None:
    api.force_login(User.objects.create_user("staff", password="pw", is_staff=True))

    response = api.get("/api/scheduled-sessions?status=bogus")

    assert response.status_code == 400
    assert "bogus" in response.json()["error"]["message"]


def test_an_unknown_api_url_without_a_slash_is_still_a_json_404(api: Client, debug: bool) -> None:
    response = api.post("/api/no-such-thing", data="{}", content_type="application/json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_page_outside_the_api_still_redirects_to_its_slash(api: Client, debug: bool) -> None:
    response = api.get("/admin")

    assert response.status_code == 301
    assert response["Location"] == "/admin/"
