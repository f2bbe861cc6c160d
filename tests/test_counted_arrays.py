"""Counted arrays: read-only, and every operator, method and NumPy call on them is
billed exactly like the corresponding fnp call; mechestim keeps plain ndarrays."""

from __future__ import annotations

import copy
import operator
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope.numpy import CountedArray


def charged(fn, *args):
    """(result, FLOPs charged, op names logged) of one call inside a fresh budget."""
    with flops.BudgetContext(10**12, quiet=True) as ctx:
        result = fn(*args)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


@pytest.fixture
def pair(rng):
    a = rng.standard_normal((3, 4)) + 2
    b = rng.standard_normal((3, 4)) + 2
    return a, b


BINARY = [
    (operator.add, "add"), (operator.sub, "subtract"), (operator.mul, "multiply"),
    (operator.truediv, "divide"), (operator.floordiv, "floor_divide"), (operator.mod, "remainder"),
    (operator.pow, "power"), (operator.lt, "less"), (operator.le, "less_equal"),
    (operator.gt, "greater"), (operator.ge, "greater_equal"), (operator.eq, "equal"),
    (operator.ne, "not_equal"),
]  # fmt: skip


# `plain < counted` runs the subclass's reflected comparison first (Python's rule)
MIRRORED = {
    "less": "greater",
    "less_equal": "greater_equal",
    "greater": "less",
    "greater_equal": "less_equal",
}


@pytest.mark.parametrize("op, name", BINARY)
def test_binary_operators_are_counted_like_fnp(pair, op, name):
    a, b = pair
    ca, cb = fnp.asarray(a), fnp.asarray(b)
    expected = op(a, b)
    calls = [
        (lambda: op(ca, cb), name),
        (lambda: op(ca, b), name),
        (lambda: op(a, cb), MIRRORED.get(name, name)),
        (lambda: getattr(fnp, name)(ca, cb), name),
        (lambda: getattr(np, name)(ca, cb), name),
    ]
    for call, logged in calls:
        result, cost, names = charged(call)
        assert type(result) is CountedArray and not result.flags.writeable
        np.testing.assert_array_equal(np.asarray(result), expected)
        assert result.dtype == expected.dtype
        assert (cost, names) == (12, [logged])


def test_scalar_operands_broadcast(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    for call, expected in [
        (lambda: ca * 2.0, a * 2.0),
        (lambda: 1 - ca, 1 - a),
        (lambda: 2**ca, 2**a),
    ]:
        result, cost, _ = charged(call)
        np.testing.assert_allclose(np.asarray(result), expected)
        assert cost == 12


@pytest.mark.parametrize("op, name", BINARY)
@pytest.mark.parametrize("other", [2, 0.5, -1.0, [1.0, 2.0, 3.0, 4.0], True])
def test_operators_with_python_operands_match_the_plain_expression(pair, op, name, other):
    # forward operators run Python's operator on the plain data: same values bit for bit
    # (NumPy's fast paths such as a ** 2 -> square included), dtype and warnings
    a, _ = pair
    with np.errstate(all="ignore"):
        expected = op(a, other)
        result, cost, names = charged(op, fnp.asarray(a), other)
    assert type(result) is CountedArray
    np.testing.assert_array_equal(np.asarray(result), expected)
    assert result.dtype == expected.dtype
    assert (cost, names) == (12, [name])


@pytest.mark.parametrize("op, name", [(operator.eq, "equal"), (operator.ne, "not_equal")])
def test_equality_with_an_incomparable_operand_answers_like_numpy(pair, op, name):
    a, _ = pair
    result, cost, names = charged(op, fnp.asarray(a), "text")
    np.testing.assert_array_equal(np.asarray(result), op(a, "text"))
    assert (cost, names) == (12, [name])


@pytest.mark.parametrize(
    "op, name", [(operator.neg, "negative"), (operator.pos, "positive"), (abs, "absolute")]
)
def test_unary_operators(pair, op, name):
    a, _ = pair
    result, cost, names = charged(op, fnp.asarray(a))
    np.testing.assert_array_equal(np.asarray(result), op(a))
    assert (cost, names) == (12, [name])


def test_matmul_operator_and_dot(pair):
    a, b = pair
    ca, cb = fnp.asarray(a), fnp.asarray(b)
    for call in (lambda: ca @ cb.T, lambda: np.matmul(ca, cb.T), lambda: fnp.matmul(ca, cb.T)):
        result, cost, names = charged(call)
        np.testing.assert_allclose(np.asarray(result), a @ b.T)
        assert (cost, names) == (3 * 4 * 3, ["matmul"])
    result, cost, names = charged(lambda: ca.dot(cb.T))
    np.testing.assert_allclose(np.asarray(result), a.dot(b.T))
    assert (cost, names) == (36, ["dot"])
    result, cost, names = charged(lambda: np.dot(ca, cb.T))
    assert (cost, names) == (36, ["dot"])


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "prod"])
def test_reduction_methods_and_numpy_calls(pair, name):
    a, _ = pair
    ca = fnp.asarray(a)
    expected = getattr(np, name)(a, axis=0)
    for call in (
        lambda: getattr(ca, name)(axis=0),
        lambda: getattr(np, name)(ca, axis=0),
        lambda: getattr(fnp, name)(ca, axis=0),
    ):
        result, cost, names = charged(call)
        np.testing.assert_allclose(np.asarray(result), expected)
        assert (cost, names) == (12, [name])
    result, cost, _ = charged(lambda: getattr(ca, name)())
    assert result.shape == () and type(result) is CountedArray and cost == 12
    np.testing.assert_allclose(float(result), getattr(np, name)(a))


