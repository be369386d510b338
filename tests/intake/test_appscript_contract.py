"""The contract with the Apps Script: the requests its Node tests recorded (tests/intake/fixtures/appscript/,
checked by `node --test appscript/tests/`, rewritten by `UPDATE_FIXTURES=1 node --test appscript/tests/`) are
posted as they are to the live webhook endpoints.

A change to the script's payload or signature fails the Node tests until the fixtures are refreshed, and then
these tests say whether the backend accepts what the script now sends; a backend that stops accepting it
breaks them too. Time is frozen at the moment each delivery was signed,
so the 5-minute window holds whatever day the suite runs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from mentormatch.intake.models import WebhookDelivery
from mentormatch.intake.signing import sign
from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ReviewRequest, Student
from mentormatch.scheduling.selectors.matching import suggest_matches

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "appscript"


def load(name: str) -> dict[str, Any]:
    fixture: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return fixture


def signed_at(fixture: dict[str, Any]) -> int:
    return int(fixture["headers"]["X-Mentormatch-Timestamp"])


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Sets the server's clock (django.utils.timezone.now) to a Unix time."""

    def set_to(seconds: float) -> None:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_to


def post(
    fixture: dict[str, Any], *, body: str | bytes | None = None, headers: dict[str, str] | None = None
) -> Any:
    """POST a recorded request exactly: same path, same headers, same body bytes (unless replaced)."""
    raw = fixture["body"] if body is None else body
    sent_headers = {k: v for k, v in (headers or fixture["headers"]).items() if k.lower() != "content-type"}
    return Client().post(
        fixture["path"],
        data=raw.encode("utf-8") if isinstance(raw, str) else raw,
        content_type="application/json",
        headers=sent_headers,
    )


def resign(fixture: dict[str, Any], body: bytes, timestamp: int) -> dict[str, str]:
    """Headers as the script would send them for another body (same secret, delivery id)."""
    return {
        "X-Mentormatch-Delivery": fixture["headers"]["X-Mentormatch-Delivery"],
        **sign(body, fixture["secret"], timestamp),
    }


# --- What the script sends is accepted and stored ----------------------------------------------


