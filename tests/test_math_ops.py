"""The math family: ufuncs and their methods, pointwise functions, reductions and
statistics, differences, integration, convolution and covariance.

Every row returns exactly NumPy's result (values, dtype, shape), is billed its documented
formula, the cost query answers the same number, and ``np.<func>(counted)`` is billed like
``fnp.<func>(counted)``. Rows that would write into a counted array refuse it.
"""

from __future__ import annotations

import inspect
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _table, _table_math
from flopscope._array import READ_ONLY_MESSAGE
from flopscope._flavor import MECHESTIM
from flopscope._registry import functions
from flopscope._signatures import signature
from flopscope.numpy import CountedArray

# NumPy warns about the NaNs, infinities, empty slices and domain errors these tests feed
# it on purpose; the warnings are NumPy's, identical with and without flopscope.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

ROWS = {op.name: op for op in _table_math.OPS}
ME_FNS = functions(MECHESTIM)


def charged(budget: Any, fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, int, list[str]]:
    """(result, FLOPs charged, op names logged) of one call inside a fresh budget."""
    with budget(10**12, quiet=True) as ctx:
        result = fn(*args, **kwargs)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


def numpy_outcome(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """NumPy's result, or the exception type it raises."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except Exception as error:  # any NumPy error is the outcome to match
        return type(error)


def assert_same(result: Any, expected: Any, counted: bool = True) -> None:
    """Equal values (NaNs equal), dtype and shape; counted results are read-only arrays."""
    if isinstance(expected, tuple):
        assert isinstance(result, tuple) and len(result) == len(expected)
        for r, e in zip(result, expected, strict=True):
            assert_same(r, e, counted)
        return
    if expected is None or type(expected) in (bool, int, float):
        assert result == expected and type(result) is type(expected)
        return
    if counted:
        assert type(result) is CountedArray and not result.flags.writeable
    else:
        assert type(result) is type(expected)
    result = np.asarray(result)
    expected = np.asarray(expected)
    assert result.dtype == expected.dtype and result.shape == expected.shape
    np.testing.assert_array_equal(result, expected)


def counted(value: Any) -> Any:
    return fnp.asarray(value) if isinstance(value, np.ndarray) else value


# ---------------------------------------------------------------------------
# ufuncs

F = np.linspace(0.05, 0.95, 12).reshape(3, 4)
I = np.arange(1, 13).reshape(3, 4)  # noqa: E741
B = I % 3 == 0
C = F + 1j * F[::-1]
D = np.arange(12).astype("datetime64[D]").reshape(3, 4)

UFUNCS = [op.name for op in _table_math.UFUNC_ROWS]


def ufunc_operands(u: np.ufunc) -> tuple[np.ndarray, ...]:
    """The first operands of the ufunc's kind NumPy accepts (floats, ints, bools, dates)."""
    if u.nin == 1:
        candidates = [(F,), (I,), (B,), (D,)]
    else:
        candidates = [(F, F[::-1]), (I, I[::-1]), (B, B[::-1]), (F, I), (D, D)]
    for operands in candidates:
        if not isinstance(numpy_outcome(u, *operands), type):
            return operands
    raise AssertionError(f"no operands for {u.__name__}")


def test_every_top_level_ufunc_is_a_row_or_an_alias():
    core = {op.name for op in _table.OPS if op.kind == "ufunc"}
    aliases = _table.ALIASES
    linalg = {"matmul", "matvec", "vecmat", "vecdot"}
    for name in dir(np):
        if isinstance(getattr(np, name), np.ufunc) and name not in linalg:
            assert name in core or name in aliases, name
            target = getattr(np, aliases.get(name, name))
            assert target is getattr(np, name)


@pytest.mark.parametrize("name", UFUNCS)
def test_ufunc_matches_numpy_and_bills_output_elements(name):
    u = getattr(np, name)
    operands = ufunc_operands(u)
    expected = numpy_outcome(u, *operands)
    for call in (getattr(fnp, name), u):
        result, cost, names = charged(flops.BudgetContext, call, *map(fnp.asarray, operands))
        assert_same(result, expected)
        assert (cost, names) == (12, [name])
    result, cost, _ = charged(me.BudgetContext, getattr(me, name), *operands)
    assert_same(result, expected, counted=False)
    assert cost == 12 == flops.cost(name, *(x.shape for x in operands))
    assert me.flops.cost(name, *(x.shape for x in operands)) == 12


@pytest.mark.parametrize("name", UFUNCS)
def test_ufunc_empty_integer_and_complex_inputs(name):
    u = getattr(np, name)
    operands = ufunc_operands(u)
    empty = tuple(x[:0] for x in operands)
    result, cost, _ = charged(flops.BudgetContext, getattr(fnp, name), *map(fnp.asarray, empty))
    assert_same(result, numpy_outcome(u, *empty))
    assert cost == 0 == flops.cost(name, *(x.shape for x in empty))
    for kind in (I, C):  # integer and complex input wherever NumPy takes it
        args = (kind,) * u.nin
        expected = numpy_outcome(u, *args)
        if isinstance(expected, type):
            with pytest.raises(expected):
                charged(flops.BudgetContext, getattr(fnp, name), *map(fnp.asarray, args))
            continue
        result, cost, _ = charged(flops.BudgetContext, getattr(fnp, name), *args)
        assert_same(result, expected)
        assert cost == 12


@pytest.mark.parametrize("name", [n for n in UFUNCS if getattr(np, n).nin == 2])
def test_binary_ufunc_broadcasts(name):
    u = getattr(np, name)
    x, y = ufunc_operands(u)
    a, b = x.reshape(3, 1, 4), y[:2, :1]  # (3, 1, 4) with (2, 1) -> (3, 2, 4)
    expected = numpy_outcome(u, a, b)
    result, cost, _ = charged(flops.BudgetContext, u, fnp.asarray(a), b)
    assert_same(result, expected)
    assert cost == 24 == flops.cost(name, a.shape, b.shape)


def test_ufunc_out_and_where():
    out = np.full((3, 4), -1.0)
    mask = B
    result, cost, _ = charged(flops.BudgetContext, np.sin, fnp.asarray(F), out=out, where=mask)
    assert result is out and cost == 12
    expected = np.full((3, 4), -1.0)
    np.sin(F, out=expected, where=mask)
    np.testing.assert_array_equal(out, expected)
    out2 = np.empty((3, 4))
    result, cost, _ = charged(flops.BudgetContext, fnp.arctan2, F, 2.0, out=out2)
    assert result is out2 and cost == 12
    np.testing.assert_array_equal(out2, np.arctan2(F, 2.0))
    with pytest.raises(TypeError, match="read-only"):
        fnp.hypot(F, F, out=fnp.zeros((3, 4)))


def test_two_output_ufuncs_bill_the_output_elements_once():
    for name, args in (("modf", (F * 7,)), ("frexp", (F,)), ("divmod", (I, 5))):
        expected = getattr(np, name)(*args)
        result, cost, _ = charged(flops.BudgetContext, getattr(fnp, name), *args)
        assert_same(result, expected)
        assert cost == 12
        outs = (np.empty((3, 4)), np.empty((3, 4), dtype=expected[1].dtype))
        result, cost, _ = charged(flops.BudgetContext, getattr(np, name), *map(counted, args),
                                  out=outs)  # fmt: skip
        assert result[0] is outs[0] and result[1] is outs[1] and cost == 12


def test_ufunc_aliases_are_the_same_functions():
    for alias, target in {"acos": "arccos", "atan2": "arctan2", "conj": "conjugate",
                          "bitwise_left_shift": "left_shift", "mod": "remainder",
                          "bitwise_not": "invert", "around": "round"}.items():  # fmt: skip
        assert getattr(fnp, alias) is getattr(fnp, target)
        assert getattr(me, alias) is getattr(me, target)
    result, cost, names = charged(flops.BudgetContext, np.acos, fnp.asarray(F))
    assert_same(result, np.arccos(F))
    assert (cost, names) == (12, ["arccos"])


# ---------------------------------------------------------------------------
# ufunc methods


METHOD_UFUNCS = sorted(
    {
        n.partition(".")[0]
        for n in ROWS
        if n.endswith(".outer")  # the binary single-output ufuncs
    }
)


def method_cases(name: str) -> list[tuple[str, tuple, dict, int]]:
    """(method, arguments, keywords, expected cost) on a (3, 4) operand of the right kind."""
    x, y = ufunc_operands(getattr(np, name))
    return [
        ("reduce", (x,), {"axis": 0}, 12),
        ("reduce", (x,), {"axis": 1, "keepdims": True}, 12),
        ("accumulate", (x,), {"axis": 0}, 12),
        ("accumulate", (x,), {"axis": 1}, 12),
        # segments [0:2], [2] (the next index is smaller), [1:4]: 6 elements per row
        ("reduceat", (x, [0, 2, 1]), {"axis": 1}, 3 * 6),
        ("outer", (x[0], y[1]), {}, 16),
    ]


@pytest.mark.parametrize("name", METHOD_UFUNCS)
def test_binary_ufunc_methods_match_numpy(name):
    u = getattr(np, name)
    for method, args, kwargs, cost in method_cases(name):
        row = f"{name}.{method}"
        expected = numpy_outcome(getattr(u, method), *args, **kwargs)
        call = getattr(u, method)
        counted_args = (fnp.asarray(args[0]), *args[1:])
        if isinstance(expected, type):  # NumPy refuses (dtype, identity): so do we
            with flops.BudgetContext(10**12, quiet=True) as ctx:
                with pytest.raises(expected):
                    call(*counted_args, **kwargs)
            assert ctx.flops_used == 0 and len(ctx.op_log) == 0
            continue
        result, billed, names = charged(flops.BudgetContext, call, *counted_args, **kwargs)
        assert_same(result, expected)
        assert (billed, names) == (cost, [row])
        shapes = [np.shape(args[0])] + ([np.shape(args[1])] if method == "outer" else [])
        params = {"indices": args[1]} if method == "reduceat" else {}
        assert flops.cost(row, *shapes, **params, **kwargs) == cost
        result, billed, _ = charged(me.BudgetContext, ME_FNS[row], *args, **kwargs)
        assert_same(result, expected, counted=False)
        assert billed == cost


@pytest.mark.parametrize("name", METHOD_UFUNCS)
def test_binary_ufunc_at_writes_plain_arrays_only(name):
    u = getattr(np, name)
    x, y = ufunc_operands(u)
    indices = ([0, 0, 2],)  # rows 0, 0 and 2: 3 rows of 4 elements
    expected = x.copy()
    outcome = numpy_outcome(u.at, expected, indices, y[0])
    target = x.copy()
    if isinstance(outcome, type):
        with pytest.raises(outcome):
            charged(flops.BudgetContext, u.at, target, indices, fnp.asarray(y[0]))
        return
    result, cost, names = charged(flops.BudgetContext, u.at, target, indices, fnp.asarray(y[0]))
    assert result is None and (cost, names) == (12, [f"{name}.at"])
    np.testing.assert_array_equal(target, expected)
    assert flops.cost(f"{name}.at", x.shape, indices=indices, b=(4,)) == 12
    with pytest.raises(TypeError, match="read-only"):
        u.at(fnp.asarray(x), indices, y[0])


def test_unary_ufunc_at():
    target = F[0].copy()
    result, cost, names = charged(flops.BudgetContext, np.negative.at, target,
                                  fnp.asarray([0, 0, 3]))  # fmt: skip
    assert result is None and (cost, names) == (3, ["negative.at"])
    np.testing.assert_array_equal(target, [F[0, 0], F[0, 1], F[0, 2], -F[0, 3]])
    assert "sin.at" in ROWS and "modf.at" not in ROWS and "sin.reduce" not in ROWS
    with pytest.raises(TypeError, match="read-only"):
        np.sin.at(fnp.asarray(F[0]), [0])


def test_ufunc_method_out_where_and_errors():
    out = np.empty(4)
    result, cost, _ = charged(flops.BudgetContext, np.subtract.reduce, fnp.asarray(F), axis=0,
                              out=out)  # fmt: skip
    assert result is out and cost == 12
    np.testing.assert_array_equal(out, np.subtract.reduce(F, axis=0))
    result, cost, _ = charged(flops.BudgetContext, np.fmax.reduce, fnp.asarray(F), axis=1,
                              where=B, initial=0.0)  # fmt: skip
    assert_same(result, np.fmax.reduce(F, axis=1, where=B, initial=0.0))
    out = np.empty((4, 4))
    result, cost, _ = charged(flops.BudgetContext, np.hypot.outer, fnp.asarray(F[0]), F[1],
                              out=out)  # fmt: skip
    assert result is out and cost == 16
    with pytest.raises(TypeError, match="read-only"):
        np.subtract.accumulate(F, out=fnp.zeros((3, 4)))
    # not reorderable: NumPy's own ValueError, nothing billed
    with flops.BudgetContext(100, quiet=True) as ctx:
        with pytest.raises(ValueError, match="reorderable"):
            np.subtract.reduce(fnp.asarray(F), axis=None)
        with pytest.raises(IndexError, match=r"out-of-bounds in add\.reduceat \[0, 4\)"):
            np.add.reduceat(fnp.asarray(F), [0, 4], axis=1)
    assert ctx.flops_used == 0
    with pytest.raises(IndexError, match="out-of-bounds"):
        flops.cost("add.reduceat", (3, 4), indices=[5])


def test_ufunc_at_is_refused_before_it_writes():
    target = np.zeros(5)
    with flops.BudgetContext(2, quiet=True) as ctx:
        with pytest.raises(flops.BudgetExhaustedError):
            np.add.at(target, [0, 1, 1], fnp.asarray(1.0))
    assert ctx.flops_used == 0 and not target.any()


# ---------------------------------------------------------------------------
# functions: one table, every row


A = np.random.default_rng(7).standard_normal((3, 4, 5))
A_NAN = A.copy()
A_NAN[0, 1, 2] = A_NAN[2, 3, 0] = np.nan
F_NAN = F.copy()
F_NAN[1, 1] = np.nan
SPECIAL = np.array([[np.nan, np.inf, -np.inf, 1.0], [2.0, -np.inf, 0.0, np.nan], [1, 2, 3, 4]])
PHASE = np.cumsum(np.linspace(0, 2.5, 12).reshape(3, 4), axis=1)
W4 = np.array([1.0, 2.0, 0.5, 3.0])


@dataclass
class Case:
    name: str
    args: tuple
    kwargs: dict = field(default_factory=dict)
    cost: int = 0  # flopscope
    me_cost: int | None = None  # mechestim, when a multiply-add is involved

    def __str__(self) -> str:
        return self.name


# (3, 4, 5) = 60 elements; along axis 1: n = 4 per lane, m = 15 lanes
CASES = [
    # pointwise
    Case("clip", (F, 0.2, 0.8), cost=12),
    Case("clip", (F, np.zeros((2, 1, 1)), 0.8), cost=24),
    Case("clip", (F,), {"a_min": 0.2, "a_max": F[0]}, cost=12),
    *([Case("clip", (F,), {"min": 0.2, "max": F[0]}, cost=12)]  # min=, max=: NumPy >= 2.1
      if np.lib.NumpyVersion(np.__version__) >= "2.1.0" else []),
    Case("round", (F * 10, 1), cost=12),
    Case("around", (F * 10,), cost=12),
    Case("fix", (F * 10 - 5,), cost=12),
    Case("nan_to_num", (SPECIAL,), {"nan": -1.0, "posinf": 9.0}, cost=12),
    Case("real_if_close", (F + 1e-20j,), cost=12),
    Case("real_if_close", (C,), cost=12),
    Case("sinc", (F,), cost=12),
    Case("i0", (F,), cost=12),
    Case("angle", (C,), {"deg": True}, cost=12),
    Case("unwrap", (PHASE,), cost=12),
    Case("unwrap", (PHASE,), {"axis": 0, "period": 3.0}, cost=12),
    Case("isreal", (C,), cost=12),
    Case("iscomplex", (F,), cost=12),
    Case("isneginf", (SPECIAL,), cost=12),
    Case("isposinf", (SPECIAL,), cost=12),
    Case("isclose", (F, F[0]), cost=12),
    Case("isclose", (F, F, np.full((2, 1, 1), 1e-5)), cost=24),
    Case("isclose", (F_NAN, F_NAN), {"equal_nan": True}, cost=12),
    Case("allclose", (F, F[0]), cost=24),
    Case("array_equal", (F, F.copy()), cost=24),
    Case("array_equal", (F, F[0]), cost=0),
    Case("array_equal", (F_NAN, F_NAN.copy()), {"equal_nan": True}, cost=72),
    Case("array_equiv", (F, F[0]), cost=24),
    Case("array_equiv", (F, F[:2]), cost=0),
    Case("interp", (F[0, :3] * 9, np.arange(10.0), np.arange(10.0) ** 2), cost=3 * 4 + 3),
    Case("interp", (F * 9, np.arange(10.0), np.arange(10.0) ** 2), {"period": 4.0},
         cost=12 * 4 + 12 + 12 + 10 + 10 * 4),
    Case("real", (C,), cost=0),
    Case("imag", (C,), cost=0),
    Case("isrealobj", (C,), cost=0),
    Case("iscomplexobj", (F,), cost=0),
    # reductions and statistics
    Case("nansum", (A_NAN,), {"axis": 1}, cost=120),
    Case("nanprod", (A_NAN, (0, 2)), cost=120),
    Case("nanmean", (A_NAN,), {"axis": -1, "keepdims": True}, cost=120),
    Case("nanmax", (A_NAN,), {"axis": 1}, cost=120),
    Case("nanmin", (A_NAN,), {"axis": (0, 1)}, cost=120),
    Case("nanargmax", (A_NAN,), {"axis": 1}, cost=120),
    Case("nanargmin", (A_NAN,), cost=120),
    Case("cumsum", (A,), {"axis": 1}, cost=60),
    Case("cumprod", (A,), cost=60),
    Case("nancumsum", (A_NAN,), {"axis": 2}, cost=120),
    Case("nancumprod", (A_NAN,), {"axis": 0}, cost=120),
    Case("cumulative_sum", (A,), {"axis": 1, "include_initial": True}, cost=60),
    Case("cumulative_prod", (A[0, 0],), cost=5),
    Case("count_nonzero", (A > 0,), {"axis": (0, 2)}, cost=60),
    Case("count_nonzero", (A > 0,), cost=60),
    Case("argmax", (A,), {"axis": 1}, cost=60),
    Case("argmin", (A,), {"axis": -1, "keepdims": True}, cost=60),
    Case("ptp", (A,), {"axis": 1}, cost=120),
    Case("var", (A,), {"axis": 1}, cost=180, me_cost=240),
    Case("var", (A,), {"axis": 1, "ddof": 1, "mean": A.mean(axis=1, keepdims=True)},
         cost=120, me_cost=180),
    Case("std", (A,), {"axis": 1}, cost=195, me_cost=255),
    Case("std", (A,), {"axis": (0, 2), "correction": 1}, cost=184, me_cost=244),
    Case("nanvar", (A_NAN,), {"axis": 1}, cost=240, me_cost=300),
    Case("nanstd", (A_NAN,), {"axis": 1}, cost=255, me_cost=315),
    Case("median", (A,), {"axis": 1}, cost=75),
    Case("median", (A,), cost=61),
    Case("nanmedian", (A_NAN,), {"axis": 1}, cost=135),
    Case("quantile", (A, [0.1, 0.5, 0.9]), {"axis": 1}, cost=15 * 4 * 2 + 45),
    Case("quantile", (A, 0.5), {"axis": 1}, cost=75),  # = median
    Case("quantile", (A, 0.3), {"axis": 1, "method": "inverted_cdf", "weights": np.abs(A)},
         cost=15 * (4 * 2 + 4) + 15 * 2),
    Case("percentile", (A, [10, 50, 90]), {"axis": 1, "method": "nearest"},
         cost=15 * 4 * 2 + 45),
    Case("nanquantile", (A_NAN, [0.25, 0.75]), {"axis": 1}, cost=15 * 4 * 2 + 30 + 60),
    Case("nanpercentile", (A_NAN, 50), cost=60 + 1 + 60),
    Case("average", (A,), {"axis": 1}, cost=60),
    Case("average", (A, 1, W4), cost=64, me_cost=124),
    Case("average", (A,), {"axis": 1, "weights": W4, "returned": True}, cost=64, me_cost=124),
    # differences, integration, convolution, covariance
    Case("diff", (A,), cost=48),
    Case("diff", (A, 2), cost=12 * (4 + 3)),
    Case("diff", (A, 7, 1), cost=15 * (3 + 2 + 1)),
    Case("diff", (A,), {"prepend": 0.0, "append": A[:, :, :2]}, cost=12 * 7),
    Case("diff", (A > 0,), {"axis": 0}, cost=40),
    Case("diff", (A, 0), cost=0),
    Case("ediff1d", (A,), {"to_begin": [-1, -2], "to_end": 9}, cost=59),
    Case("gradient", (A,), cost=2 * 60 * 3),
    Case("gradient", (A, 0.5), {"axis": 1, "edge_order": 2}, cost=2 * 2 * 15 + 3 * 30,
         me_cost=2 * 2 * 15 + 6 * 30),
    Case("gradient", (A, np.array([0.0, 1.0, 3.0, 4.5]), 2.0), {"axis": (1, 2)},
         cost=(3 * 2 * 15 + 3 + 10 * 2 + 2 * 30) + 2 * 60,
         me_cost=(6 * 2 * 15 + 3 + 10 * 2 + 2 * 30) + 2 * 60),
    Case("trapezoid", (A,), cost=3 * 4 * 12, me_cost=4 * 4 * 12),
    Case("trapezoid", (A,), {"x": np.array([0.0, 1, 3, 4, 7])}, cost=148, me_cost=196),
    Case("trapezoid", (A, A + 1), {"axis": 1}, cost=3 * 3 * 15 + 45, me_cost=4 * 45 + 45),
    Case("convolve", (F[0], W4[:3]), cost=12, me_cost=24),
    Case("convolve", (W4[:3], F[0], "same"), cost=12 - 1 - 1, me_cost=20),
    Case("convolve", (F.ravel(), W4, "valid"), cost=9 * 4, me_cost=72),
    Case("correlate", (F.ravel(), W4), cost=9 * 4, me_cost=72),
    Case("correlate", (F.ravel(), W4 + 1j, "full"), cost=48, me_cost=96),
    Case("correlate", (F.ravel(), W4, "same"), cost=48 - 1 - 3, me_cost=88),
    Case("cov", (F,), cost=12 + 9 * 4 + 9 + 12, me_cost=12 + 72 + 9 + 12),
    Case("cov", (F, F[:, :2]), {"rowvar": False, "bias": True},
         cost=6 * 3 * 2 + 36 * 3 + 36, me_cost=36 + 72 * 3 + 36),
    Case("cov", (F,), {"fweights": [1, 2, 1, 3], "aweights": W4},
         cost=12 + 36 + 9 + (12 + 4) + 12 + 4 + 4,
         me_cost=12 + 72 + 9 + (24 + 4) + 12 + 4 + 8),
    Case("cov", (F[0],), {"aweights": W4, "ddof": 0},
         cost=4 + 4 + 1 + (4 + 4) + 4, me_cost=4 + 8 + 1 + (8 + 4) + 4),
    Case("cov", (C,), cost=12 + 36 + 9 + 12, me_cost=12 + 72 + 9 + 12),
    Case("corrcoef", (F,), cost=69 + 3 + 27, me_cost=105 + 3 + 27),
    Case("corrcoef", (F[0],), cost=4 + 4 + 1 + 4 + 1, me_cost=4 + 8 + 1 + 4 + 1),
]  # fmt: skip


def array_params(case: Case) -> tuple[list[str], str | None]:
    fn = getattr(np, case.name)
    params = signature(fn).parameters.values()
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    varargs = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), None)
    return names, varargs


