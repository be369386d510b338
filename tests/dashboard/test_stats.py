"""Program statistics (`program_stats`) and the staff page that shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mentormatch.dashboard.selectors import program_stats, program_week
from mentormatch.scheduling.models import ReviewRequest
from tests.scheduling import records

pytestmark = pytest.mark.django_db

# Wednesday 9 December 2026, 15:00 in New York (the program zone in test settings).
NOW = dt.datetime(2026, 12, 9, 20, 0, tzinfo=dt.UTC)
MONDAY_NY = dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC)  # Monday 00:00 EST


def test_the_program_week_runs_monday_to_monday_in_the_program_zone() -> None:
    start, end = program_week(now=NOW)

    assert start.astimezone(dt.UTC) == MONDAY_NY
    assert end.astimezone(dt.UTC) == MONDAY_NY + dt.timedelta(days=7)


def test_a_sunday_evening_in_new_york_belongs_to_the_week_before_even_when_utc_is_monday() -> None:
    sunday_night = dt.datetime(2026, 12, 14, 3, 0, tzinfo=dt.UTC)  # Sunday 22:00 EST

    start, _ = program_week(now=sunday_night)

    assert start.astimezone(dt.UTC) == MONDAY_NY


def test_an_empty_program_has_no_rates_rather_than_zero() -> None:
    stats = program_stats(now=NOW)

    assert stats["requests_total"] == 0
    assert stats["match_rate"] is None
    assert stats["completion_rate"] is None
    assert stats["no_show_rate"] is None
    assert stats["sessions_this_week"] == 0


@pytest.fixture
def program() -> None:
    """Four requests (one matched and completed, one matched and a no-show, one pending, one cancelled);
    Dana has two sessions this week against a limit of 2, Omar one session last week."""
    dana = records.professional("Dana Whitfield", max_sessions_per_week=2)
    omar = records.professional("Omar Haddad", max_sessions_per_week=3)
    records.professional("Retired Person", active=False)
    students = [records.student(f"Student {i}", discord_id=f"10000000000000010{i}") for i in range(4)]
    done = records.review_request(students[0], status=ReviewRequest.Status.COMPLETED)
    missed = records.review_request(students[1], status=ReviewRequest.Status.SCHEDULED)
    records.review_request(students[2])
    records.review_request(students[3], status=ReviewRequest.Status.CANCELLED)
    monday_2pm = MONDAY_NY + dt.timedelta(hours=14)
    records.session(
        student_=students[0], professional_=dana, request=done, start=monday_2pm, status="completed"
    )
    wednesday_2pm = monday_2pm + dt.timedelta(days=2)
    records.session(
        student_=students[1], professional_=dana, request=missed, start=wednesday_2pm, status="no_show"
    )
    records.session(
        student_=students[1], professional_=omar, start=MONDAY_NY - dt.timedelta(days=3), status="completed"
    )
    records.session(
        student_=students[2], professional_=omar, start=MONDAY_NY + dt.timedelta(days=1), status="cancelled"
    )


def test_requests_are_counted_by_status(program: None) -> None:
    stats = program_stats(now=NOW)

    assert stats["requests_by_status"] == {
        "pending": 1,
        "scheduled": 1,
        "completed": 1,
        "cancelled": 1,
        "expired": 0,
    }
    assert stats["requests_total"] == 4


def test_the_match_rate_counts_requests_with_a_session_among_those_not_cancelled(program: None) -> None:
    assert program_stats(now=NOW)["match_rate"] == round(2 / 3, 4)


def test_completion_and_no_show_rates_use_sessions_with_a_recorded_outcome(program: None) -> None:
    stats = program_stats(now=NOW)

    assert stats["completion_rate"] == round(2 / 3, 4)
    assert stats["no_show_rate"] == round(1 / 3, 4)


def test_sessions_this_week_leave_out_cancelled_and_last_week(program: None) -> None:
    assert program_stats(now=NOW)["sessions_this_week"] == 2


def test_professional_load_compares_this_week_with_the_weekly_limit(program: None) -> None:
    load = {row["name"]: row for row in program_stats(now=NOW)["professional_load"]}

    assert set(load) == {"Dana Whitfield", "Omar Haddad"}
    assert (load["Dana Whitfield"]["sessions_this_week"], load["Dana Whitfield"]["load"]) == (2, 1.0)
    assert load["Dana Whitfield"]["at_capacity"] is True
    assert (load["Omar Haddad"]["sessions_this_week"], load["Omar Haddad"]["at_capacity"]) == (0, False)


def test_the_stats_are_json_ready(program: None) -> None:
    import json

    stats = program_stats(now=NOW)

    assert json.loads(json.dumps(stats)) == stats
    assert stats["week"]["start"] == "2026-12-07T00:00:00-05:00"


def test_the_dashboard_page_needs_a_staff_login(client: Client) -> None:
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_dashboard_page_shows_the_figures_to_staff(client: Client, program: None) -> None:
    client.force_login(User.objects.create_user("coordinator", password="a-long-password", is_staff=True))

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert b'<div class="value" id="pending">1</div>' in response.content
    assert b"Dana Whitfield" in response.content
    assert b"Retired Person" not in response.content


def test_the_dashboard_links_the_professional_form_when_it_is_set(
    client: Client, program: None, settings: Any
) -> None:
    settings.PROFESSIONAL_FORM_URL = "https://forms.example.com/professional"
    client.force_login(User.objects.create_user("coordinator", password="a-long-password", is_staff=True))

    response = client.get("/dashboard/")

    assert b'<a id="professional-form" href="https://forms.example.com/professional">' in response.content
