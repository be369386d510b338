"""Cohort-wide assignment: place as many pending students as possible, then maximise the total score.

Input: pending requests, each with candidate options (a professional, a concrete slot in UTC Unix seconds,
the score of that pairing), and each professional's capacity (weekly limit per ISO week in their own zone,
sessions already booked per week, buffer between sessions). Rules:

- a student (request) gets at most one session;
- a professional never takes two slots that overlap, counting their buffer after each session;
- a professional takes at most `weekly_limit` sessions per ISO week of their zone,
  counting those already booked.

Objective, lexicographic: first the number of students placed, then the total score. It is encoded as one
weighted sum where each placement earns a bonus larger than every score of the cohort together, so one more
student always beats any gain in score.

Solver choice: OR-Tools CP-SAT. Without the buffer and with slots on one grid the problem is a min-cost
flow (student -> slot -> professional-week -> sink), but real candidate slots overlap (a professional free
14:00-15:30 offers 14:00, 14:30 and 15:00 starts, and a buffer makes neighbours clash), which turns capacity
constraints on slots into clique constraints a network cannot express. CP-SAT takes those constraints as they
are, proves optimality on instances of the program's size in seconds (the LP relaxation of this model is
nearly integral), accepts a solution hint, stops at a time limit with its best solution so far, and is
maintained by Google with wheels for every platform we run on. SciPy's `milp` would need SciPy (not a
dependency) and has no hints; networkx's flow cannot express the overlap cliques.

Scale: candidates are pruned per student to the best `per_professional` slots of each of the best
`professionals` professionals (slots spread over different weeks first, so one full week does not block all
of a professional's options). The greedy solution (`greedy_assign`, arrival order, best free option each) is
computed first: its options are kept through the pruning and given to CP-SAT as a hint, and if the solver
finds nothing better in its time limit the greedy answer is returned. So the result never places fewer
students, nor scores less, than greedy.

Every unplaced student gets a reason: no candidate at all (with the caller's explanation), all candidates'
professionals already at their weekly limit, or lost to other placements (which ones block which options).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

__all__ = [
    "AssignmentResult",
    "Capacity",
    "Option",
    "PendingRequest",
    "Placement",
    "Unplaced",
    "UnplacedReason",
    "greedy_assign",
    "optimal_assign",
    "prune_options",
    "week_of",
]

Key = int | str
Week = tuple[int, int]

# Scores are floats; CP-SAT needs integers. Three decimals keep every ranking difference that matters.
_SCORE_SCALE = 1000


class UnplacedReason:
    """Codes for why a student was not placed (stable strings, stored with proposals)."""

    NO_OPTIONS = "no_options"
    AT_WEEKLY_LIMIT = "at_weekly_limit"
    TAKEN = "taken"
    NOT_REACHED = "not_reached"


@dataclass(frozen=True, slots=True)
class Option:
    """One way to place a student: `professional` at [start, end) (UTC Unix seconds) with `score`."""

    professional: Key
    start: int
    end: int
    score: float

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"an option must end after it starts (got {self.start}..{self.end})")


@dataclass(frozen=True, slots=True)
class PendingRequest:
    """A student waiting for a session and the options found for them.

    `no_option_reason` says, in plain words, why upstream found no option (shown when `options` is empty).
    """

    key: Key
    options: tuple[Option, ...]
    no_option_reason: str = ""


@dataclass(frozen=True, slots=True)
class Capacity:
    """What a professional can still take: `weekly_limit` per ISO week in `timezone`, minus `booked`."""

    professional: Key
    weekly_limit: int
    timezone: str = "UTC"
    booked: Mapping[Week, int] = field(default_factory=dict)
    buffer_seconds: int = 0

    def remaining(self, week: Week) -> int:
        return max(0, self.weekly_limit - self.booked.get(week, 0))


@dataclass(frozen=True, slots=True)
class Placement:
    request: Key
    option: Option


@dataclass(frozen=True, slots=True)
class Unplaced:
    request: Key
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    method: str
    optimal: bool
    seconds: float

    @property
    def placed(self) -> int:
        return len(self.placements)

    @property
    def total_score(self) -> float:
        return sum(p.option.score for p in self.placements)

    def placement_for(self, request: Key) -> Placement | None:
        for placement in self.placements:
            if placement.request == request:
                return placement
        return None


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=65536)
def _week_of_day(zone: str, day_start: int) -> Week:
    local = datetime.fromtimestamp(day_start, UTC).astimezone(_zone(zone))
    iso = local.isocalendar()
    return (iso.year, iso.week)


def week_of(start: int, zone: str) -> Week:
    """ISO (year, week) of the instant `start` on the wall clock of `zone`."""
    # Cache per quarter hour: every offset in use is a multiple of 15 minutes, so the local week cannot
    # change inside one.
    return _week_of_day(zone, start - start % 900)


def _capacity(capacities: Mapping[Key, Capacity], professional: Key) -> Capacity:
    try:
        return capacities[professional]
    except KeyError:
        raise ValueError(f"no capacity given for professional {professional!r}") from None


def _conflict(a: Option, b: Option, buffer: int) -> bool:
    return a.start < b.end + buffer and b.start < a.end + buffer


def _usable(
    requests: Sequence[PendingRequest], capacities: Mapping[Key, Capacity]
) -> dict[Key, list[tuple[Option, Week]]]:
    """Each request's options with their week, without those whose week is already full before we start."""
    usable: dict[Key, list[tuple[Option, Week]]] = {}
    for request in requests:
        kept = []
        for option in request.options:
            cap = _capacity(capacities, option.professional)
            week = week_of(option.start, cap.timezone)
            if cap.remaining(week) > 0:
                kept.append((option, week))
        usable[request.key] = kept
    return usable