def query(case: Case) -> tuple[tuple, dict]:
    """The case as ``flops.cost`` arguments: array arguments replaced by their shapes."""
    row = ROWS[_table_math.ALIASES.get(case.name, case.name)]
    if row.kind in ("free", "reduction"):  # priced from the first array (and the axis)
        axis = case.args[1] if len(case.args) > 1 else case.kwargs.get("axis")
        return (np.shape(case.args[0]),), {"axis": axis} if row.kind == "reduction" else {}
    names, varargs = array_params(case)
    positional, params = [], {}
    for i, value in enumerate(case.args):  # leading arrays by position, the rest by name
        key = names[i] if i < len(names) else varargs
        if key in row.arrays and not params:
            positional.append(np.shape(value))
        else:
            params[key] = np.shape(value) if key in row.arrays else value
    for key, value in case.kwargs.items():
        params[key] = np.shape(value) if key in row.arrays else value
    return tuple(positional), params


@pytest.mark.parametrize("case", CASES, ids=str)
def test_function_rows(case):
    fn = getattr(np, case.name)
    expected = numpy_outcome(fn, *case.args, **case.kwargs)
    assert not isinstance(expected, type), expected
    args = tuple(map(counted, case.args))
    kwargs = {k: counted(v) for k, v in case.kwargs.items()}
    target = _table_math.ALIASES.get(case.name, case.name)
    logged = [] if ROWS[target].kind == "free" else [target]
    for call in (getattr(fnp, case.name), fn):  # fnp.f(counted) and np.f(counted)
        result, cost, names = charged(flops.BudgetContext, call, *args, **kwargs)
        assert_same(result, expected)
        assert (cost, names) == (case.cost, logged)
    result, cost, _ = charged(me.BudgetContext, getattr(me, case.name), *case.args, **case.kwargs)
    assert_same(result, expected, counted=False)
    me_cost = case.cost if case.me_cost is None else case.me_cost
    assert cost == me_cost
    shapes, params = query(case)
    assert flops.cost(case.name, *shapes, **params) == case.cost
    assert me.flops.cost(case.name, *shapes, **params) == me_cost


