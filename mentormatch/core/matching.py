"""Fast ranking of many professionals for one student: the scores of `core.ranking.score_match`, cheaper.

`score_match` builds a full `Score` (parts and sentences) and re-derives the student's and the
professional's keywords on every call. Ranking one student against thousands of professionals only needs the
number for all of them and the full `Score` for the few shown. `top_matches` therefore:

1. reads the student's keywords once per call, and each professional's (industries, specialties, title,
   levels) once per distinct text, cached across calls (a professional's text rarely changes, and the same
   professionals are ranked for every student of a cohort);
2. computes the score with the same formula (equal to `score_match`'s up to rounding in the last bits);
3. calls the real `score_match` for the best `limit` and every entry within a hair (1e-6 points) of the
   last of them, and orders by those real scores, so what is shown, and in which order, comes from the one
   implementation.

`tests/core/test_matching.py` checks on random profiles that the fast number equals `score_match`'s (to
1e-9) and that `top_matches` returns what sorting every `score_match` would, so a change to the ranking
formula that is not mirrored here fails the tests instead of silently reordering.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mentormatch.core.ranking import (
    MatchProfile,
    ProfessionalProfile,
    RankingContext,
    Score,
    Weights,
    score_match,
)
from mentormatch.core.ranking import _level_key as level_key
from mentormatch.core.ranking import _stem as stem
from mentormatch.core.ranking import _stems as stems
from mentormatch.core.ranking import _words as words

# Fast and full scores agree far closer than this; anything this close to the cut is scored in full.
_HAIR = 1e-6

__all__ = ["StudentKeywords", "clear_caches", "quick_score", "top_matches"]


@dataclass(frozen=True, slots=True)
class StudentKeywords:
    """What the specialization part needs from the student, derived once."""

    has_industry: bool
    wanted: frozenset[str]
    has_role: bool
    role_words: tuple[str, ...]
    role_stems: tuple[str, ...]
    has_level: bool
    wanted_level: str

    @classmethod
    def of(cls, profile: MatchProfile) -> StudentKeywords:
        role_words = tuple(sorted(words(profile.target_role)))
        return cls(
            has_industry=bool(profile.target_industry.strip()),
            wanted=frozenset(stems(profile.target_industry)),
            has_role=bool(profile.target_role.strip()),
            role_words=role_words,
            role_stems=tuple(stem(w) for w in role_words),
            has_level=bool(profile.experience_level.strip()),
            wanted_level=level_key(profile.experience_level),
        )


@lru_cache(maxsize=100_000)
def _field(industries: tuple[str, ...], specialties: str) -> frozenset[str]:
    return frozenset(stems(" ".join(industries)) | stems(specialties))


@lru_cache(maxsize=100_000)
def _background(industries: tuple[str, ...], specialties: str, title: str) -> frozenset[str]:
    return _field(industries, specialties) | stems(title)


@lru_cache(maxsize=100_000)
def _levels(levels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(level_key(level) for level in levels)


def clear_caches() -> None:
    """Forget every professional's keywords (benchmarks measure the first call after a start with it)."""
    for cached in (_field, _background, _levels):
        cached.cache_clear()


def _specialization(student: StudentKeywords, pro: ProfessionalProfile) -> float:
    score = 0.0
    weight = 0.0
    if student.has_industry:
        weight += 0.5
        hit = student.wanted & _field(pro.industries, pro.specialties)
        if hit:
            score += 0.5 * len(hit) / len(student.wanted)
    if student.has_role:
        weight += 0.3
        background = _background(pro.industries, pro.specialties, pro.title)
        matched = 0
        for role_stem in student.role_stems:
            if role_stem in background:
                matched += 1
        if matched:
            score += 0.3 * matched / len(student.role_words)
    if student.has_level:
        weight += 0.2
        levels = _levels(pro.experience_levels)
        if not levels:
            score += 0.1
        elif student.wanted_level in levels:
            score += 0.2
    if weight == 0:
        return 0.5
    return score / weight


def quick_score(
    student: StudentKeywords,
    pro: ProfessionalProfile,
    *,
    feasible_minutes: float,
    weights: Weights,
    context: RankingContext,
) -> float:
    """`score_match(...).score` for this pair, without building the parts and reasons."""
    return _Scorer(student, weights, context).score(pro, feasible_minutes)