def _option_order(option: Option) -> tuple[float, int, str]:
    return (-option.score, option.start, str(option.professional))


def prune_options(
    options: Iterable[Option],
    *,
    per_professional: int,
    professionals: int,
    capacities: Mapping[Key, Capacity],
) -> tuple[Option, ...]:
    """Keep the best `per_professional` slots of each of the best `professionals` professionals.

    Within a professional, slots are taken best score first, then one per ISO week before a second in any
    week (so a week that fills up does not strand every option), earliest first.
    """
    by_professional: dict[Key, list[Option]] = defaultdict(list)
    for option in dict.fromkeys(options):
        by_professional[option.professional].append(option)
    ranked = sorted(
        by_professional.items(),
        key=lambda item: (-max(o.score for o in item[1]), min(o.start for o in item[1]), str(item[0])),
    )[:professionals]
    kept: list[Option] = []
    for professional, opts in ranked:
        zone = _capacity(capacities, professional).timezone
        opts.sort(key=_option_order)
        seen_weeks: dict[Week, int] = defaultdict(int)
        # Rank within the professional: score first, then how many slots of that week are already taken.
        keyed = []
        for option in opts:
            week = week_of(option.start, zone)
            keyed.append((-option.score, seen_weeks[week], option.start, option))
            seen_weeks[week] += 1
        keyed.sort(key=lambda item: (item[0], item[1], item[2]))
        kept.extend(item[3] for item in keyed[:per_professional])
    return tuple(kept)


class _Ledger:
    """Placements so far, per professional, to check overlap and weekly limits."""

    def __init__(self, capacities: Mapping[Key, Capacity]) -> None:
        self.capacities = capacities
        self.sessions: dict[Key, list[Option]] = defaultdict(list)
        self.counts: dict[tuple[Key, Week], int] = defaultdict(int)

    def blocker(self, option: Option, week: Week) -> str | None:
        """Why `option` can no longer be taken ("overlap" or "limit"), or None when it is free."""
        cap = self.capacities[option.professional]
        if any(_conflict(option, other, cap.buffer_seconds) for other in self.sessions[option.professional]):
            return "overlap"
        if self.counts[(option.professional, week)] >= cap.remaining(week):
            return "limit"
        return None

    def add(self, option: Option, week: Week) -> None:
        self.sessions[option.professional].append(option)
        self.counts[(option.professional, week)] += 1


