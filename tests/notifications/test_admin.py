"""The admin shows notifications with their failures, and can send failed ones again."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mentormatch.notifications.models import Notification
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
    Notification.objects.filter(pk=failed.pk).update(status="failed", attempts=6)

    admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry_now", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
