"""The bot API through the test client: authentication, the action registry, every action and its errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from mentormatch.scheduling.api import bot
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ScheduledSession,
    SessionEvent,
    Student,
)
from tests.scheduling.conftest import ADMIN, SECRET, Call
from tests.scheduling.seed_people import STUDENT_DISCORD_ID, dana, jordan, professional_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> Iterator[tuple[Professional, ReviewRequest]]:
    yield dana(), jordan()


def _book(call: Call, time: str = "Monday 3:30 PM") -> Any:
    return call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Dana Whitfield",
        scheduled_time=time,
        actor_discord_id=ADMIN,
    )


# --- authentication and the registry ----------------------------------------------------------------


def test_a_call_without_the_secret_is_refused_with_401(call: Call) -> None:
    response = call("pending-reviews", secret=None)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_wrong_secret_is_refused_with_401(call: Call) -> None:
    response = call("pending-reviews", secret="guess")
    assert response.status_code == 401
    assert "X-Bot-Secret" in response.json()["error"]["message"]


def test_an_unknown_action_gets_400_listing_the_valid_actions(call: Call) -> None:
    response = call("make-coffee")
    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == "unknown_action"
    assert "suggest-matches" in error["actions"] and "schedule-session" in error["actions"]
    assert "suggest-matches" in error["message"]


def test_a_body_without_an_action_gets_400(call: Call) -> None:
    response = call(None, discord_id=STUDENT_DISCORD_ID)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("No action given.")


def test_a_new_action_is_one_function_and_one_decorator(call: Call) -> None:
    class EchoInput(bot.BotActionInput):
        word = bot.serializers.CharField()

    @bot.bot_action("echo-for-test", EchoInput)
    def echo(call: bot.BotCall) -> dict[str, Any]:
        return {"word": call.data["word"], "actor": call.actor}

    try:
        response = call("echo-for-test", word="hello", actor_discord_id=ADMIN)
        assert response.json() == {"word": "hello", "actor": f"discord:{ADMIN}"}
    finally:
        del bot.BOT_ACTIONS["echo-for-test"]


def test_the_schema_describes_the_bot_endpoint_and_every_action(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/bot/" in schema["paths"]
    mapping = schema["components"]["schemas"]["BotRequest"]["discriminator"]["mapping"]
    assert {"suggest-matches", "schedule-session", "cancel-session", "student-link"} <= set(mapping)


# --- requests ----------------------------------------------------------------------------------------


def test_pending_reviews_lists_the_waiting_requests(call: Call, seeded: Any) -> None:
    data = call("pending-reviews").json()
    assert data["count"] == 1
    assert data["requests"][0]["student"]["discord_id"] == STUDENT_DISCORD_ID
    assert data["requests"][0]["target_role"] == "Data Analyst Intern"


def test_review_status_shows_the_request_and_its_session(call: Call, seeded: Any) -> None:
    _book(call)
    data = call("review-status", discord_id=STUDENT_DISCORD_ID).json()
    request = data["requests"][0]
    assert (request["status"], request["session"]["start"]) == ("scheduled", "2026-12-07T20:30:00+00:00")


def test_review_status_of_an_unknown_student_is_404(call: Call) -> None:
    response = call("review-status", discord_id="1")
    assert response.status_code == 404
    assert "!resume" in response.json()["error"]["message"]


def test_review_stats_answers_with_numbers(call: Call, seeded: Any) -> None:
    response = call("review-stats")
    assert response.status_code == 200
    assert isinstance(response.json(), dict) and response.json()


# --- matching ----------------------------------------------------------------------------------------


def test_suggest_matches_lists_dana_with_the_overlaps_in_eastern_time(call: Call, seeded: Any) -> None:
    data = call("suggest-matches", discord_id=STUDENT_DISCORD_ID).json()
    first = data["suggestions"][0]
    assert first["professional"]["name"] == "Dana Whitfield"
    assert [o["label"] for o in first["overlaps"]] == [
        "Monday 3:00-5:00 PM EST",
        "Wednesday 1:00-2:00 PM EST",
        "Wednesday 3:00-5:00 PM EST",
    ]
    assert first["slots"][0]["start"] == "2026-12-07T15:00:00-05:00"
    assert first["reasons"] and 0 < first["score"] <= 100


def test_suggest_matches_says_why_when_nobody_fits(call: Call) -> None:
    jordan(text="whenever works")
    data = call("suggest-matches", discord_id=STUDENT_DISCORD_ID).json()
    assert data["suggestions"] == []
    assert data["reason"] == "no_student_availability"
    assert data["message"]


def test_suggest_matches_needs_a_discord_id(call: Call) -> None:
    response = call("suggest-matches")
    assert response.status_code == 400
    assert "discord_id" in response.json()["error"]["message"]


# --- sessions ----------------------------------------------------------------------------------------


def test_schedule_session_books_monday_three_thirty_as_twenty_thirty_utc(call: Call, seeded: Any) -> None:
    response = _book(call)
    session = response.json()["session"]
    assert response.status_code == 200
    assert (session["start"], session["end"]) == ("2026-12-07T20:30:00+00:00", "2026-12-07T21:00:00+00:00")
    assert session["local_time"] == "Mon Dec 7, 3:30 PM EST"
    assert session["scheduled_by"] == f"discord:{ADMIN}"


def test_schedule_session_refuses_monday_nine_am_with_alternatives(call: Call, seeded: Any) -> None:
    response = _book(call, "Monday 9:00 AM")
    error = response.json()["error"]
    assert response.status_code == 409
    assert error["code"] == "outside_availability"
    assert error["alternatives"][0] == {
        "start": "2026-12-07T20:00:00+00:00",
        "end": "2026-12-07T20:30:00+00:00",
        "label": "Mon Dec 7, 3:00 PM EST",
    }


def test_schedule_session_of_a_slot_another_student_holds_says_already_booked(
    call: Call, seeded: Any
) -> None:
    _book(call)
    request = seeded[1]
    other = Student.objects.create(
        name="Jane Doe", discord_id="100000000000000077", timezone=request.timezone
    )
    ReviewRequest.objects.create(student=other, timezone=request.timezone, windows=request.windows)
    response = call(
        "schedule-session",
        discord_id="100000000000000077",
        professional_name="Dana Whitfield",
        scheduled_time="Monday 3:30 PM",
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "already_booked")


def test_schedule_session_with_an_unknown_professional_is_404(call: Call, seeded: Any) -> None:
    response = call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Nobody",
        scheduled_time="Monday 3 PM",
    )
    assert response.status_code == 404


def test_schedule_session_without_a_time_is_400_naming_the_field(call: Call, seeded: Any) -> None:
    response = call("schedule-session", discord_id=STUDENT_DISCORD_ID, professional_name="Dana Whitfield")
    assert response.status_code == 400
    assert "scheduled_time" in response.json()["error"]["message"]


def test_schedule_session_with_an_unreadable_time_is_400(call: Call, seeded: Any) -> None:
    response = _book(call, "whenever")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_time")


def test_cancel_session_cancels_the_students_next_session_and_records_the_actor(
    call: Call, seeded: Any
) -> None:
    _book(call)
    response = call("cancel-session", discord_id=STUDENT_DISCORD_ID, reason="exam", actor_discord_id="7")
    assert response.json()["session"]["status"] == "cancelled"
    assert SessionEvent.objects.filter(kind="cancelled", actor="discord:7").exists()


def test_cancel_session_without_an_upcoming_session_is_404(call: Call, seeded: Any) -> None:
    response = call("cancel-session", discord_id=STUDENT_DISCORD_ID)
    assert response.status_code == 404


def test_cancel_session_needs_a_session_or_a_student(call: Call) -> None:
    response = call("cancel-session")
    assert response.status_code == 400


def test_reschedule_session_moves_the_session(call: Call, seeded: Any) -> None:
    _book(call)
    response = call("reschedule-session", discord_id=STUDENT_DISCORD_ID, scheduled_time="Wednesday 1:00 PM")
    session = response.json()["session"]
    assert (session["start"], session["sequence"]) == ("2026-12-09T18:00:00+00:00", 1)


def test_reschedule_session_to_a_busy_time_is_refused_with_alternatives(call: Call, seeded: Any) -> None:
    _book(call)
    response = call("reschedule-session", discord_id=STUDENT_DISCORD_ID, scheduled_time="Tuesday 1:00 PM")
    assert response.status_code == 409
    assert response.json()["error"]["alternatives"]


def test_reschedule_session_of_a_session_that_ended_is_409_and_sends_nothing(
    call: Call, clock: Any, seeded: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session_id = _book(call).json()["session"]["id"]
    clock(dt.datetime(2026, 12, 7, 21, 30, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = call("reschedule-session", session_id=session_id, scheduled_time="Wednesday 1:00 PM")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "session_ended")
    assert "cannot be rescheduled" in response.json()["error"]["message"]
    assert callbacks == []
    session = ScheduledSession.objects.get(pk=session_id)
    assert (session.start, session.sequence) == (dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC), 0)


def test_reschedule_session_to_an_inactive_professional_is_409_inactive(call: Call, seeded: Any) -> None:
    professional_with("Riley Park", "Weekdays 9am-5pm", active=False)
    session_id = _book(call).json()["session"]["id"]
    response = call(
        "reschedule-session",
        session_id=session_id,
        scheduled_time="Wednesday 1:00 PM",
        new_professional_name="Riley Park",
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "inactive")
    session = ScheduledSession.objects.select_related("professional").get(pk=session_id)
    assert (session.professional.name, session.sequence) == ("Dana Whitfield", 0)


def test_complete_session_after_it_started(call: Call, clock: Any, seeded: Any) -> None:
    session_id = _book(call).json()["session"]["id"]
    clock(dt.datetime(2026, 12, 7, 21, 5, tzinfo=dt.UTC))
    response = call("complete-session", discord_id=STUDENT_DISCORD_ID, actor_discord_id=ADMIN)
    assert response.json()["session"]["status"] == "completed"
    assert ScheduledSession.objects.get(pk=session_id).status == "completed"


def test_complete_session_before_it_started_is_refused(call: Call, seeded: Any) -> None:
    session_id = _book(call).json()["session"]["id"]
    response = call("complete-session", session_id=session_id)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "not_started")


def test_mark_no_show_records_who_did_not_come(call: Call, clock: Any, seeded: Any) -> None:
    _book(call)
    clock(dt.datetime(2026, 12, 7, 21, 5, tzinfo=dt.UTC))
    response = call("mark-no-show", discord_id=STUDENT_DISCORD_ID, absent="professional")
    assert response.json()["session"]["status"] == "no_show"
    assert ReviewRequest.objects.get().status == "pending"


def test_mark_no_show_refuses_an_unknown_absentee(call: Call, seeded: Any) -> None:
    response = call("mark-no-show", discord_id=STUDENT_DISCORD_ID, absent="everyone")
    assert response.status_code == 400


# --- professionals -----------------------------------------------------------------------------------


def test_add_professional_creates_then_updates(call: Call) -> None:
    first = call("add-professional", name="Jane Doe", specialties="Marketing, Design").json()
    again = call("add-professional", name="Jane Doe", specialties="Marketing").json()
    assert (first["created"], again["created"]) == (True, False)
    assert Professional.objects.get().specialties == "Marketing"


def test_add_professional_needs_a_name(call: Call) -> None:
    response = call("add-professional", specialties="Marketing")
    assert response.status_code == 400
    assert "name" in response.json()["error"]["message"]


def test_list_professionals_says_who_has_availability(call: Call, seeded: Any) -> None:
    call("add-professional", name="Jane Doe", specialties="Marketing")
    data = call("list-professionals").json()
    assert [(p["name"], p["has_availability"]) for p in data["professionals"]] == [
        ("Dana Whitfield", True),
        ("Jane Doe", False),
    ]


def test_add_professional_availability_reads_the_text_and_makes_them_matchable(call: Call) -> None:
    jordan()
    response = call(
        "add-professional-availability",
        professional_name="Jane Doe",
        availability_text="Mondays 3-5pm",
        timezone="ET",
        actor_discord_id=ADMIN,
    )
    data = response.json()
    assert (data["created"], data["availability"]["windows"]) == (
        True,
        [{"weekday": 0, "date": None, "start": "15:00", "end": "17:00", "tz": None}],
    )
    assert ProfessionalAvailability.objects.get().source == "bot"
    names = [
        s["professional"]["name"]
        for s in call("suggest-matches", discord_id=STUDENT_DISCORD_ID).json()["suggestions"]
    ]
    assert names == ["Jane Doe"]


# --- the form link for !resume ----------------------------------------------------------------------


def test_student_link_is_prefilled_with_the_discord_id(call: Call, settings: Any) -> None:
    settings.STUDENT_FORM_URL = "https://docs.google.com/forms/d/e/abc/viewform"
    settings.STUDENT_FORM_DISCORD_ID_ENTRY = "entry.123456"
    data = call("student-link", discord_id=STUDENT_DISCORD_ID).json()
    assert data == {
        "url": f"https://docs.google.com/forms/d/e/abc/viewform?usp=pp_url&entry.123456={STUDENT_DISCORD_ID}",
        "prefilled": True,
    }


def test_resume_gives_the_plain_link_without_an_entry_id(call: Call, settings: Any) -> None:
    settings.STUDENT_FORM_URL = "https://docs.google.com/forms/d/e/abc/viewform"
    settings.STUDENT_FORM_DISCORD_ID_ENTRY = ""
    assert call("resume", discord_id=STUDENT_DISCORD_ID).json() == {
        "url": "https://docs.google.com/forms/d/e/abc/viewform",
        "prefilled": False,
    }


def test_student_link_without_a_configured_form_says_so(call: Call, settings: Any) -> None:
    settings.STUDENT_FORM_URL = ""
    response = call("student-link", discord_id=STUDENT_DISCORD_ID)
    assert (response.status_code, response.json()["error"]["code"]) == (503, "form_not_configured")


def test_pending_reviews_refuses_a_limit_of_zero(call: Call) -> None:
    response = call("pending-reviews", limit=0)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid")


def test_add_professional_availability_needs_the_text(call: Call) -> None:
    response = call("add-professional-availability", professional_name="Jane Doe")
    assert response.status_code == 400
    assert "availability_text" in response.json()["error"]["message"]
    assert not Professional.objects.exists()


def test_list_professionals_can_leave_out_inactive_ones(call: Call, seeded: Any) -> None:
    call("add-professional", name="Jane Doe", specialties="Marketing")
    Professional.objects.filter(name="Jane Doe").update(active=False)
    names = [p["name"] for p in call("list-professionals", active_only=True).json()["professionals"]]
    assert names == ["Dana Whitfield"]


def test_schedule_session_for_a_student_without_a_request_says_so(call: Call) -> None:
    dana()
    from mentormatch.scheduling.models import Student

    Student.objects.create(name="Jane Doe", discord_id=STUDENT_DISCORD_ID)
    response = _book(call)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "no_review_request")


# --- far dates, one session per request, Discord mentions, notes --------------------------------------


def test_suggest_matches_answers_when_an_availability_is_valid_until_9999(call: Call, seeded: Any) -> None:
    professional_with("Jane Doe", "Monday 3-5 PM")
    ProfessionalAvailability.objects.update(valid_until=dt.date(9999, 12, 31))
    response = call("suggest-matches", discord_id=STUDENT_DISCORD_ID)
    assert response.status_code == 200
    names = {s["professional"]["name"] for s in response.json()["suggestions"]}
    assert names == {"Dana Whitfield", "Jane Doe"}


def test_auto_match_answers_when_an_availability_is_valid_until_9999(call: Call, seeded: Any) -> None:
    professional_with("Jane Doe", "Monday 3-5 PM")
    ProfessionalAvailability.objects.update(valid_until=dt.date(9999, 12, 31))
    response = call("auto-match", time_limit_seconds=5)
    assert response.status_code == 200, response.json()


def test_suggest_matches_skips_a_professional_whose_stored_zone_is_unknown(call: Call, seeded: Any) -> None:
    broken = professional_with("Jane Doe", "Monday 3-5 PM")
    ProfessionalAvailability.objects.filter(professional=broken).update(timezone="Mars/Olympus_Mons")
    response = call("suggest-matches", discord_id=STUDENT_DISCORD_ID)
    assert response.status_code == 200
    assert [s["professional"]["name"] for s in response.json()["suggestions"]] == ["Dana Whitfield"]


@pytest.mark.parametrize("time", ["9999-12-31 23:00", "12/31/9999 11:30pm"])
def test_schedule_session_at_the_end_of_the_calendar_is_a_400_too_far_ahead(
    call: Call, seeded: Any, time: str
) -> None:
    response = _book(call, time)
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "too_far_ahead",
        "message": "That time is too far ahead: book within the next 90 days.",
    }


@pytest.mark.parametrize("time", ["9999-12-31 23:00", "12/31/9999 11:30pm"])
def test_reschedule_session_to_the_end_of_the_calendar_is_a_400_too_far_ahead(
    call: Call, seeded: Any, time: str
) -> None:
    _book(call)
    response = call("reschedule-session", discord_id=STUDENT_DISCORD_ID, scheduled_time=time)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "too_far_ahead")


def test_schedule_session_twice_for_one_request_is_409_naming_the_session(call: Call, seeded: Any) -> None:
    first = _book(call).json()["session"]
    response = _book(call, "Wednesday 1:00 PM")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "already_scheduled"
    assert error["session"]["id"] == first["id"]
    assert "reschedule-session" in error["message"]
    assert ScheduledSession.objects.filter(status="scheduled").count() == 1


def test_schedule_session_answers_with_an_empty_list_of_notes_for_an_ordinary_time(
    call: Call, seeded: Any
) -> None:
    assert _book(call).json()["notes"] == []


def test_reschedule_session_to_its_own_time_changes_nothing(call: Call, seeded: Any) -> None:
    _book(call)
    response = call("reschedule-session", discord_id=STUDENT_DISCORD_ID, scheduled_time="Monday 3:30 PM")
    assert response.status_code == 200
    body = response.json()
    assert body["changed"] is False
    assert "already at that time" in body["notes"][0]
    assert body["session"]["sequence"] == 0


def test_cancel_session_of_a_session_that_ended_is_409(call: Call, clock: Any, seeded: Any) -> None:
    session_id = _book(call).json()["session"]["id"]
    clock(dt.datetime(2026, 12, 7, 21, 30, tzinfo=dt.UTC))
    response = call("cancel-session", session_id=session_id)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "session_ended")
    assert "complete-session" in response.json()["error"]["message"]


@pytest.mark.parametrize("mention", [f"<@{STUDENT_DISCORD_ID}>", f"<@!{STUDENT_DISCORD_ID}>"])
def test_a_discord_mention_works_as_the_students_discord_id(call: Call, seeded: Any, mention: str) -> None:
    assert call("suggest-matches", discord_id=mention).json()["student"]["discord_id"] == STUDENT_DISCORD_ID
    booked = call(
        "schedule-session",
        discord_id=mention,
        professional_name="Dana Whitfield",
        scheduled_time="Monday 3:30 PM",
        actor_discord_id=f"<@{ADMIN}>",
    )
    assert booked.status_code == 200
    assert SessionEvent.objects.filter(kind="booked", actor=f"discord:{ADMIN}").exists()
    assert call("review-status", discord_id=mention).status_code == 200
    assert call("cancel-session", discord_id=mention).json()["session"]["status"] == "cancelled"


def test_a_discord_id_that_is_not_one_is_a_400_naming_the_field(call: Call, seeded: Any) -> None:
    response = call("suggest-matches", discord_id="@jordan")
    assert response.status_code == 400
    assert "discord_id" in response.json()["error"]["message"]


# --- professional names: one shared lookup ------------------------------------------------------------


def test_schedule_session_finds_a_professional_by_a_unique_part_of_the_name(call: Call, seeded: Any) -> None:
    response = call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="whitfield",
        scheduled_time="Monday 3:30 PM",
    )
    assert response.status_code == 200
    assert response.json()["session"]["professional"]["name"] == "Dana Whitfield"


def test_schedule_session_with_an_ambiguous_name_is_400_listing_the_candidates(
    call: Call, seeded: Any
) -> None:
    professional_with("Dana Whitmore", "Monday 3-5 PM")
    response = call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Dana Whit",
        scheduled_time="Monday 3:30 PM",
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "ambiguous_name")
    assert {c["name"] for c in response.json()["error"]["candidates"]} == {"Dana Whitfield", "Dana Whitmore"}


def test_schedule_session_with_a_misspelt_name_is_404_suggesting_the_right_one(
    call: Call, seeded: Any
) -> None:
    response = call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Dana Whitfeld",
        scheduled_time="Monday 3:30 PM",
    )
    assert response.status_code == 404
    assert "Did you mean: Dana Whitfield?" in response.json()["error"]["message"]


def test_add_professional_availability_with_part_of_a_name_updates_that_professional(
    call: Call, seeded: Any
) -> None:
    before = Professional.objects.count()
    response = call(
        "add-professional-availability", professional_name="Whitfield", availability_text="Tuesdays 2-4pm"
    )
    assert response.status_code == 200
    assert (response.json()["professional"]["name"], response.json()["created"]) == ("Dana Whitfield", False)
    assert Professional.objects.count() == before


def test_add_professional_availability_with_an_ambiguous_name_creates_nobody(call: Call, seeded: Any) -> None:
    professional_with("Dana Whitmore", "Monday 3-5 PM")
    before = Professional.objects.count()
    response = call(
        "add-professional-availability", professional_name="Dana", availability_text="Tuesdays 2-4pm"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "ambiguous_name")
    assert Professional.objects.count() == before


def test_add_professional_availability_with_a_new_name_creates_the_professional(
    call: Call, seeded: Any
) -> None:
    response = call(
        "add-professional-availability", professional_name="Jane Doe", availability_text="Tuesdays 2-4pm"
    )
    assert (response.status_code, response.json()["created"]) == (200, True)


def test_cancel_session_narrowed_by_part_of_the_professionals_name(call: Call, seeded: Any) -> None:
    _book(call)
    response = call("cancel-session", discord_id=STUDENT_DISCORD_ID, professional_name="whitfield")
    assert response.json()["session"]["status"] == "cancelled"


# --- the body must be a JSON object ------------------------------------------------------------------

INVALID_BODY = 'The body must be a JSON object ({"action": ...}) sent with Content-Type: application/json.'


@pytest.mark.parametrize(
    ("body", "content_type", "received"),
    [
        ("[1, 2]", "application/json", "JSON array"),
        ('"x"', "application/json", "JSON string"),
        ("null", "application/json", "JSON null"),
        ("3", "application/json", "JSON number"),
        ("", "application/json", "an empty body"),
        ("{oops", "application/json", "text that is not JSON"),
        ('{"action": "review-stats"}', "", "no Content-Type"),
        (
            "action=review-stats",
            "application/x-www-form-urlencoded",
            "Content-Type application/x-www-form-urlencoded",
        ),
        ('{"action": "review-stats"}', "text/plain", "Content-Type text/plain"),
    ],
    ids=["list", "string", "null", "number", "empty", "not json", "no content type", "form", "text"],
)
def test_a_body_that_is_not_a_json_object_is_a_400_saying_what_the_body_must_be(
    client: Client, body: str, content_type: str, received: str
) -> None:
    # CONTENT_TYPE given as well: the test client leaves it out for an empty body, curl does not.
    response = client.generic(
        "POST",
        "/api/bot/",
        body,
        content_type=content_type,
        CONTENT_TYPE=content_type,
        HTTP_X_BOT_SECRET="test-bot-secret",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("invalid_body", INVALID_BODY)
    assert error["received"].startswith(received)


def test_a_json_object_with_a_charset_in_the_content_type_is_read(client: Client) -> None:
    response = client.generic(
        "POST",
        "/api/bot/",
        '{"action": "review-stats"}',
        content_type="application/json; charset=utf-8",
        HTTP_X_BOT_SECRET="test-bot-secret",
    )

    assert response.status_code == 200
    assert "requests_total" in response.json()


# --- a field's name once in its message --------------------------------------------------------------

NOT_A_DISCORD_ID = (
    "{field}: 'abc' is not a Discord id (a long number such as 100000000000000042, or a mention "
    "<@100000000000000042>)."
)


@pytest.mark.parametrize("field", ["discord_id", "actor_discord_id"])
def test_a_bad_discord_id_names_its_field_once(call: Call, field: str) -> None:
    fields = {"discord_id": STUDENT_DISCORD_ID, field: "abc"}

    response = call("review-status", **fields)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == NOT_A_DISCORD_ID.format(field=field)


@pytest.mark.parametrize("field", ["discord_id", "actor_discord_id"])
def test_the_rest_api_names_a_bad_discord_id_field_once(client: Client, field: str) -> None:
    body = {"discord_id": STUDENT_DISCORD_ID, "professional_id": 1, "scheduled_time": "Mon 2pm", field: "abc"}

    response = client.post(
        "/api/scheduled-sessions/", body, content_type="application/json", headers={"X-Bot-Secret": SECRET}
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"] == NOT_A_DISCORD_ID.format(field=field)


def test_add_professional_availability_that_is_refused_creates_no_professional(call: Call) -> None:
    response = call(
        "add-professional-availability",
        professional_name="Jane Doe",
        availability_text="Tuesdays 2-4pm",
        valid_from="2027-01-10",
        valid_until="2027-01-01",
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_availability")
    assert not Professional.objects.filter(name="Jane Doe").exists()