def _explain(
    requests: Sequence[PendingRequest],
    capacities: Mapping[Key, Capacity],
    usable: Mapping[Key, list[tuple[Option, Week]]],
    placements: Sequence[Placement],
    *,
    solver_stopped_early: bool,
) -> tuple[Unplaced, ...]:
    ledger = _Ledger(capacities)
    for placement in placements:
        cap = capacities[placement.option.professional]
        ledger.add(placement.option, week_of(placement.option.start, cap.timezone))
    placed = {p.request for p in placements}
    out: list[Unplaced] = []
    for request in requests:
        if request.key in placed:
            continue
        if not request.options:
            out.append(
                Unplaced(
                    request.key,
                    UnplacedReason.NO_OPTIONS,
                    request.no_option_reason
                    or "No professional has a feasible slot in common with this student's availability.",
                )
            )
            continue
        options = usable[request.key]
        pros = sorted({str(o.professional) for o in request.options})
        if not options:
            out.append(
                Unplaced(
                    request.key,
                    UnplacedReason.AT_WEEKLY_LIMIT,
                    f"All {len(pros)} professional(s) with a common slot are already at their weekly limit "
                    "in the weeks where the times overlap.",
                )
            )
            continue
        blocked = [ledger.blocker(option, week) for option, week in options]
        overlaps = blocked.count("overlap")
        limits = blocked.count("limit")
        if solver_stopped_early and None in blocked:
            out.append(
                Unplaced(
                    request.key,
                    UnplacedReason.NOT_REACHED,
                    "The solver stopped at its time limit before placing this student; "
                    "a free option remains.",
                )
            )
            continue
        parts = []
        if overlaps:
            parts.append(f"{overlaps} overlap sessions given to other students")
        if limits:
            parts.append(f"{limits} fall in weeks their professional filled with other students")
        out.append(
            Unplaced(
                request.key,
                UnplacedReason.TAKEN,
                f"Lost to other placements: all {len(options)} candidate slot(s) with "
                f"{len({o.professional for o, _ in options})} professional(s) were taken "
                f"({'; '.join(parts)}).",
            )
        )
    return tuple(out)


def greedy_assign(requests: Sequence[PendingRequest], capacities: Mapping[Key, Capacity]) -> AssignmentResult:
    """One request at a time in the given (arrival) order, each taking its best still-free option.

    This is what an admin does by hand, and the baseline the solver is measured against.
    """
    started = time.perf_counter()
    usable = _usable(requests, capacities)
    ledger = _Ledger(capacities)
    placements: list[Placement] = []
    for request in requests:
        for option, week in sorted(usable[request.key], key=lambda item: _option_order(item[0])):
            if ledger.blocker(option, week) is None:
                ledger.add(option, week)
                placements.append(Placement(request.key, option))
                break
    unplaced = _explain(requests, capacities, usable, placements, solver_stopped_early=False)
    return AssignmentResult(
        placements=tuple(placements),
        unplaced=unplaced,
        method="greedy",
        optimal=False,
        seconds=time.perf_counter() - started,
    )


def _repair(
    requests: Sequence[PendingRequest],
    capacities: Mapping[Key, Capacity],
    usable: Mapping[Key, list[tuple[Option, Week]]],
    placements: list[Placement],
) -> tuple[Placement, ...]:
    """Place, greedily, any student still unplaced who has a free option that pruning had set aside."""
    ledger = _Ledger(capacities)
    for placement in placements:
        ledger.add(
            placement.option,
            week_of(placement.option.start, capacities[placement.option.professional].timezone),
        )
    placed = {p.request for p in placements}
    for request in requests:
        if request.key in placed:
            continue
        for option, week in sorted(usable[request.key], key=lambda item: _option_order(item[0])):
            if ledger.blocker(option, week) is None:
                ledger.add(option, week)
                placements.append(Placement(request.key, option))
                break
    return tuple(placements)


def _objective(placements: Iterable[Placement], bonus: int) -> int:
    return sum(bonus + round(p.option.score * _SCORE_SCALE) for p in placements)


