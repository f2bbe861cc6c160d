"""numpy.linalg and NumPy's contractions, counted.

Every row returns exactly what NumPy returns (values, dtype, shape, and result type, named
tuples included), is billed its documented formula in both flavors, and the cost query
answers the same number. Stacks multiply the cost, empty inputs cost nothing, and a call
NumPy rejects (LinAlgError included) leaves the budget and the log untouched.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from itertools import product
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _cost_linalg, _table_linalg
from flopscope._array import READ_ONLY_MESSAGE
from flopscope._table import UNAVAILABLE
from flopscope.numpy import CountedArray

INF = np.inf


# ---------------------------------------------------------------------------
# the documented formulas, re-derived here with exact fractions


def up(x: Any) -> int:
    """Round a documented (possibly fractional) count up to whole FLOPs."""
    return math.ceil(Fraction(x))


def lu(n: int) -> int:
    return up(Fraction(2 * n**3, 3))


def inverse(n: int) -> int:
    return up(Fraction(8 * n**3, 3))


def house(m: int, q: int, k: int) -> int:
    return up(4 * m * q * k - 2 * (m + q) * k * k + Fraction(4 * k**3, 3))


def svdv(m: int, n: int) -> int:  # singular values alone
    return up(Fraction(m * n * min(m, n), 2))


@cache
def chain_brute_force(dims: tuple[int, ...]) -> int:
    """Fewest multiply-adds over every parenthesisation of a matrix chain."""
    if len(dims) <= 2:
        return 0
    return min(
        chain_brute_force(dims[: k + 1])
        + chain_brute_force(dims[k:])
        + dims[0] * dims[k] * dims[-1]
        for k in range(1, len(dims) - 1)
    )


# ---------------------------------------------------------------------------
# flavors


@dataclass(frozen=True)
class Flavor:
    np_: Any  # fnp or me
    budget: Any
    cost: Any
    counted: bool
    fma: int


FNP = Flavor(fnp, flops.BudgetContext, flops.cost, True, 1)
ME = Flavor(me, me.BudgetContext, me.flops.cost, False, 2)
FLAVORS = [pytest.param(FNP, id="flopscope"), pytest.param(ME, id="mechestim")]


def resolve(root: Any, name: str) -> Any:
    for part in name.split("."):
        root = getattr(root, part)
    return root


def charged(flavor: Flavor, fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, int, list[str]]:
    """(result, FLOPs charged, op names logged) of one call inside a fresh budget."""
    with flavor.budget(10**12, quiet=True) as ctx:
        result = fn(*args, **kwargs)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


def assert_same(result: Any, expected: Any, counted: bool) -> None:
    """``result`` is what NumPy returned: same type (named tuples too), values, dtype, shape;
    flopscope's arrays (and NumPy scalars) come back as read-only counted arrays."""
    if isinstance(expected, tuple):
        assert type(result) is type(expected)
        assert len(result) == len(expected)
        for r, e in zip(result, expected, strict=True):
            assert_same(r, e, counted)
        return
    if type(expected) in (int, float, bool):
        assert type(result) is type(expected) and result == expected
        return
    if counted:
        assert type(result) is CountedArray and not result.flags.writeable
    else:
        assert type(result) is type(expected)
    r, e = np.asarray(result), np.asarray(expected)
    assert (r.dtype, r.shape) == (e.dtype, e.shape)
    np.testing.assert_allclose(r, e, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------
# data


def _rng() -> np.random.Generator:
    return np.random.default_rng(7)


def gaussian(*shape: int) -> np.ndarray:
    return _rng().standard_normal(shape)


def spd(*shape: int) -> np.ndarray:
    """Symmetric positive definite matrices (a stack of them)."""
    x = gaussian(*shape)
    return x @ np.swapaxes(x, -1, -2) + shape[-1] * np.eye(shape[-1])


def complex_gaussian(*shape: int) -> np.ndarray:
    return gaussian(*shape) + 1j * _rng().uniform(size=shape)


@dataclass
class Case:
    """One call: ``name(*arrays, **params)`` and its documented cost as a function of FMA."""

    name: str
    arrays: list[Any]
    cost: Any  # fma -> FLOPs
    params: dict[str, Any] = field(default_factory=dict)
    sequence: bool = False  # multi_dot: the arrays are passed as one list
    id: str = ""

    def args(self, arrays: list[Any]) -> tuple:
        return (arrays,) if self.sequence else tuple(arrays)

    def shapes(self) -> list[tuple[int, ...]]:
        return [np.shape(a) for a in self.arrays]


def case(name: str, arrays: list[Any], cost: Any, id: str = "", sequence: bool = False,
         **params: Any) -> Any:  # fmt: skip
    cost_fn = cost if callable(cost) else (lambda fma, c=cost: c)
    c = Case(name, arrays, cost_fn, params, sequence, id)
    return pytest.param(c, id=f"{name}-{id}" if id else name)


CASES = [
    # factorisations and solvers (flavor-independent)
    case("linalg.cholesky", [spd(2, 4, 4)], 2 * up(Fraction(64, 3)), "stack"),
    case("linalg.cholesky", [spd(4, 4)], up(Fraction(64, 3)), "upper", upper=True),
    case("linalg.det", [gaussian(3, 5, 5)], 3 * lu(5), "stack"),
    case("linalg.det", [complex_gaussian(5, 5)], lu(5), "complex"),
    case("linalg.slogdet", [gaussian(5, 5)], lu(5)),
    case("linalg.inv", [gaussian(2, 3, 3)], 2 * inverse(3), "stack"),
    case("linalg.solve", [gaussian(4, 4), gaussian(4)], lu(4) + 2 * 16, "vector"),
    case("linalg.solve", [gaussian(2, 4, 4), gaussian(4, 3)], 2 * (lu(4) + 2 * 16 * 3), "3rhs"),
    case("linalg.solve", [gaussian(2, 4, 4), gaussian(3, 1, 4, 2)], 6 * (lu(4) + 2 * 16 * 2),
         "broadcast"),
    case("linalg.solve", [gaussian(4, 4), gaussian(4, 0)], lu(4), "no-rhs"),  # LU still runs
    case("linalg.tensorinv", [gaussian(4, 6, 8, 3)], inverse(24), ind=2),
    case("linalg.tensorinv", [gaussian(6, 2, 3)], inverse(6), "ind1", ind=1),
    case("linalg.tensorsolve", [gaussian(2, 3, 6), gaussian(2, 3)], lu(6) + 2 * 36),
    case("linalg.tensorsolve", [gaussian(6, 2, 3), gaussian(2, 3)], lu(6) + 2 * 36, "axes",
         axes=(0,)),
    case("linalg.qr", [gaussian(6, 4)], 2 * house(6, 4, 4), "reduced"),
    case("linalg.qr", [gaussian(2, 6, 4)], 2 * (house(6, 4, 4) + house(6, 6, 4)), "complete",
         mode="complete"),
    case("linalg.qr", [gaussian(6, 4)], house(6, 4, 4), "r", mode="r"),
    case("linalg.qr", [gaussian(6, 4)], house(6, 4, 4), "raw", mode="raw"),
    case("linalg.qr", [gaussian(3, 5)], house(3, 5, 3) + house(3, 3, 3), "wide"),
    case("linalg.qr", [gaussian(3, 5)], house(3, 5, 3) + house(3, 3, 3), "wide-complete",
         mode="complete"),
    case("linalg.svd", [gaussian(2, 6, 4)], 2 * 6 * 4 * 4, "stack"),
    case("linalg.svd", [gaussian(4, 6)], 4 * 6 * 4, "thin", full_matrices=False),
    case("linalg.svd", [gaussian(2, 6, 4)], 2 * svdv(6, 4), "values", compute_uv=False),
    case("linalg.svd", [spd(5, 5)], 125, "hermitian", hermitian=True),
    case("linalg.svd", [complex_gaussian(3, 4)], 3 * 4 * 3, "complex"),
    case("linalg.svdvals", [gaussian(6, 4)], svdv(6, 4)),
    case("linalg.eig", [gaussian(4, 4)], 25 * 64),
    case("linalg.eigvals", [gaussian(2, 4, 4)], 2 * 10 * 64, "stack"),
    case("linalg.eigh", [spd(3, 4, 4)], 3 * 64, "stack"),
    case("linalg.eigh", [spd(4, 4)], 64, "upper", UPLO="U"),
    case("linalg.eigvalsh", [spd(5, 5)], up(Fraction(125, 2))),
    case("linalg.pinv", [gaussian(6, 4)], lambda f: 6 * 4 * 4 + 4 + 4 * 6 + f * 4 * 4 * 6),
    case("linalg.pinv", [spd(2, 3, 3)], lambda f: 2 * (27 + 3 + 9 + f * 27), "hermitian",
         hermitian=True),
    case("linalg.lstsq", [gaussian(6, 4), gaussian(6)],
         lambda f: 96 + 4 + (f * 10 * 4 + 4 + f * 2), "vector"),
    case("linalg.lstsq", [gaussian(6, 4), gaussian(6, 3)],
         lambda f: 96 + 4 + 3 * (f * 10 * 4 + 4 + f * 2), "3rhs", rcond=None),
    case("linalg.lstsq", [gaussian(3, 5), gaussian(3, 2)],
         lambda f: 45 + 3 + 2 * (f * 8 * 3 + 3), "wide"),
    case("linalg.matrix_rank", [gaussian(3, 6, 4)], 3 * (svdv(6, 4) + 4), "stack"),
    case("linalg.matrix_rank", [gaussian(5)], 5, "vector"),
    case("linalg.matrix_rank", [spd(4, 4)], svdv(4, 4) + 4, "hermitian", hermitian=True),
    case("linalg.cond", [gaussian(4, 4)], svdv(4, 4) + 1),
    case("linalg.cond", [gaussian(2, 3, 5)], 2 * (svdv(3, 5) + 1), "minus2", p=-2),
    case("linalg.cond", [gaussian(4, 4)], inverse(4) + 2 * (16 + 4) + 1, "p1", p=1),
    case("linalg.cond", [gaussian(4, 4)], inverse(4) + 2 * (16 + 4) + 1, "pinf", p=INF),
    case("linalg.cond", [gaussian(4, 4)], lambda f: inverse(4) + 2 * (f * 16 + 1) + 1, "fro",
         p="fro"),
    # norms
    case("linalg.norm", [gaussian(3, 4)], lambda f: f * 12 + 1, "default"),
    case("linalg.norm", [gaussian(2, 3, 4)], lambda f: f * 24 + 1, "flat"),
    case("linalg.norm", [gaussian(3, 4)], svdv(3, 4) + 3, "2", ord=2),
    case("linalg.norm", [gaussian(3, 4)], svdv(3, 4) + 3, "nuc", ord="nuc"),
    case("linalg.norm", [gaussian(3, 4)], 12 + 4, "1", ord=1),
    case("linalg.norm", [gaussian(3, 4)], 12 + 3, "inf", ord=INF),
    case("linalg.norm", [gaussian(3, 4)], 12 + 3, "-inf", ord=-INF),
    case("linalg.norm", [gaussian(3, 4)], lambda f: f * 12 + 1, "fro", ord="fro"),
    case("linalg.norm", [gaussian(3, 4)], lambda f: 3 * (f * 4 + 1), "axis1", axis=1),
    case("linalg.norm", [gaussian(3, 4)], 4 * (2 * 3 + 1), "p3", ord=3, axis=0),
    case("linalg.norm", [gaussian(3, 4)], 3 * 4, "0", ord=0, axis=1),
    case("linalg.norm", [gaussian(5)], 5, "vector-inf", ord=INF),
    case("linalg.norm", [gaussian(5)], 2 * 5 + 1, "vector-minus1", ord=-1),
    case("linalg.norm", [gaussian(2, 3, 4)], lambda f: 2 * (f * 12 + 1), "axes12",
         axis=(1, 2), keepdims=True),
    case("linalg.norm", [complex_gaussian(3, 4)], lambda f: f * 12 + 1, "complex"),
    case("linalg.vector_norm", [gaussian(2, 3, 4)], lambda f: f * 24 + 1),
    case("linalg.vector_norm", [gaussian(2, 3, 4)], 3 * 8, "axes", axis=(0, 2), ord=1),
    case("linalg.vector_norm", [gaussian(2, 3, 4)], 2 * 4 * 3, "axis-inf", axis=1, ord=INF,
         keepdims=True),
    case("linalg.matrix_norm", [gaussian(2, 3, 4)], lambda f: 2 * (f * 12 + 1)),
    case("linalg.matrix_norm", [gaussian(2, 3, 4)], 2 * (svdv(3, 4) + 3), "-2", ord=-2),
    # products
    case("linalg.matrix_power", [gaussian(2, 3, 3)], lambda f: 2 * 3 * 27 * f, "5", n=5),
    case("linalg.matrix_power", [gaussian(3, 3)], lambda f: 27 * f + inverse(3), "-2", n=-2),
    case("linalg.matrix_power", [gaussian(3, 3)], 0, "0", n=0),
    case("linalg.matrix_power", [gaussian(3, 3)], 0, "1", n=1),
    case("linalg.matrix_power", [gaussian(3, 3)], lambda f: 2 * 27 * f, "3", n=3),
    case("linalg.matrix_power", [gaussian(2, 2)], lambda f: (6 + 2) * 8 * f, "100", n=100),
    case("linalg.multi_dot", [gaussian(10, 100), gaussian(100, 5), gaussian(5, 50)],
         lambda f: 7500 * f, "three", sequence=True),
    case("linalg.multi_dot", [gaussian(20), gaussian(20, 30), gaussian(30)],
         lambda f: 620 * f, "vectors", sequence=True),
    case("linalg.multi_dot", [gaussian(10, 20), gaussian(20, 30), gaussian(30, 40),
                              gaussian(40, 5)],
         lambda f: chain_brute_force((10, 20, 30, 40, 5)) * f, "four", sequence=True),
    case("linalg.multi_dot", [gaussian(3, 4), gaussian(4, 5)], lambda f: 60 * f, "two",
         sequence=True),
    case("tensordot", [gaussian(3, 4, 5), gaussian(4, 5, 6)], lambda f: 3 * 20 * 6 * f),
    case("tensordot", [gaussian(3, 4), gaussian(5, 3)], lambda f: 4 * 3 * 5 * f, "pairs",
         axes=([0], [1])),
    case("tensordot", [gaussian(2, 3), gaussian(4)], 24, "outer", axes=0),
    case("linalg.tensordot", [gaussian(3, 4, 5), gaussian(4, 5, 6)], lambda f: 360 * f),
    case("linalg.tensordot", [gaussian(3, 4), gaussian(4, 2)], lambda f: 24 * f, "1", axes=1),
    case("inner", [gaussian(2, 3), gaussian(4, 3)], lambda f: 24 * f),
    case("inner", [gaussian(2, 3), 2.0], 6, "scalar"),
    case("outer", [gaussian(3), gaussian(4)], 12),
    case("outer", [gaussian(2, 3), gaussian(4)], 24, "flattened"),
    case("linalg.outer", [gaussian(3), gaussian(4)], 12),
    case("kron", [gaussian(2, 3), gaussian(4, 5)], 120),
    case("kron", [gaussian(2, 3), gaussian(4)], 24, "ndim"),
    case("vdot", [gaussian(3, 4), gaussian(12)], lambda f: 12 * f),
    case("vdot", [complex_gaussian(5), complex_gaussian(5)], lambda f: 5 * f, "complex"),
    case("linalg.matmul", [gaussian(2, 3, 4), gaussian(4, 5)], lambda f: 120 * f),
    case("vecdot", [gaussian(5, 3), gaussian(3)], lambda f: 15 * f),
    case("vecdot", [gaussian(3, 5), gaussian(3, 5)], lambda f: 15 * f, "axis", axis=0),
    case("vecdot", [gaussian(3, 5), gaussian(3, 5)], lambda f: 15 * f, "axes",
         axes=[(0,), (0,), ()]),
    case("vecdot", [gaussian(2, 1, 4), gaussian(3, 4)], lambda f: 24 * f, "broadcast",
         keepdims=True),
    case("linalg.vecdot", [gaussian(3, 5), gaussian(3, 5)], lambda f: 15 * f, axis=0),
    case("matvec", [gaussian(2, 3, 4), gaussian(4)], lambda f: 24 * f),
    case("matvec", [gaussian(4, 3), gaussian(4)], lambda f: 12 * f, "axes",
         axes=[(1, 0), (0,), (0,)]),
    case("vecmat", [gaussian(3), gaussian(2, 3, 4)], lambda f: 24 * f),
    case("trace", [gaussian(3, 4)], 3),
    case("trace", [gaussian(2, 3, 4)], 2 * 3, "offset", offset=1, axis1=1, axis2=2),
    case("trace", [gaussian(4, 3, 2)], 2 * 3, "negative-offset", offset=-1),
    case("trace", [gaussian(3, 3)], 0, "past-the-corner", offset=5),
    case("linalg.trace", [gaussian(2, 3, 4)], 2 * 3),
    case("linalg.trace", [gaussian(2, 3, 4)], 2 * 2, "offset", offset=2),
    case("cross", [gaussian(4, 3), gaussian(3)], 4 * 9),
    case("cross", [gaussian(3, 4), gaussian(4, 3)], 4 * 9, "axes", axisa=0),
    case("linalg.cross", [gaussian(4, 3), gaussian(4, 3)], 4 * 9),
    case("linalg.cross", [gaussian(3, 2), gaussian(3, 1)], 2 * 9, "axis", axis=0),
]  # fmt: skip


def run_case(flavor: Flavor, c: Case) -> tuple[Any, int, list[str]]:
    return charged(flavor, resolve(flavor.np_, c.name), *c.args(c.arrays), **c.params)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("c", CASES)
def test_rows_equal_numpy_and_bill_the_documented_cost(flavor, c):
    expected = resolve(np, c.name)(*c.args(c.arrays), **c.params)
    result, cost, names = run_case(flavor, c)
    assert_same(result, expected, flavor.counted)
    assert cost == c.cost(flavor.fma)
    assert names == [c.name]
    assert flavor.cost(c.name, *c.shapes(), **c.params) == cost


@pytest.mark.parametrize("c", CASES)
def test_counted_inputs_are_billed_like_plain_ones(c):
    counted = [fnp.asarray(a) if isinstance(a, np.ndarray) else a for a in c.arrays]
    result, cost, names = charged(FNP, resolve(fnp, c.name), *c.args(counted), **c.params)
    expected = resolve(np, c.name)(*c.args(c.arrays), **c.params)
    assert_same(result, expected, True)
    assert (cost, names) == (c.cost(1), [c.name])


def test_every_row_has_a_case():
    """The table above covers every counted row of the family."""
    covered = {c.values[0].name for c in CASES}
    counted = {op.name for op in _table_linalg.OPS if op.kind != "free"}
    assert counted == covered


# ---------------------------------------------------------------------------
# NumPy's own entry points reach the counted functions


def test_numpy_calls_on_counted_arrays_are_billed_like_fnp():
    a, b = gaussian(4, 4), gaussian(4, 3)
    ca, cb = fnp.asarray(a), fnp.asarray(b)
    calls = [
        (lambda: np.linalg.svd(ca), np.linalg.svd(a), "linalg.svd", 64),
        (lambda: np.linalg.solve(ca, b), np.linalg.solve(a, b), "linalg.solve", lu(4) + 96),
        (lambda: np.linalg.norm(ca, 1), np.linalg.norm(a, 1), "linalg.norm", 20),
        (lambda: np.tensordot(ca, cb, 1), np.tensordot(a, b, 1), "tensordot", 48),
        (lambda: np.inner(ca, a), np.inner(a, a), "inner", 64),
        (lambda: np.kron(ca, b), np.kron(a, b), "kron", 192),
        (lambda: np.vecdot(ca, a), np.vecdot(a, a), "vecdot", 16),
        (lambda: np.trace(ca), np.trace(a), "trace", 4),
        (lambda: ca.trace(offset=1), a.trace(offset=1), "trace", 3),
        (lambda: np.cross(ca[:, :3], b), np.cross(a[:, :3], b), "cross", 36),
        (lambda: np.linalg.multi_dot([ca, a, cb]), np.linalg.multi_dot([a, a, b]),
         "linalg.multi_dot", 96),
    ]  # fmt: skip
    if "matvec" not in UNAVAILABLE:  # NumPy >= 2.2
        calls.append((lambda: np.matvec(ca, a[0]), np.matvec(a, a[0]), "matvec", 16))
    for call, expected, name, flops_ in calls:
        result, cost, names = charged(FNP, call)
        assert_same(result, expected, True)
        assert (cost, names) == (flops_, [name])


def test_linalg_views_are_free():
    a = gaussian(2, 3, 4)
    for name in ("linalg.diagonal", "linalg.matrix_transpose"):
        for flavor in (FNP, ME):
            result, cost, names = charged(flavor, resolve(flavor.np_, name), a)
            assert_same(result, resolve(np, name)(a), flavor.counted)
            assert (cost, names) == (0, [])


def test_linalg_error_class_is_numpys():
    assert fnp.linalg.LinAlgError is np.linalg.LinAlgError
    assert me.linalg.LinAlgError is np.linalg.LinAlgError


def test_numpy_test_runner_is_refused_with_a_reason():
    with pytest.raises(AttributeError, match="test suite"):
        fnp.linalg.test  # noqa: B018


def test_the_whole_linalg_namespace_is_covered():
    rows = {op.name for op in _table_linalg.OPS}
    handled = rows | set(_table_linalg.REFUSED) | set(_table_linalg.PASSTHROUGH)
    public = {f"linalg.{n}" for n in dir(np.linalg) if not n.startswith("_")}
    public = {n for n in public if not isinstance(resolve(np, n), type(np))}  # submodules
    assert public <= handled
    for name in ("tensordot", "inner", "outer", "kron", "vdot", "vecdot", "matvec", "vecmat",
                 "trace", "cross"):  # fmt: skip
        assert name in rows
        if name not in UNAVAILABLE:  # matvec, vecmat: NumPy >= 2.2
            assert callable(getattr(fnp, name)) and callable(getattr(me, name))


# ---------------------------------------------------------------------------
# failures leave no trace


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    "name, args",
    [
        ("linalg.inv", (np.zeros((3, 3)),)),
        ("linalg.solve", (np.ones((2, 2)), np.ones(2))),
        ("linalg.cholesky", (-np.eye(3),)),
        ("linalg.tensorsolve", (np.zeros((2, 2, 4)), np.ones((2, 2)))),
        ("linalg.matrix_power", (np.zeros((2, 2)), -1)),
        ("linalg.cond", (np.zeros((0, 0)),)),
    ],
)
def test_linalg_errors_propagate_and_leave_budget_and_log_untouched(flavor, name, args):
    with pytest.raises(np.linalg.LinAlgError) as numpy_error:
        resolve(np, name)(*args)
    with flavor.budget(10**9, quiet=True) as ctx:
        with pytest.raises(np.linalg.LinAlgError) as error:
            resolve(flavor.np_, name)(*args)
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    assert str(error.value) == str(numpy_error.value)


