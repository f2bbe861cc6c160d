"""The planner's fast paths find exactly what the slow ones do: the symmetry of every operand
set against a brute-force oracle on networks of several identical operands (pairs exchanged
directly, neighbour exchanges tried before the search, lone labels, the connected DP's
hint), the operands settled cheaply are fixed by every symmetry, and the pricing groups
joined from generators are the groups they generate."""

from __future__ import annotations

import itertools
import string
from collections import Counter

import opt_einsum as oe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flopscope import _einsum
from flopscope._bitsets import bits, subset_tables
from flopscope._contraction import Network
from flopscope._planner import path_cost
from flopscope._subset_symmetry import joined_factors
from flopscope._symmetry import SymmetryGroup
from network_strategies import draw_operands

LABELS = "abcdef"


@st.composite
def repeated_networks(draw):
    """2-6 operands over labels of one extent, most of them views of one or two arrays
    (transposed at random), the arrays carrying no, a pair, a full or a cyclic symmetry;
    plus an operand of their own now and then."""
    labels = LABELS[: draw(st.integers(3, 6))]
    extent = draw(st.integers(2, 3))
    bases = []
    for _ in range(draw(st.integers(1, 2))):
        ndim = draw(st.integers(1, 3))
        kind = draw(st.sampled_from(["none", "none", "pair", "sym", "cyclic"]))
        group = None
        if kind == "pair" and ndim >= 2:
            group = SymmetryGroup.symmetric(ndim, (0, 1))
        elif kind == "sym" and ndim >= 2:
            group = SymmetryGroup.symmetric(ndim)
        elif kind == "cyclic" and ndim == 3:
            group = SymmetryGroup.cyclic(3)
        bases.append((group, ndim))
    return draw_operands(draw, bases, labels, extent, loners=True)


def build(case):
    inputs, output, shapes, groups, identities = case
    sizes = {c: shapes[0][0] for c in set("".join(inputs))}
    return Network(inputs, output, shapes, sizes, groups, identities)


def oracle(net: Network, ops: int) -> set[tuple[int, ...]]:
    """Every label permutation (labels of ``ops`` only) mapping the product of the operands
    in ``ops`` onto itself: the multiset of (class, orbit of its base labels) terms."""
    members = bits(ops)
    labels = bits(net.labels(ops))

    def terms(image: dict[int, int]) -> Counter:
        out: Counter = Counter()
        for t in members:
            base = net.base_labels[t]
            g = net.class_group[net.cls[t]]
            elements = [tuple(range(len(base)))] if g is None else list(g.elements())
            orbit = frozenset(tuple(image[base[e[b]]] for b in range(len(base))) for e in elements)
            out[(net.cls[t], orbit)] += 1
        return out

    reference = terms({x: x for x in labels})
    found = set()
    for images in itertools.permutations(labels):
        image = dict(zip(labels, images, strict=True))
        if terms(image) == reference:
            perm = list(range(net.n_labels))
            for x, y in image.items():
                perm[x] = y
            found.add(tuple(perm))
    return found


def elements(n: int, priced: tuple | None) -> set[tuple[int, ...]]:
    if priced is None:
        return {tuple(range(n))}
    return set(SymmetryGroup(n, priced[1]).elements())


@settings(max_examples=60, deadline=None)
@given(repeated_networks())
def test_every_operand_set_has_the_symmetry_the_oracle_finds(case):
    net = build(case)
    for ops in range(1, 1 << net.n):
        truth = oracle(net, ops)
        priced = net.pricing_group(ops)
        assert elements(net.n_labels, priced) == truth, (case, bits(ops))
        assert net.order_bound(ops) >= len(truth)


@settings(max_examples=60, deadline=None)
@given(repeated_networks())
def test_operands_settled_cheaply_are_fixed_by_every_symmetry(case):
    net = build(case)
    if not net.class_masks:  # no identical operands: nothing to settle
        return
    for ops in range(1, 1 << net.n):
        unfixed, pinned = net._unsettled(ops)
        movable, _ = net._movable(ops)
        assert set(movable) <= set(bits(unfixed))
        for perm in oracle(net, ops):
            # every settled operand goes onto itself: each term it has is its own image
            for t in bits(ops):
                if unfixed >> t & 1:
                    continue
                free = net._free_labels[t]
                assert all(perm[x] == x for x in free), (case, bits(ops), t)
            assert all(perm[x] == x for x in bits(pinned))


@settings(max_examples=40, deadline=None)
@given(repeated_networks())
def test_the_connected_dps_hint_changes_nothing(case):
    hinted, plain = build(case), build(case)
    for ops in range(1, 1 << plain.n):
        if not connected(plain, ops):
            continue
        assert elements(plain.n_labels, hinted.pricing_group(ops, True)) == elements(
            plain.n_labels, plain.pricing_group(ops)
        )


