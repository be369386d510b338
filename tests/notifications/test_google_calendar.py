"""Google Calendar events through the client library's own HTTP mock and its bundled discovery document.

The service account key is real (generated here), so the library signs a JWT and asks the mocked token
endpoint for an access token exactly as it would ask Google's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core import mail
from django.test import override_settings
from googleapiclient.http import HttpMockSequence

from mentormatch.notifications.calendar_google import client as calendar_client
from mentormatch.notifications.delivery import notifications_deliver_due
from mentormatch.notifications.models import Notification
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .conftest import cancel, reschedule

pytestmark = pytest.mark.django_db

CALENDAR_ID = "program-calendar@example.com"
MEET = "https://meet.google.com/abc-defg-hij"
TOKEN = (
    {"status": "200", "content-type": "application/json"},
    json.dumps({"access_token": "ya29.test", "expires_in": 3600, "token_type": "Bearer"}),
)


def _json(status: int, body: dict[str, Any]) -> tuple[dict[str, str], str]:
    return {"status": str(status), "content-type": "application/json"}, json.dumps(body)


def _error(status: int, reason: str, message: str) -> tuple[dict[str, str], str]:
    return _json(
        status,
        {
            "error": {
                "errors": [{"domain": "calendar", "reason": reason, "message": message}],
                "code": status,
                "message": message,
            }
        },
    )


def _event(event_id: str = "mentormatch1", *, link: str = MEET) -> tuple[dict[str, str], str]:
    body: dict[str, Any] = {"id": event_id, "status": "confirmed"}
    if link:
        body["hangoutLink"] = link
        body["conferenceData"] = {"entryPoints": [{"entryPointType": "video", "uri": link}]}
    return _json(200, body)


@pytest.fixture(scope="module")
def service_account_json() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "mentormatch-test",
            "private_key_id": "0123456789abcdef",
            "private_key": pem,
            "client_email": "mentormatch@mentormatch-test.iam.gserviceaccount.com",
            "client_id": "100000000000000000001",
            "token_uri": "https://oauth2.googleapis.com/token",
        }
    )


@pytest.fixture
def google(service_account_json: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[HttpMockSequence]]:
    """Each calendar call gets the next HttpMockSequence from this list (append before delivering)."""
    mocks: list[HttpMockSequence] = []
    used: list[HttpMockSequence] = []

    def next_mock() -> HttpMockSequence:
        mock = mocks.pop(0)
        used.append(mock)
        return mock

    monkeypatch.setattr(calendar_client, "http_factory", next_mock)
    with override_settings(GOOGLE_CALENDAR_CREDENTIALS=service_account_json, GOOGLE_CALENDAR_ID=CALENDAR_ID):
        yield mocks


def _calls(mock: HttpMockSequence) -> list[tuple[str, str, dict[str, Any] | None, dict[str, list[str]]]]:
    """(method, path, json body, query) for each API call after the token request."""
    calls = []
    for uri, method, body, _headers in mock.request_sequence[1:]:
        parsed = urlparse(uri)
        path = unquote(parsed.path)
        calls.append((method, path, json.loads(body) if body else None, parse_qs(parsed.query)))
    return calls


def _calendar_row(session: ScheduledSession) -> Notification:
    return Notification.objects.filter(session=session, kind="calendar").latest("pk")


def test_a_booking_creates_an_event_with_a_meet_link_request(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    mock = HttpMockSequence([TOKEN, _event()])
    google.append(mock)
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)

    ((method, path, body, query),) = _calls(mock)
    assert (method, path) == ("POST", f"/calendar/v3/calendars/{CALENDAR_ID}/events")
    assert query["conferenceDataVersion"] == ["1"]
    assert body is not None
    assert body["conferenceData"]["createRequest"]["conferenceSolutionKey"] == {"type": "hangoutsMeet"}
    assert body["start"] == {"dateTime": session.start.isoformat(), "timeZone": "UTC"}
    assert [a["email"] for a in body["attendees"]] == ["jane.doe@example.com", "john.smith@example.com"]
    assert mock.request_sequence[1][3]["authorization"] == "Bearer ya29.test"


def test_the_meet_link_and_event_id_are_kept_on_the_session(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    google.append(HttpMockSequence([TOKEN, _event("mentormatch1abc")]))
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)

    session.refresh_from_db()
    assert (session.meeting_link, session.calendar_event_id) == (MEET, "mentormatch1abc")


def test_the_invitation_emails_wait_for_the_event_and_then_carry_its_link(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    google.append(HttpMockSequence([TOKEN, _event()]))
    session_changed(session_id=session.pk, change="booked", now=now)
    assert set(Notification.objects.filter(kind="invite").values_list("status", flat=True)) == {"held"}

    notifications_deliver_due(now=now)  # the event
    notifications_deliver_due(now=now)  # the emails it released

    assert len(mail.outbox) == 2
    assert all(f"Join: {MEET}" in m.body for m in mail.outbox)


def test_when_attendees_are_refused_the_event_is_made_without_them_and_the_admin_is_told(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    refused = _error(
        403,
        "forbiddenForServiceAccounts",
        "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.",
    )
    mock = HttpMockSequence([TOKEN, refused, _event()])
    google.append(mock)
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)

    first, second = _calls(mock)
    assert first[2] is not None and "attendees" in first[2]
    assert second[2] is not None and "attendees" not in second[2]
    row = _calendar_row(session)
    assert (row.status, row.needs_attention) == ("sent", True)
    assert "forbiddenForServiceAccounts" in row.detail


def test_when_the_conference_type_is_refused_the_event_has_no_link_and_neither_do_the_emails(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    refused = _error(400, "invalid", "Invalid conference type value.")
    mock = HttpMockSequence([TOKEN, refused, _event(link="")])
    google.append(mock)
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)
    notifications_deliver_due(now=now)

    assert "conferenceData" not in (_calls(mock)[1][2] or {})
    session.refresh_from_db()
    assert session.meeting_link == ""
    assert len(mail.outbox) == 2
    assert all("Join:" not in m.body for m in mail.outbox)
    assert "without a Meet link" in _calendar_row(session).detail


def test_a_reschedule_moves_the_existing_event(
    google: list[HttpMockSequence], make_session: Any, now: datetime
) -> None:
    session = make_session(calendar_event_id="mentormatch1abc", meeting_link=MEET)
    reschedule(session, session.start + timedelta(days=1))
    mock = HttpMockSequence([TOKEN, _event("mentormatch1abc")])
    google.append(mock)

    session_changed(session_id=session.pk, change="rescheduled", now=now)
    notifications_deliver_due(now=now)

    ((method, path, body, _query),) = _calls(mock)
    assert (method, path) == ("PATCH", f"/calendar/v3/calendars/{CALENDAR_ID}/events/mentormatch1abc")
    assert body is not None and body["start"]["dateTime"] == session.start.isoformat()


def test_a_cancellation_deletes_the_event(
    google: list[HttpMockSequence], make_session: Any, now: datetime
) -> None:
    session = make_session(calendar_event_id="mentormatch1abc")
    cancel(session)
    mock = HttpMockSequence([TOKEN, ({"status": "204"}, "")])
    google.append(mock)

    session_changed(session_id=session.pk, change="cancelled", now=now)
    notifications_deliver_due(now=now)

    assert [(m, p) for m, p, _b, _q in _calls(mock)] == [
        ("DELETE", f"/calendar/v3/calendars/{CALENDAR_ID}/events/mentormatch1abc")
    ]
    assert _calendar_row(session).status == "sent"


def test_a_google_outage_keeps_the_booking_sends_the_emails_and_retries_the_event(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    google.append(HttpMockSequence([TOKEN, _error(503, "backendError", "Backend Error")]))
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)
    notifications_deliver_due(now=now)

    row = _calendar_row(session)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.scheduled_for > now
    assert ScheduledSession.objects.get(pk=session.pk).status == "scheduled"
    assert len(mail.outbox) == 2


def test_credentials_can_be_a_path_to_the_key_file(
    google: list[HttpMockSequence],
    service_account_json: str,
    session: ScheduledSession,
    now: datetime,
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "service-account.json"
    key_file.write_text(service_account_json)
    google.append(HttpMockSequence([TOKEN, _event()]))

    with override_settings(GOOGLE_CALENDAR_CREDENTIALS=str(key_file)):
        session_changed(session_id=session.pk, change="booked", now=now)
        notifications_deliver_due(now=now)

    assert _calendar_row(session).status == "sent"


def test_without_calendar_settings_no_event_is_planned_and_emails_go_at_once(
    session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    assert not Notification.objects.filter(kind="calendar").exists()
    assert set(Notification.objects.filter(kind="invite").values_list("status", flat=True)) == {"pending"}


def test_emails_held_for_an_event_that_never_finishes_go_out_after_ten_minutes(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)
    Notification.objects.filter(kind="calendar").update(status="sending")  # its worker died mid-call

    notifications_deliver_due(now=now + timedelta(minutes=5))
    assert mail.outbox == []

    notifications_deliver_due(now=now + timedelta(minutes=11))
    assert len(mail.outbox) == 2


def test_an_event_that_already_exists_from_an_earlier_try_is_updated_not_duplicated(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    mock = HttpMockSequence(
        [TOKEN, _error(409, "duplicate", "The requested identifier already exists."), _event()]
    )
    google.append(mock)
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)

    assert [method for method, _p, _b, _q in _calls(mock)] == ["POST", "PATCH"]
    assert _calendar_row(session).status == "sent"


def test_a_service_account_google_refuses_fails_without_retrying(
    google: list[HttpMockSequence], session: ScheduledSession, now: datetime
) -> None:
    refused = _json(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
    google.append(HttpMockSequence([refused]))
    session_changed(session_id=session.pk, change="booked", now=now)

    notifications_deliver_due(now=now)

    row = _calendar_row(session)
    assert (row.status, row.attempts, row.needs_attention) == ("failed", 1, True)
    assert "invalid_grant" in row.last_error


def test_a_move_updates_the_attendees_and_drops_them_if_google_refuses_and_the_admin_is_told(
    google: list[HttpMockSequence], make_session: Any, now: datetime
) -> None:
    session = make_session(calendar_event_id="mentormatch1abc")
    reschedule(session, session.start + timedelta(days=1))
    refused = _error(403, "forbiddenForServiceAccounts", "Service accounts cannot invite attendees.")
    mock = HttpMockSequence([TOKEN, refused, _event("mentormatch1abc")])
    google.append(mock)

    session_changed(session_id=session.pk, change="rescheduled", now=now)
    notifications_deliver_due(now=now)

    first, second = _calls(mock)
    assert first[2] is not None and [a["email"] for a in first[2]["attendees"]] == [
        "jane.doe@example.com",
        "john.smith@example.com",
    ]
    assert second[2] is not None and "attendees" not in second[2]
    row = _calendar_row(session)
    assert (row.status, row.needs_attention) == ("sent", True)
    assert row.detail.startswith("Event mentormatch1abc moved.")
    assert "without attendees" in row.detail and "forbiddenForServiceAccounts" in row.detail


def test_a_late_calendar_call_of_a_move_for_a_session_cancelled_since_deletes_instead_of_moving(
    google: list[HttpMockSequence], make_session: Any, now: datetime
) -> None:
    session = make_session(calendar_event_id="mentormatch1abc", meeting_link=MEET)
    reschedule(session, session.start + timedelta(days=1))
    session_changed(session_id=session.pk, change="rescheduled", now=now)
    move = _calendar_row(session)
    Notification.objects.filter(pk=move.pk).update(
        status="sending", attempts=1, updated_at=now
    )  # a worker dies
    cancel(session)
    session_changed(session_id=session.pk, change="cancelled", now=now)
    deleted, late = (
        HttpMockSequence([TOKEN, ({"status": "204"}, "")]),
        HttpMockSequence([TOKEN, ({"status": "410"}, "")]),
    )
    google += [deleted, late]

    notifications_deliver_due(now=now)  # the cancellation's call
    notifications_deliver_due(now=now + timedelta(hours=1))  # the move's claim is taken back and tried again

    event = f"/calendar/v3/calendars/{CALENDAR_ID}/events/mentormatch1abc"
    assert [(m, p) for m, p, _b, _q in _calls(deleted)] == [("DELETE", event)]
    assert [(m, p) for m, p, _b, _q in _calls(late)] == [("DELETE", event)]
    move.refresh_from_db()
    assert (move.status, move.detail) == ("sent", "Event mentormatch1abc was already gone.")


def test_two_moves_before_the_worker_runs_move_the_event_once_to_the_final_time_and_mail_only_that(
    google: list[HttpMockSequence], make_session: Any, now: datetime
) -> None:
    session = make_session(calendar_event_id="mentormatch1abc", meeting_link=MEET)
    for _ in range(2):
        reschedule(session, session.start + timedelta(days=1))
        session_changed(session_id=session.pk, change="rescheduled", now=now)
    mock = HttpMockSequence([TOKEN, _event("mentormatch1abc")])
    google.append(mock)

    notifications_deliver_due(now=now)  # the event
    notifications_deliver_due(now=now)  # the emails it released

    ((method, _path, body, _query),) = _calls(mock)
    assert method == "PATCH" and body is not None
    assert body["start"]["dateTime"] == session.start.isoformat()
    first, last = Notification.objects.filter(session=session, kind="calendar").order_by("pk")
    assert (first.status, last.status) == ("cancelled", "sent")
    assert len(mail.outbox) == 2
    assert all("Wednesday, December 9" in m.subject and f"Join: {MEET}" in m.body for m in mail.outbox)