INVALID = [
    ("linalg.inv", [(2, 3)], {}),
    ("linalg.inv", [(3,)], {}),
    ("linalg.det", [(2, 2, 3)], {}),
    ("linalg.svd", [(4,)], {}),
    ("linalg.qr", [(3, 3)], {"mode": "x"}),
    ("linalg.solve", [(3, 3), (4,)], {}),
    ("linalg.solve", [(3, 3), (2, 3)], {}),
    ("linalg.solve", [(3, 3), ()], {}),
    ("linalg.lstsq", [(3, 2), (4,)], {}),
    ("linalg.lstsq", [(2, 3, 2), (3,)], {}),
    ("linalg.tensorinv", [(2, 2)], {"ind": 0}),
    ("linalg.tensorinv", [(2, 3, 4)], {"ind": 1}),
    ("linalg.tensorinv", [(0, 0)], {"ind": 1}),
    ("linalg.tensorsolve", [(2, 3, 5), (2, 3)], {}),
    ("linalg.cond", [(3, 2)], {"p": 1}),
    ("linalg.cond", [(3, 3)], {"p": 3}),
    ("linalg.norm", [(3, 3)], {"ord": 3}),
    ("linalg.norm", [(3,)], {"ord": "fro"}),
    ("linalg.norm", [(3, 3, 3)], {"ord": 2}),
    ("linalg.norm", [(3, 3)], {"axis": (0, 0)}),
    ("linalg.norm", [(3, 3)], {"axis": 2}),
    ("linalg.vector_norm", [(3, 3)], {"axis": (0, 0)}),
    ("linalg.matrix_norm", [(3,)], {}),
    ("linalg.matrix_power", [(2, 3)], {"n": 2}),
    ("linalg.matrix_power", [(3, 3)], {"n": 1.5}),
    ("linalg.multi_dot", [(2, 3)], {}),
    ("linalg.multi_dot", [(2, 3), (3, 4, 1), (1,)], {}),
    ("linalg.multi_dot", [(2, 3), (4, 4), (4,)], {}),
    ("tensordot", [(2, 3), (3, 2)], {"axes": ([1, 1], [0, 1])}),
    ("tensordot", [(2, 3), (2, 3)], {"axes": 1}),
    ("inner", [(2, 3), (2, 4)], {}),
    ("vdot", [(3,), (4,)], {}),
    ("linalg.outer", [(2, 2), (3,)], {}),
    ("vecdot", [(2, 3), (2, 4)], {}),
    ("vecdot", [(), (3,)], {}),
    ("matvec", [(3, 2), (3,)], {}),
    ("matvec", [(3, 3), (3,)], {"axis": 0}),
    ("matvec", [(3, 3), (3,)], {"axes": [(0, 1), (0,)]}),
    ("vecdot", [(3, 3), (3, 3)], {"axes": [(0, 1), (0,), ()]}),
    ("trace", [(3,)], {}),
    ("trace", [(3, 3)], {"axis1": 1, "axis2": 1}),
    ("trace", [(3, 3)], {"axis1": 5}),
    ("cross", [(2, 4), (2, 3)], {}),
    ("cross", [(), (3,)], {}),
    ("cross", [(2, 3), (4, 3)], {}),
    ("linalg.cross", [(2, 2), (2, 3)], {}),
]


