"""A failed delivery can be processed again from the archive, by an admin action, once the cause is fixed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mentormatch.intake.models import WebhookDelivery
from mentormatch.scheduling.models import Professional, ProfessionalAvailability
from tests.intake.conftest import PROFESSIONAL_URL, Poster

pytestmark = pytest.mark.django_db

ADMIN_CHANGELIST = "/admin/intake/webhookdelivery/"


def _fail_once(
    post_form: Poster, payload: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> WebhookDelivery:
    with monkeypatch.context() as patch:
        patch.setattr(
            "mentormatch.intake.services.professional_submission_ingest",
            lambda **kwargs: (_ for _ in ()).throw(RuntimeError("mail server down")),
        )
        assert post_form(PROFESSIONAL_URL, payload).status_code == 500
    return WebhookDelivery.objects.get()


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "a-long-password"))
    return client


def test_processing_a_failed_delivery_again_stores_it(
    staff: Client, post_form: Poster, professional_payload: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivery = _fail_once(post_form, professional_payload, monkeypatch)

    response = staff.post(
        ADMIN_CHANGELIST, {"action": "process_again", "_selected_action": [delivery.pk]}, follow=True
    )

    assert "Processed 1" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PROCESSED
    assert Professional.objects.get().name == "Dana Whitfield"
    assert ProfessionalAvailability.objects.get().delivery == delivery


def test_a_delivery_that_was_not_failed_is_left_alone(
    staff: Client, post_form: Poster, professional_payload: dict
) -> None:
    post_form(PROFESSIONAL_URL, professional_payload, secret="wrong")
    rejected = WebhookDelivery.objects.get()

    response = staff.post(
        ADMIN_CHANGELIST, {"action": "process_again", "_selected_action": [rejected.pk]}, follow=True
    )

    assert "skipped 1" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.status == WebhookDelivery.Status.REJECTED
    assert not Professional.objects.exists()


def test_a_failed_delivery_whose_response_was_stored_since_becomes_a_duplicate(
    staff: Client, post_form: Poster, professional_payload: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = _fail_once(post_form, professional_payload, monkeypatch)
    post_form(PROFESSIONAL_URL, professional_payload)

    staff.post(ADMIN_CHANGELIST, {"action": "process_again", "_selected_action": [failed.pk]})

    failed.refresh_from_db()
    assert failed.status == WebhookDelivery.Status.DUPLICATE
    assert ProfessionalAvailability.objects.count() == 1
