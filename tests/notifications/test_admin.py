"""What an admin sees: notifications and their failures, sessions awaiting confirmation, start-up checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentormatch.notifications.checks import notification_settings
from mentormatch.notifications.models import Notification, SessionFeedback, SweepSchedule
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

pytestmark = pytest.mark.django_db


def test_the_list_shows_a_failed_notification_with_its_error(
    admin_client: Client, session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    Notification.objects.filter(kind="invite", recipient_role="student").update(
        status="failed",
        last_error="[recipient_refused] Recipient refused: jane.doe@example.com",
        needs_attention=True,
    )

    page = admin_client.get(
        reverse("admin:notifications_notification_changelist"), {"status__exact": "failed"}
    )

    assert page.status_code == 200
    assert b"jane.doe@example.com" in page.content
    assert b"john.smith@example.com" not in page.content


def test_retrying_a_failed_notification_makes_it_pending_with_fresh_attempts(
    admin_client: Client, session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    failed = Notification.objects.get(kind="invite", recipient_role="student")
    Notification.objects.filter(pk=failed.pk).update(status="failed", attempts=6, rate_limited=30)

    admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry_now", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.rate_limited) == ("pending", 0, 0)


@pytest.fixture
def ended(make_session: Callable[..., ScheduledSession]) -> ScheduledSession:
    # The admin page reads the real clock: this session ended two hours before it.
    start = (timezone.now() - timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    session = make_session(start=start)
    session_changed(session_id=session.pk, change="booked", now=start - timedelta(days=2))
    return session


def test_sessions_nobody_confirmed_are_listed_for_the_admin(
    admin_client: Client, ended: ScheduledSession, make_session: Callable[..., ScheduledSession]
) -> None:
    make_session(start=timezone.now() + timedelta(days=2))  # not over yet: not listed

    page = admin_client.get(reverse("admin:notifications_unconfirmedsession_changelist"))

    assert page.status_code == 200
    assert page.context["cl"].result_count == 1


def test_an_admin_marks_an_unconfirmed_session_a_no_show_and_its_feedback_requests_stop(
    admin_client: Client, ended: ScheduledSession, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        admin_client.post(
            reverse("admin:notifications_unconfirmedsession_changelist"),
            {"action": "mark_no_show_student", "_selected_action": [ended.pk]},
        )

    ended.refresh_from_db()
    assert ended.status == ScheduledSession.Status.NO_SHOW
    requests = Notification.objects.filter(session=ended, kind__in=["feedback_request", "feedback_notes"])
    assert set(requests.values_list("status", flat=True)) == {"cancelled"}


def test_a_calendar_id_without_credentials_is_reported_at_start(settings: Any) -> None:
    settings.GOOGLE_CALENDAR_ID = "program-calendar@example.com"

    messages = notification_settings()

    assert [m.id for m in messages] == ["notifications.W001"]
    assert "GOOGLE_CALENDAR_CREDENTIALS is not set" in messages[0].msg


def test_unreadable_calendar_credentials_are_an_error_naming_the_setting(
    settings: Any, tmp_path: Path
) -> None:
    settings.GOOGLE_CALENDAR_ID = "program-calendar@example.com"
    settings.GOOGLE_CALENDAR_CREDENTIALS = str(tmp_path / "missing.json")

    messages = notification_settings()

    assert [m.id for m in messages] == ["notifications.E001"]
    assert messages[0].msg.startswith("GOOGLE_CALENDAR_CREDENTIALS cannot be used")


def test_the_admin_shows_what_the_last_sweep_did_and_allows_no_edits(admin_client: Client) -> None:
    SweepSchedule.objects.create(pk=1, next_run_at=timezone.now(), last_counts={"sent": 3})

    page = admin_client.get(reverse("admin:notifications_sweepschedule_changelist"))
    change = admin_client.post(
        reverse("admin:notifications_sweepschedule_change", args=[1]), {"last_counts": "{}"}
    )

    assert page.status_code == 200
    assert '<td class="field-last_counts">{&quot;sent&quot;: 3}</td>' in page.content.decode()
    assert change.status_code in (200, 302, 403)
    assert SweepSchedule.objects.get().last_counts == {"sent": 3}  # read-only: the post changed nothing


def test_deleting_sessions_awaiting_confirmation_from_the_list_deletes_nothing(
    admin_client: Client, ended: ScheduledSession
) -> None:
    url = reverse("admin:notifications_unconfirmedsession_changelist")

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [ended.pk], "post": "yes"})

    assert 'value="delete_selected"' not in page
    assert ScheduledSession.objects.filter(pk=ended.pk, status="scheduled").exists()
    assert Notification.objects.filter(session=ended).exists()


def test_the_delete_page_of_a_session_awaiting_confirmation_deletes_nothing(
    admin_client: Client, ended: ScheduledSession
) -> None:
    change = admin_client.get(reverse("admin:notifications_unconfirmedsession_change", args=[ended.pk]))
    response = admin_client.post(
        reverse("admin:notifications_unconfirmedsession_delete", args=[ended.pk]), {"post": "yes"}
    )

    assert f"{ended.pk}/delete/" not in change.content.decode()
    assert response.status_code == 403
    assert ScheduledSession.objects.filter(pk=ended.pk).exists()


def test_notification_rows_cannot_be_deleted_from_the_admin(
    admin_client: Client, session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    row = Notification.objects.filter(session=session).first()
    assert row is not None
    url = reverse("admin:notifications_notification_changelist")

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    single = admin_client.post(
        reverse("admin:notifications_notification_delete", args=[row.pk]), {"post": "yes"}
    )

    assert 'value="delete_selected"' not in page
    assert single.status_code == 403
    assert Notification.objects.filter(pk=row.pk).exists()


def test_feedback_cannot_be_deleted_from_the_admin(admin_client: Client, session: ScheduledSession) -> None:
    feedback = SessionFeedback.objects.create(session=session, role="student", happened=True, rating=5)
    url = reverse("admin:notifications_sessionfeedback_changelist")

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [feedback.pk], "post": "yes"})
    single = admin_client.post(
        reverse("admin:notifications_sessionfeedback_delete", args=[feedback.pk]), {"post": "yes"}
    )

    assert 'value="delete_selected"' not in page
    assert single.status_code == 403
    assert SessionFeedback.objects.filter(pk=feedback.pk).exists()
