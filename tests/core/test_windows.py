"""IntervalSet: normalised half-open UTC intervals, and the laws of its algebra (hypothesis)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentormatch.core.windows import Interval, IntervalSet

pairs = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=8)
sets = pairs.map(IntervalSet.from_pairs)


def covered(s: IntervalSet) -> set[int]:
    return {t for i in s for t in range(i.start, i.end)}


def test_it_merges_overlapping_and_touching_intervals_as_it_is_built() -> None:
    s = IntervalSet.from_pairs([(10, 20), (0, 5), (5, 8), (15, 30)])
    assert [(i.start, i.end) for i in s] == [(0, 8), (10, 30)]


def test_it_drops_empty_and_reversed_pairs() -> None:
    assert not IntervalSet.from_pairs([(5, 5), (9, 3)])


def test_an_interval_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="end after it starts"):
        Interval(5, 5)


def test_operators_and_named_methods_agree() -> None:
    a = IntervalSet.from_pairs([(0, 10), (20, 30)])
    b = IntervalSet.from_pairs([(5, 25)])
    assert a | b == a.union(b) == IntervalSet.from_pairs([(0, 30)])
    assert a & b == a.intersection(b) == IntervalSet.from_pairs([(5, 10), (20, 25)])
    assert a - b == a.difference(b) == IntervalSet.from_pairs([(0, 5), (25, 30)])


def test_contains_needs_the_whole_span_inside_one_interval() -> None:
    s = IntervalSet.from_pairs([(0, 10), (10, 20), (30, 40)])
    assert s.contains(5, 15)
    assert not s.contains(15, 35)
    assert not s.contains(40, 41)


def test_total_seconds_counts_each_instant_once() -> None:
    assert IntervalSet.from_pairs([(0, 10), (5, 15), (20, 21)]).total_seconds() == 16


def test_it_is_immutable() -> None:
    s = IntervalSet.from_pairs([(0, 1)])
    with pytest.raises(AttributeError):
        s._items = ()  # type: ignore[misc]


def test_slots_walks_fixed_length_pieces_inside_each_interval() -> None:
    s = IntervalSet.from_pairs([(0, 100), (200, 250)])
    assert [(i.start, i.end) for i in s.slots(30)] == [(0, 30), (30, 60), (60, 90), (200, 230)]


@given(sets, sets)
def test_union_is_commutative(a: IntervalSet, b: IntervalSet) -> None:
    assert a | b == b | a


@given(sets, sets)
def test_intersection_is_commutative(a: IntervalSet, b: IntervalSet) -> None:
    assert a & b == b & a


@given(sets, sets, sets)
def test_union_and_intersection_are_associative(a: IntervalSet, b: IntervalSet, c: IntervalSet) -> None:
    assert (a | b) | c == a | (b | c)
    assert (a & b) & c == a & (b & c)


@given(sets, sets, sets)
def test_intersection_distributes_over_union(a: IntervalSet, b: IntervalSet, c: IntervalSet) -> None:
    assert a & (b | c) == (a & b) | (a & c)


@given(sets, sets)
def test_difference_removes_exactly_the_other_sets_instants(a: IntervalSet, b: IntervalSet) -> None:
    assert covered(a - b) == covered(a) - covered(b)
    assert (a - b) & b == IntervalSet()
    assert (a - b) | (a & b) == a


@given(sets)
def test_union_and_intersection_are_idempotent(a: IntervalSet) -> None:
    assert a | a == a
    assert a & a == a
    assert a - a == IntervalSet()


@given(sets, sets)
def test_the_operations_match_plain_sets_of_instants(a: IntervalSet, b: IntervalSet) -> None:
    assert covered(a | b) == covered(a) | covered(b)
    assert covered(a & b) == covered(a) & covered(b)


@given(pairs)
def test_a_built_set_is_sorted_disjoint_and_never_touching(raw: list[tuple[int, int]]) -> None:
    items = list(IntervalSet.from_pairs(raw))
    assert all(i.start < i.end for i in items)
    assert all(x.end < y.start for x, y in itertools.pairwise(items))


@given(sets, st.integers(0, 200), st.integers(0, 200))
def test_contains_agrees_with_instants(a: IntervalSet, start: int, end: int) -> None:
    inside = end > start and set(range(start, end)) <= covered(a)
    # contains() asks for one interval; on a normalised set that is the same as being covered.
    assert a.contains(start, end) == inside
