"""The planner's shortcuts on symmetric networks never change what it finds: the cheap bound
on ``|G_S|`` holds, the pricing group is ``G_S``, step bounds never exceed step costs, and
the bounded search finds what pricing every split finds."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from flopscope._contraction import Network
from flopscope._planner import _Search
from flopscope._symmetry import SymmetryGroup
from network_strategies import draw_operands

LABELS = "abcdef"


@st.composite
def networks(draw):
    """Networks of 2-6 operands over labels of one extent, with symmetric blocks, cyclic
    and pair-swapping groups, and identical operands (possibly transposed)."""
    n_labels = draw(st.integers(3, 6))
    labels = LABELS[:n_labels]
    extent = draw(st.integers(2, 3))
    bases = []
    for _ in range(draw(st.integers(1, 3))):
        ndim = draw(st.integers(1, 4))
        kind = draw(st.sampled_from(["none", "sym", "pair", "cyclic", "block"]))
        group = None
        if kind == "sym" and ndim >= 2:
            group = SymmetryGroup.symmetric(ndim)
        elif kind == "pair" and ndim >= 2:
            group = SymmetryGroup.symmetric(ndim, (0, 1))
        elif kind == "cyclic" and ndim >= 3:
            group = SymmetryGroup.cyclic(ndim, (0, 1, 2))
        elif kind == "block" and ndim == 4:
            group = SymmetryGroup.block(4, [(0, 1), (2, 3)])
        bases.append((group, ndim))
    inputs, output, shapes, groups, identities = draw_operands(draw, bases, labels, extent)
    sizes = dict.fromkeys(sorted(set("".join(inputs))), extent)
    return Network(inputs, output, shapes, sizes, groups, identities)


@settings(max_examples=80, deadline=None)
@given(networks())
def test_order_bound_holds_and_pricing_group_is_the_group(net):
    every = range(1, 1 << net.n)
    bounds = {ops: net.order_bound(ops) for ops in every}  # before any group is known
    for ops in every:
        g = net.group(ops)
        priced = net.pricing_group(ops)
        order = 1 if g is None else g.order
        assert bounds[ops] >= order
        assert (1 if priced is None else priced[0]) == order
        if g is not None and order <= 720:
            assert priced is not None
            assert set(SymmetryGroup(net.n_labels, priced[1]).elements()) == set(g.elements())


@settings(max_examples=80, deadline=None)
@given(networks(), st.sampled_from([1, 2]))
def test_step_bounds_never_exceed_step_costs(net, fma):
    steps = [  # every split of an operand set into two parts, each summed first
        (ops, net.summed(part) | net.summed(ops ^ part))
        for ops in range(1, 1 << net.n)
        for part in range(1, ops)
        if not part & ~ops and part > ops ^ part
    ]
    search = _Search(net, fma)
    bounds = [search.bound(ops, before) for ops, before in steps]  # no group known yet
    for (ops, before), bound in zip(steps, bounds, strict=True):
        assert bound <= search.step(ops, before)


def every_split_priced(search: _Search, n: int) -> tuple[int, object]:
    """The exact DP of ``_Search.full`` without bounds: every split priced, first on ties."""
    net = search.net
    best = {1 << t: search.leaf(t) for t in range(n)}
    for x in range(3, 1 << n):
        if not x & (x - 1):
            continue
        low = x & -x
        rest = x ^ low
        best_c, best_t = math.inf, None
        s = rest
        while s:
            s = (s - 1) & rest
            a = low | s
            for ca, ba, ta in best[a]:
                for cb, bb, tb in best[x ^ a]:
                    c = ca + cb + search.step(x, ba | bb)
                    if c < best_c:
                        best_c, best_t = c, (ta, tb)
        best[x] = [(best_c, net.summed(x), best_t)]
    return best[(1 << n) - 1][0][0], best[(1 << n) - 1][0][2]


@settings(max_examples=60, deadline=None)
@given(networks(), st.sampled_from([1, 2]))
def test_bounded_search_finds_what_pricing_every_split_finds(net, fma):
    found = _Search(net, fma).full([(1 << t, _Search(net, fma).leaf(t)) for t in range(net.n)])
    assert (found[0], found[2]) == every_split_priced(_Search(net, fma), net.n)
