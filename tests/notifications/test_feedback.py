"""Feedback: a signed, expiring link after the session; the answer rates the professional and completes it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from mentormatch.notifications.delivery import notifications_deliver_due
from mentormatch.notifications.feedback.links import feedback_url
from mentormatch.notifications.models import Notification, SessionFeedback
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import Professional, ScheduledSession, SessionEvent

from .conftest import cancel

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _link_in(body: str) -> str:
    match = re.search(r"https?://\S+/feedback/\S+/", body)
    assert match, body
    return _path(match.group(0))


@pytest.fixture
def session(make_session: Callable[..., ScheduledSession]) -> ScheduledSession:
    # The feedback page checks the real clock, so this session ended a few hours before the real now.
    start = (timezone.now() - timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    return make_session(start=start)


@pytest.fixture
def after_session(session: ScheduledSession) -> datetime:
    booked_at = session.start - timedelta(days=2)
    session_changed(session_id=session.pk, change="booked", now=booked_at)
    notifications_deliver_due(now=booked_at)
    mail.outbox.clear()
    return session.end + timedelta(minutes=1)


def _student_link(session: ScheduledSession) -> str:
    return _path(feedback_url(session_id=session.pk, role="student"))


def test_the_student_gets_a_feedback_link_when_the_session_ends(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    notifications_deliver_due(now=session.end - timedelta(minutes=1))
    assert not [m for m in mail.outbox if "How was" in m.subject]

    notifications_deliver_due(now=after_session)

    request = next(m for m in mail.outbox if m.to == ["jane.doe@example.com"] and "/feedback/" in m.body)
    assert (
        request.subject == "How was your resume review with John Smith (Engineering Manager, Example Corp)?"
    )
    page = client.get(_link_in(request.body))
    assert page.status_code == 200
    assert b"How useful was it?" in page.content


def test_the_professional_gets_a_link_to_confirm_and_add_notes(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    notifications_deliver_due(now=after_session)

    request = next(m for m in mail.outbox if m.to == ["john.smith@example.com"] and "/feedback/" in m.body)
    page = client.get(_link_in(request.body))
    assert page.status_code == 200
    assert b"Notes for the program team" in page.content
    assert b"How useful was it?" not in page.content


def test_a_rating_updates_the_professionals_rating_count_and_reviews_done(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    response = client.post(
        _student_link(session), {"happened": "yes", "rating": "4", "comments": "Very useful."}
    )

    assert response.status_code == 200
    professional = Professional.objects.get(pk=session.professional_id)
    assert (professional.rating, professional.rating_count, professional.reviews_done) == (4.0, 1, 1)


def test_ratings_average_with_the_ones_before(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    Professional.objects.filter(pk=session.professional_id).update(rating=5.0, rating_count=3)

    client.post(_student_link(session), {"happened": "yes", "rating": "1"})

    professional = Professional.objects.get(pk=session.professional_id)
    assert (professional.rating, professional.rating_count) == (4.0, 4)


def test_a_confirmed_session_moves_to_completed_with_an_event(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    client.post(_student_link(session), {"happened": "yes", "rating": "5"})

    session.refresh_from_db()
    assert session.status == ScheduledSession.Status.COMPLETED
    assert SessionEvent.objects.filter(session=session, kind="completed", actor="feedback:student").exists()


def test_the_professionals_confirmation_completes_the_session_without_rating_it(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    link = _path(feedback_url(session_id=session.pk, role="professional"))

    client.post(link, {"happened": "yes", "comments": "Strong resume; suggested a skills section."})

    session.refresh_from_db()
    professional = Professional.objects.get(pk=session.professional_id)
    assert session.status == ScheduledSession.Status.COMPLETED
    assert (professional.rating, professional.rating_count, professional.reviews_done) == (None, 0, 1)
    assert SessionFeedback.objects.get(session=session, role="professional").comments.startswith(
        "Strong resume"
    )


def test_a_student_who_says_it_did_not_happen_leaves_it_for_an_admin(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    client.post(_student_link(session), {"happened": "no", "comments": "Nobody joined."})

    session.refresh_from_db()
    assert session.status == ScheduledSession.Status.SCHEDULED
    assert SessionFeedback.objects.get(session=session).happened is False
    assert Professional.objects.get(pk=session.professional_id).rating_count == 0


def test_a_happened_answer_without_a_rating_is_asked_again(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    response = client.post(_student_link(session), {"happened": "yes"})

    assert response.status_code == 400
    assert b"Please choose a rating from 1 to 5." in response.content
    assert not SessionFeedback.objects.exists()


def test_the_same_link_cannot_rate_twice(
    session: ScheduledSession, after_session: datetime, client: Client
) -> None:
    client.post(_student_link(session), {"happened": "yes", "rating": "5"})

    second = client.post(_student_link(session), {"happened": "yes", "rating": "1"})

    assert second.status_code == 409
    assert Professional.objects.get(pk=session.professional_id).rating == 5.0


def test_an_altered_link_is_refused(session: ScheduledSession, client: Client) -> None:
    link = _student_link(session)

    response = client.get(link.replace("/feedback/", "/feedback/x"))

    assert response.status_code == 400
    assert b"not valid" in response.content


def test_an_expired_link_is_refused(
    session: ScheduledSession, client: Client, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    sixteen_days_ago = int(time.time()) - 16 * 86400
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(sixteen_days_ago)
    )
    link = _student_link(session)
    monkeypatch.undo()

    response = client.get(link)

    assert response.status_code == 400
    assert b"expired" in response.content


def test_a_cancelled_session_gets_no_feedback_request(session: ScheduledSession) -> None:
    now = session.start - timedelta(days=1)
    session_changed(session_id=session.pk, change="booked", now=now)
    cancel(session)
    session_changed(session_id=session.pk, change="cancelled", now=now)
    mail.outbox.clear()

    notifications_deliver_due(now=session.end + timedelta(hours=1))

    assert [m.subject for m in mail.outbox if "How was" in m.subject] == []


def test_a_no_show_drops_the_pending_feedback_requests(session: ScheduledSession) -> None:
    now = session.start - timedelta(days=1)
    session_changed(session_id=session.pk, change="booked", now=now)
    ScheduledSession.objects.filter(pk=session.pk).update(status=ScheduledSession.Status.NO_SHOW)

    session_changed(session_id=session.pk, change="no_show", now=now)

    requests = Notification.objects.filter(session=session, kind__in=["feedback_request", "feedback_notes"])
    assert set(requests.values_list("status", flat=True)) == {"cancelled"}
