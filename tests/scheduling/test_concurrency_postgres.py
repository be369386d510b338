"""No double booking under concurrency, guaranteed by PostgreSQL exclusion constraints, over real connections.

Each thread has its own database connection (Django opens one per thread) and its own transaction; a barrier
releases them together. Skipped unless DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction

from mentormatch.core.feasibility import Refusal
from mentormatch.scheduling.models import Professional, ReviewRequest, ScheduledSession, Student
from mentormatch.scheduling.services.sessions import session_schedule
from mentormatch.web.errors import Conflict
from tests.scheduling.seed_people import NOW, dana, professional_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 24
MONDAY_3_30_PM_EASTERN = dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC)
MONDAY_AFTERNOON = [{"weekday": 0, "date": None, "start": "15:00", "end": "17:00", "tz": None}]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


def _student(n: int) -> Student:
    student = Student.objects.create(
        name=f"Student {n}", discord_id=f"1000000000000{n:05d}", timezone="America/New_York"
    )
    ReviewRequest.objects.create(student=student, timezone="America/New_York", windows=MONDAY_AFTERNOON)
    return student


def _race(book: Callable[[int], object]) -> Counter[str]:
    """Run `book(i)` in THREADS threads released at once; count the outcomes."""
    barrier = threading.Barrier(THREADS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            try:
                book(i)
                outcome = "booked"
            except Conflict as refusal:
                outcome = refusal.code
            except Exception as error:  # anything else is a failure the test must show
                outcome = f"{type(error).__name__}: {error}"
            with lock:
                outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_bookings_of_one_professionals_slot_give_exactly_one_session() -> None:
    professional = dana()
    students = [_student(i) for i in range(THREADS)]

    outcomes = _race(
        lambda i: session_schedule(
            student=students[i],
            professional=professional,
            start=MONDAY_3_30_PM_EASTERN,
            actor="system",
            now=NOW,
        )
    )

    assert outcomes == Counter({"booked": 1, Refusal.ALREADY_BOOKED: THREADS - 1})
    assert ScheduledSession.objects.filter(professional=professional, status="scheduled").count() == 1


def test_concurrent_bookings_of_one_student_with_many_professionals_give_exactly_one_session() -> None:
    # Different professionals and a request each: the student's row lock (and behind it the student's
    # exclusion constraint) stops these, without a deadlock between concurrent inserts.
    student = _student(0)
    requests = [student.review_requests.get()] + [
        ReviewRequest.objects.create(student=student, timezone="America/New_York", windows=MONDAY_AFTERNOON)
        for _ in range(THREADS - 1)
    ]
    professionals: list[Professional] = [
        professional_with(f"Jane Doe {i}", "Monday 3-5 PM", max_sessions_per_week=5) for i in range(THREADS)
    ]

    outcomes = _race(
        lambda i: session_schedule(
            student=student,
            professional=professionals[i],
            start=MONDAY_3_30_PM_EASTERN,
            review_request=requests[i],
            actor="system",
            now=NOW,
        )
    )

    assert outcomes == Counter({"booked": 1, Refusal.ALREADY_BOOKED: THREADS - 1})
    assert ScheduledSession.objects.filter(student=student, status="scheduled").count() == 1


def test_concurrent_bookings_of_one_request_at_different_times_give_exactly_one_session() -> None:
    # Different professionals and different times: only the one-session-per-request index stops these.
    student = _student(0)
    professionals: list[Professional] = [
        professional_with(f"Jane Doe {i}", "Monday 3-5 PM", max_sessions_per_week=5) for i in range(THREADS)
    ]
    starts = [
        MONDAY_3_30_PM_EASTERN + dt.timedelta(days=7 * (i % 2), minutes=30 * (i // 2 % 3))
        for i in range(THREADS)
    ]

    outcomes = _race(
        lambda i: session_schedule(
            student=student, professional=professionals[i], start=starts[i], actor="system", now=NOW
        )
    )

    assert outcomes["booked"] == 1
    assert set(outcomes) <= {"booked", "already_scheduled", Refusal.ALREADY_BOOKED}
    assert ScheduledSession.objects.filter(student=student, status="scheduled").count() == 1


def test_the_database_itself_refuses_an_overlapping_session_of_a_professional() -> None:
    professional = dana()
    first, second = _student(1), _student(2)
    ScheduledSession.objects.create(
        student=first,
        professional=professional,
        start=MONDAY_3_30_PM_EASTERN,
        end=MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=30),
    )
    with pytest.raises(IntegrityError, match="session_professional_no_overlap"), transaction.atomic():
        ScheduledSession.objects.create(
            student=second,
            professional=professional,
            start=MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=15),
            end=MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=45),
        )


def test_a_cancelled_session_does_not_block_its_time_in_the_database() -> None:
    professional = dana()
    first, second = _student(1), _student(2)
    end = MONDAY_3_30_PM_EASTERN + dt.timedelta(minutes=30)
    ScheduledSession.objects.create(
        student=first, professional=professional, start=MONDAY_3_30_PM_EASTERN, end=end, status="cancelled"
    )
    ScheduledSession.objects.create(
        student=second, professional=professional, start=MONDAY_3_30_PM_EASTERN, end=end
    )
    assert ScheduledSession.objects.count() == 2
