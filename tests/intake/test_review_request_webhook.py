"""POST /api/forms/review-request/ with the student form's payload, as the original guide sends it."""

from __future__ import annotations

import pytest

from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import ReviewRequest, Student
from tests.intake.conftest import REVIEW_REQUEST_URL, Poster

pytestmark = pytest.mark.django_db


def test_it_creates_the_student_and_a_pending_request(
    post_form: Poster, review_request_payload: dict
) -> None:
    response = post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert response.status_code == 200, response.json()
    student = Student.objects.get()
    assert student.name == "Jordan Reyes"
    assert student.discord_id == "100000000000000042"
    assert student.discord_username == "jreyes_27"
    assert student.email == "jordan.reyes@example.edu"
    request = ReviewRequest.objects.get()
    assert request.status == ReviewRequest.Status.PENDING
    assert request.target_industry == "Healthcare"
    assert request.target_role == "Data Analyst Intern"
    assert request.resume_link == "https://example.edu/files/jreyes-resume.pdf"
    assert response.json()["review_request_id"] == request.pk


def test_it_reads_eastern_time_and_the_free_text(post_form: Poster, review_request_payload: dict) -> None:
    post_form(REVIEW_REQUEST_URL, review_request_payload)

    request = ReviewRequest.objects.get()
    assert request.timezone == "America/New_York"
    assert request.student.timezone == "America/New_York"
    spans = {(row["weekday"], row["start"], row["end"]) for row in request.windows}
    assert (0, "15:00", "17:00") in spans
    assert (2, "12:00", "17:00") in spans
    assert request.needs_clarification is False


def test_it_records_the_submission_in_the_status_history(
    post_form: Poster, review_request_payload: dict
) -> None:
    post_form(REVIEW_REQUEST_URL, review_request_payload)

    change = ReviewRequest.objects.get().status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("", "pending", "form")


def test_a_second_submission_updates_the_pending_request(
    post_form: Poster, review_request_payload: dict
) -> None:
    post_form(REVIEW_REQUEST_URL, review_request_payload)
    review_request_payload["response_id"] = "2_second"
    review_request_payload["responses"]["Availability"] = "Friday 10am-noon"

    post_form(REVIEW_REQUEST_URL, review_request_payload)

    request = ReviewRequest.objects.get()
    assert request.availability_text == "Friday 10am-noon"
    assert {row["weekday"] for row in request.windows} == {4}
    assert request.status_changes.count() == 2


def test_a_student_with_a_finished_request_gets_a_new_one(
    post_form: Poster, review_request_payload: dict
) -> None:
    post_form(REVIEW_REQUEST_URL, review_request_payload)
    ReviewRequest.objects.update(status=ReviewRequest.Status.COMPLETED)
    review_request_payload["response_id"] = "2_next_term"

    post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert Student.objects.count() == 1
    assert sorted(ReviewRequest.objects.values_list("status", flat=True)) == ["completed", "pending"]


def test_a_resent_response_id_creates_nothing_more(post_form: Poster, review_request_payload: dict) -> None:
    post_form(REVIEW_REQUEST_URL, review_request_payload)
    response = post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert response.status_code == 200
    assert response.json()["status"] == "duplicate"
    assert ReviewRequest.objects.get().status_changes.count() == 1


def test_a_request_without_discord_id_or_email_gets_400(
    post_form: Poster, review_request_payload: dict
) -> None:
    del review_request_payload["student_email"]
    del review_request_payload["responses"]["Discord ID"]

    response = post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert response.status_code == 400
    assert response.json()["error"]["missing"] == ["Email Address (or Discord ID)"]
    assert not Student.objects.exists()
    assert not ReviewRequest.objects.exists()


def test_a_request_without_availability_gets_400(post_form: Poster, review_request_payload: dict) -> None:
    review_request_payload["responses"]["Availability"] = "   "

    response = post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert response.status_code == 400
    assert response.json()["error"]["missing"] == ["Availability"]
    assert not Student.objects.exists()


def test_an_empty_submission_gets_400_and_is_archived(post_form: Poster) -> None:
    response = post_form(REVIEW_REQUEST_URL, {"form_type": "resume_review_request", "responses": {}})

    assert response.status_code == 400
    assert set(response.json()["error"]["missing"]) == {
        "Full Name",
        "Email Address (or Discord ID)",
        "Availability",
    }
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED


def test_a_discord_id_that_is_not_a_number_gets_400(post_form: Poster, review_request_payload: dict) -> None:
    review_request_payload["responses"]["Discord ID"] = "jreyes_27"

    response = post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert response.status_code == 400
    assert "Discord ID" in response.json()["error"]["invalid"]
    assert not Student.objects.exists()


def test_a_wrong_secret_gets_401(post_form: Poster, review_request_payload: dict) -> None:
    response = post_form(REVIEW_REQUEST_URL, review_request_payload, secret="guess")

    assert response.status_code == 401
    assert not Student.objects.exists()


def test_an_overlong_answer_gets_400_naming_it(post_form: Poster, review_request_payload: dict) -> None:
    review_request_payload["responses"]["Full Name"] = "Jordan " * 60

    response = post_form(REVIEW_REQUEST_URL, review_request_payload)

    assert response.status_code == 400
    assert "name" in response.json()["error"]["message"]
    assert not Student.objects.exists()
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.REJECTED
