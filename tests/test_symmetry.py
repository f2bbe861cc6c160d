"""Permutation groups on axes and exact orbit counting, checked against brute force."""

from __future__ import annotations

import itertools
import time
from math import comb, factorial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flopscope._symmetry import SymmetryGroup, count_orbits


def brute_orbits(elements, extents):
    """Enumerate index tuples, canonicalise each under the group, count the classes."""
    elements = list(elements)
    seen = set()
    for x in itertools.product(*(range(e) for e in extents)):
        seen.add(min(tuple(x[g[i]] for i in range(len(x))) for g in elements))
    return len(seen)


def closure(n, gens):
    identity = tuple(range(n))
    out = {identity}
    frontier = [identity]
    while frontier:
        new = []
        for e in frontier:
            for g in gens:
                h = tuple(g[i] for i in e)
                if h not in out:
                    out.add(h)
                    new.append(h)
        frontier = new
    return out


perm_strategy = st.integers(1, 5).flatmap(
    lambda n: st.tuples(
        st.just(n), st.lists(st.permutations(list(range(n))), min_size=0, max_size=3)
    )
)


@st.composite
def group_and_extents(draw):
    n, gens = draw(perm_strategy)
    group = SymmetryGroup.from_generators(n, gens)
    per_orbit = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    extents = [0] * n
    for k, orbit in enumerate(group.orbits()):
        for p in orbit:
            extents[p] = per_orbit[k]
    return n, gens, group, tuple(extents)


# ---------------------------------------------------------------------------------------
# construction, equality, basic queries
# ---------------------------------------------------------------------------------------


def test_closed_forms_of_the_issue():
    assert count_orbits(SymmetryGroup.symmetric(2), (100, 100)) == 5_050
    assert count_orbits(SymmetryGroup.symmetric(3), (10, 10, 10)) == 220
    for n in range(6):
        assert count_orbits(SymmetryGroup.symmetric(2), (n, n)) == n * (n + 1) // 2
        assert count_orbits(SymmetryGroup.symmetric(3), (n,) * 3) == comb(n + 2, 3)
    assert count_orbits(None, (3, 4)) == 12
    assert count_orbits(SymmetryGroup.trivial(2), (3, 4)) == 12


def test_equal_groups_compare_and_hash_equal_whatever_their_generators():
    a = SymmetryGroup.from_generators(3, [(1, 0, 2), (1, 2, 0)])
    b = SymmetryGroup.from_generators(3, [(0, 2, 1), (2, 1, 0), (1, 2, 0)])
    c = SymmetryGroup.symmetric(3)
    d = SymmetryGroup.from_spec(3, (0, 1, 2))
    assert a == b == c == d
    assert len({a, b, c, d}) == 1
    assert a.order == 6
    cyc = SymmetryGroup.cyclic(4)
    assert cyc == SymmetryGroup.from_generators(4, [(3, 0, 1, 2)])  # the inverse generates it too
    assert cyc != SymmetryGroup.symmetric(4)
    # a diagonal group built two ways: from generators, and as a product of explicit parts
    x = SymmetryGroup.from_generators(8, [(1, 0, 3, 2, 4, 5, 6, 7), (0, 1, 2, 3, 5, 4, 7, 6)])
    y = SymmetryGroup.block(8, [(0, 2), (1, 3)]) * SymmetryGroup.block(8, [(4, 6), (5, 7)])
    assert x == y and hash(x) == hash(y)
    assert x.order == 4


def test_from_spec_accepts_one_tuple_or_several():
    g = SymmetryGroup.from_spec(4, ((0, 1), (2, 3)))
    assert g.order == 4 and g.orbits() == ((0, 1), (2, 3))
    assert SymmetryGroup.from_spec(3, (0, -1)).orbits() == ((0, 2), (1,))
    assert SymmetryGroup.from_spec(3, ()).is_trivial
    assert SymmetryGroup.from_spec(3, g := SymmetryGroup.symmetric(3)) is g
    with pytest.raises(ValueError, match="disjoint"):
        SymmetryGroup.from_spec(3, ((0, 1), (1, 2)))
    with pytest.raises(ValueError, match="out of bounds"):
        SymmetryGroup.from_spec(3, (0, 3))
    with pytest.raises(TypeError):
        SymmetryGroup.from_spec(3, 5)
    with pytest.raises(ValueError, match="acts on 3 axes"):
        SymmetryGroup.from_spec(2, SymmetryGroup.symmetric(3))


