"""Cost rules and public queries: exact figures, both conventions, and billing == query."""

from __future__ import annotations

from math import prod

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _costs


def billed(fn, *args, **kwargs):
    with flops.BudgetContext(10**15, quiet=True) as ctx:
        fn(*args, **kwargs)
    return ctx.flops_used


@pytest.mark.parametrize(
    "subscripts, shapes, flopscope_cost, mechestim_cost",
    [
        ("ij,jk->ik", [(256, 256), (256, 256)], 16_777_216, 33_554_432),
        ("ij,j->i", [(256, 256), (256,)], 65_536, 131_072),
        ("i,j->ij", [(30,), (40,)], 1200, 1200),  # outer product: multiplies only
        ("ij,ij->ij", [(5, 6), (5, 6)], 30, 30),  # Hadamard product
        ("ii->", [(9, 9)], 9, 9),  # trace: additions only
        ("ij->ji", [(7, 8)], 0, 0),  # a transpose is free
        ("ij->", [(7, 8)], 56, 56),
        ("bij,bjk->bik", [(3, 4, 5), (3, 5, 6)], 360, 720),
        ("...ij,jk->...ik", [(2, 3, 4), (4, 5)], 120, 240),
    ],
)
def test_einsum_costs(subscripts, shapes, flopscope_cost, mechestim_cost):
    assert flops.einsum_cost(subscripts, shapes=shapes) == flopscope_cost
    assert me.flops.einsum_cost(subscripts, shapes=shapes) == mechestim_cost
    arrays = [np.ones(s) for s in shapes]
    assert billed(fnp.einsum, subscripts, *arrays) == flopscope_cost
    assert billed(me.einsum, subscripts, *arrays) == mechestim_cost
    np.testing.assert_allclose(
        np.asarray(fnp.einsum(subscripts, *arrays)), np.einsum(subscripts, *arrays)
    )


def test_multi_operand_einsum_bills_the_sum_of_its_pairwise_steps():
    shapes = [(10, 20), (20, 30), (30, 5)]
    # the planner contracts (B, C) first: 20*30*5 = 3,000; then A with it: 10*20*5 = 1,000
    assert flops.einsum_cost("ij,jk,kl->il", shapes) == 4_000
    assert me.flops.einsum_cost("ij,jk,kl->il", shapes) == 8_000
    # a naive single pass touches every (i, j, k, l): 2 multiplies + 1 add each
    assert flops.einsum_cost("ij,jk,kl->il", shapes, optimize=False) == 2 * 30_000
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]
    assert billed(fnp.einsum, "ij,jk,kl->il", *arrays) == 4_000
    assert billed(fnp.einsum, "ij,jk,kl->il", *arrays, optimize=False) == 60_000
    assert billed(fnp.einsum, "ij,jk,kl->il", *arrays, optimize=[(0, 1), (0, 1)]) == 6_000 + 1_500
    expected = np.einsum("ij,jk,kl->il", *arrays)
    for optimize in ("auto", False, [(0, 1), (0, 1)], ["einsum_path", (1, 2), (0, 1)]):
        result = fnp.einsum("ij,jk,kl->il", *arrays, optimize=optimize)
        np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-12)


def test_einsum_interleaved_form_and_errors():
    a = np.arange(6.0).reshape(2, 3)
    result = fnp.einsum(a, [0, 1], a, [0, 1], [1])
    np.testing.assert_allclose(np.asarray(result), np.einsum(a, [0, 1], a, [0, 1], [1]))
    with pytest.raises(ValueError):
        flops.einsum_cost("ij,jk->ik", [(2, 3), (4, 5)])
    with pytest.raises(ValueError):
        flops.einsum_cost("ij,jk->ik", [(2, 3)])
    with pytest.raises(TypeError):
        flops.einsum_cost("ij", "not shapes")


@pytest.mark.parametrize(
    "s1, s2, expected",
    [
        ((4, 5), (5, 6), 120),
        ((5,), (5, 6), 30),
        ((4, 5), (5,), 20),
        ((5,), (5,), 5),
        ((2, 1, 4, 5), (3, 5, 6), 2 * 3 * 4 * 5 * 6),
    ],
)
def test_matmul_cost(s1, s2, expected):
    assert _costs.matmul(s1, s2) == expected
    assert _costs.matmul(s1, s2, fma=2) == 2 * expected
    a, b = np.ones(s1), np.ones(s2)
    assert billed(fnp.matmul, a, b) == expected
    assert billed(me.matmul, a, b) == 2 * expected
    np.testing.assert_array_equal(np.asarray(fnp.matmul(a, b)), a @ b)


