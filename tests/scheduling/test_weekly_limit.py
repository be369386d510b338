"""A professional's weekly session limit has one range, 1 to 20, checked by one validator on every path:
the bot API, the services, the admin, the setting for new professionals (and the form, which reads the same
bounds)."""

from __future__ import annotations

import pytest
from django.test import Client

from mentormatch.scheduling.limits import MAX_SESSIONS_PER_WEEK_RANGE, weekly_limit_problem
from mentormatch.scheduling.models import Professional
from mentormatch.scheduling.services.people import InvalidPerson, professional_upsert
from tests.scheduling import records
from tests.scheduling.conftest import Call
from tests.startup import start_settings

pytestmark = pytest.mark.django_db
OUTSIDE = [0, 21, 50, -1]


def test_the_range_is_one_to_twenty() -> None:
    assert MAX_SESSIONS_PER_WEEK_RANGE == (1, 20)
    assert [weekly_limit_problem(n) is None for n in (0, 1, 20, 21)] == [False, True, True, False]


@pytest.mark.parametrize("limit", OUTSIDE)
def test_add_professional_refuses_a_limit_outside_the_range(call: Call, limit: int) -> None:
    response = call("add-professional", name="Jane Doe", max_sessions_per_week=limit)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        f"max_sessions_per_week: must be a whole number from 1 to 20 (got {limit})"
    )
    assert not Professional.objects.exists()


@pytest.mark.parametrize("limit", [1, 20])
def test_add_professional_takes_the_ends_of_the_range(call: Call, limit: int) -> None:
    response = call("add-professional", name="Jane Doe", max_sessions_per_week=limit)

    assert response.json()["professional"]["max_sessions_per_week"] == limit


@pytest.mark.parametrize("limit", OUTSIDE)
def test_add_professional_availability_refuses_a_limit_outside_the_range(call: Call, limit: int) -> None:
    response = call(
        "add-professional-availability",
        professional_name="Jane Doe",
        availability_text="Mondays 2-4pm",
        max_sessions_per_week=limit,
    )

    assert response.status_code == 400
    assert "from 1 to 20" in response.json()["error"]["message"]
    assert not Professional.objects.exists()


@pytest.mark.parametrize("limit", OUTSIDE)
def test_the_service_refuses_a_limit_outside_the_range(limit: int) -> None:
    with pytest.raises(InvalidPerson, match="max_sessions_per_week must be a whole number from 1 to 20"):
        professional_upsert(name="Jane Doe", max_sessions_per_week=limit)

    assert not Professional.objects.exists()


def test_the_admin_refuses_a_limit_outside_the_range(admin_client: Client) -> None:
    professional = records.professional("Jane Doe", max_sessions_per_week=3)
    page = admin_client.get(f"/admin/scheduling/professional/{professional.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "max_sessions_per_week": "21",
            "availabilities-TOTAL_FORMS": "0",
            "availabilities-INITIAL_FORMS": "0",
        }
    )

    response = admin_client.post(f"/admin/scheduling/professional/{professional.pk}/change/", data)

    assert response.status_code == 200  # the form again, with the error
    assert "must be a whole number from 1 to 20 (got 21)" in response.content.decode()
    professional.refresh_from_db()
    assert professional.max_sessions_per_week == 3


def test_a_default_limit_outside_the_range_stops_the_start_naming_the_setting() -> None:
    result = start_settings(DEFAULT_MAX_SESSIONS_PER_WEEK="0")

    assert result.returncode != 0
    assert "DEFAULT_MAX_SESSIONS_PER_WEEK must be a whole number from 1 to 20" in result.stderr