def test_cost_rules_mirror_numpy_signatures():
    """``flops.cost`` takes NumPy's parameter names: every shaped:signature rule accepts them."""
    for op in _table_math.OPS:
        if op.kind != "shaped:signature":
            continue
        rule = inspect.signature(op.cost).parameters
        if any(p.kind is p.VAR_KEYWORD for p in rule.values()):
            continue
        numpy_params = signature(op.numpy).parameters.values()  # as the op table reads it
        names = {p.name for p in numpy_params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
        assert names <= set(rule), (op.name, names - set(rule))


def test_symmetric_inputs():
    s = flops.as_symmetric(np.arange(16.0).reshape(4, 4) + np.arange(16.0).reshape(4, 4).T)
    dense = np.asarray(s)
    # sum-like reductions bill the 10 unique elements, as sum does
    for name, per_element in (("nansum", 2), ("nanmean", 2), ("count_nonzero", 1)):
        result, cost, _ = charged(flops.BudgetContext, getattr(np, name), s)
        assert_same(result, getattr(np, name)(dense))
        assert cost == per_element * 10
    _, cost, _ = charged(flops.BudgetContext, np.subtract.reduce, s, axis=0)
    assert cost == 10
    # the other rows bill every element and return plain counted arrays
    for call, expected, cost in [
        (lambda: np.var(s, axis=0), np.var(dense, axis=0), 48),
        (lambda: np.median(s), np.median(dense), 17),
        (lambda: np.add.outer(s[0], s[1]), np.add.outer(dense[0], dense[1]), 16),
        (lambda: np.cumsum(s, axis=1), np.cumsum(dense, axis=1), 16),
    ]:
        result, billed, _ = charged(flops.BudgetContext, call)
        assert_same(result, expected)
        assert billed == cost


def test_every_function_row_has_a_case_and_a_formula():
    cased = {c.name for c in CASES}
    for op in _table_math.OPS:
        assert op.formula, op.name
        if "." not in op.name and op.kind != "ufunc":
            assert op.name in cased, op.name


EMPTY = [
    ("clip", (np.zeros((0, 3)), 0, 1), {}),
    ("round", (np.zeros(0),), {}),
    ("isclose", (np.zeros((2, 0)), 0.0), {}),
    ("interp", (np.zeros(0), [0.0, 1.0], [1.0, 2.0]), {}),
    ("nansum", (np.zeros((0, 4)),), {"axis": 0}),
    ("cumsum", (np.zeros((3, 0)),), {}),
    ("var", (np.zeros((0, 4)),), {"axis": 0}),
    ("std", (np.zeros(0),), {}),
    ("median", (np.zeros((4, 0)),), {"axis": 0}),
    ("quantile", (np.zeros((0, 4)), [0.5]), {"axis": 1}),
    ("nanpercentile", (np.zeros((2, 0)), 50), {"axis": 0}),
    ("average", (np.zeros((0, 4)),), {"axis": 0}),
    ("ptp", (np.zeros((3, 0)),), {"axis": 0}),
    ("diff", (np.zeros((3, 0)),), {}),
    ("diff", (np.zeros(1),), {"n": 3}),
    ("ediff1d", (np.zeros(0),), {}),
    ("trapezoid", (np.zeros((2, 0)),), {}),
    ("cov", (np.zeros((0, 3)),), {}),
    ("cov", (np.zeros((2, 0)),), {}),
    ("corrcoef", (np.zeros((0, 3)),), {}),
]


@pytest.mark.parametrize("name, args, kwargs", EMPTY, ids=[e[0] for e in EMPTY])
def test_empty_arrays_cost_nothing(name, args, kwargs):
    expected = numpy_outcome(getattr(np, name), *args, **kwargs)
    result, cost, _ = charged(flops.BudgetContext, getattr(fnp, name),
                              *map(counted, args), **kwargs)  # fmt: skip
    assert_same(result, expected)
    assert cost == 0


# ---------------------------------------------------------------------------
# keywords: out=, where=, dtype=, integer and complex input


def test_reduction_out_where_dtype_keepdims():
    out = np.empty((3, 5))
    for name, kwargs, cost in [
        ("var", {"axis": 1, "out": out, "where": A > -1}, 180),
        ("std", {"axis": 1, "dtype": np.float32, "out": out, "keepdims": False}, 195),
        ("nansum", {"axis": 1, "out": out, "where": A > 0}, 120),
        ("cumsum", {"axis": 1, "out": np.empty((3, 4, 5))}, 60),
        ("median", {"axis": 1, "out": out}, 75),
        ("nanmax", {"axis": 1, "out": out, "initial": -5.0, "where": A > 0}, 120),
        ("argmax", {"axis": 1, "out": np.empty((3, 5), dtype=np.intp)}, 60),
        ("ptp", {"axis": 1, "out": out}, 120),
    ]:
        expected = getattr(np, name)(A, **{**kwargs, "out": kwargs["out"].copy()})
        result, billed, _ = charged(flops.BudgetContext, getattr(fnp, name), fnp.asarray(A),
                                    **kwargs)  # fmt: skip
        assert result is kwargs["out"] and billed == cost, name
        np.testing.assert_array_equal(result, expected)
    for name in ("var", "nansum", "cumsum", "median", "argmax", "percentile"):
        extra = (50,) if name == "percentile" else ()
        with pytest.raises(TypeError, match="read-only"):
            getattr(fnp, name)(A, *extra, axis=1, out=fnp.zeros((3, 5)))
    with pytest.raises(TypeError, match="read-only"):
        np.round(A, 2, fnp.zeros(A.shape))  # out passed positionally


def test_integer_and_complex_reductions():
    for name, a in (("var", I), ("std", C), ("median", I), ("average", C), ("ptp", I),
                    ("argmax", I), ("cumprod", I), ("nanvar", C), ("cov", I)):  # fmt: skip
        expected = getattr(np, name)(a)
        result, cost, _ = charged(flops.BudgetContext, getattr(fnp, name), fnp.asarray(a))
        assert_same(result, expected)
        assert cost == flops.cost(name, a.shape) > 0  # complex counts like real


def test_counted_array_methods():
    ca = fnp.asarray(A)
    for method, args, cost in [
        ("var", (1,), 180), ("std", (), 181), ("argmax", (2,), 60), ("argmin", (), 60),
        ("cumsum", (0,), 60), ("cumprod", (), 60), ("clip", (-0.5, 0.5), 60),
        ("clip", (0.2,), 60), ("clip", (None, fnp.asarray(A[0])), 60),
        ("round", (2,), 60), ("conj", (), 60), ("conjugate", (), 60),
    ]:  # fmt: skip
        expected = getattr(A, method)(*args)
        result, billed, _ = charged(flops.BudgetContext, getattr(ca, method), *args)
        assert_same(result, expected)
        assert billed == cost, method


def test_rows_that_write_refuse_counted_arrays():
    for call in (
        lambda: fnp.nan_to_num(fnp.asarray(SPECIAL), copy=False),
        lambda: np.median(fnp.asarray(A), overwrite_input=True),
        lambda: fnp.percentile(fnp.asarray(A), 50, None, None, True),
        lambda: np.nanquantile(fnp.asarray(A_NAN), 0.5, overwrite_input=True),
    ):
        with pytest.raises(TypeError, match=re.escape(READ_ONLY_MESSAGE)):
            call()
    data = SPECIAL.copy()
    result, cost, _ = charged(flops.BudgetContext, fnp.nan_to_num, data, copy=False)
    assert cost == 12 and np.isfinite(data).all()  # plain arrays are NumPy's to change
    np.testing.assert_array_equal(result, data)
    data = A.copy()
    result, cost, _ = charged(me.BudgetContext, me.median, data, overwrite_input=True)
    assert result == np.median(A) and cost == 61


def test_numpy_errors_pass_through_unbilled():
    with flops.BudgetContext(10**6, quiet=True) as ctx:
        for call, error in [
            (lambda: fnp.var(A, axis=3), np.exceptions.AxisError),
            (lambda: fnp.diff(fnp.asarray(3.0)), ValueError),
            (lambda: fnp.diff(A, -1), ValueError),
            (lambda: fnp.gradient(A[:1]), ValueError),
            (lambda: fnp.gradient(A, 1.0, 2.0), TypeError),
            (lambda: fnp.convolve(A, A), ValueError),
            (lambda: fnp.convolve(F[0], F[0], mode="diagonal"), ValueError),
            (lambda: fnp.cov(A), ValueError),
            (lambda: fnp.quantile(A, 2.0), ValueError),
            (lambda: fnp.average(A, axis=1, weights=np.zeros(4)), ZeroDivisionError),
        ]:
            with pytest.raises(error):
                call()
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0


# ---------------------------------------------------------------------------
# properties over random shapes, one per category

shapes = st.lists(st.integers(0, 4), min_size=1, max_size=4).map(tuple)


@st.composite
def shape_and_axis(draw):
    shape = draw(shapes)
    axis = draw(
        st.one_of(
            st.none(),
            st.integers(-len(shape), len(shape) - 1),
            st.lists(st.integers(0, len(shape) - 1), min_size=1, unique=True).map(tuple),
        )
    )
    return shape, axis


@st.composite
def broadcastable(draw):
    s1 = draw(shapes)
    tail = s1[len(s1) - draw(st.integers(0, len(s1))) :]
    s2 = tuple(draw(st.sampled_from([d, 1])) for d in tail)
    return (s1, s2) if draw(st.booleans()) else (s2, s1)


@settings(max_examples=40, deadline=None)
@given(broadcastable(), st.sampled_from(["arctan2", "hypot", "logaddexp", "fmax", "copysign"]))
def test_property_binary_ufuncs_bill_the_broadcast_output(pair, name):
    s1, s2 = pair
    x, y = np.ones(s1), np.full(s2, 0.5)
    result, cost, _ = charged(flops.BudgetContext, getattr(np, name), fnp.asarray(x), y)
    assert_same(result, getattr(np, name)(x, y))
    assert cost == math.prod(np.broadcast_shapes(s1, s2)) == flops.cost(name, s1, s2)


@settings(max_examples=40, deadline=None)
@given(shape_and_axis(), st.sampled_from(["var", "std", "median", "nanmean", "ptp", "argmax"]))
def test_property_reductions(shape_axis, name):
    shape, axis = shape_axis
    a = np.arange(math.prod(shape), dtype=float).reshape(shape)
    if name == "argmax" and isinstance(axis, tuple):
        axis = axis[0]
    expected = numpy_outcome(getattr(np, name), a, axis=axis)
    if isinstance(expected, type):
        with pytest.raises(expected):
            getattr(fnp, name)(fnp.asarray(a), axis=axis)
        return
    result, cost, _ = charged(flops.BudgetContext, getattr(fnp, name), fnp.asarray(a), axis=axis)
    assert_same(result, expected)
    size = a.size
    lanes = 1 if axis is None else np.asarray(expected).size
    oracle = {
        "var": 3 * size,
        "std": 3 * size + (lanes if size else 0),
        "median": size + (lanes if size else 0),
        "nanmean": 2 * size,
        "ptp": 2 * size,
        "argmax": size,
    }[name]
    assert cost == oracle == flops.cost(name, shape, axis=axis)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.sampled_from(["full", "same", "valid"]))