def test_matmul_shape_errors_match_numpy():
    with pytest.raises(ValueError, match="mismatch in its core dimension"):
        _costs.matmul((2, 3), (4, 5))
    with pytest.raises(ValueError, match="not have enough dimensions"):
        _costs.matmul((), (4, 5))


@pytest.mark.parametrize(
    "s1, s2, expected",
    [((4, 5), (5, 6), 120), ((5,), (5,), 5), ((3, 4, 5), (5,), 60), ((3, 4, 5), (2, 5, 6), 720)],
)
def test_dot_cost(s1, s2, expected):
    assert _costs.dot(s1, s2) == expected
    a, b = np.ones(s1), np.ones(s2)
    assert billed(fnp.dot, a, b) == expected
    np.testing.assert_array_equal(np.asarray(fnp.dot(a, b)), np.dot(a, b))


def test_dot_with_a_scalar_is_a_multiply():
    assert _costs.dot((), (3, 4)) == 12 == _costs.dot((3, 4), (), fma=2)
    with pytest.raises(ValueError, match="not aligned"):
        _costs.dot((2, 3), (4, 5))


def test_svd_cost():
    assert flops.svd_cost(m=256, n=256, k=10) == 655_360 == me.flops.svd_cost(256, 256, 10)
    assert flops.svd_cost(100, 40) == 100 * 40 * 40
    with pytest.raises(ValueError, match="at most min"):
        flops.svd_cost(10, 5, k=6)
    with pytest.raises(ValueError):
        flops.svd_cost(-1, 5)


def test_pointwise_and_reduction_queries():
    assert flops.pointwise_cost("exp", shape=(256, 256)) == 65_536
    assert flops.pointwise_cost("abs", shape=7) == 7
    assert flops.reduction_cost("sum", input_shape=(256, 256)) == 65_536
    assert flops.reduction_cost("max", (3, 4), axis=1) == 12
    assert me.flops.pointwise_cost(shape=(256, 256)) == 65_536
    assert me.flops.reduction_cost(input_shape=(256,)) == 256
    with pytest.raises(ValueError, match="not a pointwise"):
        flops.pointwise_cost("sum", (3,))
    with pytest.raises(ValueError, match="not a reduction"):
        flops.reduction_cost("exp", (3,))
    with pytest.raises(TypeError):
        flops.pointwise_cost("exp", shape=(2.5,))


def test_queries_need_no_context_and_charge_nothing():
    flops.einsum_cost("ij,jk->ik", [(4, 4), (4, 4)])
    flops.pointwise_cost("exp", (4,))
    assert flops.budget_summary_dict()["flops_used"] == 0


shapes_strategy = st.lists(st.integers(0, 5), min_size=0, max_size=4).map(tuple)


@st.composite
def broadcastable_pair(draw):
    s1 = draw(shapes_strategy)
    s2 = tuple(draw(st.sampled_from([d, 1])) for d in s1[len(s1) - draw(st.integers(0, len(s1))) :])
    return (s1, s2) if draw(st.booleans()) else (s2, s1)


@settings(max_examples=60, deadline=None)
@given(broadcastable_pair())
def test_pointwise_billing_equals_query_and_numpy_broadcast(pair):
    s1, s2 = pair
    expected = prod(np.broadcast_shapes(s1, s2))
    assert _costs.elementwise(s1, s2) == _costs.elementwise2(s1, s2) == expected
    assert billed(fnp.add, np.ones(s1), np.ones(s2)) == expected
    assert flops.pointwise_cost("add", np.broadcast_shapes(s1, s2)) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), max_size=4).map(tuple), max_size=4))
def test_broadcast_shapes_matches_numpy_results_and_errors(shapes):
    try:
        expected = np.broadcast_shapes(*shapes)
    except ValueError:
        with pytest.raises(ValueError, match="could not be broadcast together with shapes"):
            _costs.broadcast_shapes(*shapes)
    else:
        assert _costs.broadcast_shapes(*shapes) == expected


@pytest.mark.filterwarnings("ignore:Mean of empty slice", "ignore:invalid value encountered")
@settings(max_examples=40, deadline=None)
@given(shapes_strategy, st.sampled_from(["sum", "mean", "max", "min", "prod"]))
def test_reduction_billing_equals_query(shape, name):
    a = np.ones(shape)
    if a.size == 0 and name in ("max", "min"):
        return  # NumPy itself refuses: zero-size array to reduction operation maximum
    assert billed(getattr(fnp, name), a) == flops.reduction_cost(name, shape) == a.size
