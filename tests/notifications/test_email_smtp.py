"""Invitations through a real SMTP server, parsed back with `email` and `icalendar`, and a hung server."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from mentormatch.notifications.models import Notification
from mentormatch.notifications.presentation import format_span
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import ScheduledSession

from .conftest import cancel, reschedule
from .servers import Inbox, let_time_pass, silent_smtp_server, smtp_mailers, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)

STUDENT, PROFESSIONAL = "jane.doe@example.com", "john.smith@example.com"


def _soon() -> datetime:
    # The worker runs on the real clock, so this session is four days from the real now, on the hour.
    return (timezone.now() + timedelta(days=4)).replace(minute=0, second=0, microsecond=0)


def _subject(message: EmailMessage) -> str:
    # Python's folder may start a 70-78 character subject on a continuation line; unfolded, that is a space.
    return str(message["Subject"]).strip()


def _calendar_part(message: EmailMessage) -> EmailMessage:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar" and not p.get_filename()]
    assert len(parts) == 1
    part = parts[0]
    assert isinstance(part, EmailMessage)
    return part


def _attachment(message: EmailMessage) -> EmailMessage:
    found = [p for p in message.iter_attachments() if p.get_filename() == "invite.ics"]
    assert len(found) == 1
    part = found[0]
    assert isinstance(part, EmailMessage)
    return part


def _event(message: EmailMessage) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(_calendar_part(message).get_content())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def _assert_itip_message(
    message: EmailMessage, session: ScheduledSession, *, method: str, sequence: int
) -> None:
    """What every invitation, update and cancellation carries (RFC 5545/5546, docs/notifications.md): text,
    HTML, a `text/calendar; method=...` part matching the document's METHOD and the same document as
    invite.ics; one event with the session's UID, SEQUENCE and UTC times, a fresh DTSTAMP, the organizer and
    both people as attendees (asked to reply, unless it is a cancellation)."""
    types = [p.get_content_type() for p in message.walk() if not p.is_multipart()]
    assert types == ["text/plain", "text/html", "text/calendar", "application/ics"]
    document = _calendar_part(message).get_content()
    assert _calendar_part(message).get_param("method") == method
    assert _attachment(message).get_content() == document.encode()

    calendar, event = _event(message)
    assert calendar["METHOD"] == method
    assert event["UID"] == session.ics_uid  # type: ignore[index]
    assert event["SEQUENCE"] == sequence  # type: ignore[index]
    assert event["STATUS"] == ("CANCELLED" if method == "CANCEL" else "CONFIRMED")  # type: ignore[index]
    assert event.decoded("DTSTART") == session.start  # type: ignore[attr-defined]
    assert event.decoded("DTEND") == session.end  # type: ignore[attr-defined]
    for name in ("DTSTART", "DTEND", "DTSTAMP"):
        assert event.decoded(name).utcoffset() == timedelta(0), name  # type: ignore[attr-defined]
    stamped = event.decoded("DTSTAMP")  # type: ignore[attr-defined]
    assert timedelta(0) <= timezone.now() - stamped < timedelta(minutes=5)  # when the message was built
    assert str(event["ORGANIZER"]) == "mailto:noreply@example.com"  # type: ignore[index]

    attendees = {str(a): a.params for a in event["ATTENDEE"]}  # type: ignore[index]
    assert set(attendees) == {f"mailto:{STUDENT}", f"mailto:{PROFESSIONAL}"}
    assert attendees[f"mailto:{STUDENT}"]["CN"] == "Jane Doe"
    assert attendees[f"mailto:{PROFESSIONAL}"]["CN"] == "John Smith"
    if method == "REQUEST":
        assert {p["RSVP"] for p in attendees.values()} == {"TRUE"}


def _send(
    session: ScheduledSession, change: str, run_worker: Callable[[], None], inbox: Inbox, *, expect: int = 2
) -> list[EmailMessage]:
    before = len(inbox.messages)
    session_changed(session_id=session.pk, change=change)
    run_worker()
    new = inbox.messages[before:]
    assert len(new) == expect
    return new


@pytest.fixture
def inbox() -> object:
    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        yield inbox


@pytest.fixture
def booked(
    make_session: Callable[..., ScheduledSession], inbox: Inbox, run_worker: Callable[[], None]
) -> tuple[ScheduledSession, list[EmailMessage]]:
    session = make_session(start=_soon())
    return session, _send(session, "booked", run_worker, inbox)


def test_a_booking_mails_both_people_one_invitation_each(
    booked: tuple[ScheduledSession, list[EmailMessage]],
) -> None:
    _, messages = booked

    assert sorted(str(m["To"]) for m in messages) == [STUDENT, PROFESSIONAL]
    assert all(str(m["From"]) == "mentormatch <noreply@example.com>" for m in messages)
    assert all(_subject(m).startswith("Resume review booked: ") for m in messages)


def test_each_booking_invitation_is_a_request_with_uid_sequence_utc_times_people_and_an_ics_attachment(
    booked: tuple[ScheduledSession, list[EmailMessage]],
) -> None:
    session, messages = booked

    for message in messages:
        _assert_itip_message(message, session, method="REQUEST", sequence=0)


def test_each_person_reads_the_time_in_their_own_zone_with_the_zone_named(
    booked: tuple[ScheduledSession, list[EmailMessage]], inbox: Inbox
) -> None:
    session, _ = booked
    student_text = inbox.to(STUDENT)[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    professional_text = inbox.to(PROFESSIONAL)[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    assert format_span(session.start, session.end, "America/Los_Angeles") in student_text
    assert "(America/Los_Angeles)" in student_text
    assert format_span(session.start, session.end, "America/New_York") in professional_text


def test_each_person_is_told_who_the_other_is_and_how_to_reach_them(
    booked: tuple[ScheduledSession, list[EmailMessage]], inbox: Inbox
) -> None:
    student_html = inbox.to(STUDENT)[0].get_body(("html",)).get_content()  # type: ignore[union-attr]
    professional_text = inbox.to(PROFESSIONAL)[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    assert "John Smith (Engineering Manager, Example Corp)" in student_html
    assert PROFESSIONAL in student_html
    assert "Jane Doe" in professional_text
    assert "jane.doe@example.com, Discord @janedoe" in professional_text


def test_the_meeting_link_is_in_the_email_and_the_event_when_the_session_has_one(
    make_session: Callable[..., ScheduledSession], inbox: Inbox, run_worker: Callable[[], None]
) -> None:
    session = make_session(start=_soon(), meeting_link="https://meet.example.com/abc-defg-hij")

    message = _send(session, "booked", run_worker, inbox)[0]

    assert "Join: https://meet.example.com/abc-defg-hij" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert _event(message)[1]["LOCATION"] == "https://meet.example.com/abc-defg-hij"  # type: ignore[index]


def test_without_a_meeting_link_the_email_has_no_join_line(
    booked: tuple[ScheduledSession, list[EmailMessage]],
) -> None:
    text = booked[1][0].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    assert "Join:" not in text
    assert "LOCATION" not in _event(booked[1][0])[1]  # type: ignore[operator]


def test_a_reschedule_sends_the_same_uid_with_a_higher_sequence_and_the_new_time(
    booked: tuple[ScheduledSession, list[EmailMessage]], inbox: Inbox, run_worker: Callable[[], None]
) -> None:
    session, _ = booked
    reschedule(session, session.start + timedelta(days=1, hours=2))

    messages = _send(session, "rescheduled", run_worker, inbox)

    assert sorted(str(m["To"]) for m in messages) == [STUDENT, PROFESSIONAL]
    for message in messages:
        _assert_itip_message(message, session, method="REQUEST", sequence=1)
        assert _subject(message).startswith("Resume review moved: ")


def test_a_reschedule_email_names_the_old_time(
    booked: tuple[ScheduledSession, list[EmailMessage]], inbox: Inbox, run_worker: Callable[[], None]
) -> None:
    session, _ = booked
    old_start = session.start
    reschedule(session, session.start + timedelta(days=1))

    _send(session, "rescheduled", run_worker, inbox)

    text = inbox.to(STUDENT)[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "moved from " in text
    from mentormatch.notifications.presentation import format_time

    assert format_time(old_start, "America/Los_Angeles") in text


def test_a_cancellation_sends_method_cancel_and_status_cancelled_with_a_higher_sequence(
    booked: tuple[ScheduledSession, list[EmailMessage]], inbox: Inbox, run_worker: Callable[[], None]
) -> None:
    session, _ = booked
    cancel(session)

    messages = _send(session, "cancelled", run_worker, inbox)

    assert sorted(str(m["To"]) for m in messages) == [STUDENT, PROFESSIONAL]
    for message in messages:
        _assert_itip_message(message, session, method="CANCEL", sequence=1)
        assert _subject(message).startswith("Resume review cancelled: ")


@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=60)
def test_a_mail_server_that_never_answers_blocks_nothing_and_the_email_goes_out_later(
    make_session: Callable[..., ScheduledSession], run_worker: Callable[[], None]
) -> None:
    session = make_session(start=_soon())
    with silent_smtp_server() as port, override_settings(MAILERS=smtp_mailers(port, timeout=1)):
        started = time.monotonic()
        session_changed(session_id=session.pk, change="booked")
        assert time.monotonic() - started < 1.0  # the caller (the bot's request) is not held up

        run_worker()

    assert ScheduledSession.objects.filter(pk=session.pk, status="scheduled").exists()
    invites = Notification.objects.filter(session=session, kind="invite")
    assert {(n.status, n.attempts) for n in invites} == {("pending", 1)}
    assert all("did not answer" in n.last_error for n in invites)
    real_now = timezone.now()
    retries = DBTaskResult.objects.filter(
        status="READY",
        run_after__gt=real_now + timedelta(seconds=30),
        run_after__lt=real_now + timedelta(minutes=2),
    )
    assert retries.count() == 2  # one retry per invitation, about a minute out

    with smtp_server() as (inbox, port), override_settings(MAILERS=smtp_mailers(port)):
        let_time_pass(timedelta(seconds=61))
        run_worker()

    assert sorted(str(m["To"]) for m in inbox.messages) == [STUDENT, PROFESSIONAL]
    assert {(n.status, n.attempts) for n in invites.all()} == {("sent", 2)}
