"""professional_upsert and student_upsert: one record per person, however they arrive."""

from __future__ import annotations

import pytest

from mentormatch.scheduling.models import Professional, Student
from mentormatch.scheduling.services.people import (
    InvalidPerson,
    NameTaken,
    professional_upsert,
    student_upsert,
)
from mentormatch.web.errors import NotFound

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
    with pytest.raises(InvalidPerson, match="is not a Discord id"):
        student_upsert(name="John Roe", discord_id="johnroe")


def test_a_title_longer_than_the_field_is_refused_with_its_name() -> None:
    with pytest.raises(InvalidPerson, match="title"):
        professional_upsert(name="Jane Doe", email="jane.doe@example.com", title="x" * 300)

    assert not Professional.objects.exists()


def test_a_student_name_longer_than_the_field_is_refused_with_its_name() -> None:
    with pytest.raises(InvalidPerson, match="name"):
        student_upsert(name="x" * 300, discord_id="100000000000000042")

    assert not Student.objects.exists()


def test_upsert_by_email_never_renames_to_another_professionals_name() -> None:
    professional_upsert(name="Jane Doe", email="jane.doe@example.com")
    professional_upsert(name="John Roe", email="john.roe@example.com")

    with pytest.raises(InvalidPerson, match="Not renamed") as refused:
        professional_upsert(name="Jane Doe", email="john.roe@example.com", specialties="Data")

    assert refused.value.code == "name_taken"
    assert Professional.objects.get(email="john.roe@example.com").name == "John Roe"
    assert Professional.objects.get(email="john.roe@example.com").specialties == ""


def test_upsert_by_email_changes_only_the_fields_given() -> None:
    professional_upsert(name="Jane Doe", email="jane.doe@example.com", title="Analyst", company="Acme")

    professional, created = professional_upsert(email="jane.doe@example.com", specialties="Data")

    assert created is False
    assert (professional.name, professional.title, professional.company) == ("Jane Doe", "Analyst", "Acme")
    assert professional.specialties == "Data"


def test_a_professional_discord_mention_is_stored_as_the_id() -> None:
    professional, _ = professional_upsert(name="Jane Doe", discord_id="<@!100000000000000042>")

    assert professional.discord_id == "100000000000000042"


def test_a_professional_discord_id_must_be_a_number_like_a_students() -> None:
    with pytest.raises(InvalidPerson, match="is not a Discord id"):
        professional_upsert(name="Jane Doe", discord_id="janedoe")


def test_a_student_discord_mention_is_stored_as_the_id() -> None:
    student, _ = student_upsert(name="Jordan Reyes", discord_id="<@100000000000000042>")

    assert student.discord_id == "100000000000000042"


def test_an_unknown_professional_zone_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidPerson, match="timezone: time zone 'Mars'"):
        professional_upsert(name="Jane Doe", timezone="Mars")


def test_a_professional_email_that_is_not_one_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidPerson, match="email: 'jane@@example' is not an email address"):
        professional_upsert(name="Jane Doe", email="jane@@example")


def test_nul_characters_are_left_out_of_a_professionals_fields() -> None:
    professional, _ = professional_upsert(name="Jane\x00 Doe", company="Acme\x00")

    assert (professional.name, professional.company) == ("Jane Doe", "Acme")


def test_upsert_may_add_a_namesake_with_their_own_email_as_a_form_submission_does() -> None:
    professional_upsert(name="Jane Doe", email="jane.doe@example.com")

    _other, created = professional_upsert(name="Jane Doe", email="jane.other@example.com")

    assert created is True
    assert Professional.objects.filter(name="Jane Doe").count() == 2


def test_upsert_without_namesakes_refuses_a_taken_name_with_409_naming_the_professional() -> None:
    existing, _ = professional_upsert(name="Jane Doe", email="jane.doe@example.com")

    with pytest.raises(NameTaken, match=rf"id {existing.pk}, jane.doe@example.com") as refused:
        professional_upsert(name="JANE DOE", email="jane.other@example.com", allow_namesake=False)

    assert (refused.value.status_code, refused.value.code) == (409, "name_taken")
    assert refused.value.details["professional_id"] == existing.pk
    assert Professional.objects.count() == 1


def test_upsert_by_id_updates_that_professional_even_with_a_namesake() -> None:
    professional_upsert(name="Jane Doe", email="jane.doe@example.com")
    other, _ = professional_upsert(name="Jane Doe", email="jane.other@example.com")

    updated, created = professional_upsert(professional_id=other.pk, title="Director")

    assert (updated.pk, created) == (other.pk, False)
    assert list(Professional.objects.filter(title="Director")) == [other]


def test_upsert_by_id_refuses_an_email_another_professional_has() -> None:
    jane, _ = professional_upsert(name="Jane Doe", email="jane.doe@example.com")
    professional_upsert(name="John Roe", email="john.roe@example.com")

    with pytest.raises(InvalidPerson, match="John Roe") as refused:
        professional_upsert(professional_id=jane.pk, email="JOHN.ROE@example.com")

    assert refused.value.code == "email_taken"
    assert Professional.objects.get(pk=jane.pk).email == "jane.doe@example.com"


def test_upsert_by_an_unknown_id_is_a_404() -> None:
    with pytest.raises(NotFound):
        professional_upsert(professional_id=999, title="Director")

    assert not Professional.objects.exists()
