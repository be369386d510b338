"""Professionals with the same name through the bot API: add-professional refuses a taken name, and every
action that takes a professional's name also takes their id, which tells namesakes apart."""

from __future__ import annotations

from typing import Any

import pytest

from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ScheduledSession
from tests.scheduling.conftest import ADMIN, Call
from tests.scheduling.seed_people import STUDENT_DISCORD_ID, dana, jordan

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes() -> tuple[Professional, Professional]:
    """Two professionals named Dana Whitfield, as two form submissions with different emails leave them: the
    seed one (with availability) and another one."""
    jordan()
    first = dana()
    other = Professional.objects.create(
        name="Dana Whitfield", email="jane.other@example.com", timezone="America/Chicago"
    )
    return first, other


def _book(call: Call, **professional: Any) -> Any:
    return call(
        "schedule-session",
        discord_id=STUDENT_DISCORD_ID,
        scheduled_time="Monday 3:30 PM",
        actor_discord_id=ADMIN,
        **professional,
    )


# --- add-professional refuses a taken name ------------------------------------------------------------


@pytest.mark.parametrize("name", ["Dana Whitfield", "dana WHITFIELD", "  Dana   Whitfield "])
def test_add_professional_with_another_professionals_name_and_email_is_409_naming_them(
    call: Call, name: str
) -> None:
    existing = dana()

    response = call("add-professional", name=name, email="jane.other@example.com")

    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["code"], error["professional_id"]) == ("name_taken", existing.pk)
    assert f"id {existing.pk}, {existing.email}" in error["message"]
    assert Professional.objects.count() == 1


def test_add_professional_with_an_accented_spelling_of_a_taken_name_is_409(call: Call) -> None:
    Professional.objects.create(name="Tomás Álvarez", email="tomas@example.com")

    response = call("add-professional", name="Tomas Alvarez", email="t.alvarez@example.com")

    assert (response.status_code, response.json()["error"]["code"]) == (409, "name_taken")
    assert Professional.objects.count() == 1


def test_add_professional_with_a_taken_name_and_the_same_email_updates_that_professional(
    call: Call,
) -> None:
    existing = dana()

    response = call("add-professional", name="Dana Whitfield", email=existing.email, title="Director")

    assert (response.status_code, response.json()["created"]) == (200, False)
    assert Professional.objects.get().title == "Director"


