"""Symmetry-aware einsum pricing: the issue's figures exactly, a brute-force oracle for the
symmetry of every intermediate and every step, billed == reported, and execution."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _einsum
from flopscope._contraction import Network, operand_identities
from flopscope._subset_symmetry import bits
from flopscope._symmetry import SymmetryGroup

S2 = SymmetryGroup.symmetric(2)
S3 = SymmetryGroup.symmetric(3)
SAME = (0, (0, 1))  # "this operand is the class-0 matrix itself"


def billed(fn, *args, **kwargs):
    with flops.BudgetContext(10**15, quiet=True) as ctx:
        fn(*args, **kwargs)
    return ctx.flops_used


# ---------------------------------------------------------------------------------------
# the ground truth (multiply-add = 1)
# ---------------------------------------------------------------------------------------


def test_gram_matrix_costs_505000_and_is_symmetric():
    x = np.random.default_rng(0).standard_normal((100, 100))
    ident = operand_identities([x, x])
    assert ident == (SAME, SAME)
    p = _einsum.plan("ij,ik->jk", [(100, 100)] * 2, identities=ident)
    assert p.cost(1) == 100 * 5_050 == 505_000
    assert p.cost(2) == 1_010_000  # mechestim doubles multiply-adds
    assert p.dense_cost(1) == 1_000_000
    assert p.output_group == S2
    assert p.info(1).output_symmetry == "S2{j,k}"
    # X.T @ X written as an einsum over X twice, and over a transposed view
    assert _einsum.plan("ji,jk->ik", [(100, 100)] * 2, identities=(SAME, SAME)).cost(1) == 505_000
    ident = operand_identities([x.T, x])
    assert ident == ((0, (0, 1)), (0, (1, 0)))
    p = _einsum.plan("ij,jk->ik", [(100, 100)] * 2, identities=ident)
    assert p.cost(1) == 505_000
    assert p.output_group == S2
    # without the identity it is an ordinary product
    assert _einsum.plan("ij,ik->jk", [(100, 100)] * 2).cost(1) == 1_000_000


SHAPES = [(50, 50, 50), (50, 50), (50, 50), (50, 50)]
PATH = [(0, 1), (0, 2), (0, 1)]  # (T, A), (., B), (., C)


@pytest.mark.parametrize(
    "identities, expected, out",
    [
        (None, 15_687_500, "-"),
        ((None, SAME, SAME, SAME), 7_480_000, "S3{a,b,c}"),
    ],
)
def test_symmetric_tensor_contracted_with_three_matrices(identities, expected, out):
    groups = (S3, None, None, None)
    p = _einsum.plan("ijk,ai,bj,ck->abc", SHAPES, PATH, groups=groups, identities=identities)
    assert p.cost(1) == expected
    assert p.dense_cost(1) == 18_750_000
    assert _einsum.plan("ijk,ai,bj,ck->abc", SHAPES, PATH).cost(1) == 18_750_000
    info = p.info(1)
    assert info.optimized_cost == expected
    assert info.naive_cost == 18_750_000
    assert info.speedup == pytest.approx(18_750_000 / expected)
    assert info.largest_intermediate == 125_000
    assert info.path == ["einsum_path", (0, 1), (0, 2), (0, 1)]
    assert info.output_symmetry == out
    # sum_jk T[ijk] A[bj] A[ck] is symmetric in (b, c) although no binary step shows it
    step1 = info.steps[0]
    assert (step1.subscripts, step1.cost, step1.dense_cost) == ("ijk,ai->jka", 3_187_500, 6_250_000)
    assert step1.input_symmetries == ("S3{i,j,k}", "-")
    assert step1.output_symmetry == "S2{j,k}"
    assert sum(s.cost for s in info.steps) == expected
    assert "S2{j,k}" in str(info) and f"{expected:,}" in str(info)
    # the planner finds a path at least as cheap
    auto = _einsum.plan("ijk,ai,bj,ck->abc", SHAPES, groups=groups, identities=identities)
    assert auto.cost(1) <= expected


def test_identical_matrices_intermediate_symmetry():
    p = _einsum.plan(
        "ijk,ai,bj,ck->abc",
        SHAPES,
        PATH,
        groups=(S3, None, None, None),
        identities=(None, SAME, SAME, SAME),
    )
    steps = p.info(1).steps
    assert [s.cost for s in steps] == [3_187_500, 3_187_500, 1_105_000]
    assert steps[1].output_symmetry == "S2{a,b}"  # sum_ij T[ijk] M[ai] M[bj]
    assert p.output_group == S3


def test_unique_elements_of_pointwise_and_reduction_operands():
    assert _einsum.plan("ij->", [(100, 100)], groups=(S2,)).cost(1) == 5_050
    assert _einsum.plan("ijk->", [(10, 10, 10)], groups=(S3,)).cost(1) == 220
    # an S3 tensor summed over one axis counts the unique input elements (the group mixes
    # the output and summed labels) and leaves an S2 result
    p = _einsum.plan("ijk->ij", [(10, 10, 10)], groups=(S3,))
    assert p.cost(1) == 220
    assert p.output_group == S2
    # a permutation or a diagonal is free
    assert _einsum.plan("ij->ji", [(100, 100)], groups=(S2,)).cost(1) == 0
    assert _einsum.plan("ii->i", [(100, 100)], groups=(S2,)).cost(1) == 0
    assert _einsum.plan("ij->ji", [(100, 100)], groups=(S2,)).output_group == S2


def test_hadamard_and_outer_products_of_identical_operands():
    # x_i x_j: the outer product of a vector with itself is symmetric
    p = _einsum.plan("i,j->ij", [(10,), (10,)], identities=((0, (0,)), (0, (0,))))
    assert p.cost(1) == 55
    assert p.output_group == S2
    # S * S (Hadamard) of a symmetric matrix with itself
    p = _einsum.plan("ij,ij->ij", [(10, 10)] * 2, groups=(S2, S2), identities=(SAME, SAME))
    assert p.cost(1) == 55 and p.output_group == S2
    # trace of a product of a symmetric matrix with itself: S_ij S_ji
    p = _einsum.plan("ij,ji->", [(10, 10)] * 2, groups=(S2, S2), identities=(SAME, SAME))
    assert p.cost(1) == 55


def test_cyclic_and_block_symmetries_propagate():
    c3 = SymmetryGroup.cyclic(3)
    p = _einsum.plan(
        "ijk,ai,aj,ak->a",
        [(5,) * 3, (4, 5), (4, 5), (4, 5)],
        groups=(c3, None, None, None),
        identities=(None, SAME, SAME, SAME),
        optimize=False,
    )
    # one step over (a, i, j, k): the group is C3 acting on i, j, k together
    # 4 outputs x 45 orbits of C3 on 5**3 index triples, each 3 multiplies + 1 add
    assert p.cost(1) == 4 * (125 + 2 * 5) // 3 * (1 + 2)
    block = SymmetryGroup.block(4, [(0, 1), (2, 3)])
    p = _einsum.plan("abcd->ab", [(3,) * 4], groups=(block,))
    assert p.cost(1) == (81 + 9) // 2  # the group mixes kept and summed labels: unique inputs


def test_operand_identities():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 5))
    y = x.copy()
    assert operand_identities([x, y]) is None
    assert operand_identities([x]) is None
    assert operand_identities([x, x, y]) == (SAME, SAME, None)
    assert operand_identities([x.T, y, x]) == ((0, (0, 1)), None, (0, (1, 0)))
    assert operand_identities([x, x[:, ::-1]]) is None  # same memory, different data
    assert operand_identities([x, x.view(np.int64)]) is None  # different dtype
    t = rng.standard_normal((2, 3, 4))
    ident = operand_identities([t, t.transpose(2, 0, 1), 3.0])
    assert ident == ((0, (0, 1, 2)), (0, (2, 0, 1)), None)
    assert np.array_equal(t.transpose(ident[1][1]), t.transpose(2, 0, 1))
    v = np.arange(3.0)
    b = np.broadcast_to(v, (3, 3))
    assert operand_identities([b, b.T]) == (SAME, (0, (1, 0)))  # a transposed broadcast
    assert operand_identities([b, np.broadcast_to(v, (3, 3))]) == (SAME, SAME)  # same layout


# ---------------------------------------------------------------------------------------
# a brute-force oracle for the symmetry of every operand subset and every step
# ---------------------------------------------------------------------------------------

LABELS = "abcde"


@st.composite
def symmetric_einsums(draw):
    """Random einsums over <= 5 labels of extent 2-3: operands with random symmetries,
    identical operands (possibly transposed views), repeated labels, and a random path."""
    sizes = {c: draw(st.integers(2, 3)) for c in LABELS}
    by_size = {e: [c for c in LABELS if sizes[c] == e] for e in (2, 3)}
    extents = [e for e in (2, 3) if by_size[e]]
    bases = []
    for _ in range(draw(st.integers(1, 3))):
        ndim = draw(st.integers(1, 3))
        kind = draw(st.sampled_from(["none", "sym", "cyclic", "pair"]))
        group = None
        if kind == "sym" and ndim >= 2:
            group = SymmetryGroup.symmetric(ndim)
        elif kind == "cyclic" and ndim == 3:
            group = SymmetryGroup.cyclic(3)
        elif kind == "pair" and ndim >= 2:
            group = SymmetryGroup.symmetric(ndim, (0, 1))
        shape = [0] * ndim
        orbits = group.orbits() if group is not None else tuple((i,) for i in range(ndim))
        for orbit in orbits:
            e = draw(st.sampled_from(extents))
            for p in orbit:
                shape[p] = e
        bases.append((group, shape))
    inputs, groups, identities, shapes = [], [], [], []
    for _ in range(draw(st.integers(1, 4))):
        cid = draw(st.integers(0, len(bases) - 1))
        group, base_shape = bases[cid]
        perm = tuple(draw(st.permutations(list(range(len(base_shape))))))
        shape = tuple(base_shape[b] for b in perm)
        inputs.append("".join(draw(st.sampled_from(by_size[e])) for e in shape))
        groups.append(None if group is None else group.relabel(perm))
        identities.append((cid, perm))
        shapes.append(shape)
    letters = sorted(set("".join(inputs)))
    output = "".join(c for c in letters if draw(st.booleans()))
    path = []
    remaining = len(inputs)
    while remaining > 1:
        k = draw(st.integers(2, remaining))
        pos = tuple(sorted(draw(st.permutations(list(range(remaining))))[:k]))
        path.append(pos)
        remaining -= k - 1
    return inputs, output, shapes, groups, identities, path or [(0,)]


def structural_group(inputs, ops, groups_base, base_labels, classes, sizes):
    """Every label permutation (preserving extents) mapping the product of the operands in
    ``ops`` onto itself: the multiset of (class, orbit of its base label tuple) terms."""
    labels = sorted({c for t in ops for c in inputs[t]})

    def terms(rename):
        out = Counter()
        for t in ops:
            base = base_labels[t]
            g = groups_base[classes[t]]
            elems = [tuple(range(len(base)))] if g is None else list(g.elements())
            orbit = frozenset(tuple(rename[base[e[b]]] for b in range(len(base))) for e in elems)
            out[(classes[t], orbit)] += 1
        return out

    ident = {c: c for c in labels}
    reference = terms(ident)
    found = []
    for image in itertools.permutations(labels):
        rename = dict(zip(labels, image, strict=True))
        if any(sizes[c] != sizes[rename[c]] for c in labels):
            continue
        if terms(rename) == reference:
            found.append(rename)
    return found


def brute_classes(perms, labels, sizes):
    """Orbits of the index space over ``labels`` under label permutations ``perms``."""
    seen = set()
    for values in itertools.product(*(range(sizes[c]) for c in labels)):
        x = dict(zip(labels, values, strict=True))
        seen.add(min(tuple(x[p[c]] for c in labels) for p in perms))
    return len(seen)


@settings(max_examples=120, deadline=None)
@given(symmetric_einsums())
def test_every_step_matches_the_brute_force_oracle(case):
    inputs, output, shapes, groups, identities, path = case
    subscripts = ",".join(inputs) + "->" + output
    p = _einsum.plan(subscripts, shapes, path, groups=groups, identities=identities)
    net: Network = p.network
    names = net.names
    sizes = {names[i]: net.size[i] for i in range(net.n_labels)}
    base_labels = {t: tuple(names[x] for x in net.base_labels[t]) for t in range(net.n)}
    groups_base = net.class_group
    for step in p.steps:
        ops = bits(step.ops)
        group = structural_group(inputs, ops, groups_base, base_labels, net.cls, sizes)
        labels_s = sorted({c for t in ops for c in inputs[t]})
        kept = [names[x] for x in bits(net.kept(step.ops))]
        summed = [c for c in labels_s if c not in kept]
        before = [names[x] for x in bits(step.before)]
        v = [c for c in labels_s if c not in before]
        w = [c for c in v if c not in kept]
        # G_I: stabiliser of the summed labels, acting on the kept ones
        gi = [g for g in group if {g[c] for c in summed} == set(summed)]
        outs = brute_classes(gi, kept, sizes)
        h = [g for g in group if {g[c] for c in before} == set(before)]
        inner = brute_classes([g for g in h if all(g[c] == c for c in kept)], w, sizes)
        whole = brute_classes(h, v, sizes)
        assert step.terms == min(outs * inner, whole), (subscripts, step)
        # the group the model found is exactly the structural one
        model = net.group(step.ops)
        model_perms = {tuple(range(net.n_labels))} if model is None else set(model.elements())
        index = {c: i for i, c in enumerate(names)}
        as_perms = set()
        for g in group:
            perm = list(range(net.n_labels))
            for c, d in g.items():
                perm[index[c]] = index[d]
            as_perms.add(tuple(perm))
        assert model_perms == as_perms


@settings(max_examples=60, deadline=None)
@given(symmetric_einsums(), st.integers(0, 2**32 - 1))
def test_symmetries_found_hold_for_real_data(case, seed):
    """Soundness on numbers: symmetrise random data, check the product of every step's
    operand set is invariant under the group the model derived."""
    inputs, output, shapes, groups, identities, path = case
    subscripts = ",".join(inputs) + "->" + output
    p = _einsum.plan(subscripts, shapes, path, groups=groups, identities=identities)
    net = p.network
    rng = np.random.default_rng(seed)
    bases = {}
    arrays = []
    for t, (cid, perm) in enumerate(identities):
        if cid not in bases:
            base_shape = [0] * len(perm)
            for a, b in enumerate(perm):
                base_shape[b] = shapes[t][a]
            data = rng.standard_normal(base_shape)
            g = net.class_group[net.cls[t]]
            if g is not None:
                data = sum(data.transpose(e) for e in g.elements()) / g.order
            bases[cid] = data
        arrays.append(bases[cid].transpose(perm))
    for step in p.steps:
        ops = bits(step.ops)
        labels = sorted({c for t in ops for c in inputs[t]})
        product = np.einsum(
            ",".join(inputs[t] for t in ops) + "->" + "".join(labels), *(arrays[t] for t in ops)
        )
        g = net.group(step.ops)
        if g is None:
            continue
        index = {c: i for i, c in enumerate(net.names)}
        for e in g.elements():
            perm = [labels.index(net.names[e[index[c]]]) for c in labels]
            np.testing.assert_allclose(product.transpose(perm), product, atol=1e-9)
    # and the whole einsum evaluates like NumPy's
    np.testing.assert_allclose(
        _einsum.execute(p, tuple(arrays), {}), np.einsum(subscripts, *arrays), atol=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(symmetric_einsums())
def test_billed_equals_reported(case):
    inputs, output, shapes, groups, identities, path = case
    subscripts = ",".join(inputs) + "->" + output
    for optimize in (path, "auto", "greedy", False):
        for fma in (1, 2):
            p = _einsum.plan(
                subscripts, shapes, optimize, groups=groups, identities=identities, fma=fma
            )
            path_list, info = _einsum.einsum_path_info(
                subscripts, shapes, optimize, groups, identities, fma
            )
            assert info.optimized_cost == p.cost(fma) == sum(s.cost for s in info.steps)
            assert info.naive_cost == p.dense_cost(fma) >= p.cost(fma)
            assert path_list == ["einsum_path", *p.path]


# ---------------------------------------------------------------------------------------
# billing through the public einsum
# ---------------------------------------------------------------------------------------


def _symmetric_operand(rng, shape, group):
    data = rng.standard_normal(shape)
    if group is None:
        return fnp.asarray(data)
    data = sum(data.transpose(g) for g in group.elements()) / group.order
    return flops.as_symmetric(data, symmetry=group)


@settings(max_examples=40, deadline=None)
@given(symmetric_einsums())
def test_public_einsum_path_einsum_and_einsum_cost_agree_on_symmetric_operands(case):
    inputs, output, shapes, groups, _, path = case
    subscripts = ",".join(inputs) + "->" + output
    rng = np.random.default_rng(0)
    gs = groups or [None] * len(shapes)
    operands = [_symmetric_operand(rng, s, g) for s, g in zip(shapes, gs, strict=True)]
    with flops.BudgetContext(10**12, quiet=True) as budget:
        _, info = fnp.einsum_path(subscripts, *operands, optimize=path)
        result = fnp.einsum(subscripts, *operands, optimize=path)
    assert budget.flops_used == 1 + info.optimized_cost
    assert info.optimized_cost == flops.einsum_cost(
        subscripts, shapes, optimize=path, symmetries=list(gs)
    )
    expected = np.einsum(subscripts, *(np.asarray(o) for o in operands))
    np.testing.assert_allclose(np.asarray(result), expected, atol=1e-9)


@pytest.mark.parametrize(
    "subscripts, shapes",
    [
        ("ij,jk,kl->il", [(10, 20), (20, 30), (30, 5)]),
        ("ij,jk,k->i", [(30, 4), (4, 40), (40,)]),
        ("abc,cd,de,ea->b", [(3, 4, 5), (5, 6), (6, 7), (7, 3)]),
        ("ii,i->", [(6, 6), (6,)]),
    ],
)
def test_public_einsum_bills_what_einsum_path_reports(subscripts, shapes):
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(s) for s in shapes]
    for fn, mod, fma in ((fnp.einsum, flops, 1), (me.einsum, me.flops, 2)):
        reported = _einsum.einsum_path_info(subscripts, shapes, fma=fma)[1].optimized_cost
        assert billed(fn, subscripts, *arrays) == reported
        assert mod.einsum_cost(subscripts, shapes) == reported


def test_execute_supports_numpy_keywords():
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal(s) for s in [(4, 5), (5, 6), (6,)]]
    p = _einsum.plan("ij,jk,k->i", [a.shape for a in arrays], [(2,), (0, 1), (0, 1)])
    expected = np.einsum("ij,jk,k->i", *arrays)
    np.testing.assert_allclose(_einsum.execute(p, tuple(arrays), {}), expected)
    out = np.empty(4)
    res = _einsum.execute(p, tuple(arrays), {"out": out})
    assert res is out
    np.testing.assert_allclose(out, expected)
    res = _einsum.execute(p, tuple(arrays), {"dtype": np.float32, "casting": "unsafe"})
    assert res.dtype == np.float32
    np.testing.assert_allclose(res, expected, rtol=1e-5)
    assert _einsum.execute(p, tuple(arrays), {"dtype": None}).dtype == np.float64
    with pytest.raises(TypeError, match="according to the rule 'safe'"):  # as np.einsum
        _einsum.execute(p, tuple(arrays), {"dtype": np.float32})
    square = [rng.standard_normal((30, 30)) for _ in range(2)]
    q = _einsum.plan("ij,jk->ik", [(30, 30)] * 2)
    res = _einsum.execute(q, tuple(square), {"order": "F"})
    assert res.flags.f_contiguous
    np.testing.assert_allclose(res, square[0] @ square[1])


def _sym(data, axes):
    return flops.as_symmetric(data, symmetric_axes=axes)


def test_solomonik_demmel_bound_is_reported_for_fully_symmetric_steps():
    n = 20
    x = np.random.default_rng(0).random((n, n))
    s2 = _sym(x + x.T, (0, 1))
    t = np.random.default_rng(1).random((6, 6, 6))
    s3 = _sym(sum(t.transpose(p) for p in itertools.permutations(range(3))), (0, 1, 2))
    s2_6 = _sym(x[:6, :6] + x[:6, :6].T, (0, 1))
    cases = [
        ("ij,j->i", (s2, fnp.asarray(x[0])), 210),  # symmetric mat-vec: C(n + 1, 2)
        ("ij,jk->ik", (s2, s2), 1_540),  # S @ S, symmetric result: C(n + 2, 3)
        ("ijk,jk->i", (s3, s2_6), 56),  # s = 1, v = 2 at n = 6: C(8, 3)
    ]
    for subscripts, operands, bound in cases:
        _, info = fnp.einsum_path(subscripts, *operands)
        (step,) = info.steps
        assert step.bilinear_bound == bound and bound <= step.cost
        assert f"Bilinear lower bound:  {bound:,} multiplications in step 1" in str(info)


def test_no_bilinear_bound_without_full_symmetry():
    x = np.random.default_rng(2).random((6, 6, 6))
    s3 = _sym(sum(x.transpose(p) for p in itertools.permutations(range(3))), (0, 1, 2))
    plain = fnp.asarray(x[0])
    for subscripts, operands in [
        ("ijk,klm->ijlm", (s3, s3)),  # the result is not fully symmetric
        ("ij,jk->ik", (plain, plain)),  # operands without symmetry
        ("ijk,ijk->ijk", (s3, s3)),  # batch labels only
    ]:
        _, info = fnp.einsum_path(subscripts, *operands)
        assert all(s.bilinear_bound is None for s in info.steps)
        assert "Bilinear" not in str(info)
