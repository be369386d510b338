"""Matching benchmarks: one suggestion against many professionals, and cohort assignment.

(a) `suggest-matches` for one student against 100, 1,000 and 10,000 professionals (three weekly windows each,
    21-day horizon), on the product's code path: `core.feasibility.student_feasibility` (the student expanded
    once into a mask of the horizon's session starts, each professional's availability a mask shared by equal
    windows, "both free" one `&`) and `core.matching.top_matches` (full scores only for those shown),
    warm (availability objects reused, as the product reuses them across requests) and cold (fresh objects,
    every cache of the core empty). The baseline in the same run is what a first implementation does: for
    each professional, expand both people over the horizon from scratch (a zone conversion per window per
    date), intersect every interval with every other, then cut slots and score everyone the same way. A second
    baseline expands the student once before the loop. Times are CPU seconds of this process (the machine is
    shared: wall time would count other jobs), best of a few runs, garbage collector paused as in `timeit`.
(b) A cohort of 2,000 students and 400 professionals (limit 3 a week), candidates built by `core.cohort`
    (the same feasibility and ranking), placed by `core.assignment.optimal_assign` and by `greedy_assign`
    (requests in arrival order, each taking its best free option, as an admin does by hand). Both see the
    same candidates: each student's best 10 professionals, 3 slots each.

Every input comes from fixed seeds, so two runs measure the same thing.
"""

from __future__ import annotations

import gc
import importlib
import random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from functools import partial
from zoneinfo import ZoneInfo

from mentormatch.core.assignment import greedy_assign, optimal_assign
from mentormatch.core.availability import Window
from mentormatch.core.cohort import CohortProfessional, CohortStudent, build_cohort
from mentormatch.core.feasibility import (
    Availability,
    Candidate,
    Party,
    Rules,
    horizon_bounds,
    student_feasibility,
)
from mentormatch.core.matching import clear_caches, top_matches
from mentormatch.core.ranking import MatchProfile, ProfessionalProfile, RankingContext, Weights, score_match

# Thursday 3 December 2026, 13:00 in New York.
NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
RULES = Rules(session_minutes=30, buffer_minutes=0, min_notice_hours=2.0, horizon_days=21)
WEIGHTS = Weights()
CONTEXT = RankingContext()
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London")
INDUSTRIES = ("Technology", "Finance", "Healthcare", "Marketing", "Consulting", "Education", "Energy")
ROLES = ("Software Engineer", "Data Analyst", "Product Manager", "Financial Analyst", "UX Designer")
SHOWN = 5  # MATCH_SUGGESTION_LIMIT: suggestions shown to the admin
LEVELS = ("Entry Level (0-2 years)", "Mid Level (3-5 years)", "Internship")


def emit(name: str, value: float, unit: str) -> None:
    if unit in {"students", "professionals", "bool"}:
        text = f"{value:.0f}"
    elif unit == "points":
        text = f"{value:.1f}"
    else:
        text = f"{value:.4g}"
    print(f"bench: {name} {text} {unit}", flush=True)


# --- people ------------------------------------------------------------------------------------------


def _weekly(rng: random.Random, *, days: Sequence[int], first_hour: int, last_hour: int) -> Window:
    start = rng.randrange(first_hour * 2, last_hour * 2) * 30
    length = rng.choice((60, 90, 120, 180))
    return Window(weekday=rng.choice(days), date=None, start=start, end=min(start + length, 1440), tz=None)


def make_professionals(count: int, seed: int, *, limit: int = 3) -> list[CohortProfessional]:
    rng = random.Random(seed)
    out = []
    for key in range(count):
        windows = tuple(_weekly(rng, days=range(7), first_hour=8, last_hour=20) for _ in range(3))
        rated = rng.random() < 0.6
        profile = ProfessionalProfile(
            industries=tuple(rng.sample(INDUSTRIES, 2)),
            specialties=", ".join(rng.sample(ROLES, 2)),
            title=rng.choice(ROLES),
            experience_levels=tuple(rng.sample(LEVELS, 2)),
            rating=round(rng.uniform(3.5, 5.0), 1) if rated else None,
            rating_count=rng.randint(1, 40) if rated else 0,
            reviews_done=rng.randint(0, 60),
            max_sessions_per_week=limit,
            availability_age_days=rng.uniform(0, 90),
        )
        candidate = Candidate(
            key=key,
            availability=Availability(tz=rng.choice(ZONES), windows=windows),
            weekly_limit=limit,
        )
        out.append(CohortProfessional(candidate, profile))
    return out


def make_student(rng: random.Random, key: int, *, evenings: bool) -> CohortStudent:
    if evenings:
        # Most students can only meet after class: weekday evenings in New York.
        windows = tuple(_weekly(rng, days=range(5), first_hour=17, last_hour=20) for _ in range(2))
    else:
        windows = tuple(_weekly(rng, days=range(7), first_hour=9, last_hour=20) for _ in range(3))
    return CohortStudent(
        key=key,
        party=Party(Availability(tz="America/New_York", windows=windows)),
        profile=MatchProfile(rng.choice(INDUSTRIES), rng.choice(ROLES), rng.choice(LEVELS)),
    )


