"""Legacy polynomial functions and window functions, counted: NumPy's results, billed the
documented rule (multiply-adds at each flavor's price), and the same figure from the cost
query. np.poly1d and numpy.polynomial are refused with a pointer to the counted functions."""

from __future__ import annotations

import inspect
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _table_polynomial
from flopscope.numpy import CountedArray


@dataclass(frozen=True)
class Flavor:
    np_: Any
    budget: Any
    cost: Any
    counted: bool
    fma: int


FNP = Flavor(fnp, flops.BudgetContext, flops.cost, True, 1)
ME = Flavor(me, me.BudgetContext, me.flops.cost, False, 2)
FLAVORS = [pytest.param(FNP, id="flopscope"), pytest.param(ME, id="mechestim")]


def run(flavor: Flavor, name: str, *args: Any, **kwargs: Any) -> tuple[Any, int, list[str]]:
    with flavor.budget(10**15, quiet=True) as ctx:
        result = getattr(flavor.np_, name)(*args, **kwargs)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


def assert_same(result: Any, expected: Any, counted: bool) -> None:
    if isinstance(expected, tuple):
        assert isinstance(result, tuple) and len(result) == len(expected)
        for r, e in zip(result, expected, strict=True):
            assert_same(r, e, counted)
        return
    if isinstance(expected, np.generic):  # flopscope returns NumPy scalars as 0-d arrays
        expected = np.asarray(expected) if counted else expected
        if not counted:
            assert type(result) is type(expected) and result == expected
            return
    if not isinstance(expected, np.ndarray):  # poly() of no roots: 1.0; polyfit's rank, rcond
        assert type(result) is type(expected) and result == expected
        return
    assert type(result) is (CountedArray if counted else np.ndarray)
    plain = np.asarray(result)
    assert plain.shape == expected.shape and plain.dtype == expected.dtype
    np.testing.assert_allclose(plain, expected, rtol=1e-9, atol=1e-12)


RNG = np.random.default_rng(7)
P4 = np.array([2.0, -1.0, 0.5, 3.0])
X100 = RNG.standard_normal(100)
X20 = np.linspace(-1.0, 1.0, 20)
Y20 = 1.0 + 2.0 * X20 - 3.0 * X20**2 + 0.01 * RNG.standard_normal(20)
Y20x2 = np.stack([Y20, Y20[::-1]], axis=1)
W20 = np.linspace(0.5, 1.5, 20)
SQUARE = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])


def polyfit_flops(m: int, deg: int, k: int, fma: int, w: bool = False, cov: Any = False) -> int:
    """The documented polyfit rule, written out term by term."""
    n = deg + 1
    r = min(m, n)
    powers = m * (n - 1)
    scaling = 3 * m * n + n  # lhs·lhs, column sums, sqrt, divide
    svd = m * n * r  # as linalg.svd: m·n·min(m, n)
    # as linalg.lstsq: r reciprocals; per column of y U^T b, the scaling, V·(...), residual
    solve = r + k * (fma * m * r + r + fma * n * r + fma * max(m - n, 0))
    unscale = n * k
    total = powers + scaling + svd + solve + unscale
    if w:
        total += m * (n + k)
    if cov:
        inverse = math.ceil(8 * n**3 / 3)  # as linalg.inv
        total += fma * m * n * n + inverse + 2 * n * n + n * n * k + (k if cov != "unscaled" else 0)
    return total