def optimal_assign(
    requests: Sequence[PendingRequest],
    capacities: Mapping[Key, Capacity],
    *,
    per_professional: int = 3,
    professionals: int = 10,
    time_limit_seconds: float = 30.0,
    workers: int = 2,
    seed: int = 0,
) -> AssignmentResult:
    """The assignment placing the most students, then with the highest total score (see module docstring)."""
    started = time.perf_counter()
    greedy = greedy_assign(requests, capacities)
    greedy_choice = {p.request: p.option for p in greedy.placements}
    usable_all = _usable(requests, capacities)

    # Prune, always keeping greedy's choice so the solver's space contains greedy's solution.
    pruned: list[PendingRequest] = []
    for request in requests:
        options = prune_options(
            (o for o, _ in usable_all[request.key]),
            per_professional=per_professional,
            professionals=professionals,
            capacities=capacities,
        )
        chosen = greedy_choice.get(request.key)
        if chosen is not None and chosen not in options:
            options = (*options, chosen)
        pruned.append(PendingRequest(request.key, options, request.no_option_reason))
    usable = _usable(pruned, capacities)

    model = cp_model.CpModel()
    variables: list[tuple[cp_model.IntVar, Key, Option, Week]] = []
    max_scores: list[int] = []
    for request in pruned:
        row = []
        for index, (option, week) in enumerate(usable[request.key]):
            var = model.new_bool_var(f"r{request.key}_{index}")
            variables.append((var, request.key, option, week))
            row.append(var)
        if row:
            model.add_at_most_one(row)
            max_scores.append(max(abs(round(o.score * _SCORE_SCALE)) for o, _ in usable[request.key]))
    if not variables:
        return AssignmentResult(
            placements=(),
            unplaced=_explain(requests, capacities, usable_all, (), solver_stopped_early=False),
            method="cp-sat (nothing to place)",
            optimal=True,
            seconds=time.perf_counter() - started,
        )
    # One more student placed must outweigh every score difference: the bonus exceeds the widest swing.
    bonus = 2 * sum(max_scores) + 1

    by_professional: dict[Key, list[tuple[cp_model.IntVar, Option]]] = defaultdict(list)
    by_week: dict[tuple[Key, Week], list[cp_model.IntVar]] = defaultdict(list)
    for var, _, option, week in variables:
        by_professional[option.professional].append((var, option))
        by_week[(option.professional, week)].append(var)
    for (professional, week), week_vars in by_week.items():
        remaining = capacities[professional].remaining(week)
        if len(week_vars) > remaining:
            model.add(sum(week_vars) <= remaining)
    for professional, entries in by_professional.items():
        _add_no_overlap(model, entries, capacities[professional].buffer_seconds)

    model.maximize(sum(var * (bonus + round(option.score * _SCORE_SCALE)) for var, _, option, _ in variables))
    for var, key, option, _ in variables:
        model.add_hint(var, greedy_choice.get(key) == option)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    import os

    solver.parameters.log_search_progress = bool(os.environ.get("CPLOG"))
    status = solver.solve(model)

    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = _repair(
            requests,
            capacities,
            usable_all,
            [Placement(key, option) for var, key, option, _ in variables if solver.boolean_value(var)],
        )
        if _objective(placements, bonus) >= _objective(greedy.placements, bonus):
            optimal = status == cp_model.OPTIMAL
            return AssignmentResult(
                placements=placements,
                unplaced=_explain(
                    requests, capacities, usable_all, placements, solver_stopped_early=not optimal
                ),
                method="cp-sat" if optimal else "cp-sat (time limit, best found)",
                optimal=optimal,
                seconds=time.perf_counter() - started,
            )
    return AssignmentResult(
        placements=greedy.placements,
        unplaced=greedy.unplaced,
        method=f"greedy (cp-sat {solver.status_name(status).lower()} within {time_limit_seconds:g} s)",
        optimal=False,
        seconds=time.perf_counter() - started,
    )


def _add_no_overlap(
    model: cp_model.CpModel, entries: Sequence[tuple[cp_model.IntVar, Option]], buffer: int
) -> None:
    """At most one chosen option covers any instant of the professional's time (buffer included).

    Options are intervals [start, end + buffer); in an interval graph every maximal clique is the set of
    intervals containing some interval's start, so one at-most-one per distinct start covers all overlaps.
    """
    if len(entries) < 2:
        return
    ordered = sorted(entries, key=lambda e: e[1].start)
    starts = sorted({option.start for _, option in ordered})
    seen: set[frozenset[int]] = set()
    for point in starts:
        clique = [var for var, option in ordered if option.start <= point < option.end + buffer]
        if len(clique) < 2:
            continue
        ident = frozenset(var.index for var in clique)
        if ident in seen:
            continue
        seen.add(ident)
        model.add_at_most_one(clique)
