"""The fast ranker gives exactly the scores and the order of `score_match`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch.core.matching import StudentKeywords, quick_score, top_matches
from mentormatch.core.ranking import MatchProfile, ProfessionalProfile, RankingContext, Weights, score_match

INDUSTRIES = ["Technology", "Finance", "Health care", "Marketing", "Data & Analytics", "", "the and of"]
ROLES = ["Software Engineer", "Data Analyst Intern", "Product Manager", "", "Analysts", "UX designer"]
LEVELS = ["Entry Level (0-2 years)", "Mid Level (3-5 years)", "Internship", "", "entry-level"]

students = st.builds(
    MatchProfile,
    target_industry=st.sampled_from(INDUSTRIES),
    target_role=st.sampled_from(ROLES),
    experience_level=st.sampled_from(LEVELS),
)
professionals = st.builds(
    ProfessionalProfile,
    industries=st.lists(st.sampled_from(INDUSTRIES), max_size=3).map(tuple),
    specialties=st.lists(st.sampled_from(ROLES), max_size=3).map(", ".join),
    title=st.sampled_from(ROLES),
    experience_levels=st.lists(st.sampled_from(LEVELS), max_size=2).map(tuple),
    rating=st.one_of(st.none(), st.floats(1, 5)),
    rating_count=st.integers(0, 50),
    reviews_done=st.integers(0, 80),
    max_sessions_per_week=st.integers(0, 5),
    booked_sessions=st.integers(0, 10),
    horizon_weeks=st.integers(1, 4),
    availability_age_days=st.one_of(st.none(), st.floats(0, 200)),
)
weights = st.builds(Weights, *[st.floats(0.01, 1) for _ in range(6)])


@settings(max_examples=300, deadline=None)
@given(student=students, pro=professionals, minutes=st.floats(0, 2000), w=weights)
def test_quick_score_equals_score_match(
    student: MatchProfile, pro: ProfessionalProfile, minutes: float, w: Weights
) -> None:
    context = RankingContext()
    expected = score_match(
        student=student, professional=pro, feasible_minutes=minutes, slot_count=1, weights=w, context=context
    ).score
    quick = quick_score(
        StudentKeywords.of(student), pro, feasible_minutes=minutes, weights=w, context=context
    )
    assert abs(quick - expected) <= 1e-9


@settings(max_examples=50, deadline=None)
@given(
    student=students,
    entries=st.lists(st.tuples(professionals, st.floats(30, 600), st.integers(1, 20)), max_size=30),
    limit=st.integers(1, 6),
)
def test_top_matches_are_the_best_of_score_match_in_order(
    student: MatchProfile, entries: list[tuple[ProfessionalProfile, float, int]], limit: int
) -> None:
    w, context = Weights(), RankingContext()
    everyone = sorted(
        (
            (
                -score_match(
                    student=student,
                    professional=p,
                    feasible_minutes=m,
                    slot_count=n,
                    weights=w,
                    context=context,
                ).score,
                i,
            )
            for i, (p, m, n) in enumerate(entries)
        )
    )
    got = top_matches(student=student, entries=entries, limit=limit, weights=w, context=context)
    assert [(-s.score, i) for i, s in got] == everyone[:limit]


def test_top_matches_returns_the_full_parts_and_reasons_of_score_match() -> None:
    student = MatchProfile("Finance", "Financial Analyst", "Entry Level (0-2 years)")
    pro = ProfessionalProfile(industries=("Finance",), title="Financial Analyst", rating=4.8, rating_count=12)
    [(index, score)] = top_matches(
        student=student, entries=[(pro, 120.0, 4)], limit=1, weights=Weights(), context=RankingContext()
    )
    assert index == 0
    assert score == score_match(
        student=student,
        professional=pro,
        feasible_minutes=120.0,
        slot_count=4,
        weights=Weights(),
        context=RankingContext(),
    )
    assert "Reviews for Finance." in score.reasons