def test_property_convolution_bills_the_multiply_adds_performed(n, k, mode):
    # each output of convolving ones with ones is the number of products summed there
    terms = int(np.convolve(np.ones(n), np.ones(k), mode).sum())
    a, v = np.arange(1.0, n + 1), np.arange(2.0, k + 2)
    for name in ("convolve", "correlate"):
        result, cost, _ = charged(flops.BudgetContext, getattr(np, name), fnp.asarray(a), v, mode)
        assert_same(result, getattr(np, name)(a, v, mode))
        assert cost == terms == flops.cost(name, (n,), (k,), mode=mode)
        assert me.flops.cost(name, (n,), (k,), mode=mode) == 2 * terms


@settings(max_examples=40, deadline=None)
@given(shapes, st.integers(0, 5), st.data())
def test_property_diff_bills_each_pass(shape, n, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    a = np.zeros(shape)
    oracle, step = 0, a
    for _ in range(n):
        step = np.diff(step, axis=axis)
        oracle += step.size
    result, cost, _ = charged(flops.BudgetContext, fnp.diff, a, n, axis)
    assert_same(result, np.diff(a, n, axis))
    assert cost == oracle == flops.cost("diff", shape, n=n, axis=axis)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(0, 3), st.data())
def test_property_reduceat_and_at(n, rows, data):
    indices = data.draw(st.lists(st.integers(0, n - 1), max_size=8))
    a = np.arange(rows * n, dtype=float).reshape(rows, n)
    oracle = 0
    for i, start in enumerate(indices):
        end = indices[i + 1] if i + 1 < len(indices) else n
        oracle += rows * (end - start if end > start else 1)
    expected = numpy_outcome(np.add.reduceat, a, indices, axis=1)
    if isinstance(expected, type):  # NumPy refuses an empty list of indices on some builds
        return
    result, cost, _ = charged(flops.BudgetContext, np.add.reduceat, fnp.asarray(a), indices,
                              axis=1)  # fmt: skip
    assert_same(result, expected)
    assert cost == oracle
    target, reference = a.copy(), a.copy()
    np.multiply.at(reference, (slice(None), indices), 2.0)
    result, cost, _ = charged(flops.BudgetContext, np.multiply.at, target,
                              (slice(None), indices), fnp.asarray(2.0))  # fmt: skip
    np.testing.assert_array_equal(target, reference)
    assert cost == rows * len(indices)
