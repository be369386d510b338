"""professional_upsert and student_upsert: one record per person, however they arrive."""

from __future__ import annotations

import pytest

from mentormatch.scheduling.models import Professional, Student
from mentormatch.scheduling.services.people import InvalidPerson, professional_upsert, student_upsert

pytestmark = pytest.mark.django_db


def test_a_new_professional_is_created_with_the_program_weekly_limit() -> None:
    professional, created = professional_upsert(name="Jane Doe", email="Jane.Doe@Example.com")

    assert created is True
    assert professional.email == "jane.doe@example.com"
    assert professional.max_sessions_per_week == 3


def test_the_same_email_in_another_case_updates_the_same_professional() -> None:
    professional_upsert(name="Jane Doe", email="jane.doe@example.com", title="Analyst")

    professional, created = professional_upsert(name="Jane Doe", email="JANE.DOE@example.com", company="Acme")

    assert created is False
    assert Professional.objects.count() == 1
    assert (professional.title, professional.company) == ("Analyst", "Acme")


def test_a_professional_added_by_name_gets_their_email_from_the_form() -> None:
    added, _ = professional_upsert(name="Jane Doe")

    professional, created = professional_upsert(name="jane doe", email="jane.doe@example.com")

    assert created is False
    assert professional.pk == added.pk
    assert professional.email == "jane.doe@example.com"


def test_two_people_with_one_name_and_different_emails_stay_apart() -> None:
    professional_upsert(name="Jane Doe", email="jane.doe@example.com")

    _, created = professional_upsert(name="Jane Doe", email="jane.doe2@example.com")

    assert created is True
    assert Professional.objects.count() == 2


def test_a_zone_written_as_people_write_it_is_stored_as_iana() -> None:
    professional, _ = professional_upsert(name="Jane Doe", timezone="Pacific Time (PT)")

    assert professional.timezone == "America/Los_Angeles"


def test_an_unknown_zone_is_refused_with_a_readable_message() -> None:
    with pytest.raises(InvalidPerson, match="Mars Standard"):
        professional_upsert(name="Jane Doe", timezone="Mars Standard")


def test_a_professional_needs_a_name() -> None:
    with pytest.raises(InvalidPerson):
        professional_upsert(name="  ", email="jane.doe@example.com")


def test_a_student_is_found_by_discord_id_first() -> None:
    student_upsert(name="John Roe", discord_id="100000000000000042", email="john@example.com")

    student, created = student_upsert(discord_id="100000000000000042", email="john.roe@example.com")

    assert created is False
    assert Student.objects.count() == 1
    assert student.email == "john.roe@example.com"
    assert student.name == "John Roe"


def test_a_student_known_by_email_gets_their_discord_id() -> None:
    student_upsert(name="John Roe", email="john@example.com")

    student, created = student_upsert(discord_id="100000000000000042", email="JOHN@example.com")

    assert created is False
    assert student.discord_id == "100000000000000042"


def test_two_discord_users_with_one_email_are_not_merged() -> None:
    student_upsert(name="John Roe", discord_id="100000000000000042", email="shared@example.com")

    _, created = student_upsert(name="Jim Roe", discord_id="100000000000000043", email="shared@example.com")

    assert created is True
    assert Student.objects.count() == 2


def test_a_student_needs_a_discord_id_or_an_email() -> None:
    with pytest.raises(InvalidPerson):
        student_upsert(name="John Roe")


def test_a_discord_id_must_be_a_number() -> None:
    with pytest.raises(InvalidPerson, match="should be a number"):
        student_upsert(name="John Roe", discord_id="johnroe")


def test_a_title_longer_than_the_field_is_refused_with_its_name() -> None:
    with pytest.raises(InvalidPerson, match="title"):
        professional_upsert(name="Jane Doe", email="jane.doe@example.com", title="x" * 300)

    assert not Professional.objects.exists()


def test_a_student_name_longer_than_the_field_is_refused_with_its_name() -> None:
    with pytest.raises(InvalidPerson, match="name"):
        student_upsert(name="x" * 300, discord_id="100000000000000042")

    assert not Student.objects.exists()
