"""Candidates for cohort assignment: from people and rules to the options `core.assignment` solves.

For each student, `student_feasibility` (one expansion of the student, then each professional against it)
gives the feasible time with every professional; `core.matching.top_matches` ranks the pairs that have a
slot with `score_match`'s scores, as `suggest-matches` does, and keeps the best `professionals_per_student`.
Each of those offers up to `per_professional` concrete slot starts, spread over the weeks of the horizon
(the first free slot of each week, then the second...), because a professional's weekly limit is what
usually runs out.

Pure Python: the Django side loads the people, this module only computes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mentormatch.core.assignment import Capacity, Option, PendingRequest, week_of
from mentormatch.core.feasibility import Candidate, NoMatch, Party, Rules, student_feasibility
from mentormatch.core.matching import top_matches
from mentormatch.core.ranking import MatchProfile, ProfessionalProfile, RankingContext, Score, Weights

__all__ = [
    "CohortInput",
    "CohortProfessional",
    "CohortStudent",
    "build_cohort",
    "capacity_of",
    "spread_starts",
]


@dataclass(frozen=True, slots=True)
class CohortStudent:
    key: Hashable
    party: Party
    profile: MatchProfile


@dataclass(frozen=True, slots=True)
class CohortProfessional:
    candidate: Candidate
    # `booked_sessions` is filled in per pair from the feasibility (sessions in the horizon's weeks).
    profile: ProfessionalProfile


@dataclass(slots=True)
class CohortInput:
    """What the solver needs, plus the scores (parts and reasons) behind each option."""

    requests: list[PendingRequest]
    capacities: dict[Hashable, Capacity]
    scores: dict[tuple[Hashable, Hashable], Score] = field(default_factory=dict)
    pairs_considered: int = 0


def spread_starts(feasible: Sequence[tuple[int, int]], *, rules: Rules, count: int, tz: str) -> list[int]:
    """Up to `count` aligned session starts in `feasible`, one per week (in `tz`) before a second in any."""
    step, length = rules.step_seconds, rules.session_seconds
    by_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    order: list[tuple[int, int]] = []
    for start, end in feasible:
        t = -(-start // step) * step
        while t + length <= end:
            week = week_of(t, tz)
            if week not in by_week:
                order.append(week)
            if len(by_week[week]) < count:
                by_week[week].append(t)
            t += step
    out: list[int] = []
    rank = 0
    while len(out) < count:
        added = False
        for week in order:
            if rank < len(by_week[week]):
                out.append(by_week[week][rank])
                added = True
                if len(out) == count:
                    break
        if not added:
            break
        rank += 1
    return sorted(out)


def capacity_of(candidate: Candidate, *, rules: Rules) -> Capacity:
    """The professional's weekly limit in their availability's zone, minus sessions already booked."""
    tz = candidate.availability.tz
    booked = Counter(week_of(start, tz) for start, _end in candidate.sessions)
    limit = candidate.weekly_limit if candidate.weekly_limit is not None else 10**6
    return Capacity(candidate.key, limit, tz, dict(booked), rules.buffer_seconds)


def build_cohort(
    *,
    students: Iterable[CohortStudent],
    professionals: Sequence[CohortProfessional],
    rules: Rules,
    now: datetime,
    weights: Weights,
    context: RankingContext,
    per_professional: int = 3,
    professionals_per_student: int = 10,
) -> CohortInput:
    """One `PendingRequest` per student (in the given order, the order requests arrived)."""
    candidates = [p.candidate for p in professionals]
    profiles = {p.candidate.key: p.profile for p in professionals}
    zones = {p.candidate.key: p.candidate.availability.tz for p in professionals}
    result = CohortInput(requests=[], capacities={c.key: capacity_of(c, rules=rules) for c in candidates})
    for student in students:
        feasibility = student_feasibility(
            student=student.party, candidates=candidates, rules=rules, now=now, max_slots=0
        )
        feasible = [pair for pair in feasibility.pairs if pair.feasible_any]
        result.pairs_considered += len(feasibility.pairs)
        top = top_matches(
            student=student.profile,
            entries=[
                (
                    dataclasses.replace(profiles[pair.key], booked_sessions=pair.booked_in_horizon),
                    pair.feasible_minutes,
                    pair.slot_count,
                )
                for pair in feasible
            ],
            limit=professionals_per_student,
            weights=weights,
            context=context,
        )
        options: list[Option] = []
        for index, score in top:
            pair = feasible[index]
            result.scores[(student.key, pair.key)] = score
            for start in spread_starts(
                pair.feasible, rules=rules, count=per_professional, tz=zones[pair.key]
            ):
                options.append(Option(pair.key, start, start + rules.session_seconds, score.score))
        reason = ""
        if not options:
            code = feasibility.reason_none_feasible() or NoMatch.NO_OVERLAP
            reason = NoMatch.MESSAGES.get(code, code)
        result.requests.append(PendingRequest(student.key, tuple(options), reason))
    return result