def test_ufunc_reduce_is_counted(pair):
    a, _ = pair
    result, cost, names = charged(lambda: np.add.reduce(fnp.asarray(a)))
    np.testing.assert_allclose(np.asarray(result), np.add.reduce(a))
    assert (cost, names) == (12, ["add.reduce"])


def test_counted_arrays_are_read_only(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    assert not ca.flags.writeable
    with pytest.raises(TypeError, match=r"read-only.*fnp\.where"):
        ca[0, 0] = 1.0
    with pytest.raises(ValueError):
        np.asarray(ca)[0, 0] = 1.0  # NumPy-level views stay read-only too
    with pytest.raises(ValueError):
        ca.view(np.ndarray)[0] = 1
    assert not ca[0].flags.writeable and not ca.T.flags.writeable and not ca.copy().flags.writeable
    np.testing.assert_array_equal(np.asarray(ca), a)


def test_in_place_operators_rebind_instead_of_writing(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    alias = ca
    ca += 1
    ca *= 2
    np.testing.assert_array_equal(np.asarray(alias), a)
    np.testing.assert_array_equal(np.asarray(ca), (a + 1) * 2)


def test_out_parameter_writes_into_plain_arrays(pair):
    a, b = pair
    out = np.empty((3, 4))
    result, cost, _ = charged(lambda: fnp.add(fnp.asarray(a), b, out=out))
    assert result is out and cost == 12
    np.testing.assert_array_equal(out, a + b)
    result, cost, _ = charged(lambda: np.multiply(fnp.asarray(a), b, out=out))
    assert result is out and cost == 12


def test_where_parameter(pair):
    a, b = pair
    mask = a > 2
    out = np.zeros((3, 4))
    _, cost, _ = charged(lambda: fnp.add(a, b, out=out, where=fnp.asarray(mask)))
    expected = np.zeros((3, 4))
    np.add(a, b, out=expected, where=mask)
    np.testing.assert_array_equal(out, expected)
    assert cost == 12  # priced on shapes: the mask's contents do not change the bill


def test_free_ops_are_not_logged(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    for call in (
        lambda: fnp.zeros((3, 3)),
        lambda: ca.T,
        lambda: ca[1:],
        lambda: ca.reshape(12),
        lambda: fnp.ones_like(ca),
        lambda: np.zeros_like(ca),
        lambda: ca.copy(),
        lambda: ca.astype(np.float32),
    ):
        result, cost, names = charged(call)
        assert type(result) is CountedArray and cost == 0 and names == []


def test_indexing_and_iteration_stay_counted(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    np.testing.assert_array_equal(np.asarray(ca[1, 2]), a[1, 2])
    np.testing.assert_array_equal(np.asarray(ca[[0, 2]]), a[[0, 2]])
    np.testing.assert_array_equal(np.asarray(ca[fnp.asarray(a > 2)]), a[a > 2])
    rows = list(ca)
    assert all(type(r) is CountedArray and not r.flags.writeable for r in rows)
    _, cost, _ = charged(lambda: rows[0] + rows[1])
    assert cost == 4


def test_unsupported_numpy_calls_say_so_and_charge_nothing(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    # a ufunc made from Python code: its arithmetic could not be counted
    identity = np.frompyfunc(lambda x: x, 1, 1)
    with flops.BudgetContext(1000, quiet=True) as ctx:
        with pytest.raises(TypeError, match=r"numpy\.<lambda> .*is not counted"):
            identity(ca)
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0


def test_printing_is_free(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    with flops.BudgetContext(1000, quiet=True) as ctx:
        text = repr(ca) + str(ca) + f"{ca[0, 0]:.3f}" + repr(fnp.asarray(1.5))
    assert ctx.flops_used == 0
    assert repr(fnp.asarray([1.0, 2.0])) == "CountedArray([1., 2.])"
    assert str(ca) == str(a) and "CountedArray(1.5)" in text


def test_pickle_and_copy_round_trip(pair):
    a, _ = pair
    ca = fnp.asarray(a)
    back = pickle.loads(pickle.dumps(ca))
    assert type(back) is CountedArray and not back.flags.writeable
    np.testing.assert_array_equal(np.asarray(back), a)
    assert copy.copy(ca) is ca and copy.deepcopy(ca) is ca


def test_counted_array_cannot_be_constructed_directly():
    with pytest.raises(TypeError, match=r"fnp\.asarray"):
        CountedArray((3,))


def test_mechestim_returns_plain_arrays_and_leaves_numpy_math_uncounted():
    with me.BudgetContext(10**9, quiet=True) as ctx:
        w = me.random.randn(4, 4)
        assert type(w) is np.ndarray and w.flags.writeable
        scaled = w * 3.0  # plain NumPy: not counted (page 002)
        h = me.einsum("ij,j->i", scaled, me.ones(4))
        assert type(h) is np.ndarray
    assert ctx.flops_used == 16 + 2 * 16
    assert [r.op_name for r in ctx.op_log] == ["random.randn", "einsum"]


def test_random_matches_numpy_and_counts_draws():
    fnp.random.seed(7)
    with flops.BudgetContext(10**6, quiet=True) as ctx:
        x = fnp.random.randn(3, 5)
        y = fnp.random.rand(4)
        z = fnp.random.normal(1.0, 2.0, size=(2, 3))
        u = fnp.random.uniform(np.zeros(6), 1.0)
    np.random.seed(7)
    np.testing.assert_array_equal(np.asarray(x), np.random.randn(3, 5))
    np.testing.assert_array_equal(np.asarray(y), np.random.rand(4))
    np.testing.assert_array_equal(np.asarray(z), np.random.normal(1.0, 2.0, size=(2, 3)))
    np.testing.assert_array_equal(np.asarray(u), np.random.uniform(np.zeros(6), 1.0))
    assert [r.flop_cost for r in ctx.op_log] == [15, 4, 6, 6]


def test_empty_arrays_cost_nothing():
    with flops.BudgetContext(10, quiet=True) as ctx:
        r = fnp.exp(fnp.ones((0, 5)))
        s = fnp.sum(fnp.ones((0,)))
    assert r.shape == (0, 5) and float(s) == 0.0
    assert ctx.flops_used == 0 and len(ctx.op_log) == 2


def test_counted_data_cannot_be_made_writable_again():
    a = fnp.exp(np.ones(3))
    for attempt in (
        lambda: a.setflags(write=True),
        lambda: setattr(a.flags, "writeable", True),
        lambda: a.flags.__setitem__("W", True),
    ):
        with pytest.raises(TypeError, match="read-only"):
            attempt()
    assert a.flags.writeable is False and a.flags["C_CONTIGUOUS"]
    swapped = a.byteswap()
    assert isinstance(swapped, CountedArray) and not swapped.flags.writeable
    with pytest.raises(TypeError, match="read-only"):
        a.byteswap(inplace=True)
    np.testing.assert_array_equal(np.asarray(a), np.exp(np.ones(3)))


class _OptsOut:
    """An operand that opts out of ufuncs, as NumPy's operators require them to respect."""

    __array_ufunc__ = None

    def __radd__(self, other):
        return "reflected add"

    def __rmul__(self, other):
        return "reflected mul"

    def __add__(self, other):
        return "forward add"

    def __lt__(self, other):
        return "forward lt"

    def __gt__(self, other):
        return "reflected gt"


def test_operators_give_way_to_operands_that_opt_out_of_ufuncs():
    ca = fnp.asarray([1.0, 2.0])
    other = _OptsOut()
    with flops.BudgetContext(1000, quiet=True) as ctx:
        assert ca + other == "reflected add"
        assert ca * other == "reflected mul"
        assert other + ca == "forward add"
        assert (ca < other) == "reflected gt"
        assert (ca + 1.0).tolist() == [2.0, 3.0]
    assert ctx.flops_used == 2  # only the last addition was counted
    with pytest.raises(TypeError):
        fnp.add(ca, other)  # a function call cannot give way: NumPy's TypeError


_INDEX = st.one_of(
    st.integers(-3, 2),
    st.slices(3),
    st.just(Ellipsis),
    st.just(None),
    st.lists(st.integers(-3, 2), min_size=1, max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(key=st.one_of(_INDEX, st.tuples(_INDEX, _INDEX)), counted_key=st.booleans())
def test_indexing_matches_numpy_read_only_and_free(key, counted_key):
    a = np.arange(12.0).reshape(3, 4)[:, :3]
    ca = fnp.asarray(a)
    if counted_key:  # index arrays may themselves be counted arrays
        key = tuple(map(_counted_list, key)) if isinstance(key, tuple) else _counted_list(key)
    try:
        expected = a[plain_key(key)]
    except (IndexError, TypeError) as err:
        with pytest.raises(type(err)):
            ca[key]
        return
    result, cost, names = charged(lambda: ca[key])
    assert type(result) is CountedArray and not result.flags.writeable
    assert (cost, names) == (0, [])
    np.testing.assert_array_equal(np.asarray(result), expected)
    assert result.dtype == expected.dtype and result.shape == np.shape(expected)


def _counted_list(k):
    return fnp.asarray(k) if isinstance(k, list) else k


def plain_key(key):
    if isinstance(key, tuple):
        return tuple(plain_key(k) for k in key)
    return np.asarray(key) if isinstance(key, CountedArray) else key


def test_views_numpy_made_itself_index_and_transpose_like_plain_ones():
    a = np.arange(12.0).reshape(3, 4)
    ca = fnp.asarray(a)
    inner = np.ndarray.__getitem__(ca, slice(1, 3))  # NumPy's own view: a CountedArray
    assert type(inner) is CountedArray
    for view, expected in (
        (inner[0], a[1]),
        (inner.T, a[1:3].T),
        (inner.reshape(8), a[1:3].ravel()),
    ):
        assert type(view) is CountedArray and not view.flags.writeable
        np.testing.assert_array_equal(np.asarray(view), expected)
    z = fnp.asarray(a + 1j)
    np.testing.assert_array_equal(np.asarray(z.real), a)
    np.testing.assert_array_equal(np.asarray(z.imag), np.ones_like(a))
    np.testing.assert_array_equal(np.asarray(ca.mT), a.mT)
