"""REST resources: scheduled-sessions/ and professional-availability/, for the bot and staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from mentormatch.scheduling.models import ReviewRequest, ScheduledSession
from tests.scheduling import records

pytestmark = pytest.mark.django_db

SESSIONS = "/api/scheduled-sessions/"
AVAILABILITY = "/api/professional-availability/"
BOT = {"X-Bot-Secret": "test-bot-secret"}  # BOT_SHARED_SECRET in mentormatch/web/test_settings.py
EVERY_DAY_UTC = [
    {"weekday": d, "date": None, "start": "00:00", "end": "24:00", "tz": "UTC"} for d in range(7)
]
MONDAY = dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)


@pytest.fixture
def booked() -> dict[str, Any]:
    dana = records.professional("Dana Whitfield")
    omar = records.professional("Omar Haddad")
    jordan = records.student("Jordan Reyes", discord_id="100000000000000042")
    avery = records.student("Avery Brooks", discord_id="100000000000000043")
    return {
        "first": records.session(student_=jordan, professional_=dana, start=MONDAY),
        "second": records.session(
            student_=avery, professional_=omar, start=MONDAY + dt.timedelta(days=1), status="completed"
        ),
        "third": records.session(
            student_=jordan, professional_=omar, start=MONDAY + dt.timedelta(days=2), status="cancelled"
        ),
        "dana": dana,
    }


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()]


def test_listing_sessions_needs_credentials(client: Client) -> None:
    response = client.get(SESSIONS)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_wrong_bot_secret_is_refused(client: Client) -> None:
    response = client.get(SESSIONS, headers={"X-Bot-Secret": "guess"})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_logged_in_user_who_is_not_staff_is_refused(client: Client) -> None:
    client.force_login(User.objects.create_user("student", password="a-long-password"))

    assert client.get(SESSIONS).status_code == 403


def test_staff_can_list_sessions(client: Client, booked: dict[str, Any]) -> None:
    client.force_login(User.objects.create_user("coordinator", password="a-long-password", is_staff=True))

    assert _ids(client.get(SESSIONS)) == [booked["first"].pk, booked["second"].pk, booked["third"].pk]


def test_the_bot_lists_sessions_with_people_and_utc_times(client: Client, booked: dict[str, Any]) -> None:
    row = client.get(SESSIONS, headers=BOT).json()[0]

    assert row["start"] == "2026-12-07T20:30:00Z"
    assert row["end"] == "2026-12-07T21:00:00Z"
    assert row["student"]["discord_id"] == "100000000000000042"
    assert row["professional"]["name"] == "Dana Whitfield"
    assert row["status"] == "scheduled"


def test_sessions_filter_by_status(client: Client, booked: dict[str, Any]) -> None:
    response = client.get(SESSIONS, {"status": "completed,cancelled"}, headers=BOT)

    assert _ids(response) == [booked["second"].pk, booked["third"].pk]


def test_sessions_filter_by_professional_name_or_id(client: Client, booked: dict[str, Any]) -> None:
    by_name = client.get(SESSIONS, {"professional": "dana whitfield"}, headers=BOT)
    by_id = client.get(SESSIONS, {"professional": str(booked["dana"].pk)}, headers=BOT)

    assert _ids(by_name) == _ids(by_id) == [booked["first"].pk]


def test_sessions_filter_by_student_discord_id(client: Client, booked: dict[str, Any]) -> None:
    response = client.get(SESSIONS, {"student": "100000000000000042"}, headers=BOT)

    assert _ids(response) == [booked["first"].pk, booked["third"].pk]


def test_an_unknown_status_filter_is_a_400_in_the_error_shape(client: Client) -> None:
    response = client.get(SESSIONS, {"status": "done"}, headers=BOT)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "done" in response.json()["error"]["message"]


@pytest.fixture
def free_pair() -> dict[str, Any]:
    """Two people free at every hour of every day, so a booking a few days ahead always fits."""
    professional = records.professional("Dana Whitfield")
    records.availability(professional, windows=EVERY_DAY_UTC, timezone="UTC")
    student = records.student("Jordan Reyes", discord_id="100000000000000042")
    request = records.review_request(student, windows=EVERY_DAY_UTC, timezone="UTC")
    start = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return {"professional": professional, "student": student, "request": request, "start": start}


def test_the_bot_books_a_session(client: Client, free_pair: dict[str, Any]) -> None:
    response = client.post(
        SESSIONS,
        {
            "discord_id": "100000000000000042",
            "professional_name": "Dana Whitfield",
            "start": free_pair["start"].isoformat(),
            "actor_discord_id": "100000000000000001",
        },
        content_type="application/json",
        headers=BOT,
    )

    assert response.status_code == 201, response.json()
    session = ScheduledSession.objects.get()
    assert session.start == free_pair["start"]
    assert session.scheduled_by == "discord:100000000000000001"
    assert response.json()["id"] == session.pk
    free_pair["request"].refresh_from_db()
    assert free_pair["request"].status == ReviewRequest.Status.SCHEDULED


def test_booking_over_another_session_is_refused_with_409(client: Client, free_pair: dict[str, Any]) -> None:
    body = {
        "student_id": free_pair["student"].pk,
        "professional_id": free_pair["professional"].pk,
        "start": free_pair["start"].isoformat(),
    }
    client.post(SESSIONS, body, content_type="application/json", headers=BOT)

    response = client.post(SESSIONS, body, content_type="application/json", headers=BOT)

    assert response.status_code == 409
    assert ScheduledSession.objects.count() == 1


def test_booking_without_a_time_names_the_missing_field(client: Client, free_pair: dict[str, Any]) -> None:
    response = client.post(
        SESSIONS,
        {"discord_id": "100000000000000042", "professional_name": "Dana Whitfield"},
        content_type="application/json",
        headers=BOT,
    )

    assert response.status_code == 400
    assert "scheduled_time" in response.json()["error"]["message"]


def test_booking_with_an_unknown_professional_is_a_404(client: Client, free_pair: dict[str, Any]) -> None:
    response = client.post(
        SESSIONS,
        {
            "discord_id": "100000000000000042",
            "professional_name": "Nobody Known",
            "scheduled_time": "Mon 2pm",
        },
        content_type="application/json",
        headers=BOT,
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_current_availability_lists_parsed_windows(client: Client) -> None:
    dana = records.professional("Dana Whitfield")
    records.availability(dana, is_current=False, availability_text="old text")
    records.availability(dana)

    rows = client.get(AVAILABILITY, headers=BOT).json()

    assert len(rows) == 1
    assert rows[0]["professional"]["name"] == "Dana Whitfield"
    assert rows[0]["availability_text"] == "Monday 1-4 PM"
    assert rows[0]["windows"] == [{"weekday": 0, "date": None, "start": "13:00", "end": "16:00", "tz": None}]
    assert rows[0]["timezone"] == "America/Chicago"


def test_current_availability_leaves_out_inactive_professionals(client: Client) -> None:
    records.availability(records.professional("Dana Whitfield"))
    records.availability(records.professional("Omar Haddad", active=False))

    rows = client.get(AVAILABILITY, headers=BOT).json()

    assert [row["professional"]["name"] for row in rows] == ["Dana Whitfield"]


def test_current_availability_filters_by_professional(client: Client) -> None:
    records.availability(records.professional("Dana Whitfield"))
    records.availability(records.professional("Omar Haddad"))

    rows = client.get(AVAILABILITY, {"professional": "Omar Haddad"}, headers=BOT).json()

    assert [row["professional"]["name"] for row in rows] == ["Omar Haddad"]


def test_availability_needs_credentials(client: Client) -> None:
    assert client.get(AVAILABILITY).status_code == 401


def test_the_schema_documents_the_resources_and_webhooks(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()

    for path in (
        "/api/scheduled-sessions/",
        "/api/professional-availability/",
        "/api/forms/professional-availability/",
        "/api/forms/review-request/",
    ):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/scheduled-sessions/"]


def test_the_schema_documents_the_bot_secret_as_a_security_scheme(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert schema["components"]["securitySchemes"]["botSecret"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Bot-Secret",
        "description": "The bot's shared secret, BOT_SHARED_SECRET.",
    }
    assert {"botSecret": []} in schema["paths"]["/api/scheduled-sessions/"]["get"]["security"]


def _book_at(client: Client, start: str) -> Any:
    return client.post(
        SESSIONS,
        {"discord_id": "100000000000000042", "professional_name": "Dana Whitfield", "start": start},
        content_type="application/json",
        headers=BOT,
    )


@pytest.mark.parametrize(
    "start", ["9999-12-30T00:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+05:00"]
)
def test_a_start_outside_a_sane_range_is_a_400_in_the_error_shape(
    client: Client, free_pair: dict[str, Any], start: str
) -> None:
    response = _book_at(client, start)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "start" in response.json()["error"]["fields"]
    assert not ScheduledSession.objects.exists()


def test_a_start_without_an_offset_is_refused_asking_for_one(
    client: Client, free_pair: dict[str, Any]
) -> None:
    naive = free_pair["start"].replace(tzinfo=None).isoformat()

    response = _book_at(client, naive)

    assert response.status_code == 400
    assert "give an offset" in response.json()["error"]["message"]
    assert not ScheduledSession.objects.exists()


@pytest.mark.parametrize(
    "off_minute", [dt.timedelta(seconds=13, milliseconds=500), dt.timedelta(microseconds=1)]
)
def test_a_start_with_seconds_is_a_400_naming_start_and_books_nothing(
    client: Client, free_pair: dict[str, Any], off_minute: dt.timedelta
) -> None:
    start = free_pair["start"] + dt.timedelta(minutes=37) + off_minute

    response = _book_at(client, start.isoformat())

    assert response.status_code == 400
    error = response.json()["error"]
    assert "start" in error["fields"]
    assert error["message"].startswith("start: give a whole minute, without seconds")
    assert not ScheduledSession.objects.exists()


def test_a_start_on_a_whole_minute_off_the_half_hour_is_booked_like_a_typed_time(
    client: Client, free_pair: dict[str, Any]
) -> None:
    start = free_pair["start"] + dt.timedelta(minutes=37)

    response = _book_at(client, start.isoformat())

    assert response.status_code == 201, response.json()
    assert ScheduledSession.objects.get().start == start


def test_booking_finds_the_professional_by_a_name_without_accents(
    client: Client, free_pair: dict[str, Any]
) -> None:
    free_pair["professional"].name = "Dana Whitfíeld"
    free_pair["professional"].save()

    response = _book_at(client, free_pair["start"].isoformat())

    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (
            {"scheduled_time": "Monday 2:00 PM"},
            "give scheduled_time (as typed) or start (ISO 8601), not both",
        ),
        ({"student_id": 1}, "give student_id or discord_id, not both"),
        ({"professional_id": 1}, "give professional_id or professional_name, not both"),
    ],
    ids=["start and scheduled_time", "student_id and discord_id", "professional_id and name"],
)
def test_booking_with_both_of_a_pair_is_a_400_naming_both_and_books_nothing(
    client: Client, free_pair: dict[str, Any], extra: dict[str, Any], named: str
) -> None:
    body = {
        "discord_id": "100000000000000042",
        "professional_name": "Dana Whitfield",
        "start": free_pair["start"].isoformat(),
        **extra,
    }

    response = client.post(SESSIONS, body, content_type="application/json", headers=BOT)

    assert response.status_code == 400
    assert named in response.json()["error"]["message"]
    assert not ScheduledSession.objects.exists()


# --- filters find people as the bot API does, and an unknown one says so ------------------------------


def test_sessions_filter_by_a_partial_name_like_the_bot_api(client: Client, booked: dict[str, Any]) -> None:
    response = client.get(SESSIONS, {"professional": "whitfield"}, headers=BOT)

    assert _ids(response) == [booked["first"].pk]


def test_sessions_filter_by_a_name_without_its_accents(client: Client) -> None:
    hiroshi = records.professional("Hiroshi Tanaka-Ōno")
    student = records.student("Jordan Reyes")
    session = records.session(student_=student, professional_=hiroshi, start=MONDAY)

    response = client.get(SESSIONS, {"professional": "Hiroshi"}, headers=BOT)

    assert _ids(response) == [session.pk]


def test_sessions_filter_by_an_unknown_professional_is_a_404_suggesting_names(
    client: Client, booked: dict[str, Any]
) -> None:
    response = client.get(SESSIONS, {"professional": "Dana Whitfeld"}, headers=BOT)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == (
        "No professional named 'Dana Whitfeld'. Did you mean: Dana Whitfield?"
    )


def test_sessions_filter_by_an_unknown_professional_id_is_a_404(
    client: Client, booked: dict[str, Any]
) -> None:
    response = client.get(SESSIONS, {"professional": "999"}, headers=BOT)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No professional with id 999."


def test_sessions_filter_by_a_name_two_professionals_share_is_a_400_listing_them(
    client: Client, booked: dict[str, Any]
) -> None:
    response = client.get(SESSIONS, {"professional": "a"}, headers=BOT)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "ambiguous_name"


@pytest.mark.parametrize(
    ("student", "message"),
    [
        ("999", "No student with id 999."),
        ("100000000000000777", "No student with Discord id 100000000000000777."),
        ("<@100000000000000777>", "No student with Discord id 100000000000000777."),
    ],
)
def test_sessions_filter_by_an_unknown_student_is_a_404(
    client: Client, booked: dict[str, Any], student: str, message: str
) -> None:
    response = client.get(SESSIONS, {"student": student}, headers=BOT)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == message


def test_sessions_filter_by_a_student_mention(client: Client, booked: dict[str, Any]) -> None:
    response = client.get(SESSIONS, {"student": "<@100000000000000042>"}, headers=BOT)

    assert _ids(response) == [booked["first"].pk, booked["third"].pk]


def test_sessions_filter_by_student_text_that_is_no_id_is_a_400_naming_the_filter(
    client: Client, booked: dict[str, Any]
) -> None:
    response = client.get(SESSIONS, {"student": "jordan"}, headers=BOT)

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("student: 'jordan' is not a Discord id")


def test_availability_filter_by_a_partial_name_and_an_unknown_one(client: Client) -> None:
    records.availability(records.professional("Dana Whitfield"))
    records.availability(records.professional("Omar Haddad"))

    rows = client.get(AVAILABILITY, {"professional": "haddad"}, headers=BOT).json()
    unknown = client.get(AVAILABILITY, {"professional": "Nobody"}, headers=BOT)

    assert [row["professional"]["name"] for row in rows] == ["Omar Haddad"]
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
