"""The project's Apps Script deliveries, replayed exactly as its Node tests recorded them (signed)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import Professional, ReviewRequest

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).parent / "fixtures" / "appscript"


def _recorded(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / f"{name}.json").read_text())


def _sent_at(recording: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(recording["headers"]["X-Mentormatch-Timestamp"]), tz=dt.UTC)


def _replay(client: Client, recording: dict[str, Any], *, body: str | None = None, **override: str) -> Any:
    headers = {**recording["headers"], **override}
    content_type = headers.pop("Content-Type", "application/json")
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    raw = (body if body is not None else recording["body"]).encode()
    return client.post(recording["path"], data=raw, content_type=content_type, **meta)


@pytest.fixture
def at_send_time(frozen_clock: Callable[[dt.datetime], None]) -> Callable[[dict[str, Any], int], None]:
    def freeze(recording: dict[str, Any], seconds_later: int = 2) -> None:
        frozen_clock(_sent_at(recording) + dt.timedelta(seconds=seconds_later))

    return freeze


def test_the_signed_professional_delivery_is_processed(client: Client, at_send_time: Any) -> None:
    recording = _recorded("professional_availability")
    at_send_time(recording)

    response = _replay(client, recording)

    assert response.status_code == 200, response.json()
    professional = Professional.objects.get()
    assert professional.name == "Dana Whitfield"
    assert professional.timezone == "America/Chicago"


def test_an_accented_signed_delivery_keeps_its_names(client: Client, at_send_time: Any) -> None:
    recording = _recorded("professional_availability_non_ascii")
    at_send_time(recording)

    response = _replay(client, recording)

    assert response.status_code == 200, response.json()
    professional = Professional.objects.get()
    assert professional.name == "José Núñez"
    assert professional.company == "Café Ñandú — Analytics"


def test_the_signed_review_request_keeps_grid_answers_per_row(client: Client, at_send_time: Any) -> None:
    recording = _recorded("review_request")
    at_send_time(recording)

    response = _replay(client, recording)

    assert response.status_code == 200, response.json()
    request = ReviewRequest.objects.get()
    assert request.form_answers["grid"]["Wednesday"] == ["Afternoon (12 PM - 5 PM)", "Evening (5 PM - 9 PM)"]
    assert request.form_answers["grid"]["Friday"] == ["Morning (8 AM - 12 PM)"]
    weekdays = {row["weekday"] for row in request.windows}
    assert 4 in weekdays, "Friday morning comes only from the grid"


def test_unreadable_student_availability_needs_clarification(client: Client, at_send_time: Any) -> None:
    recording = _recorded("review_request_unclear")
    at_send_time(recording)

    response = _replay(client, recording)

    assert response.status_code == 200, response.json()
    assert response.json()["needs_clarification"] is True
    assert ReviewRequest.objects.get().needs_clarification is True


def test_a_signature_older_than_five_minutes_is_refused(client: Client, at_send_time: Any) -> None:
    recording = _recorded("professional_availability")
    at_send_time(recording, 301)

    response = _replay(client, recording)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "expired_signature"
    assert not Professional.objects.exists()
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_a_body_changed_after_signing_is_refused(client: Client, at_send_time: Any) -> None:
    recording = _recorded("professional_availability")
    at_send_time(recording)

    response = _replay(client, recording, body=recording["body"].replace("Dana", "Dina"))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    assert not Professional.objects.exists()


def test_a_bad_signature_is_refused_even_with_the_right_shared_secret(
    client: Client, at_send_time: Any
) -> None:
    recording = _recorded("professional_availability")
    at_send_time(recording)

    response = _replay(
        client, recording, body=recording["body"] + " ", **{"X-Form-Secret": "test-form-secret"}
    )

    assert response.status_code == 401
    assert not Professional.objects.exists()


def test_a_replayed_signed_delivery_is_acknowledged_once(client: Client, at_send_time: Any) -> None:
    recording = _recorded("professional_availability")
    at_send_time(recording)

    first = _replay(client, recording)
    replay = _replay(client, recording)

    assert first.json()["status"] == "processed"
    assert replay.status_code == 200
    assert replay.json()["status"] == "duplicate"
    assert Professional.objects.get().availabilities.count() == 1


def _signed(client: Client, body: bytes, at: dt.datetime) -> Any:
    from mentormatch.intake.signing import sign

    headers = sign(body, "test-form-secret", int(at.timestamp()))
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return client.post("/api/forms/review-request/", data=body, content_type="application/json", **meta)


def test_a_replayed_signed_delivery_without_a_response_id_is_processed_once(
    client: Client, frozen_clock: Callable[[dt.datetime], None]
) -> None:
    from tests.intake.conftest import fixture_payload

    payload = fixture_payload("seed_review_request.json")
    payload.pop("response_id", None)
    payload.pop("responseId", None)
    body = json.dumps(payload).encode()
    sent = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    frozen_clock(sent + dt.timedelta(seconds=5))

    first = _signed(client, body, sent)
    replay = _signed(client, body, sent)

    assert first.json()["status"] == "processed", first.json()
    assert replay.status_code == 200
    assert replay.json()["status"] == "duplicate"
    assert ReviewRequest.objects.count() == 1
    assert ReviewRequest.objects.get().status_changes.count() == 1
