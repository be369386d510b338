"""Recording what a student or professional said after a session.

A student's rating updates the professional's mean rating and count (which the ranking reads); either side
confirming the session happened completes it through the scheduling lifecycle (`session_complete`), which
counts the review done and closes the request. The first answer from each side counts.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mentormatch.notifications.models import SessionFeedback
from mentormatch.scheduling.models import Professional, ScheduledSession
from mentormatch.scheduling.services.sessions import session_complete


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
        if rating is not None:
            professional = Professional.objects.select_for_update().get(pk=session.professional_id)
            total = (professional.rating or 0.0) * professional.rating_count + rating
            professional.rating_count += 1
            professional.rating = round(total / professional.rating_count, 3)
            professional.save(update_fields=["rating", "rating_count", "updated_at"])
        if happened and session.status == ScheduledSession.Status.SCHEDULED:
            # The lifecycle service completes the request, counts the review and notifies after commit.
            notes = (
                f"Professional's notes: {comments}"
                if comments and role == SessionFeedback.Role.PROFESSIONAL
                else ""
            )
            session_complete(session=session, actor=f"feedback:{role}", notes=notes, now=now)
    return feedback
