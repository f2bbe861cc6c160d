"""SymmetricTensor end to end: as_symmetric, the issue's ground-truth bills, propagation
through every kind of op (checked against the data: a tag is never false), einsum_path,
einsum_cost and the mechestim face."""

from __future__ import annotations

import itertools
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import SymmetricTensor, SymmetryGroup, SymmetryWarning


def symmetric_data(rng, shape, group):
    """Random data that carries ``group`` exactly (the average over the group)."""
    a = rng.standard_normal(shape)
    return sum(a.transpose(g) for g in group.elements()) / group.order


def carries(data, group) -> bool:
    """The data is invariant under every element of the group: T[x∘g] == T[x]."""
    data = np.asarray(data)
    return all(
        np.allclose(data, data.transpose(g), rtol=1e-12, atol=1e-12) for g in group.elements()
    )


def used(fn):
    with flops.BudgetContext(10**12, quiet=True) as budget:
        result = fn()
    return budget.flops_used, result


# --- as_symmetric -------------------------------------------------------------------------


def test_symmetric_data_is_kept_as_is_free_and_silent(rng):
    data = symmetric_data(rng, (6, 6, 6), SymmetryGroup.symmetric(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost, t = used(lambda: flops.as_symmetric(data, symmetric_axes=(0, 1, 2)))
    assert cost == 0
    assert isinstance(t, SymmetricTensor) and t.symmetry == SymmetryGroup.symmetric(3)
    np.testing.assert_array_equal(np.asarray(t), data)
    data[0, 0, 0] = 99.0  # the tensor holds its own copy: the caller's writes cannot break it
    assert np.asarray(t)[0, 0, 0] != 99.0
    with pytest.raises(TypeError, match="read-only"):
        t[0, 0, 0] = 1.0


def test_no_plain_view_of_a_symmetric_tensor_can_be_made_writable(rng):
    s = flops.as_symmetric(symmetric_data(rng, (5, 5), SymmetryGroup.symmetric(2)))
    u = flops.as_symmetric(symmetric_data(rng, (3, 3, 3), SymmetryGroup.symmetric(3)))
    derived = [s, fnp.exp(s), s.T, s @ s, s[1:4, 1:4], fnp.sum(u, axis=0), fnp.asarray(s)]
    for t in derived:
        assert isinstance(t, SymmetricTensor)
        for plain_view in (np.asarray(t), t.view(np.ndarray)):
            with pytest.raises(ValueError, match="WRITEABLE"):
                plain_view.flags.writeable = True  # a write could make the tag false


def test_non_symmetric_data_is_projected_billed_and_warned(rng):
    data = rng.standard_normal((5, 5, 5))
    with pytest.warns(SymmetryWarning, match="projection"):
        cost, t = used(lambda: flops.as_symmetric(data, symmetric_axes=(0, 1, 2)))
    expected = sum(data.transpose(p) for p in itertools.permutations(range(3))) / 6
    np.testing.assert_allclose(np.asarray(t), expected, rtol=1e-13)
    assert cost == 125 * (2 + 3)  # the coset chain: an average of 2, then of 3, per element
    assert carries(t, t.symmetry)


def test_symmetry_groups_direct_products_cyclic_and_blocks(rng):
    with pytest.warns(SymmetryWarning):
        t = flops.as_symmetric(rng.standard_normal((3, 3, 4, 4)), symmetric_axes=((0, 1), (2, 3)))
    assert t.symmetric_axes == ((0, 1), (2, 3)) and t.unique_elements == 6 * 10
    cyclic = SymmetryGroup.cyclic(3)
    with pytest.warns(SymmetryWarning):
        c = flops.as_symmetric(rng.standard_normal((4, 4, 4)), symmetry=cyclic)
    assert c.symmetry == cyclic and carries(c, cyclic) and c.unique_elements == 24  # (64+2*4)/3
    block = SymmetryGroup.block(4, [(0, 1), (2, 3)])
    with pytest.warns(SymmetryWarning):
        b = flops.as_symmetric(rng.standard_normal((3, 5, 3, 5)), symmetry=block)
    assert carries(b, block) and b.unique_elements == (15 * 16) // 2


def test_bad_symmetries_are_refused_clearly():
    with pytest.raises(ValueError, match="equal extents"):
        flops.as_symmetric(np.zeros((3, 4)), symmetric_axes=(0, 1))
    with pytest.raises(ValueError, match="out of bounds"):
        flops.as_symmetric(np.zeros((3, 3)), symmetric_axes=(0, 2))
    with pytest.raises(TypeError, match="not both"):
        flops.as_symmetric(np.zeros((3, 3)), (0, 1), symmetry=SymmetryGroup.symmetric(2))


def test_pickle_keeps_data_and_symmetry(rng):
    t = flops.as_symmetric(symmetric_data(rng, (4, 4), SymmetryGroup.symmetric(2)))
    back = pickle.loads(pickle.dumps(t))
    assert type(back) is SymmetricTensor and back.symmetry == t.symmetry
    np.testing.assert_array_equal(np.asarray(back), np.asarray(t))


# --- the ground truth ---------------------------------------------------------------


def test_gram_matrix_einsum_and_transpose_matmul_cost_505000_and_are_s2(rng):
    x = fnp.asarray(rng.standard_normal((100, 100)))
    cost, g = used(lambda: fnp.einsum("ij,ik->jk", x, x))
    assert cost == 505_000 and g.symmetry == SymmetryGroup.symmetric(2)
    cost, g2 = used(lambda: x.T @ x)
    assert cost == 505_000 and g2.symmetry == SymmetryGroup.symmetric(2)
    plain = np.asarray(x)
    np.testing.assert_allclose(np.asarray(g2), plain.T @ plain, rtol=1e-12)
    # a plain ndarray operand twice (mechestim style) is detected too
    assert used(lambda: fnp.matmul(plain.T, plain))[0] == 505_000
    assert used(lambda: me.matmul(plain.T, plain))[0] == 1_010_000
    # x @ x is not symmetric: billed densely
    assert used(lambda: x @ x)[0] == 1_000_000


N = 50
TENSOR_NET = "ijk,ai,bj,ck->abc"
GIVEN_PATH = [(0, 1), (0, 2), (0, 1)]  # (T, A), then with B, then with C


def test_tensor_network_ground_truth_on_the_given_path(rng):
    s3 = SymmetryGroup.symmetric(3)
    t = flops.as_symmetric(symmetric_data(rng, (N,) * 3, s3))
    dense_t = fnp.asarray(np.asarray(t))
    a, b, c = (fnp.asarray(rng.standard_normal((N, N))) for _ in range(3))
    dense, _ = used(lambda: fnp.einsum(TENSOR_NET, dense_t, a, b, c, optimize=GIVEN_PATH))
    distinct, r1 = used(lambda: fnp.einsum(TENSOR_NET, t, a, b, c, optimize=GIVEN_PATH))
    same, r2 = used(lambda: fnp.einsum(TENSOR_NET, t, a, a, a, optimize=GIVEN_PATH))
    assert (dense, distinct, same) == (18_750_000, 15_687_500, 7_480_000)
    assert r2.symmetry == s3 and carries(r2, SymmetryGroup.symmetric(3))
    assert not isinstance(r1, SymmetricTensor)
    expected = np.einsum(TENSOR_NET, *(np.asarray(o) for o in (t, a, a, a)), optimize=True)
    np.testing.assert_allclose(np.asarray(r2), expected, rtol=1e-10)
    # the queries answer exactly the bills
    shapes = [(N,) * 3, (N, N), (N, N), (N, N)]
    sym = [(0, 1, 2), None, None, None]
    assert flops.einsum_cost(TENSOR_NET, shapes, optimize=GIVEN_PATH) == 18_750_000
    assert flops.einsum_cost(TENSOR_NET, shapes, optimize=GIVEN_PATH, symmetries=sym) == 15_687_500
    assert (
        flops.einsum_cost(
            TENSOR_NET, shapes, optimize=GIVEN_PATH, symmetries=sym, identical=[(1, 2, 3)]
        )
        == 7_480_000
    )


def test_planner_finds_the_cheap_path_and_bills_what_einsum_path_reports(rng):
    t = flops.as_symmetric(symmetric_data(rng, (N,) * 3, SymmetryGroup.symmetric(3)))
    a = fnp.asarray(rng.standard_normal((N, N)))
    with flops.BudgetContext(10**10, quiet=True) as budget:
        path, info = fnp.einsum_path(TENSOR_NET, t, a, a, a)
        assert budget.flops_used == 1  # the planning event
        fnp.einsum(TENSOR_NET, t, a, a, a)
        assert budget.flops_used == 1 + info.optimized_cost == 1 + 7_480_000
    assert path[0] == "einsum_path" and info.naive_cost == 18_750_000
    assert [r.op_name for r in budget.op_log] == ["einsum_path", "einsum"]
    assert budget.op_log[0].subscripts == TENSOR_NET


def test_exp_of_s2_and_sum_of_s3(rng):
    s = flops.as_symmetric(symmetric_data(rng, (100, 100), SymmetryGroup.symmetric(2)))
    cost, e = used(lambda: fnp.exp(s))
    assert cost == 5_050 and e.symmetry == s.symmetry
    np.testing.assert_allclose(np.asarray(e), np.exp(np.asarray(s)))
    t = flops.as_symmetric(symmetric_data(rng, (10, 10, 10), SymmetryGroup.symmetric(3)))
    cost, total = used(lambda: fnp.sum(t))
    assert cost == 220
    assert float(total) == pytest.approx(np.asarray(t).sum())
    assert flops.pointwise_cost("exp", shape=(100, 100), symmetry=(0, 1)) == 5_050
    assert flops.reduction_cost("sum", input_shape=(10, 10, 10), symmetry=(0, 1, 2)) == 220


def test_mechestim_doubles_multiply_adds_and_plans_for_free(rng):
    t = me.as_symmetric(symmetric_data(rng, (N,) * 3, SymmetryGroup.symmetric(3)), (0, 1, 2))
    a = me.ones((N, N))
    with me.BudgetContext(10**10, quiet=True) as budget:
        _, info = me.einsum_path(TENSOR_NET, t, a, a, a)
        assert budget.flops_used == 0 and len(budget.op_log) == 0
        result = me.einsum(TENSOR_NET, t, a, a, a)
    assert info.optimized_cost == budget.flops_used == 2 * 7_480_000
    assert type(result) is np.ndarray  # mechestim returns plain arrays
    assert me.flops.einsum_cost("ij,ik->jk", [(100, 100)] * 2, identical=[(0, 1)]) == 1_010_000
    with me.BudgetContext(10**6, quiet=True) as budget:
        me.exp(me.as_symmetric(np.eye(10)))
    assert budget.flops_used == 55


# --- propagation: each rule, checked against the data ---------------------------------------


def test_pointwise_propagation(rng):
    s2 = SymmetryGroup.symmetric(2)
    s = flops.as_symmetric(symmetric_data(rng, (5, 5), s2))
    other = flops.as_symmetric(symmetric_data(rng, (5, 5), s2))
    assert (s + 1).symmetry == s2 and (2.0 * s).symmetry == s2  # scalars keep it
    assert (s * other).symmetry == s2 and (s - s.T).symmetry == s2
    assert fnp.maximum(s, fnp.ones((1, 1))).symmetry == s2  # fully broadcast operand
    dense = fnp.asarray(rng.standard_normal((5, 5)))
    assert type(s + dense) is not SymmetricTensor  # a varying dense operand drops it
    assert type(s * fnp.ones(5)) is not SymmetricTensor  # a row vector varies along axis 1
    cost, _ = used(lambda: s + dense)
    assert cost == 25
    # an S3 tensor times an S2 matrix on its last two axes keeps S2 on those
    t = flops.as_symmetric(symmetric_data(rng, (4, 4, 4), SymmetryGroup.symmetric(3)))
    m = flops.as_symmetric(symmetric_data(rng, (4, 4), s2))
    prod = t * m
    assert prod.symmetry == SymmetryGroup.symmetric(3, (1, 2)) and carries(prod, prod.symmetry)
    assert used(lambda: t * m)[0] == 4 * 10
    # where= can break the symmetry: billed densely, untagged
    mask = np.triu(np.ones((5, 5), dtype=bool))
    out = fnp.negative(s, where=mask, out=np.zeros((5, 5)))
    assert type(out) is np.ndarray


def test_reduction_propagation(rng):
    t = flops.as_symmetric(symmetric_data(rng, (4, 4, 4), SymmetryGroup.symmetric(3)))
    r = fnp.sum(t, axis=0)
    assert r.symmetry == SymmetryGroup.symmetric(2) and carries(r, r.symmetry)
    k = t.max(axis=1, keepdims=True)
    assert k.shape == (4, 1, 4) and k.symmetry == SymmetryGroup.symmetric(3, (0, 2))
    assert carries(k, k.symmetry)
    assert type(t.sum(axis=(0, 1))) is not SymmetricTensor  # a vector: nothing to keep
    np.testing.assert_allclose(np.asarray(r), np.asarray(t).sum(axis=0))
    assert used(lambda: t.sum(axis=2))[0] == 20  # unique input elements


def test_transpose_and_indexing_propagation(rng):
    g = SymmetryGroup.symmetric(3, (0, 1))  # S2 on axes 0, 1 of a 3-tensor
    t = flops.as_symmetric(symmetric_data(rng, (3, 3, 5), g), symmetry=g)
    moved = fnp.transpose(t, (2, 0, 1))
    assert moved.symmetry == SymmetryGroup.symmetric(3, (1, 2)) and carries(moved, moved.symmetry)
    assert t.T.symmetry == SymmetryGroup.symmetric(3, (1, 2))
    assert t.swapaxes(0, 2).symmetry == SymmetryGroup.symmetric(3, (1, 2))
    assert t.transpose(1, 0, 2).symmetry == g
    by_keyword = fnp.transpose(t, axes=(2, 0, 1))
    assert by_keyword.symmetry == SymmetryGroup.symmetric(3, (1, 2))
    assert carries(by_keyword, by_keyword.symmetry)
    assert t[1:, 1:, :].symmetry == g  # the same slice on both exchanged axes
    assert type(t[1:, :2]) is not SymmetricTensor  # different slices: dropped
    s3 = flops.as_symmetric(symmetric_data(rng, (4, 4, 4), SymmetryGroup.symmetric(3)))
    row = s3[2]
    assert row.symmetry == SymmetryGroup.symmetric(2) and carries(row, row.symmetry)
    assert type(s3[[0, 1]]) is not SymmetricTensor  # fancy indexing: dropped
    assert type(s3[True]) is not SymmetricTensor and s3[True].shape == (1, 4, 4, 4)
    assert type(s3[None]) is not SymmetricTensor
    strided = s3[..., ::2, ::2]
    assert strided.symmetry == SymmetryGroup.symmetric(3, (1, 2)) and carries(
        strided, strided.symmetry
    )
    assert s3.copy().symmetry == s3.symmetry and s3.astype(np.float32).symmetry == s3.symmetry
    assert fnp.copy(s3).symmetry == s3.symmetry
    assert fnp.ascontiguousarray(s3).symmetry == s3.symmetry
    swapped = fnp.swapaxes(t, 0, 2)
    assert swapped.symmetry == SymmetryGroup.symmetric(3, (1, 2)) and carries(
        swapped, swapped.symmetry
    )
    assert fnp.linalg.matrix_transpose(s3).symmetry == s3.symmetry
    assert type(s3.reshape(16, 4)) is not SymmetricTensor


OPS = {
    "exp": lambda t: fnp.exp(t),
    "minus_exp": lambda t: t - fnp.exp(t),
    "times_scalar": lambda t: 3 * t,
    "sum_axis0": lambda t: fnp.sum(t, axis=0),
    "max_last": lambda t: fnp.max(t, axis=-1),
    "transpose": lambda t: fnp.transpose(t, tuple(reversed(range(t.ndim)))),
    "slice_all": lambda t: t[tuple(slice(1, None) for _ in range(t.ndim))],
    "index_first": lambda t: t[1],
    "square_first_two": lambda t: (
        fnp.einsum("ij...,jk...->ik...", t, t) if t.shape[0] == t.shape[1] else None
    ),
    "gram_first_axis": lambda t: fnp.einsum("i...,ij...->...j", t, t),
}

GROUP_SPECS = [
    ((4, 4), ((0, 1),)),
    ((3, 3, 3), ((0, 1, 2),)),
    ((3, 3, 2), ((0, 1),)),
    ((2, 3, 3), ((1, 2),)),
    ((3, 3, 2, 2), ((0, 1), (2, 3))),
]


@settings(max_examples=60, deadline=None)
@given(
    spec=st.sampled_from(GROUP_SPECS),
    op=st.sampled_from(sorted(OPS)),
    seed=st.integers(0, 2**16),
)
def test_a_propagated_tag_is_never_false(spec, op, seed):
    shape, axes = spec
    group = SymmetryGroup.from_spec(len(shape), axes)
    t = flops.as_symmetric(
        symmetric_data(np.random.default_rng(seed), shape, group), symmetry=group
    )
    with flops.BudgetContext(10**9, quiet=True):
        result = OPS[op](t)
    if isinstance(result, SymmetricTensor):
        assert carries(result, result.symmetry)


def test_mismatched_products_raise_numpys_error_and_bill_nothing():
    x = fnp.asarray(np.ones((3, 2)))
    s = flops.as_symmetric(np.eye(3))
    with flops.BudgetContext(10**6, quiet=True) as budget:
        with pytest.raises(ValueError, match="mismatch in its core dimension"):
            x @ x  # the same data twice, but not a valid product
        with pytest.raises(ValueError, match="mismatch in its core dimension"):
            s @ fnp.ones((2, 2))
    assert budget.flops_used == 0 and len(budget.op_log) == 0


@st.composite
def basic_indices(draw, ndim, extent):
    def one():
        return st.one_of(
            st.integers(-extent, extent - 1),
            st.builds(
                slice,
                st.one_of(st.none(), st.integers(-extent, extent)),
                st.one_of(st.none(), st.integers(-extent, extent)),
                st.one_of(st.none(), st.sampled_from([1, 2, -1])),
            ),
        )

    items = draw(st.lists(one(), min_size=0, max_size=ndim))
    if items and draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), Ellipsis)
    return tuple(items)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), spec=st.sampled_from([*GROUP_SPECS[:2], ((3, 3, 3, 3), ((0, 1), (2, 3)))]))
def test_indexing_keeps_only_true_symmetry(data, spec):
    shape, axes = spec
    group = SymmetryGroup.from_spec(len(shape), axes)
    t = flops.as_symmetric(symmetric_data(np.random.default_rng(0), shape, group), symmetry=group)
    key = data.draw(basic_indices(len(shape), shape[0]))
    result = t[key]
    np.testing.assert_array_equal(np.asarray(result), np.asarray(t)[key])
    if isinstance(result, SymmetricTensor):
        assert carries(result, result.symmetry)
