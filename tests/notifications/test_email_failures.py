"""Email failures: a refused address stops at once; an unreachable server is retried, then given up."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import override_settings

from mentormatch.notifications.delivery import notification_deliver
from mentormatch.notifications.models import Notification
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .servers import free_port, smtp_mailers, smtp_server

pytestmark = pytest.mark.django_db


def _invite(session: ScheduledSession, role: str) -> Notification:
    return Notification.objects.get(session=session, kind="invite", channel="email", recipient_role=role)


def test_a_refused_address_fails_at_once_and_the_other_person_still_gets_theirs(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        inbox.refuse.add("jane.doe@example.com")

        refused = notification_deliver(notification_id=_invite(session, "student").pk, now=now)
        delivered = notification_deliver(notification_id=_invite(session, "professional").pk, now=now)

    student = _invite(session, "student")
    assert (refused, student.attempts, student.needs_attention) == ("failed", 1, True)
    assert student.last_error.startswith("[recipient_refused]")
    assert delivered == "sent"
    assert [str(m["To"]) for m in inbox.messages] == ["john.smith@example.com"]


@override_settings(NOTIFICATION_MAX_ATTEMPTS=3, NOTIFICATION_RETRY_BASE_SECONDS=60)
def test_an_unreachable_server_is_retried_with_growing_waits_then_given_up(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    invite = _invite(session, "student")
    waits = []
    clock = now
    with override_settings(MAILERS=smtp_mailers(free_port())):  # nothing listens there
        for _ in range(3):
            status = notification_deliver(notification_id=invite.pk, now=clock)
            invite.refresh_from_db()
            waits.append(invite.scheduled_for - clock if status == "pending" else None)
            clock = invite.scheduled_for

    assert waits == [timedelta(seconds=60), timedelta(seconds=120), None]
    assert (invite.status, invite.attempts) == ("failed", 3)
    assert invite.last_error.startswith("Gave up: ")
