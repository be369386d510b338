"""`manage.py loaddemo`: a dozen professionals, twenty students with pending requests, a demo admin."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from mentormatch.scheduling.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
    Student,
)

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def test_it_creates_a_dozen_professionals_with_current_availability() -> None:
    _load()

    assert Professional.objects.count() == 12
    assert ProfessionalAvailability.objects.filter(is_current=True).count() == 12
    assert all((p.email or "").endswith("@example.com") for p in Professional.objects.all())


def test_it_creates_twenty_students_with_pending_requests() -> None:
    _load()

    assert Student.objects.count() == 20
    assert ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING).count() == 20


def test_the_demo_spans_several_time_zones() -> None:
    _load()

    zones = set(Professional.objects.values_list("timezone", flat=True))
    assert {"America/New_York", "America/Chicago", "Europe/London", "Asia/Kolkata"} <= zones


def test_messy_text_is_read_and_the_unreadable_is_flagged() -> None:
    _load()

    readable = ProfessionalAvailability.objects.exclude(windows=[]).count()
    assert readable >= 11
    assert Professional.objects.get(name="Laura Chen").needs_clarification is True
    assert Professional.objects.get(name="Marcus Bell").needs_clarification is False


def test_the_demo_admin_can_log_in() -> None:
    output = _load()

    user = authenticate(username=DEMO_ADMIN_USERNAME, password=DEMO_ADMIN_PASSWORD)
    assert user is not None and user.is_staff
    assert f"{DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}" in output


def test_loading_twice_adds_nothing() -> None:
    _load()
    counts = [
        model.objects.count()
        for model in (
            Professional,
            ProfessionalAvailability,
            Student,
            ReviewRequest,
            ReviewRequestStatusChange,
        )
    ]

    output = _load()

    assert counts == [
        model.objects.count()
        for model in (
            Professional,
            ProfessionalAvailability,
            Student,
            ReviewRequest,
            ReviewRequestStatusChange,
        )
    ]
    assert "0 professionals and 0 students created" in output


def test_the_demo_asks_nobody_to_clarify(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _load()

    assert callbacks == []
    assert DBTaskResult.objects.count() == 0
