"""Contraction planning on the billed cost: exact against brute force over every path,
never worse than opt_einsum's greedy and dp paths re-priced, deterministic, explicit paths
honoured, cached plans fast."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import timeit

import numpy as np
import opt_einsum as oe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opt_einsum.testing import rand_equation

import flopscope as flops
import flopscope.numpy as fnp
from flopscope import _einsum, _planner
from flopscope._planner import SymmetricPathOptimizer, path_cost, price_path
from flopscope._symmetry import SymmetryGroup

S2 = SymmetryGroup.symmetric(2)
S3 = SymmetryGroup.symmetric(3)


def all_paths(n, leaves_with_private):
    """Every pairwise path, with optional early single-operand sums of raw leaves."""
    out = []

    def rec(items, path):  # items: list of (is_raw_leaf_with_private_labels)
        if len(items) == 1:
            out.append(tuple(path))
            return
        for i in range(len(items)):
            if items[i]:
                rec([*items[:i], *items[i + 1 :], False], [*path, (i,)])
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                rest = [x for k, x in enumerate(items) if k not in (i, j)]
                rec([*rest, False], [*path, (i, j)])

    rec([t in leaves_with_private for t in range(n)], [])
    return out


def brute_force_best(p, fma):
    net = p.network
    private = {t for t in range(net.n) if net.summed(1 << t)}
    return min(path_cost(net, path, fma) for path in all_paths(net.n, private))


@st.composite
def small_networks(draw, max_ops=5):
    labels = "abcdef"
    sizes = {c: draw(st.integers(1, 6)) for c in labels}
    n = draw(st.integers(2, max_ops))
    inputs = [
        "".join(draw(st.lists(st.sampled_from(labels), min_size=1, max_size=3, unique=True)))
        for _ in range(n)
    ]
    used = sorted(set("".join(inputs)))
    output = "".join(c for c in used if draw(st.booleans()))
    shapes = [tuple(sizes[c] for c in s) for s in inputs]
    groups, identities = [None] * n, [None] * n
    if draw(st.booleans()):  # make some operands identical copies of the first one
        for t in range(1, n):
            if len(inputs[t]) == len(inputs[0]) and draw(st.booleans()):
                relabelled = "".join(draw(st.permutations(inputs[t])))
                if all(sizes[a] == sizes[b] for a, b in zip(relabelled, inputs[0], strict=True)):
                    inputs[t] = relabelled
                    shapes[t] = shapes[0]
                    identities[0] = identities[t] = (0, tuple(range(len(inputs[0]))))
    for t in range(n):
        if (
            len(inputs[t]) >= 2
            and len({sizes[c] for c in inputs[t][:2]}) == 1
            and draw(st.booleans())
        ):
            groups[t] = SymmetryGroup.symmetric(len(inputs[t]), (0, 1))
    # identical operands share one symmetry
    for t in range(1, n):
        if identities[t] is not None:
            groups[t] = groups[0]
    return ",".join(inputs) + "->" + output, shapes, tuple(groups), tuple(identities)


@settings(max_examples=60, deadline=None)
@given(small_networks(max_ops=5), st.sampled_from([1, 2]))
def test_dp_is_exact_against_every_path(case, fma):
    subscripts, shapes, groups, identities = case
    exact = _einsum.plan(
        subscripts, shapes, "optimal", groups=groups, identities=identities, fma=fma
    )
    auto = _einsum.plan(subscripts, shapes, "auto", groups=groups, identities=identities, fma=fma)
    best = brute_force_best(exact, fma)
    assert exact.cost(fma) == best
    assert auto.cost(fma) == best
    dp = _einsum.plan(subscripts, shapes, "dp", groups=groups, identities=identities, fma=fma)
    assert dp.cost(fma) >= best  # 'dp' skips outer products


def opt_einsum_costs(p, subscripts, shapes, fma):
    out = {}
    for method in ("greedy", "dp"):
        path, _ = oe.contract_path(subscripts, *shapes, shapes=True, optimize=method)
        out[method] = path_cost(p.network, tuple(map(tuple, path)), fma)
    return out


@pytest.mark.parametrize("with_cotengrust", [True, False])
@pytest.mark.parametrize("fma", [1, 2])
def test_never_worse_than_opt_einsum_greedy_or_dp(monkeypatch, with_cotengrust, fma):
    if not with_cotengrust:
        monkeypatch.setattr(_planner, "_cotengrust", None)
    cases = []
    for n in (3, 5, 7, 9, 11, 13):
        for seed in range(3):
            cases.append(rand_equation(n, 3, n_out=2, d_min=2, d_max=6, seed=seed))
    cases.append(
        (
            "ab,bc,cd,de,ef,fg,gh,hi->ai",
            [(7, 3), (3, 9), (9, 2), (2, 8), (8, 4), (4, 6), (6, 5), (5, 3)],
        )
    )
    cases.append(("ab,ab,bc,cd,d->a", [(4, 5), (4, 5), (5, 6), (6, 7), (7,)]))  # hadamard, hyper
    for subscripts, shapes in cases:
        _einsum._plan.cache_clear()
        p = _einsum.plan(subscripts, shapes, fma=fma)
        theirs = opt_einsum_costs(p, subscripts, shapes, fma)
        assert p.cost(fma) <= min(theirs.values()), (subscripts, theirs)


@settings(max_examples=40, deadline=None)
@given(small_networks(max_ops=7), st.sampled_from([1, 2]))
def test_symmetric_plans_never_worse_than_opt_einsum(case, fma):
    subscripts, shapes, groups, identities = case
    p = _einsum.plan(subscripts, shapes, groups=groups, identities=identities, fma=fma)
    theirs = opt_einsum_costs(p, subscripts, shapes, fma)
    assert p.cost(fma) <= min(theirs.values())
    assert p.cost(fma) <= p.dense_cost(fma)


def test_outer_products_and_early_sums_are_found():
    # contracting two small vectors into a big tensor: the outer product first is cheaper
    p = _einsum.plan("i,j,ijk->k", [(10,), (10,), (10, 10, 1000)])
    assert p.cost(1) == 100 + 100_000
    assert p.path == ((0, 1), (0, 1))
    # 'ij,jk->k' sums i within the first operand before the product
    p = _einsum.plan("ij,jk->k", [(100, 20), (20, 30)])
    assert p.path == ((0,), (0, 1))
    assert p.cost(1) == 2_000 + 600
    # ... but not when the other operand brings nothing new
    assert _einsum.plan("ij,j->", [(100, 20), (20,)]).cost(1) == 2_000


def test_planning_is_deterministic_across_processes():
    script = (
        "import hashlib\n"
        "from opt_einsum.testing import rand_equation\n"
        "from flopscope import _einsum\n"
        "paths = []\n"
        "for n in (4, 8, 12, 16):\n"
        "    for seed in range(2):\n"
        "        eq, shapes = rand_equation(n, 3, n_out=2, d_min=2, d_max=3, seed=seed)\n"
        "        for opt in ('auto', 'greedy', 'dp'):\n"
        "            paths.append(_einsum.plan(eq, shapes, opt).path)\n"
        "print(hashlib.sha256(repr(paths).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    # and within a process, a fresh plan repeats the cached one
    eq, shapes = rand_equation(10, 3, n_out=2, d_min=2, d_max=3, seed=5)
    first = _einsum.plan(eq, shapes).path
    _einsum._plan.cache_clear()
    assert _einsum.plan(eq, shapes).path == first
    assert hashlib.sha256(repr(first).encode()).hexdigest()


def test_explicit_paths_are_honoured_and_validated():
    shapes = [(10, 20), (20, 30), (30, 5)]
    p = _einsum.plan("ij,jk,kl->il", shapes, [(0, 1), (0, 1)])
    assert p.path == ((0, 1), (0, 1))
    assert p.cost(1) == 6_000 + 1_500
    assert _einsum.plan("ij,jk,kl->il", shapes, ["einsum_path", (1, 2), (0, 1)]).cost(1) == 4_000
    assert _einsum.plan("ij,jk,kl->il", shapes, False).path == ((0, 1, 2),)
    assert (
        _einsum.plan("ij,jk,kl->il", shapes, True).path == _einsum.plan("ij,jk,kl->il", shapes).path
    )
    assert _einsum.plan("ij,jk,kl->il", shapes, "greedy").cost(1) == 4_000
    with pytest.raises(ValueError, match="only 2 operands are left"):
        _einsum.plan("ij,jk,kl->il", shapes, [(0, 1), (0, 2)])
    with pytest.raises(ValueError, match="leaves 2 operands"):
        _einsum.plan("ij,jk,kl->il", shapes, [(0, 1)])
    with pytest.raises(ValueError, match="twice"):
        _einsum.plan("ij,jk,kl->il", shapes, [(0, 0), (0, 1)])
    with pytest.raises(ValueError, match="no operand"):
        _einsum.plan("ij,jk,kl->il", shapes, [(), (0, 1, 2)])
    with pytest.raises(TypeError, match="path such as"):
        _einsum.plan("ij,jk,kl->il", shapes, [("a", "b")])
    with pytest.raises(ValueError, match="'einsum_path'"):
        _einsum.plan("ij,jk,kl->il", shapes, ["path", (0, 1), (0, 1)])
    with pytest.raises(ValueError, match="optimize must be"):
        _einsum.plan("ij,jk,kl->il", shapes, "fastest")


def test_path_optimizer_plugs_into_opt_einsum():
    shapes = [(50, 50, 50), (50, 50), (50, 50), (50, 50)]
    same = (0, (0, 1))
    opt = SymmetricPathOptimizer(
        "ijk,ai,bj,ck->abc", groups=(S3, None, None, None), identities=(None, same, same, same)
    )
    path, _ = oe.contract_path("ijk,ai,bj,ck->abc", *shapes, shapes=True, optimize=opt)
    p = _einsum.plan(
        "ijk,ai,bj,ck->abc",
        shapes,
        path,
        groups=(S3, None, None, None),
        identities=(None, same, same, same),
    )
    assert p.cost(1) <= 7_480_000
    dense, _ = oe.contract_path(
        "ij,jk,kl->il", (10, 20), (20, 30), (30, 5), shapes=True, optimize=SymmetricPathOptimizer()
    )
    assert [tuple(s) for s in dense] == [(1, 2), (0, 1)]
    with pytest.raises(ValueError, match="subscripts"):
        SymmetricPathOptimizer(groups=(S2,))


def test_a_cached_plan_returns_in_under_5_microseconds():
    shapes = ((10, 20), (20, 30), (30, 5))
    _einsum.plan("ij,jk,kl->il", shapes)
    groups = (None, S2, None)
    _einsum.plan("ij,jk,kl->il", ((10, 20), (20, 20), (20, 5)), groups=groups)
    for args, kwargs in (
        (("ij,jk,kl->il", shapes), {}),
        (("ij,jk,kl->il", ((10, 20), (20, 20), (20, 5))), {"groups": groups}),
    ):
        best = min(
            timeit.repeat(lambda a=args, k=kwargs: _einsum.plan(*a, **k), number=2000, repeat=5)
        )
        assert best / 2000 < 5e-6


def test_steps_price_what_the_path_does():
    shapes = [(8, 9), (9, 10), (10, 11), (11, 8)]
    p = _einsum.plan("ab,bc,cd,da->", shapes, [(0, 1), (0, 1), (0, 1)])
    steps = price_path(p.network, p.path)
    assert [s.subscripts for s in steps] == ["ab,bc->ac", "cd,da->ca", "ac,ca->"]
    assert [s.cost(1) for s in steps] == [8 * 9 * 10, 10 * 11 * 8, 8 * 10]
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]
    np.testing.assert_allclose(
        _einsum.execute(p, tuple(arrays), {}), np.einsum("ab,bc,cd,da->", *arrays)
    )


@pytest.mark.parametrize("subscripts", ["i1,1j->ij", "ij,jk->ik,"])
def test_subscripts_that_are_not_letters_are_refused_like_numpy(subscripts):
    a = np.ones((2, 2))
    with pytest.raises(ValueError, match="subscripts must be letters") as ours:
        flops.einsum_cost(subscripts, [a.shape, a.shape])
    with pytest.raises(ValueError) as numpys:
        np.einsum(subscripts, a, a)
    assert str(ours.value) == str(numpys.value)
    with flops.BudgetContext(10**6, quiet=True) as budget, pytest.raises(ValueError):
        fnp.einsum(subscripts, fnp.asarray(a), fnp.asarray(a))
    assert budget.flops_used == 0 and len(budget.op_log) == 0
