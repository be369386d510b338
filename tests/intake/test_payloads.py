"""Reading payloads: odd shapes are refused with a 400 naming fields, never an internal error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentormatch.intake.payloads import (
    InvalidSubmission,
    professional_submission_read,
    review_request_submission_read,
)
from tests.intake.conftest import PROFESSIONAL_URL, REVIEW_REQUEST_URL, Poster, fixture_payload

TITLES = [
    "Full Name",
    "Email Address",
    "Discord ID",
    "Availability",
    "Your Time Zone",
    "Specific Available Times",
    "Preferred Days of the Week",
    "Preferred Time Slots (Select all that work for you)",
    "Availability Start Date",
    "Maximum Reviews Per Week",
    "Weekly Availability Grid",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
payloads = st.fixed_dictionaries(
    {},
    optional={
        "form_type": json_values,
        "response_id": json_values,
        "timestamp": json_values,
        "respondent_email": json_values,
        "student_email": json_values,
        "responses": st.dictionaries(st.sampled_from(TITLES) | st.text(max_size=15), json_values, max_size=8)
        | json_values,
        "parsed_data": st.dictionaries(
            st.sampled_from(["name", "email", "start_date", "preferred_days", "time_slots", "timezone"]),
            json_values,
        )
        | json_values,
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
def test_any_json_object_is_read_or_refused_by_name(payload: dict[str, Any]) -> None:
    for read in (professional_submission_read, review_request_submission_read):
        try:
            read(payload)
        except InvalidSubmission as refusal:
            assert refusal.missing or refusal.invalid


def test_the_seed_professional_payload_reads_every_answer() -> None:
    submission = professional_submission_read(fixture_payload("seed_professional_availability.json"))

    assert submission.days == ["Monday", "Wednesday", "Thursday"]
    assert submission.time_slots[0] == "12:00 PM - 1:00 PM"
    assert submission.timezone == "Central Time (CT)"
    assert submission.notes == "Not available the week of Dec 21."
    assert submission.max_sessions_per_week == 3
    assert submission.meeting_formats == ["Video Call (Google Meet/Zoom)"]


def test_question_titles_match_without_their_hint_or_case() -> None:
    payload = {
        "responses": {
            "full name": "Jane Doe",
            "EMAIL ADDRESS": "jane.doe@example.com",
            "Preferred Time Slots": ["5:00 PM - 6:00 PM"],
            "Preferred Days of the Week (pick any)": ["Tuesday"],
        }
    }

    submission = professional_submission_read(payload)

    assert (submission.name, submission.days, submission.time_slots) == (
        "Jane Doe",
        ["Tuesday"],
        ["5:00 PM - 6:00 PM"],
    )


def test_a_title_that_only_starts_like_another_is_not_taken_for_it() -> None:
    payload = {
        "responses": {
            "Full Name": "Jane Doe",
            "Email Address": "jane.doe@example.com",
            "Availability Start Date": "2026-12-01",
        }
    }

    with pytest.raises(InvalidSubmission) as refusal:
        professional_submission_read(payload)

    assert refusal.value.missing == [
        "Specific Available Times (or Preferred Days of the Week and Time Slots)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        [],
        "just a string",
        {"responses": ["Full Name", "Jane Doe"]},
        {"responses": {"Full Name": {"nested": True}, "Email Address": 42, "Availability": None}},
        {"parsed_data": "oops", "responses": {}},
    ],
    ids=["list", "string", "responses-list", "wrong-types", "parsed-data-string"],
)
@pytest.mark.parametrize("url", [PROFESSIONAL_URL, REVIEW_REQUEST_URL])
def test_odd_shapes_get_a_400_not_a_500(post_form: Poster, url: str, body: Any) -> None:
    response = post_form(url, json.dumps(body).encode())

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] in {"malformed_json", "invalid_submission"}


def _professional(**responses: Any) -> dict[str, Any]:
    payload = fixture_payload("seed_professional_availability.json")
    payload.pop("parsed_data", None)
    payload["responses"].update(responses)
    return payload


def _student(**responses: Any) -> dict[str, Any]:
    payload = fixture_payload("seed_review_request.json")
    payload.pop("parsed_data", None)
    payload["responses"].update(responses)
    return payload


def _refusal(read: Any, payload: dict[str, Any]) -> InvalidSubmission:
    with pytest.raises(InvalidSubmission) as refused:
        read(payload)
    return refused.value


@pytest.mark.parametrize("answer", ["-4", "2.5", "99999999999999999999", "0", "21", "lots"])
def test_a_weekly_maximum_outside_1_to_20_is_refused_naming_the_question(answer: str) -> None:
    refusal = _refusal(professional_submission_read, _professional(**{"Maximum Reviews Per Week": answer}))

    assert "from 1 to 20" in refusal.invalid["Maximum Reviews Per Week"]


@pytest.mark.parametrize(("answer", "read"), [("20", 20), ("1", 1), (4, 4), ("3 per week", 3)])
def test_a_weekly_maximum_in_range_is_read_as_given(answer: Any, read: int) -> None:
    submission = professional_submission_read(_professional(**{"Maximum Reviews Per Week": answer}))

    assert submission.max_sessions_per_week == read


@pytest.mark.parametrize("read", [professional_submission_read, review_request_submission_read])
def test_a_bad_email_is_refused_naming_the_forms_question(read: Any) -> None:
    payload = _professional() if read is professional_submission_read else _student()
    payload["responses"]["Email Address"] = "jane.doe@@example"

    refusal = _refusal(read, payload)

    assert "not an email address" in refusal.invalid["Email Address"]


@pytest.mark.parametrize("read", [professional_submission_read, review_request_submission_read])
def test_an_unknown_zone_is_refused_naming_the_forms_question(read: Any) -> None:
    payload = _professional() if read is professional_submission_read else _student()
    payload["responses"]["Your Time Zone"] = "Mars"

    refusal = _refusal(read, payload)

    assert "'Mars' is not a time zone" in refusal.invalid["Your Time Zone"]


def test_nul_characters_are_stripped_from_answers() -> None:
    submission = professional_submission_read(_professional(**{"Full Name": "Jane\x00 Doe"}))

    assert submission.name == "Jane Doe"


def test_a_discord_mention_reads_as_the_discord_id() -> None:
    submission = review_request_submission_read(_student(**{"Discord ID": "<@100000000000000042>"}))

    assert submission.discord_id == "100000000000000042"


def test_a_discord_id_that_is_not_a_number_is_refused_naming_the_question() -> None:
    refusal = _refusal(review_request_submission_read, _student(**{"Discord ID": "jane#1234"}))

    assert "not a Discord id" in refusal.invalid["Discord ID"]


def test_a_grid_answer_sent_as_plain_text_is_read_as_text() -> None:
    payload = _student()
    payload["responses"].pop("Availability", None)
    payload["grid"] = "Monday mornings"

    submission = review_request_submission_read(payload)

    assert "Monday mornings" in submission.availability_text


def test_an_object_in_a_grid_cell_is_left_out_not_shown_as_python() -> None:
    payload = _student()
    payload["grid"] = {"Monday": ["Morning (8 AM - 12 PM)", {"odd": 1}], "Friday": [["x"]]}

    submission = review_request_submission_read(payload)

    assert submission.grid == {"Monday": ["Morning (8 AM - 12 PM)"]}
