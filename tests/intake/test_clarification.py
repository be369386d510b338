"""The clarification loop: an unreadable availability gets an email with a signed link to a page that
shows how it was read and takes a correction, which makes the person matchable again."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client
from django.test.utils import override_settings

from mentormatch.intake import clarification
from mentormatch.intake.clarification import (
    PROFESSIONAL,
    REVIEW_REQUEST,
    clarification_send,
    clarification_token,
    clarification_url,
)
from mentormatch.intake.clarification_views import week_grid
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
)
from mentormatch.scheduling.services.availability import (
    professional_availability_ingest,
    review_request_submit,
)
from mentormatch.scheduling.services.people import professional_upsert
from tests.notifications.servers import free_port, smtp_mailers, smtp_server

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)


def _unclear_request(*, discord_id: str | None = None, text: str = "whenever works for you") -> ReviewRequest:
    return review_request_submit(
        name="Jane Doe",
        email="jane.doe@example.com",
        discord_id=discord_id,
        timezone="Pacific Time (PT)",
        text=text,
        form_answers={},
        target_industry="Technology/Software",
        target_role="Junior Software Engineer",
        today=TODAY,
        request_clarification=False,  # each test asks (or not) itself
    )


def _link_path(message: mail.EmailMessage) -> str:
    found = re.search(r"http://[^/\s]+(/availability/fix/[^\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _csrf_client() -> Client:
    """A client that skips CSRF checks; `test_the_page_works_with_csrf_protection` covers the browser flow."""
    return Client(enforce_csrf_checks=False)


def test_an_unreadable_availability_marks_the_request() -> None:
    request = _unclear_request()
    assert request.needs_clarification is True
    assert request.windows == []


def test_the_email_quotes_what_was_not_understood() -> None:
    request = _unclear_request()
    assert clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)["email"] == "sent"
    [message] = mail.outbox
    assert message.to == ["jane.doe@example.com"]
    assert "whenever works for you" in str(message.body)
    request.refresh_from_db()
    assert request.warnings
    for warning in request.warnings:
        assert str(warning) in str(message.body)  # quoted as is, not HTML-escaped
    assert "&quot;" not in str(message.body)
    assert "&#x27;" not in str(message.body)


def test_the_email_has_an_html_part_with_the_link() -> None:
    request = _unclear_request()
    clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    [message] = mail.outbox
    assert isinstance(message, mail.EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert _link_path(message) in str(html)


def test_the_link_opens_a_page_showing_how_the_text_was_read() -> None:
    request = _unclear_request()
    clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    page = _csrf_client().get(_link_path(mail.outbox[0]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "whenever works for you" in html
    assert "Nothing we could use yet" in html
    assert "America/Los_Angeles" in html


def test_correcting_on_the_page_makes_the_student_matchable() -> None:
    request = _unclear_request()
    clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    path = _link_path(mail.outbox[0])
    answer = _csrf_client().post(path, {"text": "Monday 2-4 PM, Wednesday afternoon", "action": "save"})
    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.needs_clarification is False
    assert {(w["weekday"], w["start"], w["end"]) for w in request.windows} == {
        (0, "14:00", "16:00"),
        (2, "12:00", "17:00"),
    }
    assert request.availability_text == "Monday 2-4 PM, Wednesday afternoon"
    assert "reads clearly now" in _csrf_client().get(answer["Location"]).content.decode()


def test_the_page_works_with_csrf_protection() -> None:
    request = _unclear_request()
    browser = Client(enforce_csrf_checks=True)
    path = _path(REVIEW_REQUEST, request.pk)
    assert browser.post(path, {"text": "Monday 2-4 PM", "action": "save"}).status_code == 403
    page = browser.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    answer = browser.post(
        path, {"text": "Monday 2-4 PM", "action": "save", "csrfmiddlewaretoken": token.group(1)}
    )
    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.needs_clarification is False


def test_the_correction_is_recorded_in_the_request_history() -> None:
    request = _unclear_request()
    _csrf_client().post(_path(REVIEW_REQUEST, request.pk), {"text": "Tuesdays 9-11am", "action": "save"})
    change = ReviewRequestStatusChange.objects.filter(review_request=request).last()
    assert change is not None
    assert change.actor == "student:clarification-link"
    assert "read cleanly" in change.note


def test_a_correction_that_is_still_unclear_keeps_the_flag_and_says_so() -> None:
    request = _unclear_request()
    path = _path(REVIEW_REQUEST, request.pk)
    answer = _csrf_client().post(path, {"text": "sometime next week maybe", "action": "save"})
    request.refresh_from_db()
    assert request.needs_clarification is True
    assert "still not sure" in _csrf_client().get(answer["Location"]).content.decode()


@pytest.mark.parametrize("action", ["bogus", ""])
def test_a_post_without_one_of_the_two_buttons_saves_nothing(action: str) -> None:
    request = _unclear_request()
    page = _csrf_client().post(_path(REVIEW_REQUEST, request.pk), {"text": "Mon 2-4pm", "action": action})
    assert page.status_code == 400
    assert "Press Preview" in page.content.decode()
    request.refresh_from_db()
    assert request.availability_text == "whenever works for you"


def test_preview_shows_the_grid_without_saving() -> None:
    request = _unclear_request()
    page = _csrf_client().post(
        _path(REVIEW_REQUEST, request.pk), {"text": "Friday 1-3pm", "action": "preview"}
    )
    assert page.status_code == 200
    assert "how we would read your correction" in page.content.decode()
    assert page.content.decode().count('class="full"') == 2
    request.refresh_from_db()
    assert request.needs_clarification is True
    assert request.availability_text == "whenever works for you"


def test_an_empty_correction_is_refused_next_to_the_box() -> None:
    request = _unclear_request()
    page = _csrf_client().post(_path(REVIEW_REQUEST, request.pk), {"text": "  ", "action": "save"})
    assert page.status_code == 400
    assert "No availability given" in page.content.decode()


def test_the_zone_can_be_corrected_too() -> None:
    request = _unclear_request()
    _csrf_client().post(
        _path(REVIEW_REQUEST, request.pk), {"text": "Monday 2-4 PM", "timezone": "Eastern", "action": "save"}
    )
    request.refresh_from_db()
    assert request.timezone == "America/New_York"
    assert request.student.timezone == "America/New_York"


def _path(kind: str, obj_id: int) -> str:
    return f"/availability/fix/{clarification_token(kind=kind, obj_id=obj_id)}/"


def test_an_altered_link_is_refused() -> None:
    request = _unclear_request()
    token = clarification_token(kind=REVIEW_REQUEST, obj_id=request.pk)
    page = _csrf_client().get(f"/availability/fix/{token[:-2]}xx/")
    assert page.status_code == 404
    assert "not valid" in page.content.decode()


def test_the_link_points_at_the_site_url() -> None:
    request = _unclear_request()
    assert clarification_url(kind=REVIEW_REQUEST, obj_id=request.pk).startswith(
        "http://127.0.0.1:8000/availability/fix/"
    )


def test_a_link_for_another_record_cannot_be_forged_from_a_feedback_token() -> None:
    request = _unclear_request()
    forged = signing.dumps({"k": REVIEW_REQUEST, "i": request.pk}, salt="mentormatch.notifications.feedback")
    assert _csrf_client().get(f"/availability/fix/{forged}/").status_code == 404


@override_settings(CLARIFICATION_LINK_MAX_AGE_DAYS=0)
def test_an_expired_link_says_so() -> None:
    request = _unclear_request()
    token = clarification_token(kind=REVIEW_REQUEST, obj_id=request.pk)
    page = _csrf_client().get(f"/availability/fix/{token}/")
    assert page.status_code == 410
    assert "expired" in page.content.decode()


def test_a_request_already_scheduled_cannot_be_corrected() -> None:
    request = _unclear_request()
    ReviewRequest.objects.filter(pk=request.pk).update(status=ReviewRequest.Status.SCHEDULED)
    page = _csrf_client().post(_path(REVIEW_REQUEST, request.pk), {"text": "Monday 2-4 PM", "action": "save"})
    assert page.status_code == 409
    request.refresh_from_db()
    assert request.availability_text == "whenever works for you"


def test_nothing_is_sent_once_the_availability_was_corrected() -> None:
    request = _unclear_request()
    ReviewRequest.objects.filter(pk=request.pk).update(needs_clarification=False)
    assert "skipped" in clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    assert mail.outbox == []


def test_sending_records_the_question_in_the_request_history() -> None:
    request = _unclear_request()
    clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    notes = list(
        ReviewRequestStatusChange.objects.filter(review_request=request).values_list("note", flat=True)
    )
    assert any("asked the student to clarify" in note for note in notes)


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it uses
def test_clarification_request_enqueues_a_task_that_sends_the_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core.management import call_command

    request = _unclear_request()
    with django_capture_on_commit_callbacks(execute=True):
        clarification.clarification_request_on_commit(kind=REVIEW_REQUEST, obj_id=request.pk)
    assert mail.outbox == []  # nothing sent inside the request
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown clarification kind"):
        clarification.clarification_request(kind="student", obj_id=1)


# --- Professionals -------------------------------------------------------------------------------


def _unclear_professional() -> Professional:
    professional, _ = professional_upsert(name="John Roe", email="john.roe@example.com")
    professional_availability_ingest(
        professional=professional,
        text="whenever works for you",
        form_answers={"notes": "Not available the week of Dec 21."},
        timezone="Central Time (CT)",
        valid_from=dt.date(2026, 12, 1),
        valid_until=dt.date(2026, 12, 31),
        source="form",
        today=TODAY,
        request_clarification=False,  # each test asks (or not) itself
    )
    professional.refresh_from_db()
    return professional


def test_a_professional_correction_replaces_the_availability_and_keeps_the_history() -> None:
    professional = _unclear_professional()
    assert professional.needs_clarification is True
    clarification_send(kind=PROFESSIONAL, obj_id=professional.pk)
    answer = _csrf_client().post(_link_path(mail.outbox[0]), {"text": "Thursdays 6-8 PM", "action": "save"})
    assert answer.status_code == 302
    professional.refresh_from_db()
    assert professional.needs_clarification is False
    current = ProfessionalAvailability.objects.get(professional=professional, is_current=True)
    assert current.source == ProfessionalAvailability.Source.SELF_SERVICE
    assert [(w["weekday"], w["start"], w["end"]) for w in current.windows] == [(3, "18:00", "20:00")]
    assert (current.valid_from, current.valid_until) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert current.exclusions, "the notes' exclusion is kept"
    assert ProfessionalAvailability.objects.filter(professional=professional).count() == 2


# --- Discord DM ----------------------------------------------------------------------------------


class _FakeDiscord(BaseHTTPRequestHandler):
    requests: list[tuple[str, dict[str, Any], str]] = []
    closed_inbox = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append((self.path, body, self.headers["Authorization"]))
        if self.path == "/users/@me/channels":
            self._answer(200, {"id": "555"})
        elif type(self).closed_inbox:
            self._answer(403, {"code": 50007, "message": "Cannot send messages to this user"})
        else:
            self._answer(200, {"id": "1"})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def discord_api() -> Iterator[type[_FakeDiscord]]:
    _FakeDiscord.requests = []
    _FakeDiscord.closed_inbox = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeDiscord)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(
        DISCORD_TOKEN="bot-token", DISCORD_API_BASE=f"http://127.0.0.1:{server.server_address[1]}"
    ):
        yield _FakeDiscord
    server.shutdown()
    server.server_close()


def test_a_student_with_discord_also_gets_a_dm_with_the_link(discord_api: type[_FakeDiscord]) -> None:
    request = _unclear_request(discord_id="100000000000000077")
    outcome = clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    assert outcome == {"email": "sent", "discord": "sent"}
    [(open_path, open_body, auth), (send_path, send_body, _)] = discord_api.requests
    assert (open_path, open_body, auth) == (
        "/users/@me/channels",
        {"recipient_id": "100000000000000077"},
        "Bot bot-token",
    )
    assert send_path == "/channels/555/messages"
    assert _link_path(mail.outbox[0]) in send_body["content"]


def test_a_closed_discord_inbox_does_not_stop_the_email(discord_api: type[_FakeDiscord]) -> None:
    discord_api.closed_inbox = True
    request = _unclear_request(discord_id="100000000000000077")
    outcome = clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    assert outcome == {"email": "sent", "discord": "failed: 50007"}
    assert len(mail.outbox) == 1


def test_no_dm_is_attempted_without_a_bot_token() -> None:
    request = _unclear_request(discord_id="100000000000000077")
    assert "discord" not in clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)


# --- The week grid -------------------------------------------------------------------------------


def test_the_grid_marks_whole_and_partial_hours() -> None:
    grid = week_grid([{"weekday": 1, "date": None, "start": "09:30", "end": "11:00", "tz": None}])
    tuesday = grid.rows[1]
    hours = dict(zip(grid.hours, tuesday.cells, strict=True))
    assert (hours["9 AM"], hours["10 AM"], hours["11 AM"]) == ("part", "full", "")
    assert not any(grid.rows[0].cells)


def test_the_grid_widens_for_early_and_late_windows() -> None:
    grid = week_grid([{"weekday": 6, "date": None, "start": "05:00", "end": "23:30", "tz": None}])
    assert grid.hours[0] == "5 AM"
    assert grid.hours[-1] == "11 PM"


def test_the_grid_lists_dated_windows_and_exclusions_apart() -> None:
    grid = week_grid(
        [{"weekday": None, "date": "2026-12-14", "start": "15:00", "end": "17:00", "tz": None}],
        [{"weekday": None, "date": "2026-12-21", "start": "00:00", "end": "24:00", "tz": None}],
    )
    assert grid.dated == ["2026-12-14 3:00 PM - 5:00 PM"]
    assert grid.excluded == ["2026-12-21 all day"]
    assert not grid.empty


def test_an_unreachable_discord_does_not_stop_the_email() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = _unclear_request(discord_id="100000000000000077")
    with override_settings(DISCORD_TOKEN="bot-token", DISCORD_API_BASE=f"http://127.0.0.1:{port}"):
        outcome = clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    assert outcome == {"email": "sent", "discord": "failed: network"}
    assert len(mail.outbox) == 1


def test_the_email_arrives_over_smtp_with_text_and_html_parts() -> None:
    request = _unclear_request()
    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        assert clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)["email"] == "sent"
    [message] = inbox.to("jane.doe@example.com")
    assert "could you check your availability" in str(message["Subject"])
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    link = re.search(r"/availability/fix/\S+/", plain.get_content())
    assert link is not None
    assert link.group(0) in html.get_content()


def test_a_mail_server_that_refuses_fails_the_task_after_the_dm_went_out(
    discord_api: type[_FakeDiscord],
) -> None:
    request = _unclear_request(discord_id="100000000000000077")
    with override_settings(MAILERS=smtp_mailers(free_port())), pytest.raises(OSError):
        clarification_send(kind=REVIEW_REQUEST, obj_id=request.pk)
    assert [path for path, _body, _auth in discord_api.requests][-1] == "/channels/555/messages"


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it uses
def test_ask_clarification_resends_to_everyone_still_unclear() -> None:
    from io import StringIO

    from django.core.management import call_command

    _unclear_request()
    professional = _unclear_professional()
    clear = review_request_submit(
        name="John Roe", email="john.roe@example.edu", discord_id=None, timezone="ET",
        text="Monday 2-4 PM", form_answers={}, today=TODAY,
    )  # fmt: skip
    assert clear.needs_clarification is False
    out = StringIO()
    call_command("ask_clarification", stdout=out)
    assert "2 asked" in out.getvalue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["jane.doe@example.com", professional.email]


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it uses
def test_ask_clarification_dry_run_sends_nothing() -> None:
    from io import StringIO

    from django.core.management import call_command

    _unclear_request()
    out = StringIO()
    call_command("ask_clarification", "--dry-run", stdout=out)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert "would ask: student Jane Doe" in out.getvalue()
    assert mail.outbox == []