@pytest.mark.parametrize("name, shapes, params", INVALID)
def test_invalid_calls_fail_like_numpy_and_are_not_billed(name, shapes, params):
    arrays = [np.ones(s) for s in shapes]
    args = (arrays,) if name == "linalg.multi_dot" else tuple(arrays)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(Exception) as numpy_error:
            resolve(np, name)(*args, **params)
        kind = type(numpy_error.value)
        with flops.BudgetContext(10**9, quiet=True) as ctx:
            with pytest.raises(kind):
                resolve(fnp, name)(*args, **params)
            with pytest.raises(kind):
                resolve(me, name)(*args, **params)
            assert ctx.flops_used == 0 and len(ctx.op_log) == 0
        with pytest.raises(kind):
            flops.cost(name, *shapes, **params)


def test_over_budget_calls_are_refused_before_running():
    a = gaussian(50, 50)
    with flops.BudgetContext(1000, quiet=True) as ctx:
        with pytest.raises(flops.BudgetExhaustedError) as error:
            fnp.linalg.inv(a)
        assert error.value.flop_cost == inverse(50)
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0


# ---------------------------------------------------------------------------
# svd(a, k=...): a truncated SVD at m·n·k, the price flops.svd_cost quotes


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("hermitian", [False, True])
def test_truncated_svd_returns_the_top_k_triplets_at_m_n_k(flavor, hermitian):
    a = spd(2, 6, 6) if hermitian else gaussian(2, 7, 5)
    m, n = a.shape[-2:]
    for k in (0, 1, 3, min(m, n)):
        result, cost, names = charged(flavor, flavor.np_.linalg.svd, a, hermitian=hermitian, k=k)
        full = np.linalg.svd(a, full_matrices=False, hermitian=hermitian)
        expected = type(full)(full.U[..., :k], full.S[..., :k], full.Vh[..., :k, :])
        assert_same(result, expected, flavor.counted)
        u, s, _ = (np.asarray(x) for x in result)
        np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False)[..., :k], rtol=1e-10)
        np.testing.assert_allclose(np.swapaxes(u, -1, -2) @ u, np.broadcast_to(np.eye(k),
                                   (2, k, k)), atol=1e-10)  # fmt: skip
        assert cost == 2 * m * n * k == 2 * flops.svd_cost(m, n, k) == 2 * me.flops.svd_cost(m,
                                                                                         n, k)  # fmt: skip
        assert flavor.cost("linalg.svd", a.shape, k=k, hermitian=hermitian) == cost
        assert names == ["linalg.svd"]


