"""Ranking weights come from settings, and a bad weight stops the process at start naming the setting."""

from __future__ import annotations

from typing import Any

import pytest

from mentormatch.scheduling.selectors.matching import suggest_matches
from tests.scheduling.seed_people import NOW, jordan, professional_with
from tests.startup import start_settings


@pytest.mark.django_db
def test_the_weights_in_settings_decide_the_order(settings: Any) -> None:
    # Alex shares more time with the student; Sam works in the student's industry.
    professional_with("Alex Roe", "Monday 3-5 PM, Wednesday 12-5 PM", industries=["Finance"])
    professional_with("Sam Poe", "Monday 3-4 PM", industries=["Healthcare"])
    student = jordan().student
    for name in ("SPECIALIZATION", "AVAILABILITY", "RATING", "EXPERIENCE", "LOAD", "FRESHNESS"):
        setattr(settings, f"MATCH_WEIGHT_{name}", 0.0)

    settings.MATCH_WEIGHT_SPECIALIZATION = 1.0
    by_field = [s.professional.name for s in suggest_matches(student=student, now=NOW).suggestions]
    settings.MATCH_WEIGHT_SPECIALIZATION, settings.MATCH_WEIGHT_AVAILABILITY = 0.0, 1.0
    by_time = [s.professional.name for s in suggest_matches(student=student, now=NOW).suggestions]

    assert (by_field, by_time) == (["Sam Poe", "Alex Roe"], ["Alex Roe", "Sam Poe"])


def test_a_negative_weight_stops_the_start_with_the_settings_name() -> None:
    result = start_settings(MATCH_WEIGHT_RATING="-1")
    assert result.returncode != 0
    assert "MATCH_WEIGHT_RATING must not be negative" in result.stderr
