"""A session lasts 10 to 240 minutes, checked by one validator on every path: the bot API (booking and
moving), the REST API, the services and the SESSION_MINUTES setting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from mentormatch.scheduling.models import ScheduledSession
from mentormatch.scheduling.services.sessions import session_reschedule, session_schedule
from mentormatch.web.errors import ApiError
from tests.scheduling.conftest import Call
from tests.scheduling.seed_people import NOW, STUDENT_DISCORD_ID, dana, jordan
from tests.startup import start_settings

pytestmark = pytest.mark.django_db
TOO_SHORT_OR_LONG = [5, 9, 241, 0, -30]
MONDAY_3_PM_EASTERN = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def seeded() -> None:
    dana()
    jordan()


def _book(call: Call, **fields: Any) -> Any:
    return call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        professional_name="Dana Whitfield",
        scheduled_time="Monday 3:00 PM",
        **fields,
    )


@pytest.mark.parametrize("minutes", TOO_SHORT_OR_LONG)
def test_schedule_session_refuses_a_length_outside_ten_to_240_minutes(
    call: Call, seeded: None, minutes: int
) -> None:
    response = _book(call, duration_minutes=minutes)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        f"duration_minutes: must be a whole number from 10 to 240 minutes (got {minutes})"
    )
    assert not ScheduledSession.objects.exists()


@pytest.mark.parametrize("minutes", [10, 60])
def test_schedule_session_takes_a_length_inside_the_range(call: Call, seeded: None, minutes: int) -> None:
    response = _book(call, duration_minutes=minutes)

    assert response.status_code == 200, response.json()
    assert response.json()["session"]["duration_minutes"] == minutes


@pytest.mark.parametrize("minutes", TOO_SHORT_OR_LONG)
def test_reschedule_session_refuses_a_length_outside_the_range(
    call: Call, seeded: None, minutes: int
) -> None:
    _book(call)

    response = call(
        "reschedule-session",
        discord_id=STUDENT_DISCORD_ID,
        scheduled_time="Monday 3:30 PM",
        duration_minutes=minutes,
    )

    assert response.status_code == 400
    assert "from 10 to 240 minutes" in response.json()["error"]["message"]
    assert ScheduledSession.objects.get().start == MONDAY_3_PM_EASTERN


@pytest.mark.parametrize("minutes", TOO_SHORT_OR_LONG)
def test_the_rest_api_refuses_a_length_outside_the_range(client: Client, seeded: None, minutes: int) -> None:
    response = client.post(
        "/api/scheduled-sessions/",
        {
            "discord_id": STUDENT_DISCORD_ID,
            "professional_name": "Dana Whitfield",
            "start": "2026-12-07T20:00:00Z",
            "duration_minutes": minutes,
        },
        content_type="application/json",
        headers={"X-Bot-Secret": "test-bot-secret"},
    )

    assert response.status_code == 400
    assert "from 10 to 240 minutes" in response.json()["error"]["message"]
    assert not ScheduledSession.objects.exists()


@pytest.mark.parametrize("minutes", TOO_SHORT_OR_LONG)
def test_the_services_refuse_a_length_outside_the_range(minutes: int) -> None:
    request = jordan()
    professional = dana()
    with pytest.raises(ApiError, match="from 10 to 240 minutes") as refused:
        session_schedule(
            student=request.student,
            professional=professional,
            actor="system",
            start=MONDAY_3_PM_EASTERN,
            duration_minutes=minutes,
            now=NOW,
        )
    assert refused.value.code == "invalid_duration"

    booked = session_schedule(
        student=request.student, professional=professional, actor="system", start=MONDAY_3_PM_EASTERN, now=NOW
    )
    with pytest.raises(ApiError, match="from 10 to 240 minutes"):
        session_reschedule(
            session=booked, actor="system", start=MONDAY_3_PM_EASTERN, duration_minutes=minutes, now=NOW
        )


@pytest.mark.parametrize("value", ["5", "241"])
def test_a_default_session_length_outside_the_range_stops_the_start_naming_the_setting(value: str) -> None:
    result = start_settings(SESSION_MINUTES=value)

    assert result.returncode != 0
    assert "SESSION_MINUTES must be a whole number from 10 to 240" in result.stderr