# name, positional args, keyword args, shapes for the cost query, cost at FMA=1, at FMA=2
CASES = [
    ("polyval", (P4, X100), {}, [(4,), (100,)], 300, 600),  # 3 multiply-adds per point
    ("polyval", (P4, X100.reshape(20, 5)), {}, [(4,), (20, 5)], 300, 600),
    ("polyval", (np.ones((3, 2)), np.ones((5, 1))), {}, [(3, 2), (5, 1)], 20, 40),
    ("polyval", (np.array([7.0]), X100), {}, [(1,), (100,)], 0, 0),  # a constant
    ("polyval", (np.array([]), X100), {}, [(0,), (100,)], 0, 0),
    ("polyval", (P4, 0.5), {}, [(4,), ()], 3, 6),
    ("polyadd", (P4, np.arange(6.0)), {}, [(4,), (6,)], 6, 6),
    ("polyadd", (3.0, P4), {}, [(), (4,)], 4, 4),
    ("polysub", (np.arange(6.0), P4), {}, [(6,), (4,)], 6, 6),
    ("polymul", (P4, np.arange(1.0, 4.0)), {}, [(4,), (3,)], 12, 24),
    ("polymul", ([1.0, 2.0], [3.0]), {}, [(2,), (1,)], 2, 4),
    ("polydiv", (np.arange(1.0, 7.0), np.array([1.0, 2.0, 3.0])), {}, [(6,), (3,)],
     1 + 4 * (1 + 3), 1 + 4 * (1 + 6)),  # 4 quotient coefficients
    ("polydiv", (np.array([1.0, 2.0]), P4), {}, [(2,), (4,)], 1, 1),  # quotient 0
    ("polyder", (np.arange(1.0, 6.0),), {}, [(5,)], 4, 4),
    ("polyder", (np.arange(1.0, 6.0), 2), {}, [(5,)], 4 + 3, 4 + 3),
    ("polyder", (np.arange(1.0, 6.0),), {"m": 0}, [(5,)], 0, 0),
    ("polyder", (np.arange(1.0, 6.0),), {"m": 9}, [(5,)], 4 + 3 + 2 + 1, 4 + 3 + 2 + 1),
    ("polyint", (np.arange(1.0, 6.0),), {}, [(5,)], 5, 5),
    ("polyint", (np.arange(1.0, 6.0), 3), {"k": [1.0, 2.0, 3.0]}, [(5,)], 5 + 6 + 7, 18),
    ("poly", (np.array([1.0, -2.0, 3.0, 0.5]),), {}, [(4,)], 4 * 5, 2 * 4 * 5),
    ("poly", (np.array([1j, -1j, 2.0]),), {}, [(3,)], 12, 24),  # conjugate pairs: real result
    ("poly", (SQUARE,), {}, [(3, 3)], 10 * 27 + 12, 10 * 27 + 24),  # eigenvalues first
    ("poly", (np.array([]),), {}, [(0,)], 0, 0),
    ("roots", (np.array([1.0, -6.0, 11.0, -6.0, 1.0]),), {}, [(5,)], 10 * 64 + 8, 648),
    ("roots", (np.array([0.0, 1.0, -3.0, 2.0, 0.0]),), {}, [(5,)], 648, 648),  # zeros: bound
    ("roots", (np.array([4.0]),), {}, [(1,)], 0, 0),
    ("polyfit", (X20, Y20, 2), {}, [(20,), (20,)], polyfit_flops(20, 2, 1, 1),
     polyfit_flops(20, 2, 1, 2)),
    ("polyfit", (X20, Y20x2, 3), {}, [(20,), (20, 2)], polyfit_flops(20, 3, 2, 1),
     polyfit_flops(20, 3, 2, 2)),
    ("polyfit", (X20, Y20, 2), {"w": W20}, [(20,), (20,)], polyfit_flops(20, 2, 1, 1, w=True),
     polyfit_flops(20, 2, 1, 2, w=True)),
    ("polyfit", (X20, Y20, 2), {"cov": True}, [(20,), (20,)],
     polyfit_flops(20, 2, 1, 1, cov=True), polyfit_flops(20, 2, 1, 2, cov=True)),
    ("polyfit", (X20, Y20x2, 1), {"cov": "unscaled"}, [(20,), (20, 2)],
     polyfit_flops(20, 1, 2, 1, cov="unscaled"), polyfit_flops(20, 1, 2, 2, cov="unscaled")),
    ("polyfit", (X20, Y20, 2), {"full": True, "cov": True}, [(20,), (20,)],
     polyfit_flops(20, 2, 1, 1), polyfit_flops(20, 2, 1, 2)),  # full wins: no covariance
]  # fmt: skip