def test_add_professional_by_a_name_two_professionals_share_is_400_listing_both(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    response = call("add-professional", name="Dana Whitfield", title="Director")

    assert (response.status_code, response.json()["error"]["code"]) == (400, "ambiguous_name")
    assert not Professional.objects.filter(title="Director").exists()


def test_add_professional_by_id_updates_that_one_of_two_namesakes(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    _first, other = namesakes

    response = call("add-professional", professional_id=other.pk, title="Director")

    assert (response.status_code, response.json()["professional"]["id"]) == (200, other.pk)
    assert list(Professional.objects.filter(title="Director")) == [other]


def test_add_professional_with_active_false_stores_them_inactive(call: Call) -> None:
    response = call("add-professional", name="Jane Doe", active=False)

    assert (response.status_code, response.json()["professional"]["active"]) == (200, False)
    assert Professional.objects.get().active is False


def test_add_professional_without_active_keeps_an_inactive_professional_inactive(call: Call) -> None:
    Professional.objects.create(name="Jane Doe", active=False)

    call("add-professional", name="Jane Doe", specialties="Marketing")

    assert Professional.objects.get().active is False


# --- the id picks among namesakes ---------------------------------------------------------------------


def test_schedule_session_by_a_shared_name_lists_the_candidates_with_their_ids_and_emails(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    first, other = namesakes

    response = _book(call, professional_name="Dana Whitfield")

    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (400, "ambiguous_name")
    assert f"Dana Whitfield (id {first.pk}, {first.email})" in error["message"]
    assert f"Dana Whitfield (id {other.pk}, jane.other@example.com)" in error["message"]
    assert "professional_id" in error["message"]
    assert [(c["id"], c["email"]) for c in error["candidates"]] == [
        (first.pk, first.email),
        (other.pk, "jane.other@example.com"),
    ]


def test_schedule_session_by_professional_id_books_that_namesake(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    first, _other = namesakes

    response = _book(call, professional_id=first.pk)

    assert response.status_code == 200, response.json()
    assert ScheduledSession.objects.get().professional == first


def test_schedule_session_with_both_a_name_and_an_id_is_400_naming_both(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    response = _book(call, professional_name="Dana Whitfield", professional_id=namesakes[0].pk)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Give professional_name or professional_id, not both."
    assert not ScheduledSession.objects.exists()


def test_schedule_session_without_a_professional_asks_for_a_name_or_an_id(call: Call) -> None:
    jordan()

    response = _book(call)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Give professional_name or professional_id."


def test_schedule_session_with_an_unknown_professional_id_is_404(call: Call) -> None:
    jordan()

    response = _book(call, professional_id=999)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No professional with id 999."


def test_cancel_session_narrowed_by_professional_id(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    first, other = namesakes
    _book(call, professional_id=first.pk)

    wrong = call("cancel-session", discord_id=STUDENT_DISCORD_ID, professional_id=other.pk)
    right = call("cancel-session", discord_id=STUDENT_DISCORD_ID, professional_id=first.pk)

    assert wrong.status_code == 404
    assert right.json()["session"]["status"] == "cancelled"


def test_reschedule_session_to_a_new_professional_by_id(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    first, other = namesakes
    ProfessionalAvailability.objects.create(
        professional=other,
        availability_text="Mondays 1-4 PM",
        timezone="America/Chicago",
        windows=[{"weekday": 0, "date": None, "start": "13:00", "end": "16:00", "tz": None}],
        confidence=1.0,
    )
    _book(call, professional_id=first.pk)

    response = call(
        "reschedule-session",
        discord_id=STUDENT_DISCORD_ID,
        scheduled_time="Monday 3:00 PM",
        new_professional_id=other.pk,
    )

    assert response.status_code == 200, response.json()
    assert response.json()["session"]["professional"]["id"] == other.pk


def test_reschedule_session_with_a_new_professional_name_and_id_is_400(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    response = call(
        "reschedule-session",
        discord_id=STUDENT_DISCORD_ID,
        scheduled_time="Monday 3:00 PM",
        new_professional_name="Dana",
        new_professional_id=namesakes[1].pk,
    )

    assert response.status_code == 400
    assert "new_professional_name or new_professional_id, not both" in response.json()["error"]["message"]


def test_add_professional_availability_by_id_stores_it_for_that_namesake(
    call: Call, namesakes: tuple[Professional, Professional]
) -> None:
    _first, other = namesakes

    response = call(
        "add-professional-availability",
        professional_id=other.pk,
        availability_text="Tuesdays 2-4pm",
        max_sessions_per_week=4,
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["professional"]["id"], response.json()["created"]) == (other.pk, False)
    other.refresh_from_db()
    assert other.max_sessions_per_week == 4
    assert other.availabilities.get(is_current=True).availability_text == "Tuesdays 2-4pm"
    assert Professional.objects.count() == 2


def test_add_professional_availability_with_an_unknown_id_creates_nobody(call: Call) -> None:
    response = call("add-professional-availability", professional_id=999, availability_text="Tuesdays 2-4pm")

    assert response.status_code == 404
    assert not Professional.objects.exists()


def test_add_professional_availability_with_a_known_name_and_a_new_email_creates_no_namesake(
    call: Call,
) -> None:
    existing = dana()

    response = call(
        "add-professional-availability",
        professional_name="Dana Whitfield",
        email="jane.other@example.com",
        availability_text="Tuesdays 2-4pm",
    )

    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (409, "email_mismatch")
    assert f"Dana Whitfield (id {existing.pk}) has the email {existing.email}" in error["message"]
    assert list(Professional.objects.values_list("email", flat=True)) == [existing.email]
    assert not ProfessionalAvailability.objects.filter(availability_text="Tuesdays 2-4pm").exists()


def test_add_professional_availability_gives_a_new_email_to_a_professional_without_one(call: Call) -> None:
    Professional.objects.create(name="Jane Doe")

    response = call(
        "add-professional-availability",
        professional_name="Jane Doe",
        email="Jane.Doe@example.com",
        availability_text="Tuesdays 2-4pm",
    )

    assert (response.status_code, response.json()["created"]) == (200, False)
    assert list(Professional.objects.values_list("email", flat=True)) == ["jane.doe@example.com"]


# --- add-professional: a name's case is not a rename; a name must be text -------------------------------


def test_add_professional_with_a_name_in_another_case_updates_them_without_renaming(call: Call) -> None:
    stored = dana()

    response = call("add-professional", name="dana whitfield", title="Lead Data Analyst")

    assert response.status_code == 200, response.json()
    assert response.json()["created"] is False
    stored.refresh_from_db()
    assert (stored.name, stored.title) == ("Dana Whitfield", "Lead Data Analyst")
    assert response.json()["professional"]["name"] == "Dana Whitfield"


def test_add_professional_by_id_may_still_correct_the_case_of_a_name(call: Call) -> None:
    stored = dana()

    response = call("add-professional", professional_id=stored.pk, name="Dana WHITFIELD")

    assert response.status_code == 200, response.json()
    stored.refresh_from_db()
    assert stored.name == "Dana WHITFIELD"


@pytest.mark.parametrize("name", [123, 4.5, True, ["Dana"], {"first": "Dana"}])
def test_add_professional_with_a_name_that_is_not_text_is_a_400_and_creates_nobody(
    call: Call, name: Any
) -> None:
    response = call("add-professional", name=name)

    assert response.status_code == 400
    assert "name" in response.json()["error"]["fields"]
    assert not Professional.objects.exists()


def test_add_professional_availability_with_a_number_for_the_name_creates_nobody(call: Call) -> None:
    response = call("add-professional-availability", professional_name=123, availability_text="Mon 2-4pm")

    assert response.status_code == 400
    assert "professional_name" in response.json()["error"]["fields"]
    assert not Professional.objects.exists()