def test_constructor_errors_are_clear():
    with pytest.raises(ValueError, match="not a permutation"):
        SymmetryGroup.from_generators(3, [(0, 0, 1)])
    with pytest.raises(ValueError, match="repeat"):
        SymmetryGroup.symmetric(3, (0, 0))
    with pytest.raises(ValueError, match="equal lengths"):
        SymmetryGroup.block(4, [(0, 1), (2,)])


def test_block_and_cyclic_groups():
    swap = SymmetryGroup.block(4, [(0, 1), (2, 3)])  # T[a,b,c,d] == T[c,d,a,b]
    assert set(swap.elements()) == {(0, 1, 2, 3), (2, 3, 0, 1)}
    assert swap.describe("abcd") == "G2{a,b,c,d: (a c)(b d)}"
    assert count_orbits(swap, (3,) * 4) == (81 + 9) // 2
    cyc = SymmetryGroup.cyclic(3)
    assert cyc.describe("ijk") == "C3{i,j,k}"
    assert count_orbits(cyc, (4, 4, 4)) == (64 + 2 * 4) // 3
    three = SymmetryGroup.block(6, [(0, 1), (2, 3), (4, 5)])
    assert three.order == 6
    assert SymmetryGroup.symmetric(4).describe("wxyz") == "S4{w,x,y,z}"
    assert SymmetryGroup.trivial(2).describe() == "-"


def test_unequal_extents_in_an_orbit_are_refused():
    with pytest.raises(ValueError, match=r"unequal extents \(3, 4\)"):
        count_orbits(SymmetryGroup.symmetric(2), (3, 4))
    with pytest.raises(ValueError, match="unequal extents"):
        count_orbits(SymmetryGroup.cyclic(3), (2, 2, 3))
    with pytest.raises(ValueError, match="need 2 extents"):
        count_orbits(SymmetryGroup.symmetric(2), (3,))


def test_large_symmetric_groups_are_never_enumerated():
    gens = [(1, 0, *range(2, 12)), (*range(1, 12), 0)]
    t0 = time.perf_counter()
    s12 = SymmetryGroup.from_generators(12, gens)  # 479,001,600 elements
    assert s12 == SymmetryGroup.symmetric(12)
    assert s12.order == factorial(12)
    assert count_orbits(s12, (10,) * 12) == comb(21, 12)
    s8 = SymmetryGroup.from_generators(8, [(1, 0, *range(2, 8)), (*range(1, 8), 0)])
    assert count_orbits(s8, (5,) * 8) == comb(12, 8)
    assert s12.reduce([11]) == SymmetryGroup.symmetric(11)
    # S4 x S4 with the two blocks swapped (order 1152): enumerated once, cached
    wreath = SymmetryGroup.from_generators(
        8, [(1, 0, 2, 3, 4, 5, 6, 7), (1, 2, 3, 0, 4, 5, 6, 7), (4, 5, 6, 7, 0, 1, 2, 3)]
    )
    assert wreath.order == 1152
    assert count_orbits(wreath, (3,) * 8) == brute_orbits_fast_wreath(3)
    assert time.perf_counter() - t0 < 2.0


def brute_orbits_fast_wreath(n):
    # unordered pairs of multisets of size 4: m = C(n+3, 4) multisets, pairs = m(m+1)/2
    m = comb(n + 3, 4)
    return m * (m + 1) // 2


# ---------------------------------------------------------------------------------------
# the Burnside oracle
# ---------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(group_and_extents())
def test_count_orbits_matches_brute_force(case):
    n, gens, group, extents = case
    elements = closure(n, gens)
    assert set(group.elements()) == elements
    assert group.order == len(elements)
    assert count_orbits(group, extents) == brute_orbits(elements, extents)