WINDOWS = [
    ("hanning", (64,), {}, 5 * 64),
    ("hamming", (64,), {}, 5 * 64),
    ("bartlett", (64,), {}, 5 * 64),
    ("blackman", (64,), {}, 10 * 64),
    ("kaiser", (64, 5.0), {}, 8 * 64 + 1),
    ("kaiser", (9,), {"beta": 14.0}, 8 * 9 + 1),
    ("hanning", (5.5,), {}, 5 * 5),  # NumPy takes M as a float: 5 samples
    pytest.param(  # arange(0, 5.5): 6 samples (NumPy's last one is NaN: sqrt of < 0)
        "kaiser",
        (5.5, 2.0),
        {},
        8 * 6 + 1,
        marks=pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning"),
    ),
    ("hanning", (1,), {}, 0),  # NumPy returns ones(1)
    ("kaiser", (1, 3.0), {}, 0),
    ("blackman", (0,), {}, 0),  # empty
    ("bartlett", (-4,), {}, 0),
]

ROWS = sorted(op.name for op in _table_polynomial.OPS)
ARRAYS = {op.name: op.arrays for op in _table_polynomial.OPS}


def parameters(name: str, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The call's non-array arguments by name: what the cost query takes besides shapes."""
    bound = inspect.signature(getattr(np, name)).bind(*args, **kwargs).arguments
    return {key: value for key, value in bound.items() if key not in ARRAYS[name]}


def test_every_row_has_a_case():
    windows = {c.values[0] if hasattr(c, "values") else c[0] for c in WINDOWS}
    assert sorted({c[0] for c in CASES} | windows) == ROWS


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("name, args, kwargs, shapes, cost1, cost2", CASES)
def test_polynomial_functions_equal_numpy_and_bill_the_rule(
    flavor, name, args, kwargs, shapes, cost1, cost2
):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.RankWarning)
        result, cost, names = run(flavor, name, *args, **kwargs)
        expected_value = getattr(np, name)(*args, **kwargs)
    assert_same(result, expected_value, flavor.counted)
    expected = cost1 if flavor.fma == 1 else cost2
    assert cost == expected == flavor.cost(name, *shapes, **parameters(name, args, kwargs))
    assert names == [name]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("name, args, kwargs, expected", WINDOWS)
def test_windows_equal_numpy_and_cost_per_sample(flavor, name, args, kwargs, expected):
    result, cost, names = run(flavor, name, *args, **kwargs)
    assert_same(result, getattr(np, name)(*args, **kwargs), flavor.counted)
    assert cost == expected == flavor.cost(name, **parameters(name, args, kwargs))
    assert names == [name]


def test_window_costs_match_their_per_sample_constants():
    # the per-sample constant times the samples NumPy makes (len of its result)
    for name, per_sample in [("hanning", 5), ("hamming", 5), ("bartlett", 5), ("blackman", 10)]:
        for m in (2, 3, 17, 100):
            assert flops.cost(name, M=m) == per_sample * len(getattr(np, name)(m))
    assert flops.cost("kaiser", M=100, beta=8.6) == 8 * 100 + 1


def test_numpy_calls_on_counted_arrays_are_billed_once():
    p = fnp.asarray(P4)
    x = fnp.asarray(X100)
    k = fnp.asarray([1.0, 2.0])
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        y = np.polyval(p, x)
        integral = np.polyint(p, 2, k=k)  # a counted k= is data, not a second bill
        fit = np.polyfit(x, y, 3, w=fnp.asarray(np.ones(100)))
        r = np.roots(p)
    assert all(type(v) is CountedArray for v in (y, integral, fit, r))
    np.testing.assert_allclose(np.asarray(y), np.polyval(P4, X100))
    np.testing.assert_allclose(np.asarray(integral), np.polyint(P4, 2, k=[1.0, 2.0]))
    np.testing.assert_allclose(np.asarray(fit), P4, atol=1e-8)
    np.testing.assert_allclose(np.sort_complex(np.asarray(r)), np.sort_complex(np.roots(P4)))
    assert [rec.op_name for rec in ctx.op_log] == ["polyval", "polyint", "polyfit", "roots"]
    assert ctx.flops_used == 300 + (4 + 5) + polyfit_flops(100, 3, 1, 1, w=True) + 270 + 6


