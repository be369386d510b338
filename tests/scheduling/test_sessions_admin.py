"""Session lifecycle from the Django admin: the actions call the services and record the staff user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from mentormatch.scheduling import admin_actions
from mentormatch.scheduling.models import (
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
)
from mentormatch.scheduling.services.sessions import session_schedule
from tests.scheduling.seed_people import NOW, dana, jordan

pytestmark = pytest.mark.django_db
URL = "/admin/scheduling/scheduledsession/"
MONDAY_3_30_PM_EASTERN = dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)
AFTER_IT = MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=45)


@pytest.fixture
def booked() -> ScheduledSession:
    request = jordan()
    return session_schedule(
        student=request.student, professional=dana(), start=MONDAY_3_30_PM_EASTERN, actor="system", now=NOW
    )


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Any:
    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr(admin_actions, "clock", lambda: moment)

    freeze(NOW)
    return freeze


def _act(client: Client, action: str, session: ScheduledSession, **extra: str) -> Any:
    data = {"action": action, "_selected_action": [str(session.pk)], **extra}
    return client.post(URL, data, follow=True)


def test_cancelling_from_the_admin_records_the_staff_user(admin_client: Client, booked: Any, at: Any) -> None:
    _act(admin_client, "cancel_sessions", booked)
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    assert SessionEvent.objects.filter(session=booked, kind="cancelled", actor="user:admin").exists()
    assert ReviewRequest.objects.get().status == "pending"


def test_completing_from_the_admin_after_the_session(admin_client: Client, booked: Any, at: Any) -> None:
    at(AFTER_IT)
    response = _act(admin_client, "complete_sessions", booked)
    booked.refresh_from_db()
    assert booked.status == "completed"
    assert "Completed 1 session." in response.content.decode()


def test_completing_a_future_session_from_the_admin_shows_why_not(
    admin_client: Client, booked: Any, at: Any
) -> None:
    response = _act(admin_client, "complete_sessions", booked)
    booked.refresh_from_db()
    assert booked.status == "scheduled"
    assert "has not started yet" in response.content.decode()


def test_a_student_no_show_from_the_admin(admin_client: Client, booked: Any, at: Any) -> None:
    at(AFTER_IT)
    _act(admin_client, "student_no_show", booked)
    booked.refresh_from_db()
    assert booked.status == "no_show"
    assert SessionEvent.objects.get(session=booked, kind="no_show").data == {"absent": "student"}


def test_a_professional_no_show_from_the_admin(admin_client: Client, booked: Any, at: Any) -> None:
    at(AFTER_IT)
    _act(admin_client, "professional_no_show", booked)
    assert ReviewRequest.objects.get().status == "pending"


def test_rescheduling_from_the_admin_asks_for_the_new_time(
    admin_client: Client, booked: Any, at: Any
) -> None:
    response = _act(admin_client, "reschedule_session", booked)
    assert "Reschedule session" in response.content.decode()
    assert 'name="scheduled_time"' in response.content.decode()


def test_rescheduling_from_the_admin_moves_the_session(admin_client: Client, booked: Any, at: Any) -> None:
    _act(admin_client, "reschedule_session", booked, apply="Reschedule", scheduled_time="Wednesday 1:00 PM")
    booked.refresh_from_db()
    assert (booked.start, booked.sequence) == (dt.datetime(2026, 12, 9, 18, 0, tzinfo=dt.UTC), 1)
    assert SessionEvent.objects.filter(session=booked, kind="rescheduled", actor="user:admin").exists()


def test_rescheduling_from_the_admin_to_a_busy_time_shows_the_alternatives(
    admin_client: Client, booked: Any, at: Any
) -> None:
    response = _act(
        admin_client, "reschedule_session", booked, apply="Reschedule", scheduled_time="Tuesday 9 AM"
    )
    booked.refresh_from_db()
    assert booked.start == MONDAY_3_30_PM_EASTERN
    assert "Nearest free times" in response.content.decode()


def test_rescheduling_an_ended_session_from_the_admin_says_why_not_and_asks_nothing(
    admin_client: Client, booked: Any, at: Any
) -> None:
    at(AFTER_IT)
    response = _act(admin_client, "reschedule_session", booked)
    page = response.content.decode()
    assert "has already ended, so it cannot be rescheduled" in page
    assert 'name="scheduled_time"' not in page
    applied = _act(
        admin_client, "reschedule_session", booked, apply="Reschedule", scheduled_time="Wednesday 1:00 PM"
    )
    assert "has already ended" in applied.content.decode()
    booked.refresh_from_db()
    assert (booked.start, booked.sequence) == (MONDAY_3_30_PM_EASTERN, 0)


def test_the_session_list_offers_no_delete_action_but_the_cancel_one(
    admin_client: Client, booked: Any
) -> None:
    page = admin_client.get(URL).content.decode()

    assert 'value="delete_selected"' not in page
    assert 'value="cancel_sessions"' in page


def test_posting_the_delete_action_on_sessions_deletes_nothing(admin_client: Client, booked: Any) -> None:
    _act(admin_client, "delete_selected", booked, post="yes")

    booked.refresh_from_db()
    assert booked.status == "scheduled"
    assert ReviewRequest.objects.get().status == "scheduled"


def test_the_delete_page_of_a_session_is_forbidden(admin_client: Client, booked: Any) -> None:
    response = admin_client.post(f"{URL}{booked.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ScheduledSession.objects.filter(pk=booked.pk).exists()


def test_the_session_page_has_no_delete_link_and_points_to_the_cancel_action(
    admin_client: Client, booked: Any
) -> None:
    page = admin_client.get(f"{URL}{booked.pk}/change/").content.decode()

    assert f"{booked.pk}/delete/" not in page
    assert "Cancel selected sessions" in page


def test_a_review_request_with_a_session_cannot_be_deleted_from_the_admin(
    admin_client: Client, booked: Any
) -> None:
    request = ReviewRequest.objects.get()
    response = admin_client.post(f"/admin/scheduling/reviewrequest/{request.pk}/delete/", {"post": "yes"})

    assert "Cannot delete review request" in response.content.decode()
    assert ReviewRequest.objects.filter(pk=request.pk).exists()
    booked.refresh_from_db()
    assert booked.review_request_id == request.pk
    assert booked.status == "scheduled"


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/scheduling/sessionevent/", SessionEvent),
        ("/admin/scheduling/reviewrequeststatuschange/", ReviewRequestStatusChange),
    ],
)
def test_the_session_and_request_history_cannot_be_deleted_from_the_admin(
    admin_client: Client, booked: Any, url: str, model: Any
) -> None:
    row = model.objects.first()
    assert row is not None

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [str(row.pk)], "post": "yes"})
    single = admin_client.post(f"{url}{row.pk}/delete/", {"post": "yes"})

    assert 'value="delete_selected"' not in page
    assert single.status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("action", ["cancel_sessions", "reschedule_session", "complete_sessions"])
def test_an_action_on_a_selection_that_is_not_an_id_changes_nothing_and_says_so(
    admin_client: Client, booked: Any, at: Any, action: str
) -> None:
    response = admin_client.post(URL, {"action": action, "_selected_action": ["abc"]}, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ignored a selection that is not an id: &#x27;abc&#x27;." in page
    assert "Items must be selected" in page
    booked.refresh_from_db()
    assert (booked.status, booked.sequence) == ("scheduled", 0)


def test_an_action_ignores_the_selected_values_that_are_not_ids_and_acts_on_the_others(
    admin_client: Client, booked: Any, at: Any
) -> None:
    response = admin_client.post(
        URL, {"action": "cancel_sessions", "_selected_action": ["x1", str(booked.pk)]}, follow=True
    )

    assert "Cancelled 1 session." in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == "cancelled"


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/admin/scheduling/professional/", "delete_selected"),
        ("/admin/notifications/notification/", "retry_now"),
        ("/admin/notifications/unconfirmedsession/", "mark_completed"),
        ("/admin/cohort/proposal/", "approve_selected"),
        ("/admin/intake/webhookdelivery/", "process_again"),
    ],
)
def test_every_admin_list_answers_a_selection_that_is_not_an_id_without_an_error(
    admin_client: Client, url: str, action: str
) -> None:
    response = admin_client.post(url, {"action": action, "_selected_action": ["abc"]}, follow=True)

    assert response.status_code == 200
    assert "Ignored a selection that is not an id" in response.content.decode()