def connected(net: Network, ops: int) -> bool:
    """Whether the operands of ``ops`` are joined by shared labels."""
    members = bits(ops)
    reached = {members[0]}
    frontier = [members[0]]
    while frontier:
        t = frontier.pop()
        for u in members:
            if u not in reached and net.op_mask[t] & net.op_mask[u]:
                reached.add(u)
                frontier.append(u)
    return len(reached) == len(members)


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 7), st.data())
def test_joined_factors_are_the_group_their_generators_generate(n, data):
    points = list(range(n))
    factors = []
    rest = points[:]
    for _ in range(data.draw(st.integers(0, 2))):  # a few disjoint symmetric factors
        size = data.draw(st.integers(2, 3))
        if len(rest) < size:
            break
        support, rest = tuple(rest[:size]), rest[size:]
        factors.append((support, None))
    extra = [tuple(data.draw(st.permutations(points))) for _ in range(data.draw(st.integers(1, 2)))]
    joined = joined_factors(n, factors, extra)
    generated = SymmetryGroup.from_generators(n, [*SymmetryGroup(n, factors).generators(), *extra])
    assert joined is not None
    assert set(SymmetryGroup(n, joined).elements()) == set(generated.elements())


def test_a_pair_of_transposed_views_sharing_a_label():
    # 'ec' and 'de' are X and X.T seen through a repeated label elsewhere: exchanging them
    # swaps c and d (a label on several axes of another operand is not a lone label)
    shapes = [(3, 3)] * 4
    identities = [(0, (0, 1)), (0, (0, 1)), (0, (1, 0)), (0, (0, 1))]
    p = _einsum.plan("ec,cc,de,cc->", shapes, [(0, 2), (0, 1), (0, 1)], identities=identities)
    assert p.steps[0].terms == 18  # 3 (e) x 6 unordered (c, d)


def test_a_ring_of_one_matrix_is_priced_by_its_rotations():
    k = 8
    eq = ",".join(string.ascii_lowercase[i] + string.ascii_lowercase[(i + 1) % k] for i in range(k))
    same = (0, (0, 1))
    p = _einsum.plan(eq + "->", [(30, 30)] * k, identities=(same,) * k)
    group = p.network.group((1 << k) - 1)
    assert group is not None and group.order == k  # rotations; every arc is rigid
    assert all(p.network.group(ops) is None for ops in (0b111, 0b11110000, 0b10000001))
    assert p.cost(1) < p.dense_cost(1)


def test_many_parts_joined_only_by_output_labels_are_combined_exactly():
    eq = "a,a,a,a,ade,eb,cd->abe"
    shapes = [(2,), (2,), (2,), (2,), (2, 1, 3), (3, 2), (2, 1)]
    p = _einsum.plan(eq, shapes)
    dp, _ = oe.contract_path(eq, *shapes, shapes=True, optimize="dp")
    assert p.cost(1) <= path_cost(p.network, tuple(map(tuple, dp)), 1)


def _opt_einsum_parse(subscripts, shapes):
    inputs, output, _ = oe.parser.parse_einsum_input((subscripts, *shapes), shapes=True)
    return inputs.split(","), output


@pytest.mark.parametrize(
    "subscripts, shapes",
    [
        ("ij,jk->ik", [(2, 3), (3, 4)]),
        ("ij,ik->jk", [(2, 3), (2, 4)]),
        ("ii->i", [(3, 3)]),
        ("i,i->", [(3,), (3,)]),
        ("ij,jk", [(2, 3), (3, 4)]),  # implicit output
        ("...i,i->...", [(2, 3), (3,)]),  # ellipsis
        ("ij, jk -> ik", [(2, 3), (3, 4)]),  # spaces
        ("ij,jk->ii", [(2, 3), (3, 4)]),  # an output label twice
        ("ij,jk->iz", [(2, 3), (3, 4)]),  # an output label no input has
        ("ij,jk->->ik", [(2, 3), (3, 4)]),  # two arrows
        ("ij-jk->ik", [(2, 3), (3, 4)]),
        ("ij,jk->ik", [(2, 3)]),  # too few operands
        ("ij,jk,kl->il", [(2, 3), (3, 4)]),
    ],
)
def test_the_parsers_fast_path_agrees_with_opt_einsum(subscripts, shapes):
    shapes = tuple(shapes)
    try:
        expected = _opt_einsum_parse(subscripts, shapes)
    except ValueError as e:
        with pytest.raises(ValueError) as got:
            _einsum.parse(subscripts, shapes)
        assert str(got.value) == str(e)
    else:
        assert _einsum.parse(subscripts, shapes) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=11), st.booleans(), st.data())
def test_subset_tables_fold_every_subset(values, product, data):
    mask = data.draw(st.integers(0, (1 << len(values)) - 1))
    tables = subset_tables(values, product=product)
    acc = 1 if product else 0
    for i in bits(mask):
        acc = acc * values[i] if product else acc | values[i]
    folded = 1 if product else 0
    for k, table in enumerate(tables):
        part = table[(mask >> (4 * k)) & 15]
        folded = folded * part if product else folded | part
    assert folded == acc


def test_extents_of_one_broadcast_and_others_must_agree():
    assert _einsum._sizes(["ij", "jk"], ((2, 1), (3, 4)), "ij,jk->ik") == {"i": 2, "j": 3, "k": 4}
    with pytest.raises(ValueError, match="label 'j' has extent 5"):
        _einsum._sizes(["ij", "jk"], ((2, 3), (5, 4)), "ij,jk->ik")


@given(st.integers(0, 1 << 40))
def test_bits_lists_the_set_positions_in_order(mask):
    assert bits(mask) == [i for i in range(mask.bit_length()) if mask >> i & 1]
