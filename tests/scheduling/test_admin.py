"""Every model has a working admin: list, search, filters and change form load for a staff user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
    Student,
)
from tests.scheduling import records

pytestmark = pytest.mark.django_db

MODELS: list[type[Model]] = [
    Student,
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
    WebhookDelivery,
]


@pytest.fixture
def staff(client: Client) -> Client:
    user = User.objects.create_superuser("staff", "staff@example.com", "a-long-password")
    client.force_login(user)
    return client


@pytest.fixture
def program() -> None:
    """One of everything, linked as in real use."""
    professional = records.professional("Dana Whitfield")
    records.availability(professional, is_current=False)
    records.availability(professional, warnings=["'whenever' was not understood"])
    student = records.student("Jordan Reyes", discord_id="100000000000000042")
    request = records.review_request(student)
    records.session(
        student_=student,
        professional_=professional,
        request=request,
        start=dt.datetime(2026, 12, 7, 20, 30, tzinfo=dt.UTC),
    )
    WebhookDelivery.objects.create(
        endpoint="professional-availability",
        response_id="2_abc",
        headers={"X-Form-Secret": "[redacted]"},
        body='{"form_type": "professional_availability"}',
        status=WebhookDelivery.Status.PROCESSED,
    )


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_is_registered() -> None:
    assert [model for model in MODELS if not admin.site.is_registered(model)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_changelist_loads_with_rows(staff: Client, program: None, model: type[Model]) -> None:
    response = staff.get(_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_change_form_loads(staff: Client, program: None, model: type[Model]) -> None:
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None

    response = staff.get(_url(model, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_search_works(staff: Client, program: None, model: type[Model]) -> None:
    response = staff.get(_url(model, "changelist"), {"q": "Dana"})

    assert response.status_code == 200


def test_search_finds_a_student_by_discord_id(staff: Client, program: None) -> None:
    response = staff.get(_url(Student, "changelist"), {"q": "100000000000000042"})

    assert [s.name for s in response.context["cl"].result_list] == ["Jordan Reyes"]


def test_the_professional_page_shows_the_availability_history(staff: Client, program: None) -> None:
    professional = Professional.objects.get()

    response = staff.get(_url(Professional, "change", professional.pk))

    assert response.content.count(b"Monday 1-4 PM") == 2
    assert b"Mon 13:00-16:00" in response.content


def test_the_review_request_page_shows_the_status_history(staff: Client, program: None) -> None:
    response = staff.get(_url(ReviewRequest, "change", ReviewRequest.objects.get().pk))

    assert b"status changes" in response.content.lower()
    assert b"Dana Whitfield" in response.content  # the session inline


def test_the_session_page_shows_its_events(staff: Client, program: None) -> None:
    response = staff.get(_url(ScheduledSession, "change", ScheduledSession.objects.get().pk))

    assert b"booked" in response.content


def test_the_needs_clarification_filter_narrows_professionals(staff: Client, program: None) -> None:
    records.professional("Laura Chen", needs_clarification=True)

    response = staff.get(_url(Professional, "changelist"), {"needs_clarification__exact": "1"})

    assert [p.name for p in response.context["cl"].result_list] == ["Laura Chen"]


def test_the_webhook_archive_is_read_only(staff: Client, program: None) -> None:
    delivery = WebhookDelivery.objects.get()

    response = staff.post(_url(WebhookDelivery, "change", delivery.pk), {"status": "failed"})

    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PROCESSED


def test_admin_pages_need_a_staff_login(client: Client, program: None) -> None:
    response = client.get(_url(Professional, "changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_links_to_the_dashboard(staff: Client) -> None:
    response = staff.get("/admin/")

    assert b'href="/dashboard/"' in response.content
