"""The solver backends of `core.assignment`: the problem as index lists, and three exact ways to solve it.

`build_model` turns pruned options into columns (one per request and option) with weights (a placement bonus
plus the scaled score); `solve_flow` solves it as a min-cost max-flow when the slots form a network;
otherwise `add_sharing_rows` adds the weekly-limit and no-overlap rows, `solve_relaxation` tries the LP
relaxation (GLOP) and `solve_cp_sat` the integer model. See `core.assignment` for why these and in this order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from mentormatch.core.assignment import Capacity, Option, PendingRequest

__all__ = ["Model", "add_sharing_rows", "build_model", "solve_cp_sat", "solve_flow", "solve_relaxation"]

Key = Hashable
Week = tuple[int, int]

# Scores are floats; the solvers need integers. Three decimals keep every ranking difference that matters.
SCORE_SCALE = 1000


@dataclass(slots=True)
class Model:
    """The pruned problem as plain index lists, shared by the LP relaxation and CP-SAT."""

    columns: list[tuple[Key, Option, Week]]
    weights: list[int]
    # Each row: (column indices, upper bound) meaning sum(x[i] for i in row) <= bound.
    rows: list[tuple[list[int], int]]


def build_model(
    requests: Sequence[PendingRequest],
    usable: Mapping[Key, list[tuple[Option, Week]]],
    capacities: Mapping[Key, Capacity],
) -> Model:
    columns: list[tuple[Key, Option, Week]] = []
    rows: list[tuple[list[int], int]] = []
    spread = 0
    for request in requests:
        row = []
        for option, week in usable[request.key]:
            row.append(len(columns))
            columns.append((request.key, option, week))
        if row:
            rows.append((row, 1))
            spread += max(abs(round(columns[i][1].score * SCORE_SCALE)) for i in row)
    # One more student placed must outweigh every score difference: the bonus exceeds the widest swing.
    bonus = 2 * spread + 1
    weights = [bonus + round(option.score * SCORE_SCALE) for _, option, _ in columns]
    return Model(columns, weights, rows)


def add_sharing_rows(model: Model, capacities: Mapping[Key, Capacity]) -> None:
    """Weekly limits and no-overlap as rows (the network path needs neither)."""
    columns, rows = model.columns, model.rows
    by_professional: dict[Key, list[int]] = defaultdict(list)
    by_week: dict[tuple[Key, Week], list[int]] = defaultdict(list)
    for index, (_, option, week) in enumerate(columns):
        by_professional[option.professional].append(index)
        by_week[(option.professional, week)].append(index)
    for (professional, week), members in by_week.items():
        remaining = capacities[professional].remaining(week)
        if len(members) > remaining:
            rows.append((members, remaining))
    for professional, members in by_professional.items():
        rows.extend(
            (clique, 1) for clique in _cliques(columns, members, capacities[professional].buffer_seconds)
        )


def _cliques(columns: Sequence[tuple[Key, Option, Week]], members: list[int], buffer: int) -> list[list[int]]:
    """Sets of one professional's options that pairwise overlap (buffer included), covering every overlap.

    Options are intervals [start, end + buffer); in an interval graph every maximal clique is the set of
    intervals containing some interval's start, so one set per distinct start covers all overlaps.
    """
    if len(members) < 2:
        return []
    ordered = sorted(members, key=lambda i: columns[i][1].start)
    out: list[list[int]] = []
    seen: set[tuple[int, ...]] = set()
    active: list[int] = []
    for position, index in enumerate(ordered):
        point = columns[index][1].start
        if position + 1 < len(ordered) and columns[ordered[position + 1]][1].start == point:
            active.append(index)
            continue
        active.append(index)
        active = [i for i in active if columns[i][1].end + buffer > point]
        ident = tuple(sorted(active))
        if len(active) > 1 and ident not in seen:
            seen.add(ident)
            out.append(list(active))
    return out


def solve_flow(model: Model, capacities: Mapping[Key, Capacity]) -> list[int] | None:
    """The exact optimum as a min-cost max-flow, when the instance is a network: every professional's
    candidate slots (with the buffer) are either the same slot or disjoint. None when it is not.

    source -> request (1) -> slot (1) -> professional-week (room left) -> sink. The maximum flow places the
    most students; among maximum flows, the cheapest has the highest total score (each unit of flow crosses
    exactly one request -> slot arc, whose cost is the best score minus this option's).
    """
    slots: dict[tuple[Key, int], int] = {}
    spans: dict[Key, dict[int, int]] = defaultdict(dict)
    for _key, option, _week in model.columns:
        end = spans[option.professional].setdefault(option.start, option.end)
        if end != option.end:
            return None  # two lengths from one start: not a network
    for professional, by_start in spans.items():
        buffer = capacities[professional].buffer_seconds
        ordered = sorted(by_start.items())
        for (_s1, e1), (s2, _e2) in pairwise(ordered):
            if s2 < e1 + buffer:
                return None  # partly overlapping slots: clique constraints, not a network
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    count = [2]

    def new_node() -> int:
        count[0] += 1
        return count[0] - 1

    requests: dict[Key, int] = {}
    weeks: dict[tuple[Key, Week], int] = {}
    scaled = [round(option.score * SCORE_SCALE) for _, option, _ in model.columns]
    top = max(scaled)
    arcs: list[int] = []
    for (key, option, week), value in zip(model.columns, scaled, strict=True):
        if key not in requests:
            requests[key] = new_node()
            flow.add_arc_with_capacity_and_unit_cost(source, requests[key], 1, 0)
        pro_week = (option.professional, week)
        if pro_week not in weeks:
            weeks[pro_week] = new_node()
            room = capacities[option.professional].remaining(week)
            flow.add_arc_with_capacity_and_unit_cost(weeks[pro_week], sink, room, 0)
        slot = (option.professional, option.start)
        if slot not in slots:
            slots[slot] = new_node()
            flow.add_arc_with_capacity_and_unit_cost(slots[slot], weeks[pro_week], 1, 0)
        arcs.append(flow.add_arc_with_capacity_and_unit_cost(requests[key], slots[slot], 1, top - value))
    # As much as can flow from source to sink (at most one unit per request), at the least cost.
    flow.set_node_supply(source, len(requests))
    flow.set_node_supply(sink, -len(requests))
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return None
    return [i for i, arc in enumerate(arcs) if flow.flow(arc) > 0]


def solve_relaxation(model: Model) -> list[float] | None:
    """The LP relaxation by GLOP. Integral whenever the slots form a network (the common case)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with every OR-Tools wheel
        return None
    xs = [solver.NumVar(0.0, 1.0, "") for _ in model.columns]
    for members, bound in model.rows:
        constraint = solver.Constraint(-solver.infinity(), float(bound))
        for i in members:
            constraint.SetCoefficient(xs[i], 1.0)
    objective = solver.Objective()
    for x, weight in zip(xs, model.weights, strict=True):
        objective.SetCoefficient(x, float(weight))
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return [x.solution_value() for x in xs]


def solve_cp_sat(
    model: Model, hint: set[int], *, time_limit_seconds: float, workers: int, seed: int
) -> tuple[list[int], bool] | None:
    cp = cp_model.CpModel()
    xs = [cp.new_bool_var("") for _ in model.columns]
    for members, bound in model.rows:
        if bound == 1:
            cp.add_at_most_one(xs[i] for i in members)
        else:
            cp.add(sum(xs[i] for i in members) <= bound)
    cp.maximize(sum(x * weight for x, weight in zip(xs, model.weights, strict=True)))
    for index, x in enumerate(xs):
        cp.add_hint(x, index in hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [i for i, x in enumerate(xs) if solver.boolean_value(x)], status == cp_model.OPTIMAL
