"""Scores a professional for a student, and says why in words an admin can check.

A score is a weighted mean of six parts, each between 0 and 1:

- `specialization`: the student's target industry, role keywords and experience level against the
  professional's industries, specialties and the levels they review;
- `availability`: how much feasible time the two share over the horizon (saturating);
- `rating`: the Bayesian average of the professional's feedback, shrunk toward the program mean so that one
  5-star review does not beat forty 4.8s;
- `experience`: how many reviews the professional has done (saturating);
- `load`: how much room is left under the professional's weekly limit;
- `freshness`: how recently the professional confirmed their availability.

Pure Python: the Django side gathers the inputs, this module only computes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "PART_NAMES",
    "MatchProfile",
    "ProfessionalProfile",
    "RankingContext",
    "Score",
    "Weights",
    "bayesian_rating",
    "program_mean_rating",
    "score_match",
]

PART_NAMES = ("specialization", "availability", "rating", "experience", "load", "freshness")

_WORD = re.compile(r"[a-z0-9+#]+")
# Words that say nothing about a field: "Data Analyst Intern" is about data and analysis, not interning.
_STOPWORDS = frozenset(
    {"a", "an", "and", "or", "of", "the", "for", "in", "on", "at", "to", "with", "intern", "internship"}
    | {"junior", "senior", "entry", "level", "role", "position", "job", "jr", "sr", "associate", "assistant"}
    | {"years", "year", "recent"}
)


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each part counts. Only ratios matter; negative weights are refused."""

    specialization: float = 0.35
    availability: float = 0.20
    rating: float = 0.15
    experience: float = 0.10
    load: float = 0.10
    freshness: float = 0.10

    def __post_init__(self) -> None:
        for name in PART_NAMES:
            if getattr(self, name) < 0:
                raise ValueError(f"Weight for {name} must not be negative.")
        if self.total() <= 0:
            raise ValueError("At least one ranking weight must be positive.")

    def total(self) -> float:
        return sum(getattr(self, name) for name in PART_NAMES)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in PART_NAMES}


@dataclass(frozen=True, slots=True)
class RankingContext:
    """Program-wide numbers a score needs: the mean rating and how strongly to shrink toward it."""

    mean_rating: float = 4.5
    rating_prior_count: float = 5.0
    # Feasible minutes at which the availability part reaches about 63% (1 - 1/e).
    availability_scale_minutes: float = 180.0
    # Reviews at which the experience part reaches one half.
    experience_half_count: float = 10.0
    # Days after which an availability counts half as fresh.
    freshness_half_life_days: float = 30.0


@dataclass(frozen=True, slots=True)
class MatchProfile:
    """What the student asked for."""

    target_industry: str = ""
    target_role: str = ""
    experience_level: str = ""


@dataclass(frozen=True, slots=True)
class ProfessionalProfile:
    industries: tuple[str, ...] = ()
    specialties: str = ""
    title: str = ""
    experience_levels: tuple[str, ...] = ()
    rating: float | None = None
    rating_count: int = 0
    reviews_done: int = 0
    max_sessions_per_week: int = 3
    # Active sessions in the horizon's weeks, and how many weeks that is.
    booked_sessions: int = 0
    horizon_weeks: int = 3
    availability_age_days: float | None = None


@dataclass(frozen=True, slots=True)
class Score:
    score: float  # 0-100
    parts: Mapping[str, float]  # each 0-1
    reasons: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "score": round(self.score, 1),
            "parts": {k: round(v, 3) for k, v in self.parts.items()},
            "reasons": list(self.reasons),
        }


@lru_cache(maxsize=16_384)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1)


def _stem(word: str) -> str:
    """A crude stem so that "analyst", "analysts" and "analytics" meet; good enough for keyword overlap."""
    for suffix in ("ytics", "ysis", "yst", "ists", "ist", "ing", "ers", "er", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=16_384)
def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _words(text))


@lru_cache(maxsize=16_384)
def _field_stems(industries: tuple[str, ...], specialties: str) -> frozenset[str]:
    return _stems(" ".join(industries)) | _stems(specialties)


@lru_cache(maxsize=4_096)
def _role_words(text: str) -> tuple[tuple[str, str], ...]:
    """The role's words, each with its stem, in order."""
    return tuple((w, _stem(w)) for w in sorted(_words(text)))


@lru_cache(maxsize=4_096)
def _level_keys(levels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_level_key(level) for level in levels)


@lru_cache(maxsize=4_096)
def _level_key(level: str) -> str:
    """ "Entry Level (0-2 years)" and "entry-level" both become "entry"."""
    text = re.sub(r"\(.*?\)", " ", level.lower())
    words = [w for w in _WORD.findall(text) if w not in {"level", "years", "year"}]
    return " ".join(words)


