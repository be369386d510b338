"""Reads of the notifications app."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from mentormatch.notifications import conf
from mentormatch.notifications.models import Notification, SessionFeedback
from mentormatch.scheduling.models import ScheduledSession


def sessions_awaiting_confirmation(*, now: datetime) -> QuerySet[ScheduledSession]:
    """Sessions that have ended but are still `scheduled`: nobody said (yet) that they happened.

    Annotated with `student_said_no` / `professional_said_no` when either side answered "it did not happen".
    """
    said_no = SessionFeedback.objects.filter(session=OuterRef("pk"), happened=False)
    return (
        ScheduledSession.objects.filter(status=ScheduledSession.Status.SCHEDULED, end__lte=now)
        .select_related("student", "professional")
        .annotate(
            student_said_no=Exists(said_no.filter(role=SessionFeedback.Role.STUDENT)),
            professional_said_no=Exists(said_no.filter(role=SessionFeedback.Role.PROFESSIONAL)),
        )
        .order_by("end")
    )


def notifications_stuck(*, now: datetime) -> QuerySet[Notification]:
    """Notifications claimed (`sending`) so long ago that their worker must have died mid-send.

    The claim stamps `updated_at`; nothing else touches a row while it is being sent.
    """
    return Notification.objects.filter(
        status=Notification.Status.SENDING, updated_at__lte=now - conf.sending_stale_after()
    )