def test_truncated_svd_values_only_and_the_spec_figure():
    assert flops.svd_cost(m=256, n=256, k=10) == me.flops.svd_cost(256, 256, 10) == 655_360
    assert flops.cost("linalg.svd", (256, 256), k=10) == 655_360
    assert flops.svd_cost(256, 256) == flops.cost("linalg.svd", (256, 256)) == 256**3
    a = gaussian(64, 48)
    s, cost, _ = charged(ME, me.linalg.svd, a, compute_uv=False, k=10)
    assert_same(s, np.linalg.svd(a, compute_uv=False)[:10], False)
    assert cost == 64 * 48 * 10 // 2 == me.flops.cost("linalg.svd", a.shape, compute_uv=False, k=10)


@pytest.mark.parametrize("k, error", [(5, ValueError), (-1, ValueError), (1.5, TypeError)])
def test_truncated_svd_rejects_a_bad_k_without_billing(k, error):
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        with pytest.raises(error, match="k must"):
            fnp.linalg.svd(gaussian(4, 6), k=k)
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    with pytest.raises(error):
        flops.cost("linalg.svd", (4, 6), k=k)


# ---------------------------------------------------------------------------
# out= and array-valued parameters


def test_out_arrays_must_be_plain_and_receive_the_result():
    a, b = gaussian(3), gaussian(4)
    out = np.empty((3, 4))
    result, cost, _ = charged(FNP, fnp.outer, a, b, out=out)
    assert result is out and cost == 12
    np.testing.assert_array_equal(out, np.outer(a, b))
    vec_out = np.empty(5)
    result, cost, _ = charged(FNP, fnp.vecdot, gaussian(5, 3), gaussian(3), out=vec_out)
    assert result is vec_out and cost == 15
    m = gaussian(3, 3)
    t_out = np.empty(())
    assert charged(FNP, fnp.trace, m, 0, 0, 1, None, t_out)[0] is t_out
    np.testing.assert_allclose(t_out, np.trace(m))
    chain_out = np.empty((3, 3))
    result, _, _ = charged(FNP, fnp.linalg.multi_dot, [m, m, m], out=chain_out)
    assert result is chain_out
    np.testing.assert_allclose(chain_out, m @ m @ m)

    counted_out = fnp.zeros((3, 4))
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        for call in (
            lambda: fnp.outer(a, b, out=counted_out),
            lambda: fnp.trace(m, 0, 0, 1, None, fnp.zeros(())),
            lambda: fnp.trace(m, out=fnp.zeros(())),
            lambda: fnp.vecdot(m, m, out=fnp.zeros(3)),
            lambda: np.vecdot(fnp.asarray(m), m, out=fnp.zeros(3)),
            lambda: fnp.linalg.multi_dot([m, m, m], out=fnp.zeros((3, 3))),
        ):
            with pytest.raises(TypeError, match="read-only"):
                call()
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    assert not np.asarray(counted_out).any()
    assert READ_ONLY_MESSAGE