@settings(max_examples=150, deadline=None)
@given(perm_strategy, st.data())
def test_transforms_match_brute_force(case, data):
    n, gens = case
    group = SymmetryGroup.from_generators(n, gens)
    elements = closure(n, gens)
    positions = data.draw(st.sets(st.integers(0, n - 1)))
    point = {g for g in elements if all(g[p] == p for p in positions)}
    assert set(group.pointwise_stabiliser(positions).elements()) == point
    setwise = {g for g in elements if {g[p] for p in positions} == set(positions)}
    assert set(group.setwise_stabiliser(positions).elements()) == setwise
    # reducing over positions: the setwise stabiliser acting on the rest, re-indexed
    rest = [p for p in range(n) if p not in positions]
    reduced = {tuple(rest.index(g[p]) for p in rest) for g in setwise}
    assert set(group.reduce(positions).elements()) == reduced
    assert set(group.setwise_stabiliser(positions).project(rest).elements()) == {
        tuple(g[p] if p in rest else p for p in range(n)) for g in setwise
    }
    # a transpose relabels: new axis i is old axis perm[i]
    perm = data.draw(st.permutations(list(range(n))))
    inv = [perm.index(i) for i in range(n)]
    relabelled = {tuple(inv[g[perm[i]]] for i in range(n)) for g in elements}
    assert set(group.relabel(perm).elements()) == relabelled
    # intersection with another random group
    gens2 = data.draw(st.lists(st.permutations(list(range(n))), max_size=2))
    other = SymmetryGroup.from_generators(n, gens2)
    assert set((group & other).elements()) == elements & closure(n, gens2)
    # classes: elements mapping every position into its own class
    classes = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    kept = {g for g in elements if all(classes[g[p]] == classes[p] for p in range(n))}
    assert set(group.preserving_classes(classes).elements()) == kept
    for g in elements:
        assert g in group
    for g in itertools.permutations(range(n)):
        assert (g in group) == (g in elements)


def test_restrict_requires_an_invariant_set():
    g = SymmetryGroup.symmetric(3)
    with pytest.raises(ValueError, match="onto themselves"):
        g.restrict([0, 1])
    assert g.restrict([2, 0, 1]) == SymmetryGroup.symmetric(3)
    assert g.setwise_stabiliser([2]).restrict([1, 0]) == SymmetryGroup.symmetric(2)


def test_reductions_keep_the_stabiliser_on_the_other_axes():
    s3 = SymmetryGroup.symmetric(3)
    assert s3.reduce([1]) == SymmetryGroup.symmetric(2)  # S3 summed over one axis: S2
    assert s3.reduce([0, 1]).is_trivial
    two = SymmetryGroup.from_spec(4, ((0, 1), (2, 3)))
    assert two.reduce([0]) == SymmetryGroup.symmetric(3, (1, 2))
    swap = SymmetryGroup.block(4, [(0, 1), (2, 3)])
    assert swap.reduce([0]).is_trivial
    assert swap.reduce([0, 2]) == SymmetryGroup.symmetric(2)  # (b d) survives as (0 1)


def test_products_and_embedding():
    a = SymmetryGroup.symmetric(4, (0, 1))
    b = SymmetryGroup.cyclic(4, (1, 2, 3)).pointwise_stabiliser([1])
    assert b.is_trivial
    c = SymmetryGroup.symmetric(4, (2, 3))
    assert (a * c).order == 4
    with pytest.raises(ValueError, match="disjoint"):
        _ = a * SymmetryGroup.symmetric(4, (1, 2))
    e = SymmetryGroup.symmetric(2).embed(4, (3, 1))
    assert e == SymmetryGroup.symmetric(4, (1, 3))
    assert e.orbits() == ((0,), (1, 3), (2,))
    assert SymmetryGroup.symmetric(3).generators()


def test_count_orbits_is_cached_and_fast():
    g = SymmetryGroup.from_generators(6, [(1, 2, 0, 4, 5, 3), (3, 4, 5, 0, 1, 2)])
    t0 = time.perf_counter()
    for _ in range(10_000):
        count_orbits(g, (7,) * 6)
    assert time.perf_counter() - t0 < 0.5
