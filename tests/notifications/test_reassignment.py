"""A reschedule that hands the session to another professional: the new one is invited, the former one
gets a cancellation for the event they had, and the student an update."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from mentormatch.notifications.delivery import notifications_deliver_due
from mentormatch.notifications.models import Notification
from mentormatch.notifications.presentation import format_time
from mentormatch.notifications.services import session_changed
from mentormatch.scheduling.models import Professional, ScheduledSession

from .conftest import reschedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def mary() -> Professional:
    return Professional.objects.create(
        name="Mary Major", email="mary.major@example.com", timezone="America/Chicago"
    )


def _hand_over(session: ScheduledSession, to: Professional, now: datetime) -> None:
    session.professional = to
    reschedule(session, session.start + timedelta(days=1))
    session_changed(session_id=session.pk, change="rescheduled", now=now)


def _mail_to(address: str) -> mail.EmailMultiAlternatives:
    [message] = [m for m in mail.outbox if m.to == [address]]
    assert isinstance(message, mail.EmailMultiAlternatives)
    return message


def _calendar(message: mail.EmailMultiAlternatives) -> Calendar:
    attachment = next(a for a in message.attachments if a[0] == "invite.ics")  # type: ignore[index]
    return Calendar.from_ical(attachment[1])  # type: ignore[index]


@pytest.fixture
def handed_over(session: ScheduledSession, mary: Professional, now: datetime) -> ScheduledSession:
    session_changed(session_id=session.pk, change="booked", now=now)
    notifications_deliver_due(now=now)
    mail.outbox.clear()
    _hand_over(session, mary, now)
    notifications_deliver_due(now=now)
    return session


def test_the_new_professional_is_invited(handed_over: ScheduledSession) -> None:
    message = _mail_to("mary.major@example.com")

    assert message.subject.startswith("Resume review booked: ")
    event = _calendar(message).walk("VEVENT")[0]
    assert (str(_calendar(message)["METHOD"]), int(event["SEQUENCE"])) == ("REQUEST", 1)
    assert event.decoded("DTSTART") == handed_over.start


def test_the_former_professional_gets_a_cancellation_of_the_time_they_had(
    handed_over: ScheduledSession, now: datetime
) -> None:
    message = _mail_to("john.smith@example.com")
    calendar = _calendar(message)
    event = calendar.walk("VEVENT")[0]
    old_start = handed_over.start - timedelta(days=1)

    assert message.subject.startswith("No longer needed: ")
    assert "handed to another professional" in message.body
    assert format_time(old_start, "America/New_York") in message.subject
    assert (str(calendar["METHOD"]), str(event["STATUS"]), int(event["SEQUENCE"])) == (
        "CANCEL",
        "CANCELLED",
        1,
    )
    assert "mailto:john.smith@example.com" in [str(a) for a in event["ATTENDEE"]]


def test_the_student_gets_an_update_naming_the_new_professional(handed_over: ScheduledSession) -> None:
    message = _mail_to("jane.doe@example.com")

    assert message.subject.startswith("Resume review moved: ")
    assert "Mary Major" in message.body


def test_a_former_professional_who_was_never_sent_the_invitation_gets_nothing(
    session: ScheduledSession, mary: Professional, now: datetime
) -> None:
    session_changed(session_id=session.pk, change="booked", now=now)

    _hand_over(session, mary, now)
    notifications_deliver_due(now=now)

    assert not [m for m in mail.outbox if m.to == ["john.smith@example.com"]]
    stopped = Notification.objects.get(session=session, kind="invite", recipient="john.smith@example.com")
    assert stopped.status == "cancelled"
