"""Cohort assignment: exact answers on hand-checked instances, and never worse than greedy."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentormatch.core.assignment import (
    AssignmentResult,
    Capacity,
    Option,
    PendingRequest,
    UnplacedReason,
    greedy_assign,
    optimal_assign,
    prune_options,
    week_of,
)

HALF_HOUR = 1800


def at(text: str) -> int:
    """UTC Unix seconds of an ISO time with offset, e.g. "2026-12-14T14:00-05:00"."""
    return int(datetime.fromisoformat(text).timestamp())


# Monday 14 December 2026, 14:00 UTC, and offsets from it.
T0 = at("2026-12-14T14:00+00:00")


def opt(professional: str, start: int, score: float, minutes: int = 30) -> Option:
    return Option(professional, start, start + minutes * 60, score)


def caps(*names: str, limit: int = 3, zone: str = "UTC", buffer: int = 0) -> dict[str | int, Capacity]:
    return {n: Capacity(n, limit, zone, buffer_seconds=buffer) for n in names}


def assert_valid(result: AssignmentResult, requests: list[PendingRequest], capacities: dict) -> None:
    """Every rule of the assignment holds: own options, one per student, no overlap, weekly limits."""
    by_key = {r.key: r for r in requests}
    assert len({p.request for p in result.placements}) == len(result.placements)
    for p in result.placements:
        assert p.option in by_key[p.request].options
    per_week: Counter = Counter()
    for a, b in itertools.combinations(result.placements, 2):
        if a.option.professional == b.option.professional:
            buffer = capacities[a.option.professional].buffer_seconds
            assert not (a.option.start < b.option.end + buffer and b.option.start < a.option.end + buffer), (
                a,
                b,
            )
    for p in result.placements:
        cap = capacities[p.option.professional]
        per_week[(cap.professional, week_of(p.option.start, cap.timezone))] += 1
    for (professional, week), n in per_week.items():
        assert n <= capacities[professional].remaining(week)
    placed = {p.request for p in result.placements}
    assert {u.request for u in result.unplaced} == set(by_key) - placed


def brute_force(requests: list[PendingRequest], capacities: dict) -> tuple[int, float]:
    """The best (placed, total score) by trying every combination: the reference for tiny instances."""
    best = (0, 0.0)
    choices = [(None, *r.options) for r in requests]
    for combo in itertools.product(*choices):
        chosen = [o for o in combo if o is not None]
        ok = True
        for a, b in itertools.combinations(chosen, 2):
            buffer = capacities[a.professional].buffer_seconds
            if a.professional == b.professional and a.start < b.end + buffer and b.start < a.end + buffer:
                ok = False
                break
        if not ok:
            continue
        weeks = Counter(
            (o.professional, week_of(o.start, capacities[o.professional].timezone)) for o in chosen
        )
        if any(n > capacities[p].remaining(w) for (p, w), n in weeks.items()):
            continue
        value = (len(chosen), round(sum(o.score for o in chosen), 6))
        best = max(best, value)
    return best


def test_it_gives_a_contested_slot_to_the_higher_score() -> None:
    requests = [
        PendingRequest("ann", (opt("pat", T0, 40),)),
        PendingRequest("bob", (opt("pat", T0, 70),)),
    ]
    result = optimal_assign(requests, caps("pat"))
    assert [(p.request, p.option.score) for p in result.placements] == [("bob", 70)]
    assert result.unplaced[0].request == "ann"
    assert result.unplaced[0].code == UnplacedReason.TAKEN


def test_it_moves_an_early_student_so_a_later_one_fits_where_greedy_does_not() -> None:
    # Ann arrives first and likes 14:00 best; Bob can only do 14:00.
    requests = [
        PendingRequest("ann", (opt("pat", T0, 90), opt("pat", T0 + 2 * HALF_HOUR, 60))),
        PendingRequest("bob", (opt("pat", T0, 80),)),
    ]
    greedy = greedy_assign(requests, caps("pat"))
    best = optimal_assign(requests, caps("pat"))
    assert greedy.placed == 1
    assert best.placed == 2
    assert {p.request: p.option.start for p in best.placements} == {"ann": T0 + 2 * HALF_HOUR, "bob": T0}
    assert best.total_score == 140


def test_it_places_one_more_student_even_at_a_lower_total_score() -> None:
    requests = [
        PendingRequest("ann", (opt("pat", T0, 100), opt("kim", T0, 1))),
        PendingRequest("bob", (opt("pat", T0, 1),)),
    ]
    result = optimal_assign(requests, caps("pat", "kim"))
    assert result.placed == 2
    assert result.total_score == 2


def test_it_keeps_a_professional_within_the_weekly_limit() -> None:
    requests = [PendingRequest(f"s{i}", (opt("pat", T0 + i * 86400, 50 + i),)) for i in range(3)]
    result = optimal_assign(requests, caps("pat", limit=2))
    assert sorted(p.request for p in result.placements) == ["s1", "s2"]
    assert result.unplaced[0].request == "s0"
    assert "filled with other students" in result.unplaced[0].reason


def test_it_lets_a_professional_take_the_limit_again_the_next_week() -> None:
    requests = [PendingRequest(f"s{i}", (opt("pat", T0 + i * 7 * 86400, 50),)) for i in range(3)]
    assert optimal_assign(requests, caps("pat", limit=1)).placed == 3


def test_it_counts_weeks_in_the_professional_zone_not_in_utc() -> None:
    # Wednesday 16 Dec 10:00 and Sunday 20 Dec 22:00 in New York are one local week (Mon 14 - Sun 20),
    # though the second is Monday 21 Dec 03:00 UTC, in the next UTC week.
    wednesday = at("2026-12-16T10:00-05:00")
    sunday_night = at("2026-12-20T22:00-05:00")
    assert week_of(wednesday, "America/New_York") == week_of(sunday_night, "America/New_York") == (2026, 51)
    assert week_of(sunday_night, "UTC") == (2026, 52)
    requests = [
        PendingRequest("ann", (opt("pat", wednesday, 50),)),
        PendingRequest("bob", (opt("pat", sunday_night, 50),)),
    ]
    assert optimal_assign(requests, caps("pat", limit=1, zone="America/New_York")).placed == 1
    assert optimal_assign(requests, caps("pat", limit=1, zone="UTC")).placed == 2


def test_it_counts_sessions_already_booked_against_the_limit() -> None:
    capacities: dict[str | int, Capacity] = {"pat": Capacity("pat", 2, "UTC", booked={(2026, 51): 2})}
    requests = [PendingRequest("ann", (opt("pat", T0, 50),))]
    result = optimal_assign(requests, capacities)
    assert result.placed == 0
    assert result.unplaced[0].code == UnplacedReason.AT_WEEKLY_LIMIT


def test_it_keeps_the_buffer_between_a_professional_sessions() -> None:
    requests = [
        PendingRequest("ann", (opt("pat", T0, 50),)),
        PendingRequest("bob", (opt("pat", T0 + HALF_HOUR, 50),)),
    ]
    assert optimal_assign(requests, caps("pat")).placed == 2
    assert optimal_assign(requests, caps("pat", buffer=15 * 60)).placed == 1


def test_it_refuses_two_overlapping_slots_of_one_professional() -> None:
    requests = [
        PendingRequest("ann", (opt("pat", T0, 50),)),
        PendingRequest("bob", (opt("pat", T0 + 15 * 60, 60),)),
    ]
    result = optimal_assign(requests, caps("pat"))
    assert [p.request for p in result.placements] == ["bob"]
    assert "overlap sessions given to other students" in result.unplaced[0].reason


def test_it_passes_on_the_reason_a_student_has_no_option() -> None:
    requests = [PendingRequest("ann", (), no_option_reason="No professional is free on weekends.")]
    result = optimal_assign(requests, caps("pat"))
    assert result.unplaced[0].code == UnplacedReason.NO_OPTIONS
    assert result.unplaced[0].reason == "No professional is free on weekends."


def test_it_solves_slots_on_one_grid_as_a_min_cost_flow() -> None:
    requests = [
        PendingRequest("ann", (opt("pat", T0, 90), opt("pat", T0 + 2 * HALF_HOUR, 60))),
        PendingRequest("bob", (opt("pat", T0, 80),)),
    ]
    result = optimal_assign(requests, caps("pat"))
    assert (result.method, result.optimal, result.placed) == ("min-cost flow", True, 2)


def test_it_solves_partly_overlapping_slots_by_the_linear_relaxation_when_it_is_integral() -> None:
    requests = [
        PendingRequest("ann", (opt("pat", T0, 90), opt("pat", T0 + 15 * 60, 60))),
        PendingRequest("bob", (opt("kim", T0, 80),)),
    ]
    result = optimal_assign(requests, caps("pat", "kim"))
    assert (result.method, result.optimal) == ("linear relaxation (integral)", True)
    assert {p.request: p.option.score for p in result.placements} == {"ann": 90, "bob": 80}


def test_it_uses_cp_sat_when_the_relaxation_is_fractional() -> None:
    # Three options pairwise in conflict (Bob's 14:15 overlaps both of Ann's, which are hers alone): the
    # LP takes half of each, so the integer solver must decide. Only one student fits; Bob scores more.
    requests = [
        PendingRequest("ann", (opt("pat", T0, 50), opt("pat", T0 + 40 * 60, 50))),
        PendingRequest("bob", (opt("pat", T0 + 15 * 60, 60),)),
    ]
    result = optimal_assign(requests, caps("pat"))
    assert result.method == "cp-sat"
    assert result.optimal
    assert [(p.request, p.option.start) for p in result.placements] == [("bob", T0 + 15 * 60)]


def test_pruning_spreads_a_professional_slots_over_weeks() -> None:
    options = [opt("pat", T0 + i * HALF_HOUR, 50) for i in range(4)] + [opt("pat", T0 + 7 * 86400, 50)]
    kept = prune_options(options, per_professional=2, professionals=5, capacities=caps("pat"))
    assert [o.start for o in kept] == [T0, T0 + 7 * 86400]


def test_pruning_keeps_the_best_professionals() -> None:
    options = [opt("pat", T0, 10), opt("kim", T0, 90), opt("lee", T0, 50)]
    kept = prune_options(options, per_professional=1, professionals=2, capacities=caps("pat", "kim", "lee"))
    assert [o.professional for o in kept] == ["kim", "lee"]


def random_instance(rng: random.Random, students: int, pros: int, slots: int, *, step: int) -> tuple:
    names = [f"p{i}" for i in range(pros)]
    capacities = {
        n: Capacity(n, rng.randint(1, 2), "UTC", buffer_seconds=rng.choice([0, 0, 900])) for n in names
    }
    grid = [T0 + i * step + d * 86400 for d in (0, 1, 8) for i in range(slots)]
    requests = []
    for s in range(students):
        options = {
            opt(rng.choice(names), rng.choice(grid), rng.randint(0, 100)) for _ in range(rng.randint(0, 4))
        }
        requests.append(
            PendingRequest(f"s{s}", tuple(sorted(options, key=lambda o: (o.start, str(o.professional)))))
        )
    return requests, capacities


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), step=st.sampled_from([900, 1800]))
def test_it_finds_the_brute_force_optimum_on_small_instances(seed: int, step: int) -> None:
    requests, capacities = random_instance(random.Random(seed), students=5, pros=2, slots=3, step=step)
    # Nothing pruned (at most four options a student), so the answer must be the exact optimum.
    result = optimal_assign(requests, capacities, per_professional=4, professionals=2)
    assert_valid(result, requests, capacities)
    assert (result.placed, round(result.total_score, 6)) == brute_force(requests, capacities)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), step=st.sampled_from([900, 1800]))
def test_it_never_places_fewer_or_scores_less_than_greedy(seed: int, step: int) -> None:
    requests, capacities = random_instance(random.Random(seed), students=40, pros=5, slots=6, step=step)
    greedy = greedy_assign(requests, capacities)
    best = optimal_assign(requests, capacities, per_professional=2, professionals=2)
    assert_valid(greedy, requests, capacities)
    assert_valid(best, requests, capacities)
    assert (best.placed, best.total_score) >= (greedy.placed, greedy.total_score)


def test_it_places_clearly_more_than_greedy_on_a_crowded_cohort() -> None:
    # Early students are flexible and take the popular slots; later ones can only make those slots.
    rng = random.Random(7)
    names = [f"p{i}" for i in range(10)]
    capacities = caps(*names, limit=10)
    popular = [T0 + i * HALF_HOUR for i in range(2)]
    quiet = [T0 + 86400 + i * HALF_HOUR for i in range(4)]
    requests = []
    for s in range(40):
        if s < 20:
            options = [opt(n, t, 60 + rng.randint(0, 20)) for n in names for t in popular + quiet]
            options = [
                o if o.start in popular else Option(o.professional, o.start, o.end, o.score - 30)
                for o in options
            ]
        else:
            options = [opt(n, t, 50) for n in rng.sample(names, 3) for t in popular]
        requests.append(PendingRequest(f"s{s}", tuple(options)))
    greedy = greedy_assign(requests, capacities)
    best = optimal_assign(requests, capacities)
    assert_valid(best, requests, capacities)
    assert greedy.placed == 20  # the flexible twenty fill every popular slot
    assert best.placed >= greedy.placed + 10
