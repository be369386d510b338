"""POST /api/forms/professional-availability/ with the original guide's payload, as it is."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import override_settings

from mentormatch.core.availability import Window, merge_windows
from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import Professional, ProfessionalAvailability
from tests.intake.conftest import PROFESSIONAL_URL, Poster

pytestmark = pytest.mark.django_db


def _net(rows: list[dict[str, Any]]) -> set[tuple[int | None, str | None, str, str]]:
    windows = merge_windows(Window.from_json(row) for row in rows)
    return {(w.weekday, w.date.isoformat() if w.date else None, *_hhmm(w)) for w in windows}


def _hhmm(window: Window) -> tuple[str, str]:
    data = window.to_json()
    return data["start"], data["end"]


def test_it_creates_the_professional_from_the_seed_payload(
    post_form: Poster, professional_payload: dict
) -> None:
    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 200, response.json()
    professional = Professional.objects.get()
    assert professional.name == "Dana Whitfield"
    assert professional.email == "dana.whitfield@example.org"
    assert professional.title == "Senior Data Analyst"
    assert professional.company == "Northwind Health"
    assert professional.industries == ["Healthcare", "Technology/Software"]
    assert professional.experience_levels == ["Entry Level (0-2 years)", "Recent Graduates"]
    assert response.json()["professional_id"] == professional.pk


def test_it_reads_central_time_as_america_chicago(post_form: Poster, professional_payload: dict) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)

    assert Professional.objects.get().timezone == "America/Chicago"
    assert ProfessionalAvailability.objects.get().timezone == "America/Chicago"


def test_it_counts_days_times_slots_plus_the_free_text(post_form: Poster, professional_payload: dict) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)

    availability = ProfessionalAvailability.objects.get()
    assert _net(availability.windows) == {
        (0, None, "12:00", "16:00"),
        (0, None, "17:00", "19:00"),
        (2, None, "12:00", "13:00"),
        (2, None, "14:00", "19:00"),
        (3, None, "12:00", "13:00"),
        (3, None, "17:00", "19:00"),
    }


def test_it_keeps_what_was_said_verbatim(post_form: Poster, professional_payload: dict) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)

    availability = ProfessionalAvailability.objects.get()
    assert availability.availability_text == "Monday 1-4 PM, Wednesday 2-5 PM"
    assert availability.form_answers["days"] == ["Monday", "Wednesday", "Thursday"]
    assert availability.form_answers["time_slots"] == [
        "12:00 PM - 1:00 PM",
        "5:00 PM - 6:00 PM",
        "6:00 PM - 7:00 PM",
    ]


def test_it_reads_the_week_of_dec_21_in_the_notes_as_exclusions(
    post_form: Poster, professional_payload: dict
) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)

    excluded_dates = {row["date"] for row in ProfessionalAvailability.objects.get().exclusions}
    assert "2026-12-21" in excluded_dates
    assert "2026-12-24" in excluded_dates
    assert "2026-12-14" not in excluded_dates


def test_it_stores_the_validity_period(post_form: Poster, professional_payload: dict) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)

    availability = ProfessionalAvailability.objects.get()
    assert availability.valid_from == dt.date(2026, 12, 1)
    assert availability.valid_until == dt.date(2026, 12, 31)


def test_max_reviews_per_week_becomes_the_weekly_limit(post_form: Poster, professional_payload: dict) -> None:
    professional_payload["responses"]["Maximum Reviews Per Week"] = "5"
    professional_payload["parsed_data"]["max_reviews_per_week"] = "5"

    post_form(PROFESSIONAL_URL, professional_payload)

    assert Professional.objects.get().max_sessions_per_week == 5


def test_it_accepts_the_responses_block_without_parsed_data(
    post_form: Poster, professional_payload: dict
) -> None:
    del professional_payload["parsed_data"]

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 200
    assert Professional.objects.get().timezone == "America/Chicago"
    assert ProfessionalAvailability.objects.get().valid_until == dt.date(2026, 12, 31)


def test_a_resent_response_id_is_acknowledged_without_doing_anything_twice(
    post_form: Poster, professional_payload: dict
) -> None:
    first = post_form(PROFESSIONAL_URL, professional_payload)
    second = post_form(PROFESSIONAL_URL, professional_payload)

    assert first.status_code == 200 and second.status_code == 200
    assert second.json()["status"] == "duplicate"
    assert Professional.objects.count() == 1
    assert ProfessionalAvailability.objects.count() == 1
    statuses = sorted(WebhookDelivery.objects.values_list("status", flat=True))
    assert statuses == ["duplicate", "processed"]


def test_a_new_response_replaces_the_current_availability_and_keeps_history(
    post_form: Poster, professional_payload: dict
) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)
    professional_payload["response_id"] = "2_second_response"
    professional_payload["parsed_data"]["specific_times"] = "Friday 9-11 AM"
    professional_payload["responses"]["Specific Available Times"] = "Friday 9-11 AM"

    post_form(PROFESSIONAL_URL, professional_payload)

    assert Professional.objects.count() == 1
    history = ProfessionalAvailability.objects.order_by("created_at", "pk")
    assert [a.is_current for a in history] == [False, True]
    assert history[1].availability_text == "Friday 9-11 AM"


def test_it_archives_the_delivery_raw_with_the_secret_redacted(
    post_form: Poster, professional_payload: dict
) -> None:
    body = json.dumps(professional_payload).encode()

    post_form(PROFESSIONAL_URL, body)

    delivery = WebhookDelivery.objects.get()
    assert delivery.body == body.decode()
    assert delivery.response_id == "2_ABaOnudXq3Lw9Yk7cTqR2mPz"
    assert delivery.form_type == "professional_availability"
    assert delivery.status == WebhookDelivery.Status.PROCESSED
    assert delivery.headers["X-Form-Secret"] == "[redacted]"
    assert ProfessionalAvailability.objects.get().delivery == delivery


def test_a_wrong_secret_gets_401_and_creates_nothing(post_form: Poster, professional_payload: dict) -> None:
    response = post_form(PROFESSIONAL_URL, professional_payload, secret="not-the-secret")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_secret"
    assert not Professional.objects.exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.REJECTED
    assert "X-Form-Secret" in delivery.error


def test_no_credentials_at_all_gets_401(post_form: Poster, professional_payload: dict) -> None:
    response = post_form(PROFESSIONAL_URL, professional_payload, secret=None)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_credentials"
    assert not Professional.objects.exists()


@override_settings(FORM_WEBHOOK_ALLOW_SHARED_SECRET=False)
def test_the_shared_secret_is_refused_once_it_is_turned_off(
    post_form: Poster, professional_payload: dict
) -> None:
    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 401
    assert not Professional.objects.exists()


def test_an_empty_submission_gets_400_naming_the_missing_fields(post_form: Poster) -> None:
    payload = {"form_type": "professional_availability", "response_id": "2_empty", "responses": {}}

    response = post_form(PROFESSIONAL_URL, payload)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_submission"
    assert "Full Name" in error["missing"] and "Email Address" in error["missing"]
    assert "Full Name" in error["message"]
    assert not Professional.objects.exists()
    assert not ProfessionalAvailability.objects.exists()
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_a_submission_without_any_availability_gets_400(
    post_form: Poster, professional_payload: dict
) -> None:
    del professional_payload["parsed_data"]
    for title in (
        "Specific Available Times",
        "Preferred Days of the Week",
        "Preferred Time Slots (Select all that work for you)",
    ):
        professional_payload["responses"][title] = "" if "Specific" in title else []

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 400
    assert any("Specific Available Times" in field for field in response.json()["error"]["missing"])
    assert not Professional.objects.exists()


def test_malformed_json_gets_400_and_is_archived(post_form: Poster) -> None:
    response = post_form(PROFESSIONAL_URL, b'{"form_type": "professional_availability", ')

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.REJECTED
    assert delivery.body == '{"form_type": "professional_availability", '


@override_settings(FORM_WEBHOOK_MAX_BYTES=2048)
def test_an_oversized_body_gets_413_and_its_beginning_is_archived(
    post_form: Poster, professional_payload: dict
) -> None:
    professional_payload["responses"]["Special Notes or Requirements"] = "x" * 5000

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert not Professional.objects.exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.REJECTED
    assert len(delivery.body) == 2048


def test_a_review_request_posted_here_is_refused(post_form: Poster, review_request_payload: dict) -> None:
    response = post_form(PROFESSIONAL_URL, review_request_payload)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "wrong_form_type"
    assert not Professional.objects.exists()


def test_a_processing_failure_keeps_the_delivery_as_failed_with_the_error(
    post_form: Poster, professional_payload: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr("mentormatch.intake.services.professional_submission_ingest", broken)

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "processing_failed"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "database went away" in delivery.error
    assert delivery.body


def test_a_failed_delivery_can_be_resent_and_then_processes(
    post_form: Poster, professional_payload: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(
            "mentormatch.intake.services.professional_submission_ingest",
            lambda **kwargs: (_ for _ in ()).throw(RuntimeError("temporary")),
        )
        post_form(PROFESSIONAL_URL, professional_payload)

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 200
    assert response.json()["status"] == "processed"
    assert ProfessionalAvailability.objects.count() == 1


def test_unreadable_availability_marks_the_professional_for_clarification(
    post_form: Poster, professional_payload: dict
) -> None:
    del professional_payload["parsed_data"]
    professional_payload["responses"]["Specific Available Times"] = "whenever works for you"
    professional_payload["responses"]["Preferred Days of the Week"] = []
    professional_payload["responses"]["Preferred Time Slots (Select all that work for you)"] = []

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 200
    assert response.json()["needs_clarification"] is True
    assert Professional.objects.get().needs_clarification is True
    assert ProfessionalAvailability.objects.get().warnings


@override_settings(FORM_WEBHOOK_SECRET="")
def test_without_a_configured_secret_every_delivery_is_refused_with_503(
    post_form: Poster, professional_payload: dict
) -> None:
    response = post_form(PROFESSIONAL_URL, professional_payload, secret="")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_configured"
    assert not Professional.objects.exists()
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_an_end_date_far_in_the_future_is_stored_as_no_end_date(
    post_form: Poster, professional_payload: dict
) -> None:
    professional_payload.pop("parsed_data", None)
    professional_payload["responses"]["Availability End Date"] = "9999-12-31"

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 200, response.json()
    assert ProfessionalAvailability.objects.get().valid_until is None
    assert any("no end date" in warning for warning in response.json()["warnings"])


def test_a_start_date_before_1900_is_refused_naming_the_question(
    post_form: Poster, professional_payload: dict
) -> None:
    professional_payload.pop("parsed_data", None)
    professional_payload["responses"]["Availability Start Date"] = "0001-01-01"

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 400
    assert "Availability Start Date" in response.json()["error"]["invalid"]
    assert not Professional.objects.exists()


def test_deeply_nested_json_is_refused_as_malformed(post_form: Poster) -> None:
    body = b'{"responses": ' + b"[" * 5000 + b"]" * 5000 + b"}"

    response = post_form(PROFESSIONAL_URL, body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


def test_the_admin_page_of_a_deeply_nested_delivery_shows_its_body(
    post_form: Poster, admin_client: Any
) -> None:
    body = b'{"responses": ' + b"[" * 5000 + b"]" * 5000 + b', "x": "<b>"}'
    delivery_id = post_form(PROFESSIONAL_URL, body).json()["error"]["delivery_id"]

    page = admin_client.get(f"/admin/intake/webhookdelivery/{delivery_id}/change/")

    assert page.status_code == 200
    assert b"[[[[" in page.content
    assert b"&lt;b&gt;" in page.content


def test_nul_characters_in_answers_are_not_stored(post_form: Poster, professional_payload: dict) -> None:
    professional_payload["parsed_data"]["name"] = "Dana\x00 Whitfield"
    professional_payload["responses"]["Full Name"] = "Dana\x00 Whitfield"
    professional_payload["parsed_data"]["notes"] = "Not available\x00 the week of Dec 21."

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 200, response.json()
    assert Professional.objects.get().name == "Dana Whitfield"
    assert "\x00" not in json.dumps(ProfessionalAvailability.objects.get().form_answers)


def test_a_raw_nul_byte_in_the_body_is_archived_and_refused(post_form: Poster) -> None:
    response = post_form(PROFESSIONAL_URL, b'{"form_type": "professional_availability\x00"}')

    assert response.status_code == 400
    assert "\ufffd" in WebhookDelivery.objects.get().body


def test_an_unknown_zone_is_refused_naming_the_question(
    post_form: Poster, professional_payload: dict
) -> None:
    professional_payload["parsed_data"]["timezone"] = "Mars"
    professional_payload["responses"]["Your Time Zone"] = "Mars"

    response = post_form(PROFESSIONAL_URL, professional_payload)

    assert response.status_code == 400
    assert "Your Time Zone" in response.json()["error"]["invalid"]
    assert not Professional.objects.exists()