def test_mechestim_returns_plain_arrays_and_doubles_multiply_adds():
    result, cost, _ = run(ME, "polymul", P4, P4)
    assert type(result) is np.ndarray and cost == 2 * 16
    assert run(FNP, "polymul", P4, P4)[1] == 16


@pytest.mark.parametrize(
    "name, args, error, message",
    [
        ("polyder", (P4, -1), ValueError, "Order of derivative must be positive"),
        ("polyint", (P4, -1), ValueError, "Order of integral must be positive"),
        ("poly", (np.ones((2, 3)),), ValueError, "input must be 1d or non-empty square 2d"),
        ("roots", (np.ones((2, 2)),), ValueError, "Input must be a rank-1 array"),
        ("polyfit", (X20, Y20, -1), ValueError, "expected deg >= 0"),
        ("polyfit", (X20, Y20[:5], 2), TypeError, "expected x and y to have same length"),
        ("polyfit", (np.ones((2, 2)), Y20, 2), TypeError, "expected 1D vector for x"),
    ],
)
def test_invalid_calls_raise_numpys_errors_and_bill_nothing(name, args, error, message):
    with pytest.raises(error, match=message):
        getattr(np, name)(*args)
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        with pytest.raises(error, match=message):
            getattr(fnp, name)(*args)
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0


def test_refused_before_running_when_over_budget():
    with flops.BudgetContext(299, quiet=True) as ctx:
        with pytest.raises(flops.BudgetExhaustedError):
            fnp.polyval(P4, X100)
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0


@pytest.mark.parametrize("module", [fnp, me], ids=["flopscope", "mechestim"])
def test_poly1d_and_numpy_polynomial_are_refused_with_the_alternative(module):
    with pytest.raises(AttributeError, match=r"poly1d is not available.*polyval"):
        module.poly1d  # noqa: B018
    with pytest.raises(AttributeError, match=r"polynomial is not available.*Chebyshev"):
        module.polynomial  # noqa: B018


# ---------------------------------------------------------------------------
# property tests over random lengths and shapes


@settings(max_examples=40, deadline=None)
@given(
    n_coef=st.integers(0, 8),
    x_shape=st.lists(st.integers(0, 5), max_size=3).map(tuple),
)
def test_polyval_is_deg_multiply_adds_per_point(n_coef, x_shape):
    p = np.arange(1.0, n_coef + 1.0)
    x = np.full(x_shape, 0.5)
    for flavor in (FNP, ME):
        result, cost, _ = run(flavor, "polyval", p, x)
        assert_same(result, np.polyval(p, x), flavor.counted)
        expected = flavor.fma * max(n_coef - 1, 0) * math.prod(x_shape)
        assert cost == expected == flavor.cost("polyval", (n_coef,), x_shape)


@settings(max_examples=40, deadline=None)
@given(n1=st.integers(1, 9), n2=st.integers(1, 9))
def test_polymul_polyadd_polydiv_over_random_lengths(n1, n2):
    a = np.arange(1.0, n1 + 1.0)
    b = np.arange(2.0, n2 + 2.0)
    for flavor in (FNP, ME):
        assert run(flavor, "polymul", a, b)[1] == flavor.fma * n1 * n2
        assert run(flavor, "polyadd", a, b)[1] == max(n1, n2)
        q, cost, _ = run(flavor, "polydiv", a, b)
        assert_same(q, np.polydiv(a, b), flavor.counted)
        assert cost == 1 + max(n1 - n2 + 1, 0) * (1 + flavor.fma * n2)
        assert cost == flavor.cost("polydiv", (n1,), (n2,))


@settings(max_examples=30, deadline=None)
@given(m=st.integers(-2, 300), name=st.sampled_from(["hanning", "hamming", "bartlett", "blackman"]))
def test_window_cost_is_per_sample_constant_times_samples(m, name):
    result, cost, _ = run(FNP, name, m)
    assert_same(result, getattr(np, name)(m), True)
    per_sample = 10 if name == "blackman" else 5
    assert cost == (per_sample * len(result) if m > 1 else 0) == flops.cost(name, M=m)
