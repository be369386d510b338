"""Shared setup for the notification tests: people, a session, a frozen "now", a worker run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from mentormatch.scheduling.models import Professional, ScheduledSession, Student

# aiosmtpd logs every SMTP command at INFO; the tests assert on what arrived instead.
logging.getLogger("mail.log").setLevel(logging.WARNING)

# Thursday 3 December 2026, 15:00 UTC: every test runs "now" at this instant unless it says otherwise.
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
# Monday 7 December 2026, 20:30 UTC = 3:30 PM in New York, 12:30 PM in Los Angeles.
START = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def student(db: None) -> Student:
    return Student.objects.create(
        name="Jane Doe",
        email="jane.doe@example.com",
        discord_id="100000000000000042",
        discord_username="janedoe",
        timezone="America/Los_Angeles",
    )


@pytest.fixture
def professional(db: None) -> Professional:
    return Professional.objects.create(
        name="John Smith",
        email="john.smith@example.com",
        title="Engineering Manager",
        company="Example Corp",
        timezone="America/New_York",
        rating=None,
        rating_count=0,
    )


@pytest.fixture
def make_session(student: Student, professional: Professional) -> Callable[..., ScheduledSession]:
    def make(start: datetime = START, minutes: int = 30, **fields: object) -> ScheduledSession:
        return ScheduledSession.objects.create(
            student=student,
            professional=professional,
            start=start,
            end=start + timedelta(minutes=minutes),
            scheduled_by="discord:1",
            **fields,
        )

    return make


@pytest.fixture
def session(make_session: Callable[..., ScheduledSession]) -> ScheduledSession:
    return make_session()


def reschedule(session: ScheduledSession, start: datetime) -> ScheduledSession:
    """What the scheduling service does to a session it moves: new times, SEQUENCE raised."""
    duration = session.end - session.start
    session.start, session.end = start, start + duration
    session.sequence += 1
    session.save()
    return session


def cancel(session: ScheduledSession) -> ScheduledSession:
    session.status = ScheduledSession.Status.CANCELLED
    session.sequence += 1
    session.save()
    return session


@pytest.fixture
def run_worker() -> Callable[[], None]:
    """Run the real task worker until no task is due (deferred tasks wait for the real clock)."""

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run