def test_array_valued_parameters_are_not_billed_again():
    a = gaussian(3, 5, 4)
    tol = fnp.asarray(np.array([0.5, 1.0, 2.0]))
    result, cost, names = charged(FNP, fnp.linalg.matrix_rank, a, tol)
    assert_same(result, np.linalg.matrix_rank(a, np.asarray(tol)), True)
    assert (cost, names) == (3 * (svdv(5, 4) + 4), ["linalg.matrix_rank"])
    rtol = fnp.asarray(np.array([1e-3, 1e-1, 0.5]))
    result, cost, names = charged(FNP, fnp.linalg.pinv, a, rtol=rtol)
    assert_same(result, np.linalg.pinv(a, rtol=np.asarray(rtol)), True)
    assert names == ["linalg.pinv"]


# ---------------------------------------------------------------------------
# empty inputs cost nothing


EMPTY = [
    ("linalg.cholesky", [(0, 0)], {}),
    ("linalg.det", [(2, 0, 0)], {}),
    ("linalg.slogdet", [(0, 0)], {}),
    ("linalg.inv", [(2, 0, 0)], {}),
    ("linalg.solve", [(0, 0), (0,)], {}),
    ("linalg.tensorsolve", [(0, 0), (0,)], {}),
    ("linalg.qr", [(3, 0)], {}),
    ("linalg.qr", [(0, 3)], {"mode": "complete"}),
    ("linalg.svd", [(3, 0)], {}),
    ("linalg.svd", [(0, 3)], {"compute_uv": False}),
    ("linalg.svdvals", [(2, 0, 0)], {}),
    ("linalg.eig", [(0, 0)], {}),
    ("linalg.eigvals", [(0, 0)], {}),
    ("linalg.eigh", [(2, 0, 0)], {}),
    ("linalg.eigvalsh", [(0, 0)], {}),
    ("linalg.pinv", [(0, 3)], {}),
    ("linalg.lstsq", [(0, 3), (0,)], {}),
    ("linalg.lstsq", [(3, 0), (3, 2)], {}),
    ("linalg.matrix_rank", [(3, 0)], {}),
    ("linalg.matrix_rank", [(0,)], {}),
    ("linalg.norm", [(0,)], {}),
    ("linalg.norm", [(3, 0)], {"ord": 2}),
    ("linalg.norm", [(3, 0)], {"ord": "fro"}),
    ("linalg.norm", [(3, 0)], {"axis": 1}),
    ("linalg.vector_norm", [(2, 0)], {"axis": 0}),
    ("linalg.matrix_norm", [(2, 0, 3)], {"ord": "nuc"}),
    ("linalg.matrix_power", [(0, 0)], {"n": 5}),
    ("linalg.multi_dot", [(2, 0), (0, 3), (3, 4)], {}),
    ("tensordot", [(0, 3), (3, 2)], {"axes": 1}),
    ("tensordot", [(2, 0), (0, 3)], {"axes": 1}),
    ("inner", [(2, 0), (3, 0)], {}),
    ("outer", [(0,), (3,)], {}),
    ("kron", [(2, 0), (3, 3)], {}),
    ("vdot", [(0,), (0,)], {}),
    ("vecdot", [(0, 3), (3,)], {}),
    ("matvec", [(2, 0), (0,)], {}),
    ("vecmat", [(0,), (0, 2)], {}),
    ("linalg.matmul", [(2, 0), (0, 3)], {}),
    ("trace", [(0, 0)], {}),
    ("linalg.trace", [(3, 0, 0)], {}),
    ("cross", [(0, 3), (0, 3)], {}),
]


