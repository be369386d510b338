"""Errors under /api/ are JSON in the one error shape, whatever raised them; other pages stay HTML."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework import exceptions

from mentormatch.scheduling.api import rest
from mentormatch.web.errors import api_exception_handler

pytestmark = pytest.mark.django_db


def test_an_unknown_api_url_is_a_json_404_in_the_error_shape(client: Client) -> None:
    response = client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_api_url_is_json_even_with_debug_on(client: Client, settings: Any) -> None:
    settings.DEBUG = True

    response = client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_page_outside_the_api_stays_html(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unhandled_exception_in_the_api_is_a_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(rest, "professional_availability_current_list", broken)
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    response = client.get("/api/professional-availability/")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "database on fire" not in response.content.decode()


def test_a_validation_message_that_already_names_its_field_names_it_once() -> None:
    error = exceptions.ValidationError(
        {"discord_id": ["discord_id: 'abc' is not a Discord id."], "limit": ["must be a number."]}
    )

    response = api_exception_handler(error, {})

    assert response is not None
    assert (
        response.data["error"]["message"]
        == "discord_id: 'abc' is not a Discord id.; limit: must be a number."
    )


def test_a_nested_field_message_keeps_every_name_before_its_own() -> None:
    error = exceptions.ValidationError({"items": {0: ["0: too long"]}, "name": ["names are short"]})

    response = api_exception_handler(error, {})

    assert response is not None
    assert response.data["error"]["message"] == "items: 0: too long; name: names are short"


DEEPLY_NESTED = '{"action": "pending-reviews", "x": ' + "[" * 3000 + "]" * 3000 + "}"


@pytest.mark.parametrize("url", ["/api/bot/", "/api/scheduled-sessions/"])
def test_json_nested_too_deeply_is_a_400_invalid_body_not_a_500(client: Client, url: str) -> None:
    response = client.post(
        url, DEEPLY_NESTED, content_type="application/json", HTTP_X_BOT_SECRET="test-bot-secret"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_body"
    assert "nested too deeply" in (error.get("received", "") + error["message"])


def test_each_invalid_list_entry_is_named_by_its_index_the_first_included(client: Client) -> None:
    response = client.post(
        "/api/bot/",
        {"action": "add-professional", "name": "Riley Park", "industries": [1, 2, "Healthcare"]},
        content_type="application/json",
        HTTP_X_BOT_SECRET="test-bot-secret",
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "industries: 0: Not a valid string.; industries: 1: Not a valid string."
    )
