"""Ranking: the parts of a score, the Bayesian rating, and the reasons an admin reads."""

from __future__ import annotations

import pytest

from mentormatch.core.ranking import (
    MatchProfile,
    ProfessionalProfile,
    RankingContext,
    Weights,
    bayesian_rating,
    program_mean_rating,
    score_match,
)

STUDENT = MatchProfile(
    target_industry="Healthcare",
    target_role="Data Analyst Intern",
    experience_level="Entry Level (0-2 years)",
)
CONTEXT = RankingContext(mean_rating=4.5, rating_prior_count=5)


def _score(pro: ProfessionalProfile, *, minutes: float = 120, weights: Weights | None = None) -> float:
    return score_match(
        student=STUDENT,
        professional=pro,
        feasible_minutes=minutes,
        slot_count=int(minutes // 30),
        weights=weights or Weights(),
        context=CONTEXT,
    ).score


def test_one_five_star_review_does_not_beat_forty_reviews_of_four_point_eight() -> None:
    one_review = ProfessionalProfile(rating=5.0, rating_count=1)
    forty_reviews = ProfessionalProfile(rating=4.8, rating_count=40)
    assert _score(forty_reviews) > _score(one_review)


def test_the_bayesian_rating_of_an_unrated_professional_is_the_program_mean() -> None:
    assert bayesian_rating(None, 0, mean=4.3, prior_count=5) == 4.3


def test_the_bayesian_rating_moves_toward_the_raw_rating_as_reviews_accumulate() -> None:
    few = bayesian_rating(3.0, 2, mean=4.5, prior_count=5)
    many = bayesian_rating(3.0, 200, mean=4.5, prior_count=5)
    assert 3.0 < many < few < 4.5


def test_the_program_mean_weights_each_professional_by_review_count() -> None:
    assert program_mean_rating([(5.0, 1), (4.0, 3), (None, 0)], default=4.5) == pytest.approx(4.25)


def test_the_program_mean_falls_back_to_the_default_when_nobody_is_rated() -> None:
    assert program_mean_rating([(None, 0)], default=4.5) == 4.5


def test_a_professional_in_the_students_industry_scores_higher_on_specialization() -> None:
    healthcare = ProfessionalProfile(industries=("Healthcare", "Technology/Software"))
    finance = ProfessionalProfile(industries=("Finance",))
    result = score_match(
        student=STUDENT,
        professional=healthcare,
        feasible_minutes=60,
        slot_count=2,
        weights=Weights(),
        context=CONTEXT,
    )
    other = score_match(
        student=STUDENT,
        professional=finance,
        feasible_minutes=60,
        slot_count=2,
        weights=Weights(),
        context=CONTEXT,
    )
    assert result.parts["specialization"] > other.parts["specialization"]
    assert "Reviews for Healthcare." in result.reasons


def test_role_keywords_match_the_specialties_and_are_named_in_the_reasons() -> None:
    pro = ProfessionalProfile(specialties="Data analysis, SQL", title="Senior Data Analyst")
    result = score_match(
        student=STUDENT,
        professional=pro,
        feasible_minutes=60,
        slot_count=2,
        weights=Weights(),
        context=CONTEXT,
    )
    assert "Background matches the role (analyst, data)." in result.reasons


def test_an_experience_level_the_professional_prefers_counts_for_the_student() -> None:
    prefers = ProfessionalProfile(experience_levels=("Entry Level (0-2 years)", "Recent Graduates"))
    prefers_senior = ProfessionalProfile(experience_levels=("Senior (10+ years)",))
    assert _score(prefers) > _score(prefers_senior)


def test_more_feasible_time_scores_higher_but_saturates() -> None:
    pro = ProfessionalProfile()
    assert _score(pro, minutes=60) < _score(pro, minutes=240) < _score(pro, minutes=2400)
    late_gain = _score(pro, minutes=2400) - _score(pro, minutes=1200)
    early_gain = _score(pro, minutes=240) - _score(pro, minutes=60)
    assert late_gain < early_gain


def test_a_professional_near_their_weekly_limit_scores_lower_on_load() -> None:
    free = ProfessionalProfile(max_sessions_per_week=3, booked_sessions=0, horizon_weeks=3)
    busy = ProfessionalProfile(max_sessions_per_week=3, booked_sessions=8, horizon_weeks=3)
    assert _score(free) > _score(busy)


def test_stale_availability_scores_lower_than_fresh_availability() -> None:
    fresh = ProfessionalProfile(availability_age_days=2)
    stale = ProfessionalProfile(availability_age_days=120)
    assert _score(fresh) > _score(stale)


def test_experience_raises_the_score() -> None:
    assert _score(ProfessionalProfile(reviews_done=25)) > _score(ProfessionalProfile(reviews_done=0))


def test_weights_decide_which_part_wins() -> None:
    matched = ProfessionalProfile(industries=("Healthcare",), rating=3.0, rating_count=50)
    rated = ProfessionalProfile(industries=("Finance",), rating=5.0, rating_count=50)
    by_field = Weights(specialization=1, availability=0, rating=0, experience=0, load=0, freshness=0)
    by_rating = Weights(specialization=0, availability=0, rating=1, experience=0, load=0, freshness=0)
    assert _score(matched, weights=by_field) > _score(rated, weights=by_field)
    assert _score(rated, weights=by_rating) > _score(matched, weights=by_rating)


def test_every_part_lies_between_zero_and_one_and_the_score_between_zero_and_a_hundred() -> None:
    result = score_match(
        student=STUDENT,
        professional=ProfessionalProfile(
            industries=("Healthcare",),
            rating=5.0,
            rating_count=100,
            reviews_done=500,
            availability_age_days=0,
        ),
        feasible_minutes=10_000,
        slot_count=300,
        weights=Weights(),
        context=CONTEXT,
    )
    assert all(0.0 <= value <= 1.0 for value in result.parts.values())
    assert 0.0 <= result.score <= 100.0


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="rating"):
        Weights(rating=-1)


def test_the_reasons_state_the_common_time_in_hours_and_slots() -> None:
    result = score_match(
        student=STUDENT,
        professional=ProfessionalProfile(horizon_weeks=3),
        feasible_minutes=270,
        slot_count=9,
        weights=Weights(),
        context=CONTEXT,
    )
    assert "4.5 hours of common free time in the next 3 weeks (9 possible slots)." in result.reasons