def filled(shape: tuple[int, ...]) -> np.ndarray:
    """Ones, plus the identity on square matrices (so they are invertible)."""
    x = np.ones(shape)
    if len(shape) >= 2 and shape[-1] == shape[-2]:
        x = x + np.eye(shape[-1])
    return x


@pytest.mark.parametrize("name, shapes, params", EMPTY)
def test_empty_inputs_cost_nothing_and_match_numpy(name, shapes, params):
    arrays = [filled(s) for s in shapes]
    args = (arrays,) if name == "linalg.multi_dot" else tuple(arrays)
    try:
        expected = resolve(np, name)(*args, **params)
    except ValueError as error:  # NumPy < 2.3 has no rank or 2-norm for a 3x0 matrix
        for flavor in (FNP, ME):
            with flavor.budget(10**12, quiet=True) as ctx:
                with pytest.raises(ValueError, match=re.escape(str(error))):
                    resolve(flavor.np_, name)(*args, **params)
            assert ctx.flops_used == 0 and len(ctx.op_log) == 0
        return
    for flavor in (FNP, ME):
        result, cost, _ = charged(flavor, resolve(flavor.np_, name), *args, **params)
        assert_same(result, expected, flavor.counted)
        assert cost == 0
    assert flops.cost(name, *shapes, **params) == 0


# ---------------------------------------------------------------------------
# properties over random shapes

SMALL = st.integers(0, 6)
BATCH = st.lists(st.integers(0, 3), max_size=2).map(tuple)