# --- (a) one suggestion ------------------------------------------------------------------------------


def suggest_fast(
    student: CohortStudent, professionals: Sequence[CohortProfessional]
) -> list[tuple[float, int]]:
    """The product's path: feasibility for all by grid masks, the fast ranker, full scores for the shown."""
    feasibility = student_feasibility(
        student=student.party,
        candidates=[p.candidate for p in professionals],
        rules=RULES,
        now=NOW,
        max_slots=3,
    )
    feasible = [
        (pro, pair) for pro, pair in zip(professionals, feasibility.pairs, strict=True) if pair.feasible_any
    ]
    top = top_matches(
        student=student.profile,
        entries=[(pro.profile, pair.feasible_minutes, pair.slot_count) for pro, pair in feasible],
        limit=SHOWN,
        weights=WEIGHTS,
        context=CONTEXT,
    )
    return [(score.score, feasible[index][0].candidate.key) for index, score in top]  # type: ignore[misc]


def suggest_score_all(
    student: CohortStudent, professionals: Sequence[CohortProfessional]
) -> list[tuple[float, int]]:
    """The same feasibility, then `score_match` for every professional with a slot (no `top_matches`)."""
    feasibility = student_feasibility(
        student=student.party,
        candidates=[p.candidate for p in professionals],
        rules=RULES,
        now=NOW,
        max_slots=3,
    )
    scored = []
    for pro, pair in zip(professionals, feasibility.pairs, strict=True):
        if pair.feasible_any:
            score = score_match(
                student=student.profile,
                professional=pro.profile,
                feasible_minutes=pair.feasible_minutes,
                slot_count=pair.slot_count,
                weights=WEIGHTS,
                context=CONTEXT,
            )
            scored.append((-score.score, pro.candidate.key))
    scored.sort()
    return [(-s, k) for s, k in scored[:SHOWN]]  # type: ignore[misc]