class _Scorer:
    """`quick_score` with the per-call constants read once (the hot loop of ranking thousands)."""

    __slots__ = ("c", "student", "total", "w")

    def __init__(self, student: StudentKeywords, weights: Weights, context: RankingContext) -> None:
        self.student = student
        self.c = (
            context.availability_scale_minutes,
            context.mean_rating,
            context.rating_prior_count,
            context.experience_half_count,
            context.freshness_half_life_days,
        )
        self.w = (
            weights.specialization,
            weights.availability,
            weights.rating,
            weights.experience,
            weights.load,
            weights.freshness,
        )
        self.total = weights.total()

    def score(self, pro: ProfessionalProfile, feasible_minutes: float) -> float:
        return (
            100.0
            * (_specialization(self.student, pro) * self.w[0] + self.base(pro, feasible_minutes))
            / self.total
        )

    def bound(self, base: float) -> float:
        """The best score a professional with this `base` can reach (specialization is at most 1)."""
        return 100.0 * (self.w[0] + base) / self.total

    def base(self, pro: ProfessionalProfile, feasible_minutes: float) -> float:
        """The weighted sum of every part but specialization (the one that reads text)."""
        return self.bases([(pro, feasible_minutes, 0)])[0]

    def bases(self, entries: Iterable[tuple[ProfessionalProfile, float, int]]) -> list[float]:
        """`base` of each (profile, feasible minutes, slot count), in one loop with the constants read once
        (it runs for every professional with a slot)."""
        scale, mean, prior, half_count, half_life = self.c
        _w_spec, w_avail, w_rating, w_exp, w_load, w_fresh = self.w
        exp = math.exp
        out: list[float] = []
        append = out.append
        # Conditionals rather than min/max calls: this loop runs for every professional with a slot.
        for pro, feasible_minutes, _slots in entries:
            availability = 1.0 - exp(-feasible_minutes / scale) if feasible_minutes > 0.0 else 0.0
            rated, count = pro.rating, pro.rating_count
            # bayesian_rating, inline, clamped to [0, 1] after mapping 1-5 stars onto it.
            shrunk = mean if rated is None or count <= 0 else (prior * mean + rated * count) / (prior + count)
            rating = (shrunk - 1.0) / 4.0
            rating = 0.0 if rating < 0.0 else 1.0 if rating > 1.0 else rating
            done = pro.reviews_done
            experience = done / (done + half_count) if done > 0 else 0.0
            per_week, weeks = pro.max_sessions_per_week, pro.horizon_weeks
            capacity = (per_week if per_week > 0 else 0) * (weeks if weeks > 1 else 1)
            load = 0.0 if capacity == 0 else 1.0 - pro.booked_sessions / capacity
            age = pro.availability_age_days
            freshness = 0.5 if age is None else 0.5 ** (age / half_life) if age > 0.0 else 1.0
            append(
                availability * w_avail
                + rating * w_rating
                + experience * w_exp
                + (load if load > 0.0 else 0.0) * w_load
                + freshness * w_fresh
            )
        return out


def _candidates(
    scorer: _Scorer, entries: Sequence[tuple[ProfessionalProfile, float, int]], limit: int
) -> list[int]:
    """Indices that can be among the best `limit`: every part but specialization for all, then the text
    part only while a professional's best possible score still reaches the `limit`-th best found so far."""
    bases = scorer.bases(entries)
    order = sorted(range(len(entries)), key=bases.__getitem__, reverse=True)  # stable: ties keep order
    best: list[float] = []  # min-heap of the `limit` best scores so far
    scored: list[tuple[float, int]] = []
    w_spec, total = scorer.w[0], scorer.total
    for index in order:
        if len(best) == limit and scorer.bound(bases[index]) < best[0] - _HAIR:
            break  # bases only fall from here on
        value = 100.0 * (_specialization(scorer.student, entries[index][0]) * w_spec + bases[index]) / total
        scored.append((value, index))
        if len(best) < limit:
            heapq.heappush(best, value)
        elif value > best[0]:
            heapq.heapreplace(best, value)
    cutoff = best[0]
    return sorted(index for value, index in scored if value >= cutoff - _HAIR)


def top_matches(
    *,
    student: MatchProfile,
    entries: Sequence[tuple[ProfessionalProfile, float, int]],
    limit: int | None,
    weights: Weights,
    context: RankingContext,
) -> list[tuple[int, Score]]:
    """The best `limit` of `entries` (profile, feasible minutes, slot count) as (index, full Score), best
    first; ties keep the entries' order. `limit=None` scores and returns every entry."""
    chosen: Sequence[int]
    if limit is None or limit >= len(entries):
        chosen = range(len(entries))
    elif limit <= 0:
        return []
    else:
        chosen = _candidates(_Scorer(StudentKeywords.of(student), weights, context), entries, limit)
    full = [
        (
            index,
            score_match(
                student=student,
                professional=entries[index][0],
                feasible_minutes=entries[index][1],
                slot_count=entries[index][2],
                weights=weights,
                context=context,
            ),
        )
        for index in chosen
    ]
    full.sort(key=lambda item: (-item[1].score, item[0]))
    return full if limit is None else full[:limit]