# per-matrix rows whose price is the same for every matrix of a stack: name -> params
STACKED_SQUARE = {
    "linalg.cholesky": {}, "linalg.det": {}, "linalg.slogdet": {}, "linalg.inv": {},
    "linalg.eig": {}, "linalg.eigvals": {}, "linalg.eigh": {}, "linalg.eigvalsh": {},
    "linalg.matrix_power": {"n": -7}, "linalg.cond": {"p": 1}, "linalg.trace": {},
}  # fmt: skip
STACKED = {
    "linalg.qr": {"mode": "complete"}, "linalg.svd": {}, "linalg.svdvals": {},
    "linalg.pinv": {}, "linalg.matrix_rank": {}, "linalg.matrix_norm": {"ord": 2},
}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted({**STACKED_SQUARE, **STACKED})), batch=BATCH, m=SMALL,
       n=SMALL, fma=st.sampled_from([1, 2]))  # fmt: skip
def test_stacks_multiply_the_per_matrix_cost(name, batch, m, n, fma):
    params = {**STACKED_SQUARE, **STACKED}[name]
    if name in STACKED_SQUARE:
        n = m
    if name == "linalg.cond" and m == 0:
        m = n = 1  # NumPy: cond is not defined on empty arrays
    one = flops.cost(name, (m, n), **params) if fma == 1 else me.flops.cost(name, (m, n),
                                                                            **params)  # fmt: skip
    query = flops.cost if fma == 1 else me.flops.cost
    assert query(name, (*batch, m, n), **params) == math.prod(batch) * one
    assert one >= 0


def _billed_equals_query(name: str, arrays: list[np.ndarray], **params: Any) -> int:
    fn = resolve(fnp, name)
    expected = resolve(np, name)(*arrays, **params)
    result, cost, _ = charged(FNP, fn, *arrays, **params)
    assert_same(result, expected, True)
    assert cost == flops.cost(name, *(a.shape for a in arrays), **params)
    return cost


@settings(max_examples=40, deadline=None)
@given(m=st.integers(1, 7), n=st.integers(1, 7), batch=BATCH,
       mode=st.sampled_from(["reduced", "complete", "r"]))  # fmt: skip
def test_factorisations_over_random_shapes(m, n, batch, mode):
    rng = np.random.default_rng(m * 100 + n)
    a = rng.standard_normal((*batch, m, n))
    k = min(m, n)
    b = math.prod(batch)
    q = {"reduced": house(m, k, k), "complete": house(m, m, k), "r": 0}[mode]
    assert _billed_equals_query("linalg.qr", [a], mode=mode) == b * (house(m, n, k) + q)
    assert _billed_equals_query("linalg.svd", [a], full_matrices=False) == b * m * n * k
    assert _billed_equals_query("linalg.svdvals", [a]) == b * svdv(m, n)
    sq = rng.standard_normal((*batch, n, n)) + 3 * n * np.eye(n)
    assert _billed_equals_query("linalg.inv", [sq]) == b * inverse(n)
    assert _billed_equals_query("linalg.slogdet", [sq]) == b * lu(n)
    rhs = rng.standard_normal((n, m))
    assert _billed_equals_query("linalg.solve", [sq, rhs]) == b * (lu(n) + 2 * n * n * m)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_tensordot_prices_the_same_contraction_as_einsum(data):
    ndim_a = data.draw(st.integers(0, 3))
    ndim_b = data.draw(st.integers(0, 3))
    a = tuple(data.draw(st.lists(st.integers(0, 4), min_size=ndim_a, max_size=ndim_a)))
    contracted = data.draw(st.integers(0, min(ndim_a, ndim_b)))
    b_free = tuple(data.draw(st.lists(st.integers(0, 4), min_size=ndim_b - contracted,
                                      max_size=ndim_b - contracted)))  # fmt: skip
    b = a[ndim_a - contracted :] + b_free
    letters = "abcdefgh"
    sa = letters[:ndim_a]
    sb = sa[ndim_a - contracted :] + letters[ndim_a : ndim_a + len(b_free)]
    out = sa[: ndim_a - contracted] + sb[contracted:]
    for query, fma in ((flops, 1), (me.flops, 2)):
        cost = query.cost("tensordot", a, b, axes=contracted)
        assert cost == query.einsum_cost(f"{sa},{sb}->{out}", [a, b])
        if contracted and math.prod(a) and math.prod(b):
            free = math.prod(a) * math.prod(b) // math.prod(a[ndim_a - contracted :]) ** 2
            assert cost == fma * free * math.prod(a[ndim_a - contracted :])
    x, y = np.ones(a), np.ones(b)
    result, billed, _ = charged(FNP, fnp.tensordot, x, y, contracted)
    assert billed == flops.cost("tensordot", a, b, axes=contracted)
    assert_same(result, np.tensordot(x, y, contracted), True)


@settings(max_examples=60, deadline=None)
@given(dims=st.lists(st.integers(1, 30), min_size=3, max_size=8),
       vec_first=st.booleans(), vec_last=st.booleans())  # fmt: skip
def test_multi_dot_bills_the_optimal_chain(dims, vec_first, vec_last):
    shapes = [(dims[i], dims[i + 1]) for i in range(len(dims) - 1)]
    if vec_first:
        dims[0] = 1
        shapes[0] = (dims[1],)
    if vec_last:
        dims[-1] = 1
        shapes[-1] = (dims[-2],)
    best = chain_brute_force(tuple(dims)) if len(shapes) > 2 else None
    for query, fma in ((flops, 1), (me.flops, 2)):
        cost = query.cost("linalg.multi_dot", *shapes)
        if best is not None:
            assert cost == fma * best


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(0, 4), min_size=1, max_size=3).map(tuple),
       ord=st.sampled_from([None, 1, 2, -1, 0, 3, 0.5, INF, -INF]), fma=st.sampled_from([1, 2]))  # fmt: skip
def test_vector_norm_over_random_shapes(shape, ord, fma):
    query = flops.cost if fma == 1 else me.flops.cost
    size = math.prod(shape)
    last = shape[-1]
    per = {None: fma * last + 1, 2: fma * last + 1, 1: last, 0: last, INF: last, -INF: last}
    expected = size // last * per.get(ord, 2 * last + 1) if size else 0
    assert query("linalg.vector_norm", shape, axis=-1, ord=2 if ord is None else ord) == expected
    assert query("linalg.norm", shape, ord=ord, axis=-1) == expected
    x = np.arange(1.0, size + 1).reshape(shape)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected_result = np.linalg.norm(x, ord, -1)
    except ValueError:  # NumPy: the min of no element is an error
        with flops.BudgetContext(10**9, quiet=True) as ctx:
            with pytest.raises(ValueError):
                fnp.linalg.norm(x, ord, -1)
        assert ctx.flops_used == 0
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0 ** negative ord, as NumPy warns
        result, cost, _ = charged(FNP, fnp.linalg.norm, x, ord, -1)
    assert_same(result, expected_result, True)
    assert cost == (expected if fma == 1 else flops.cost("linalg.norm", shape, ord=ord, axis=-1))


