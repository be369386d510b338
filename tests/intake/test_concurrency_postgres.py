"""A response resent many times at once is processed exactly once (PostgreSQL, real connections).

Each thread posts through its own test client and database connection; a barrier releases them together.
Skipped unless DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from mentormatch.intake.models import WebhookDelivery
from mentormatch.intake.signing import sign
from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ReviewRequest, Student
from tests.intake.conftest import PROFESSIONAL_URL, REVIEW_REQUEST_URL, SECRET, fixture_payload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


def _race(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Counter[str]:
    body = json.dumps(payload).encode()
    if headers is None:
        headers = {"X-Form-Secret": SECRET}
    elif not headers:
        headers = sign(body, SECRET, int(time.time()))
    barrier = threading.Barrier(THREADS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            response = Client().post(url, data=body, content_type="application/json", headers=headers)
            data = response.json()
            outcome = f"{response.status_code} {data.get('status') or data.get('error', {}).get('code')}"
            with lock:
                outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_concurrent_resends_of_a_professional_response_store_it_once() -> None:
    outcomes = _race(PROFESSIONAL_URL, fixture_payload("seed_professional_availability.json"))

    assert outcomes == Counter({"200 processed": 1, "200 duplicate": THREADS - 1})
    assert Professional.objects.count() == 1
    assert ProfessionalAvailability.objects.count() == 1
    assert WebhookDelivery.objects.count() == THREADS
    assert WebhookDelivery.objects.filter(status="processed").count() == 1


def test_concurrent_resends_of_a_review_request_store_it_once() -> None:
    outcomes = _race(REVIEW_REQUEST_URL, fixture_payload("seed_review_request.json"))

    assert outcomes == Counter({"200 processed": 1, "200 duplicate": THREADS - 1})
    assert Student.objects.count() == 1
    assert ReviewRequest.objects.count() == 1
    assert ReviewRequest.objects.get().status_changes.count() == 1


def test_concurrent_replays_of_a_signed_delivery_without_a_response_id_store_it_once() -> None:
    payload = fixture_payload("seed_review_request.json")
    payload.pop("response_id")

    outcomes = _race(REVIEW_REQUEST_URL, payload, headers={})

    assert outcomes == Counter({"200 processed": 1, "200 duplicate": THREADS - 1})
    assert ReviewRequest.objects.get().status_changes.count() == 1


def test_concurrent_copies_of_an_edited_response_store_the_edit_once() -> None:
    first = fixture_payload("seed_professional_availability.json")
    assert _race(PROFESSIONAL_URL, first)["200 processed"] == 1
    edited = {**first, "timestamp": "2026-11-30T17:05:00.000Z"}
    edited["responses"] = {**first["responses"], "Specific Available Times": "Friday 9-11 AM"}
    edited["parsed_data"] = {**first["parsed_data"], "specific_times": "Friday 9-11 AM"}

    outcomes = _race(PROFESSIONAL_URL, edited)

    assert outcomes == Counter({"200 processed": 1, "200 duplicate": THREADS - 1})
    assert ProfessionalAvailability.objects.count() == 2
    assert ProfessionalAvailability.objects.get(is_current=True).availability_text == "Friday 9-11 AM"
    revisions = WebhookDelivery.objects.filter(status="processed").values_list("response_revision", flat=True)
    assert sorted(revisions) == [0, 1]