def test_the_professional_form_delivery_creates_the_professional_and_availability(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    answer = post(fixture)
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "processed"
    professional = Professional.objects.get(email="dana.whitfield@example.org")
    assert (professional.name, professional.title, professional.timezone) == (
        "Dana Whitfield",
        "Senior Data Analyst",
        "America/Chicago",
    )
    availability = ProfessionalAvailability.objects.get(professional=professional, is_current=True)
    assert availability.windows
    assert availability.availability_text == "Monday 1-4 PM, Wednesday 2-5 PM"
    assert availability.valid_from == dt.date(2026, 12, 1)
    assert availability.valid_until == dt.date(2026, 12, 31)


def test_accented_answers_arrive_intact(clock: Any) -> None:
    fixture = load("professional_availability_non_ascii")
    clock(signed_at(fixture) + 2)
    assert post(fixture).status_code == 200
    professional = Professional.objects.get(email="jose.nunez@example.com")
    assert professional.name == "José Núñez"
    assert professional.company == "Café Ñandú — Analytics"


def test_the_student_form_delivery_creates_the_request_with_the_grid_per_row(clock: Any) -> None:
    fixture = load("review_request")
    clock(signed_at(fixture) + 2)
    answer = post(fixture)
    assert answer.status_code == 200, answer.content
    student = Student.objects.get(discord_id="100000000000000042")
    request = ReviewRequest.objects.get(student=student)
    assert request.target_role == "Data Analyst Intern"
    grid = {row: cols for row, cols in request.form_answers["grid"].items() if cols}
    assert grid == {
        "Monday": ["Afternoon (12 PM - 5 PM)"],
        "Wednesday": ["Afternoon (12 PM - 5 PM)", "Evening (5 PM - 9 PM)"],
        "Friday": ["Morning (8 AM - 12 PM)"],
    }
    assert {w["weekday"] for w in request.windows} >= {0, 2, 4}


def test_the_delivery_is_archived_with_its_signature_headers(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    post(fixture)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PROCESSED
    assert delivery.body == fixture["body"]
    assert delivery.response_id == "2_APPSCRIPT_dana_whitfield_1"
    archived = {k.lower(): v for k, v in delivery.headers.items()}
    assert archived["x-mentormatch-signature"] == fixture["headers"]["X-Mentormatch-Signature"]


def test_an_edited_response_replaces_what_its_first_version_stored(clock: Any) -> None:
    first, edited = load("professional_availability"), load("professional_availability_edited")
    assert json.loads(edited["body"])["response_id"] == json.loads(first["body"])["response_id"]
    clock(signed_at(first) + 2)
    assert post(first).json()["status"] == "processed"
    clock(signed_at(edited) + 2)

    answer = post(edited)

    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "processed"
    professional = Professional.objects.get()
    assert professional.max_sessions_per_week == 4
    current = ProfessionalAvailability.objects.get(professional=professional, is_current=True)
    assert current.availability_text == "Tuesday 10 AM-12 PM, Thursday 3-5 PM"
    assert ProfessionalAvailability.objects.count() == 2
    # The script's retry of the edit, and a late copy of the first version, change nothing.
    for fixture in (edited, first):
        later = signed_at(edited) + 3600
        clock(later + 1)
        resent = post(fixture, headers=resign(fixture, fixture["body"].encode(), later))
        assert resent.json()["status"] == "duplicate"
    assert ProfessionalAvailability.objects.get(is_current=True).pk == current.pk


# --- What is refused, and what is acknowledged without doing the work twice -----------------------


def test_a_body_changed_after_signing_is_refused_and_archived(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    answer = post(fixture, body=fixture["body"].replace("Dana", "Dina"))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "bad_signature"
    assert Professional.objects.count() == 0
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_a_signature_made_with_another_secret_is_refused(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    body = fixture["body"].encode()
    answer = post(fixture, headers=sign(body, "not-the-secret", signed_at(fixture)))
    assert answer.status_code == 401
    assert Professional.objects.count() == 0


def test_a_correct_shared_secret_does_not_rescue_a_bad_signature(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    headers = sign(fixture["body"].encode(), "not-the-secret", signed_at(fixture))
    answer = post(fixture, headers={**headers, "X-Form-Secret": fixture["secret"]})
    assert answer.status_code == 401
    assert Professional.objects.count() == 0


def test_a_delivery_older_than_five_minutes_is_refused(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 301)
    answer = post(fixture)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "expired_signature"
    assert Professional.objects.count() == 0
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_a_delivery_just_inside_the_window_is_accepted(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 299)
    assert post(fixture).status_code == 200


def test_a_replayed_delivery_is_acknowledged_once_and_stored_once(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    first = post(fixture)
    clock(signed_at(fixture) + 60)
    second = post(fixture)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["status"] == "duplicate"
    assert Professional.objects.count() == 1
    assert ProfessionalAvailability.objects.count() == 1
    assert sorted(WebhookDelivery.objects.values_list("status", flat=True)) == ["duplicate", "processed"]


def test_a_resent_response_id_signed_afresh_is_acknowledged_without_a_second_record(clock: Any) -> None:
    fixture = load("review_request")
    clock(signed_at(fixture) + 2)
    assert post(fixture).status_code == 200
    # The script's retry: the same body, signed again an hour later.
    later = signed_at(fixture) + 3600
    clock(later + 1)
    answer = post(fixture, headers=resign(fixture, fixture["body"].encode(), later))
    assert answer.status_code == 200
    assert answer.json()["status"] == "duplicate"
    assert ReviewRequest.objects.count() == 1
    assert WebhookDelivery.objects.count() == 2


def test_the_scripts_own_retry_of_a_stored_delivery_is_a_duplicate(clock: Any) -> None:
    first, retry = load("retried_first_attempt"), load("retried_second_attempt")
    assert retry["headers"]["X-Mentormatch-Delivery"] == first["headers"]["X-Mentormatch-Delivery"]
    clock(signed_at(first) + 1)
    assert post(first).json()["status"] == "processed"
    clock(signed_at(retry) + 1)
    answer = post(retry)
    assert answer.status_code == 200
    assert answer.json()["status"] == "duplicate"
    assert ProfessionalAvailability.objects.count() == 1


def test_an_empty_response_is_refused_and_creates_nothing(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    body = json.dumps(
        {"form_type": "professional_availability", "response_id": "2_EMPTY", "responses": {}}
    ).encode()
    answer = post(fixture, body=body, headers=resign(fixture, body, signed_at(fixture)))
    assert answer.status_code == 400
    assert Professional.objects.count() == 0
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_a_malformed_body_is_refused_as_bad_json(clock: Any) -> None:
    fixture = load("review_request")
    clock(signed_at(fixture) + 2)
    body = fixture["body"][:-20].encode()
    answer = post(fixture, body=body, headers=resign(fixture, body, signed_at(fixture)))
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "malformed_json"
    assert ReviewRequest.objects.count() == 0


@override_settings(FORM_WEBHOOK_MAX_BYTES=1024)
def test_an_oversized_body_is_refused_and_its_beginning_archived(clock: Any) -> None:
    fixture = load("professional_availability")
    assert len(fixture["body"]) > 1024
    clock(signed_at(fixture) + 2)
    answer = post(fixture)
    assert answer.status_code == 413
    assert Professional.objects.count() == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.REJECTED
    assert fixture["body"].startswith(delivery.body)


@override_settings(FORM_WEBHOOK_ALLOW_SHARED_SECRET=False)
def test_signed_deliveries_work_with_the_shared_secret_turned_off(clock: Any) -> None:
    fixture = load("review_request")
    clock(signed_at(fixture) + 2)
    assert post(fixture).status_code == 200


def test_every_delivery_is_archived_whatever_its_fate(clock: Any) -> None:
    fixture = load("professional_availability")
    clock(signed_at(fixture) + 2)
    post(fixture)  # processed
    post(fixture)  # duplicate
    post(fixture, body=fixture["body"] + " ")  # bad signature
    clock(signed_at(fixture) + 1000)
    post(fixture)  # expired
    assert WebhookDelivery.objects.count() == 4


# --- The clarification loop, end to end ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it uses
def test_an_unreadable_availability_brings_an_email_whose_link_fixes_it(
    clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    professional_fixture = load("professional_availability")
    clock(signed_at(professional_fixture) + 2)
    assert post(professional_fixture).status_code == 200
    fixture = load("review_request_unclear")
    now = dt.datetime.fromtimestamp(signed_at(fixture) + 2, tz=dt.UTC)
    clock(signed_at(fixture) + 2)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(fixture)
    assert answer.status_code == 200
    assert answer.json()["needs_clarification"] is True
    request = ReviewRequest.objects.get(student__discord_id="100000000000000077")
    assert request.needs_clarification is True
    assert request.windows == []
    assert suggest_matches(now=now, review_request=request).suggestions == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    [message] = mail.outbox
    assert message.to == ["jane.doe@example.com"]
    assert "whenever works for you" in str(message.body)
    link = re.search(r"https?://[^/\s]+(/availability/fix/\S+/)", str(message.body))
    assert link is not None

    client = Client()
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert client.post(link.group(1), {"text": "Monday 2-4 PM", "action": "save"}).status_code == 302
    request.refresh_from_db()
    assert request.needs_clarification is False
    assert [(w["weekday"], w["start"], w["end"]) for w in request.windows] == [(0, "14:00", "16:00")]
    # Matchable: Monday 2-4 PM Pacific meets Dana Whitfield's Monday 5-6 PM Central slot.
    suggestions = suggest_matches(now=now, review_request=request).suggestions
    assert [s.professional.name for s in suggestions] == ["Dana Whitfield"]
