"""A response edited in Google Forms keeps its response id: the later version replaces what the first stored.

An edit is told apart from a resend by its timestamp (later) and its answers (different); anything else with a
response id already processed stays a duplicate, so nothing is ever done twice.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ReviewRequest
from tests.intake.conftest import PROFESSIONAL_URL, REVIEW_REQUEST_URL, Poster

pytestmark = pytest.mark.django_db


def _edited(payload: dict[str, Any], *, at: str, times: str) -> dict[str, Any]:
    """The payload of the same response edited at `at` to say `times` (both blocks, like the script)."""
    edited = copy.deepcopy(payload)
    edited["timestamp"] = at
    edited["responses"]["Specific Available Times"] = times
    edited["parsed_data"]["specific_times"] = times
    return edited


def _current_text() -> str:
    return ProfessionalAvailability.objects.get(is_current=True).availability_text


def test_a_later_edit_of_a_response_replaces_the_availability(
    post_form: Poster, professional_payload: dict
) -> None:
    first = post_form(PROFESSIONAL_URL, professional_payload).json()
    edited = _edited(professional_payload, at="2026-11-30T17:05:00.000Z", times="Friday 9-11 AM")

    answer = post_form(PROFESSIONAL_URL, edited)

    assert answer.status_code == 200
    assert answer.json()["status"] == "processed"
    assert answer.json()["edit_of"] == first["delivery_id"]
    assert Professional.objects.count() == 1
    assert _current_text() == "Friday 9-11 AM"
    assert 4 in {
        w["weekday"] for w in ProfessionalAvailability.objects.get(is_current=True).windows
    }  # Friday
    assert ProfessionalAvailability.objects.count() == 2  # the first version stays as history
    revisions = WebhookDelivery.objects.order_by("received_at").values_list("status", "response_revision")
    assert list(revisions) == [("processed", 0), ("processed", 1)]


def test_an_edit_resent_is_a_duplicate(post_form: Poster, professional_payload: dict) -> None:
    edited = _edited(professional_payload, at="2026-11-30T17:05:00.000Z", times="Friday 9-11 AM")
    post_form(PROFESSIONAL_URL, professional_payload)
    post_form(PROFESSIONAL_URL, edited)

    answer = post_form(PROFESSIONAL_URL, edited)

    assert answer.json()["status"] == "duplicate"
    assert ProfessionalAvailability.objects.count() == 2


def test_the_first_version_arriving_after_the_edit_changes_nothing(
    post_form: Poster, professional_payload: dict
) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)
    post_form(
        PROFESSIONAL_URL, _edited(professional_payload, at="2026-11-30T17:05:00.000Z", times="Friday 9-11 AM")
    )

    answer = post_form(PROFESSIONAL_URL, professional_payload)

    assert answer.json()["status"] == "duplicate"
    assert _current_text() == "Friday 9-11 AM"


def test_an_edit_back_to_the_first_answers_is_processed(
    post_form: Poster, professional_payload: dict
) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)
    post_form(
        PROFESSIONAL_URL, _edited(professional_payload, at="2026-11-30T17:05:00.000Z", times="Friday 9-11 AM")
    )
    back = _edited(
        professional_payload,
        at="2026-11-30T18:00:00.000Z",
        times=professional_payload["responses"]["Specific Available Times"],
    )

    assert post_form(PROFESSIONAL_URL, back).json()["status"] == "processed"
    assert _current_text() == "Monday 1-4 PM, Wednesday 2-5 PM"
    assert WebhookDelivery.objects.get(response_revision=2).status == WebhookDelivery.Status.PROCESSED


def test_the_same_answers_with_a_later_timestamp_are_a_duplicate(
    post_form: Poster, professional_payload: dict
) -> None:
    # A sender stamping the time of sending (and a trigger installed twice) must not store a response twice.
    post_form(PROFESSIONAL_URL, professional_payload)
    resent = {**professional_payload, "timestamp": "2026-11-30T16:42:06.000Z", "script_version": "3"}

    assert post_form(PROFESSIONAL_URL, resent).json()["status"] == "duplicate"
    assert ProfessionalAvailability.objects.count() == 1


@pytest.mark.parametrize("timestamp", ["2026-11-30T16:42:05.118Z", "2026-11-30T09:00:00.000Z", None, "soon"])
def test_other_answers_without_a_later_timestamp_are_a_duplicate(
    post_form: Poster, professional_payload: dict, timestamp: str | None
) -> None:
    post_form(PROFESSIONAL_URL, professional_payload)
    changed = _edited(professional_payload, at="", times="Friday 9-11 AM")
    if timestamp is None:
        del changed["timestamp"]
    else:
        changed["timestamp"] = timestamp

    assert post_form(PROFESSIONAL_URL, changed).json()["status"] == "duplicate"
    assert _current_text() == "Monday 1-4 PM, Wednesday 2-5 PM"


def test_an_edited_review_request_updates_the_pending_request(
    post_form: Poster, review_request_payload: dict
) -> None:
    post_form(REVIEW_REQUEST_URL, review_request_payload)
    edited = copy.deepcopy(review_request_payload)
    edited["timestamp"] = "2026-12-01T19:30:00.000Z"
    edited["responses"]["Availability"] = "Thursday 10am-noon"

    answer = post_form(REVIEW_REQUEST_URL, edited)

    assert answer.json()["status"] == "processed"
    request = ReviewRequest.objects.get()
    assert request.availability_text == "Thursday 10am-noon"
    assert [w["weekday"] for w in request.windows] == [3]
    assert request.status_changes.count() == 2


def test_a_failed_first_version_processed_again_after_the_edit_is_a_duplicate(
    client: Client, post_form: Poster, professional_payload: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(
            "mentormatch.intake.services.professional_submission_ingest",
            lambda **kwargs: (_ for _ in ()).throw(RuntimeError("mail server down")),
        )
        assert post_form(PROFESSIONAL_URL, professional_payload).status_code == 500
    failed = WebhookDelivery.objects.get()
    post_form(
        PROFESSIONAL_URL, _edited(professional_payload, at="2026-11-30T17:05:00.000Z", times="Friday 9-11 AM")
    )
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "a-long-password"))

    client.post(
        "/admin/intake/webhookdelivery/", {"action": "process_again", "_selected_action": [failed.pk]}
    )

    failed.refresh_from_db()
    assert failed.status == WebhookDelivery.Status.DUPLICATE
    assert _current_text() == "Friday 9-11 AM"