def _naive_expand(availability: Availability, first: date, days: int) -> list[tuple[int, int]]:
    """Each window on each date of the horizon, converted to UTC through the zone, one at a time."""
    zone = ZoneInfo(availability.tz)
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for w in availability.windows:
            if w.weekday == day.weekday():
                start = datetime.combine(day, dtime(w.start // 60, w.start % 60), zone)
                end_day = day + timedelta(days=w.end // 1440)
                end = datetime.combine(end_day, dtime(w.end % 1440 // 60, w.end % 60), zone)
                out.append((int(start.timestamp()), int(end.timestamp())))
    merged: list[tuple[int, int]] = []
    for start_ts, end_ts in sorted(out):
        if merged and start_ts <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end_ts))
        else:
            merged.append((start_ts, end_ts))
    return merged


def suggest_baseline(
    student: CohortStudent, professionals: Sequence[CohortProfessional], *, student_once: bool = False
) -> list[tuple[float, int]]:
    """Pairwise, from scratch: expand both, intersect every interval with every other, cut slots, score.
    With `student_once`, the student is expanded once before the loop (the first thing anyone would hoist),
    so the ratio against it isolates what the grid masks and the ranker save per professional."""
    _now_ts, notice_ts, end_ts = horizon_bounds(NOW, RULES)
    first = NOW.astimezone(ZoneInfo(student.party.availability.tz)).date() - timedelta(days=1)
    days = RULES.horizon_days + 2
    step, length = RULES.step_seconds, RULES.session_seconds
    scored = []
    hoisted = _naive_expand(student.party.availability, first, days) if student_once else None
    for pro in professionals:
        mine = hoisted if hoisted is not None else _naive_expand(student.party.availability, first, days)
        theirs = _naive_expand(pro.candidate.availability, first, days)
        common = []
        for a_start, a_end in mine:
            for b_start, b_end in theirs:
                start, end = max(a_start, b_start, notice_ts), min(a_end, b_end, end_ts)
                if start < end:
                    common.append((start, end))
        slots = 0
        minutes = 0.0
        for start, end in common:
            t = -(-start // step) * step
            if t + length <= end:
                minutes += (end - start) / 60
            while t + length <= end:
                slots += 1
                t += step
        if not slots:
            continue
        score = score_match(
            student=student.profile,
            professional=pro.profile,
            feasible_minutes=minutes,
            slot_count=slots,
            weights=WEIGHTS,
            context=CONTEXT,
        )
        scored.append((-score.score, pro.candidate.key))
    scored.sort()
    return [(-s, k) for s, k in scored[:SHOWN]]  # type: ignore[misc]


def _timed[T](work: Callable[[], T]) -> tuple[float, T]:
    """CPU seconds of `work` (this process only, so other jobs on a shared machine do not count), with the
    garbage collector paused (as `timeit` does)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        result = work()
        return time.process_time() - started, result
    finally:
        gc.enable()


def clear_core_caches() -> None:
    """Empty every memo of the core (functools caches of its modules)."""
    clear_caches()
    for module_name in ("ranking", "matching", "feasibility", "expansion", "slotgrid", "slots", "describe"):
        try:
            module = importlib.import_module(f"mentormatch.core.{module_name}")
        except ImportError:
            continue
        for name in dir(module):
            cache_clear = getattr(getattr(module, name), "cache_clear", None)
            if callable(cache_clear):
                cache_clear()


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The best of `runs` CPU timings."""
    best = float("inf")
    for _ in range(runs):
        best = min(best, _timed(work)[0])
    return best


def bench_suggest() -> None:
    student = make_student(random.Random(11), 0, evenings=False)
    everyone = make_professionals(10_000, seed=12)
    per_professional: dict[int, float] = {}
    for size in (100, 1_000, 10_000):
        pros = everyone[:size]
        # Cold: fresh objects and every cache of the core empty, as on the first call after a start.
        fresh = make_professionals(10_000, seed=12)[:size]
        clear_core_caches()
        cold, fast_result = _timed(partial(suggest_fast, student, fresh))
        fast = min(cold, best_of(7, partial(suggest_fast, student, pros)))
        slow, slow_result = _timed(partial(suggest_baseline, student, pros))
        slow = min(slow, best_of(1 if size == 10_000 else 3, partial(suggest_baseline, student, pros)))
        once_work = partial(suggest_baseline, student, pros, student_once=True)
        once, once_result = _timed(once_work)
        once = min(once, best_of(1 if size == 10_000 else 3, once_work))
        same = [k for _, k in slow_result] == [k for _, k in fast_result] == [k for _, k in once_result]
        per_professional[size] = fast / size
        emit(f"suggest_seconds_{size}", fast, "s")
        emit(f"suggest_cold_seconds_{size}", cold, "s")
        emit(f"suggest_baseline_seconds_{size}", slow, "s")
        emit(f"suggest_us_per_professional_{size}", fast / size * 1e6, "us")
        emit(f"suggest_same_top{SHOWN}_as_baseline_{size}", 1.0 if same else 0.0, "bool")
        emit(f"suggest_baseline_student_once_seconds_{size}", once, "s")
        emit(f"suggest_speedup_{size}", slow / fast, "ratio")
        emit(f"suggest_speedup_vs_student_once_{size}", once / fast, "ratio")
        if size == 10_000:
            # What ranking every professional in full (parts and reasons for all) would cost instead.
            score_all = best_of(3, partial(suggest_score_all, student, pros))
            emit(f"suggest_score_all_seconds_{size}", score_all, "s")
            emit(f"suggest_score_all_speedup_{size}", slow / score_all, "ratio")
        emit(f"suggest_cold_speedup_{size}", slow / cold, "ratio")
    # Linear or better: time per professional at 10,000 over time per professional at 100 and 1,000.
    emit(
        "suggest_per_professional_growth_100_to_10000",
        per_professional[10_000] / per_professional[100],
        "ratio",
    )
    emit(
        "suggest_per_professional_growth_1000_to_10000",
        per_professional[10_000] / per_professional[1_000],
        "ratio",
    )


# --- (b) cohort ---------------------------------------------------------------------------------------


def bench_cohort() -> None:
    rng = random.Random(21)
    professionals = make_professionals(400, seed=22, limit=3)
    students = [make_student(rng, key, evenings=rng.random() < 0.8) for key in range(2_000)]
    started = time.perf_counter()
    cohort = build_cohort(
        students=students,
        professionals=professionals,
        rules=RULES,
        now=NOW,
        weights=WEIGHTS,
        context=CONTEXT,
        per_professional=3,
        professionals_per_student=10,
    )
    emit("cohort_candidates_seconds", time.perf_counter() - started, "s")
    emit("cohort_students_with_a_candidate", sum(1 for r in cohort.requests if r.options), "students")
    greedy = greedy_assign(cohort.requests, cohort.capacities)
    best = optimal_assign(cohort.requests, cohort.capacities, time_limit_seconds=60.0)
    emit("cohort_placed_solver", best.placed, "students")
    emit("cohort_placed_greedy", greedy.placed, "students")
    emit("cohort_score_solver", best.total_score, "points")
    emit("cohort_score_greedy", greedy.total_score, "points")
    emit("cohort_seconds_solver", best.seconds, "s")
    emit("cohort_seconds_greedy", greedy.seconds, "s")
    emit("cohort_solver_proven_optimal", 1.0 if best.optimal else 0.0, "bool")
    print(f"# cohort solver method: {best.method}", flush=True)


def main() -> None:
    bench_suggest()
    bench_cohort()


if __name__ == "__main__":
    main()
