"""Recording what a student or professional said after a session.

A student's rating updates the professional's mean rating and count (which the ranking reads); either side
confirming the session happened moves it to completed and counts a review done. The first answer counts.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mentormatch.notifications.models import SessionFeedback
from mentormatch.scheduling.models import Professional, ScheduledSession, SessionEvent


class FeedbackRefused(Exception):
    """Feedback cannot be recorded; the message can be shown to the person."""


def feedback_submit(
    *,
    session_id: int,
    role: str,
    happened: bool,
    rating: int | None = None,
    comments: str = "",
    now: datetime | None = None,
) -> SessionFeedback:
    now = now or timezone.now()
    if role == SessionFeedback.Role.STUDENT and happened and rating is None:
        raise FeedbackRefused("Please choose a rating from 1 to 5.")
    if rating is not None and not 1 <= rating <= 5:
        raise FeedbackRefused("Ratings go from 1 to 5.")
    if role != SessionFeedback.Role.STUDENT or not happened:
        rating = None
    with transaction.atomic():
        session = ScheduledSession.objects.select_for_update().get(pk=session_id)
        if session.status == ScheduledSession.Status.CANCELLED:
            raise FeedbackRefused("This session was cancelled, so there is nothing to review.")
        if now < session.start:
            raise FeedbackRefused("This session has not started yet. Come back after it.")
        if SessionFeedback.objects.filter(session=session, role=role).exists():
            raise FeedbackRefused("Thank you — your feedback for this session was already recorded.")
        feedback = SessionFeedback.objects.create(
            session=session, role=role, happened=happened, rating=rating, comments=comments, submitted_at=now
        )
        professional = Professional.objects.select_for_update().get(pk=session.professional_id)
        changed: list[str] = []
        if rating is not None:
            total = (professional.rating or 0.0) * professional.rating_count + rating
            professional.rating_count += 1
            professional.rating = round(total / professional.rating_count, 3)
            changed += ["rating", "rating_count"]
        completed = happened and session.status == ScheduledSession.Status.SCHEDULED
        if completed:
            session.status = ScheduledSession.Status.COMPLETED
            session.save(update_fields=["status", "updated_at"])
            professional.reviews_done += 1
            changed.append("reviews_done")
            SessionEvent.objects.create(
                session=session, kind="completed", actor=f"feedback:{role}", at=now, data={"via": "feedback"}
            )
        if changed:
            professional.save(update_fields=[*changed, "updated_at"])
        if completed:
            from mentormatch.notifications.services import session_changed

            transaction.on_commit(lambda: session_changed(session_id=session_id, change="completed", now=now))
    return feedback
