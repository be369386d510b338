"""The webhook delivery archive in the admin is read-only: nothing a form sent can be deleted there."""

from __future__ import annotations

import pytest
from django.test import Client

from mentormatch.intake.models import WebhookDelivery

pytestmark = pytest.mark.django_db
URL = "/admin/intake/webhookdelivery/"


@pytest.fixture
def delivery() -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint="professional-availability", body='{"name": "Dana Whitfield"}', status="processed"
    )


def test_the_delivery_list_offers_no_delete_action(admin_client: Client, delivery: WebhookDelivery) -> None:
    page = admin_client.get(URL).content.decode()

    assert 'value="delete_selected"' not in page
    assert 'value="process_again"' in page


def test_posting_the_delete_action_on_deliveries_deletes_nothing(
    admin_client: Client, delivery: WebhookDelivery
) -> None:
    admin_client.post(URL, {"action": "delete_selected", "_selected_action": [delivery.pk], "post": "yes"})

    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()


def test_the_delete_page_of_a_delivery_deletes_nothing_and_is_not_linked(
    admin_client: Client, delivery: WebhookDelivery
) -> None:
    change = admin_client.get(f"{URL}{delivery.pk}/change/").content.decode()
    response = admin_client.post(f"{URL}{delivery.pk}/delete/", {"post": "yes"})

    assert f"{delivery.pk}/delete/" not in change
    assert response.status_code == 403
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()