def bayesian_rating(rating: float | None, count: int, *, mean: float, prior_count: float) -> float:
    """The professional's mean rating shrunk toward the program mean by `prior_count` imaginary reviews."""
    if rating is None or count <= 0:
        return mean
    return (prior_count * mean + rating * count) / (prior_count + count)


def program_mean_rating(ratings: Iterable[tuple[float | None, int]], *, default: float) -> float:
    """The review-weighted mean rating over (rating, count) pairs; `default` when nobody is rated yet."""
    total = 0.0
    count = 0
    for rating, n in ratings:
        if rating is not None and n > 0:
            total += rating * n
            count += n
    return total / count if count else default


def _specialization(student: MatchProfile, pro: ProfessionalProfile) -> tuple[float, list[str]]:
    reasons: list[str] = []
    pro_field = _field_stems(pro.industries, pro.specialties)
    score = 0.0
    weight = 0.0

    if student.target_industry.strip():
        weight += 0.5
        wanted = _stems(student.target_industry)
        hit = wanted & pro_field
        if hit:
            score += 0.5 * len(hit) / len(wanted)
            reasons.append(f"Reviews for {student.target_industry.strip()}.")
    if student.target_role.strip():
        weight += 0.3
        role_words = _role_words(student.target_role)
        title = _stems(pro.title)
        matched = [w for w, stem in role_words if stem in pro_field or stem in title]
        if role_words and matched:
            score += 0.3 * len(matched) / len(role_words)
            reasons.append(f"Background matches the role ({', '.join(matched)}).")
    if student.experience_level.strip():
        weight += 0.2
        wanted_level = _level_key(student.experience_level)
        levels = _level_keys(pro.experience_levels)
        if not levels:
            score += 0.1  # says nothing either way
        elif wanted_level in levels:
            score += 0.2
            reasons.append(f"Prefers {student.experience_level.strip()} candidates.")
    if weight == 0:
        return 0.5, reasons
    return score / weight, reasons


def _hours(minutes: float) -> str:
    hours = minutes / 60
    if hours == int(hours):
        return f"{int(hours)} hour{'s' if hours != 1 else ''}"
    return f"{hours:.1f} hours"


def score_match(
    *,
    student: MatchProfile,
    professional: ProfessionalProfile,
    feasible_minutes: float,
    slot_count: int,
    weights: Weights,
    context: RankingContext,
) -> Score:
    """Score one professional for one student: a 0-100 score, its parts and plain-language reasons."""
    reasons: list[str] = []
    parts: dict[str, float] = {}

    parts["specialization"], spec_reasons = _specialization(student, professional)
    reasons.extend(spec_reasons)

    parts["availability"] = 1.0 - math.exp(-max(feasible_minutes, 0.0) / context.availability_scale_minutes)
    if feasible_minutes > 0:
        reasons.append(
            f"{_hours(feasible_minutes)} of common free time in the next {professional.horizon_weeks} weeks "
            f"({slot_count} possible slot{'s' if slot_count != 1 else ''})."
        )

    shrunk = bayesian_rating(
        professional.rating,
        professional.rating_count,
        mean=context.mean_rating,
        prior_count=context.rating_prior_count,
    )
    parts["rating"] = min(max((shrunk - 1.0) / 4.0, 0.0), 1.0)
    if professional.rating is not None and professional.rating_count > 0:
        reasons.append(
            f"Rated {professional.rating:.1f} over {professional.rating_count} "
            f"review{'s' if professional.rating_count != 1 else ''} (weighted {shrunk:.2f})."
        )

    done = max(professional.reviews_done, 0)
    parts["experience"] = done / (done + context.experience_half_count)
    if done:
        reasons.append(f"Has done {done} review{'s' if done != 1 else ''}.")

    capacity = max(professional.max_sessions_per_week, 0) * max(professional.horizon_weeks, 1)
    if capacity == 0:
        parts["load"] = 0.0
    else:
        parts["load"] = max(0.0, 1.0 - professional.booked_sessions / capacity)
    if professional.booked_sessions == 0:
        reasons.append("No sessions booked yet in this period.")
    else:
        booked = professional.booked_sessions
        reasons.append(f"{booked} of {capacity} sessions already booked in this period.")

    age = professional.availability_age_days
    if age is None:
        parts["freshness"] = 0.5
    else:
        parts["freshness"] = 0.5 ** (max(age, 0.0) / context.freshness_half_life_days)
        if age <= 14:
            reasons.append("Availability updated recently.")
        elif age > 60:
            reasons.append(f"Availability last updated {int(age)} days ago.")

    w = weights
    weighted = (
        parts["specialization"] * w.specialization
        + parts["availability"] * w.availability
        + parts["rating"] * w.rating
        + parts["experience"] * w.experience
        + parts["load"] * w.load
        + parts["freshness"] * w.freshness
    )
    total = w.specialization + w.availability + w.rating + w.experience + w.load + w.freshness
    return Score(score=100.0 * weighted / total, parts=parts, reasons=tuple(reasons))
