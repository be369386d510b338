"""professional_find: the one lookup of a professional by the name an admin types."""

from __future__ import annotations

import pytest

from mentormatch.scheduling.models import Professional
from mentormatch.scheduling.selectors.people import AmbiguousName, professional_find, professional_namesakes
from mentormatch.web.errors import NotFound
from tests.scheduling import records

pytestmark = pytest.mark.django_db


def test_an_exact_name_is_found_whatever_its_case() -> None:
    dana = records.professional("Dana Whitfield")
    records.professional("Dana Whitfield-Stone")

    assert professional_find(name="dana whitfield") == dana


def test_a_name_without_its_accents_finds_the_accented_one() -> None:
    tomas = records.professional("Tomás Álvarez")

    assert professional_find(name="Tomas Alvarez") == tomas


def test_a_unique_part_of_a_name_finds_the_professional() -> None:
    omar = records.professional("Omar Haddad")
    records.professional("Dana Whitfield")

    assert professional_find(name="haddad") == omar


def test_a_part_shared_by_several_names_is_refused_listing_them() -> None:
    records.professional("Jane Doe")
    records.professional("Jane Roe")

    with pytest.raises(AmbiguousName, match=r"Jane Doe.*Jane Roe") as refused:
        professional_find(name="Jane")

    assert refused.value.status_code == 400
    assert [c["name"] for c in refused.value.details["candidates"]] == ["Jane Doe", "Jane Roe"]


def test_of_two_namesakes_the_only_active_one_is_found() -> None:
    records.professional("Jane Doe", active=False, email="jane.old@example.com")
    active = records.professional("Jane Doe")

    assert professional_find(name="Jane Doe") == active


def test_no_match_is_a_404_suggesting_similar_names() -> None:
    records.professional("Dana Whitfield")
    records.professional("Omar Haddad")

    with pytest.raises(NotFound, match="Did you mean: Dana Whitfield") as refused:
        professional_find(name="Dana Whitfeld")

    assert refused.value.details["suggestions"] == ["Dana Whitfield"]


def test_a_misspelt_name_without_accents_still_gets_the_accented_suggestion() -> None:
    records.professional("Tomás Álvarez")

    with pytest.raises(NotFound, match="Tomás Álvarez"):
        professional_find(name="Tomas Alvares")

    assert Professional.objects.count() == 1


def test_an_id_finds_that_professional_among_namesakes() -> None:
    records.professional("Jane Doe")
    other = records.professional("Jane Doe", email="jane.other@example.com")

    assert professional_find(professional_id=other.pk) == other


def test_an_unknown_id_is_a_404() -> None:
    with pytest.raises(NotFound, match="No professional with id 999"):
        professional_find(professional_id=999)


def test_two_namesakes_are_refused_listing_each_id_and_email() -> None:
    first = records.professional("Jane Doe")
    other = records.professional("Jane Doe", email="jane.other@example.com", active=True)

    with pytest.raises(AmbiguousName) as refused:
        professional_find(name="jane doe")

    assert f"Jane Doe (id {first.pk}, jane.doe@example.com)" in refused.value.message
    assert f"Jane Doe (id {other.pk}, jane.other@example.com)" in refused.value.message
    assert "Pick one by id" in refused.value.message


def test_namesakes_are_found_ignoring_case_and_accents() -> None:
    tomas = records.professional("Tomás Álvarez")
    records.professional("Tomás Álvarez-Ruiz")

    assert professional_namesakes(name="tomas  alvarez") == [tomas]