@settings(max_examples=80, deadline=None)
@given(m=st.integers(0, 60), q=st.integers(0, 60), k=st.integers(0, 60))
def test_householder_counts_are_non_negative_and_grow(m, q, k):
    k = min(m, q, k)
    cost = _cost_linalg.householder_flops(m, q, k)
    assert cost == house(m, q, k) >= 0
    assert _cost_linalg.householder_flops(m + 1, q, k) >= cost
    # the exact sum of the k reflections, 4·Σ(m−j)(q−j), differs by lower-order terms only
    exact = 4 * sum((m - j) * (q - j) for j in range(k))
    assert abs(exact - cost) <= 2 * (m + q) * k + 2


def test_values_only_never_cost_more_than_the_full_factorisation():
    for m, n in product(range(0, 9), repeat=2):
        assert flops.cost("linalg.svdvals", (m, n)) <= flops.cost("linalg.svd", (m, n))
        assert flops.cost("linalg.svd", (m, n), compute_uv=False) == flops.cost(
            "linalg.svdvals", (m, n)
        )
        if m == n:
            assert flops.cost("linalg.eigvalsh", (n, n)) <= flops.cost("linalg.eigh", (n, n))
            assert flops.cost("linalg.eigvals", (n, n)) <= flops.cost("linalg.eig", (n, n))
            # a symmetric eigendecomposition costs what the SVD of the same matrix does
            assert flops.cost("linalg.eigh", (n, n)) == flops.cost("linalg.svd", (n, n))
            assert flops.cost("linalg.solve", (n, n), (n, n)) == flops.cost("linalg.inv", (n, n))


def test_flavors_differ_only_in_multiply_adds():
    factorisations = [("linalg.qr", [(6, 4)]), ("linalg.cholesky", [(5, 5)]),
                      ("linalg.svd", [(5, 3)]), ("linalg.eig", [(4, 4)])]  # fmt: skip
    for name, shapes in factorisations:
        assert flops.cost(name, *shapes) == me.flops.cost(name, *shapes)
    contractions = [("tensordot", [(3, 4), (4, 5)], {"axes": 1}), ("inner", [(3, 4), (5, 4)], {}),
                    ("vdot", [(7,), (7,)], {}), ("linalg.matmul", [(3, 4), (4, 5)], {}),
                    ("matvec", [(3, 4), (4,)], {}), ("vecmat", [(4,), (4, 3)], {}),
                    ("vecdot", [(3, 4), (4,)], {})]  # fmt: skip
    for name, shapes, params in contractions:
        assert me.flops.cost(name, *shapes, **params) == 2 * flops.cost(name, *shapes, **params)
    for name, shapes in [("outer", [(3,), (4,)]), ("kron", [(2, 2), (3, 3)]),
                         ("trace", [(4, 4)]), ("cross", [(5, 3), (5, 3)])]:  # fmt: skip
        assert me.flops.cost(name, *shapes) == flops.cost(name, *shapes)


def test_two_dimensional_cross_products_are_priced_by_numpys_arithmetic():
    a2, a3 = gaussian(5, 2), gaussian(5, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for x, y, per in ((a2, a2, 3), (a2, a3, 6), (a3, a2, 6), (a3, a3, 9)):
            try:
                expected = np.cross(x, y)
            except ValueError as numpy_error:  # NumPy >= 2.5 removed 2-vectors
                with FNP.budget(10**6, quiet=True) as ctx, pytest.raises(ValueError) as ours:
                    fnp.cross(x, y)
                assert str(ours.value) == str(numpy_error) and ctx.flops_used == 0
                continue
            result, cost, _ = charged(FNP, fnp.cross, x, y)
            assert_same(result, expected, True)
            assert cost == 5 * per == flops.cost("cross", x.shape, y.shape)


def test_the_same_array_twice_is_priced_by_the_operation_not_as_a_matmul():
    """outer(x, x) is an outer product and inner(X, X) is X·Xᵀ, whatever the operands share."""
    x = fnp.asarray(gaussian(4))
    m = fnp.asarray(gaussian(3, 2))
    calls = [
        ("outer", fnp.outer, (x, x), 16),
        ("kron", fnp.kron, (x, x), 16),
        ("vdot", fnp.vdot, (x, x), 4),
        ("inner", fnp.inner, (x, x), 4),
        ("inner", fnp.inner, (m, m), 3 * 2 * 3),
        ("tensordot", fnp.tensordot, (m, m, ([0], [0])), 2 * 3 * 2),
        ("linalg.outer", fnp.linalg.outer, (x, x), 16),
    ]
    for name, fn, args, expected in calls:
        result, cost, names = charged(FNP, fn, *args)
        plain_args = [np.asarray(a) if isinstance(a, CountedArray) else a for a in args]
        assert_same(result, resolve(np, name)(*plain_args), True)
        assert (cost, names) == (expected, [name])


def test_linalg_matmul_is_priced_like_matmul_symmetry_included():
    x = fnp.asarray(gaussian(6, 4))
    for left, right in ((x.T, x), (x, x.T), (x, gaussian(4, 5))):
        expected = charged(FNP, fnp.matmul, left, right)
        result, cost, _ = charged(FNP, fnp.linalg.matmul, left, right)
        assert type(result) is type(expected[0]) and cost == expected[1]
        np.testing.assert_allclose(np.asarray(result), np.asarray(expected[0]))


def test_matrix_transpose_keeps_a_symmetry_tag():
    s = flops.as_symmetric(spd(4, 4), symmetric_axes=(0, 1))
    result, cost, names = charged(FNP, fnp.linalg.matrix_transpose, s)
    assert type(result) is type(s) and (cost, names) == (0, [])
    np.testing.assert_array_equal(np.asarray(result), np.asarray(s).T)
