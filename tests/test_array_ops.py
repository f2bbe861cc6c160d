"""The array-handling family: creation, shape manipulation, indexing, queries (free), and
sorting / searching / sets / counting / selection (counted), the read-only rule for
functions that write into an argument, safe I/O, and the names deliberately refused."""

from __future__ import annotations

import io
import pickle
from math import ceil, isqrt, log2, prod

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import BudgetExhaustedError
from flopscope._array import READ_ONLY_MESSAGE
from flopscope.numpy import CountedArray

RNG = np.random.default_rng(7)
V3 = np.array([3.0, -1.0, 2.0])
V4 = np.array([4.0, 1.0, 3.0, 2.0])
V8 = RNG.permutation(8).astype(float)
M = RNG.standard_normal((3, 4))  # 3 x 4
S = RNG.standard_normal((3, 3))
A = np.arange(24.0).reshape(2, 3, 4)
INTS = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3])
BITS = np.array([[1, 0, 1], [0, 1, 1]], dtype=bool)
BYTES = np.array([5, 200], dtype=np.uint8)
DATES = np.array(["2020-01-01", "2024-02-29"], dtype="M8[D]")
MASK = M > 0


def lg(n: int) -> int:
    """⌈log2 n⌉ by floating point: an independent check of the rules' integer arithmetic."""
    return ceil(log2(n)) if n > 1 else 0


def counted(x):
    """The same arguments with every ndarray made a counted array."""
    if isinstance(x, np.ndarray):
        return fnp.asarray(x)
    if type(x) in (list, tuple):
        return type(x)(counted(item) for item in x)
    return x


def charged(fn, *args, **kwargs):
    """(result, FLOPs, logged op names) of one call inside a fresh budget."""
    with flops.BudgetContext(10**12, quiet=True) as ctx:
        result = fn(*args, **kwargs)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


def same(got, expected, *, wrapped: bool):
    """Equal to NumPy's result: values, dtype, shape, element by element for sequences;
    arrays are read-only counted arrays in flopscope (``wrapped``) and plain in mechestim."""
    if isinstance(expected, (tuple, list)):
        assert type(got) is type(expected), (type(got), type(expected))
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            same(g, e, wrapped=wrapped)
        return
    if isinstance(expected, (np.ndarray, np.generic)):
        if wrapped:
            assert type(got) is CountedArray and not got.flags.writeable
        else:
            assert type(got) is type(expected)
        got, expected = np.asarray(got), np.asarray(expected)
        assert got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)
        return
    assert type(got) is type(expected) and got == expected


# ---------------------------------------------------------------------------
# free rows: (name, args, kwargs)

FREE = [
    ("frombuffer", (b"\x00\x01\x02\x03", np.uint8), {}),
    ("fromstring", ("1 2 3",), {"sep": " "}),
    ("from_dlpack", (M,), {}),
    ("identity", (3,), {}),
    ("logspace", (0, 2, 5), {}),
    ("geomspace", (1, 100, 3), {}),
    ("meshgrid", (V3, V4), {"indexing": "ij"}),
    ("indices", ((2, 3),), {}),
    ("tri", (3, 4), {}),
    ("tril", (M,), {}),
    ("triu", (M, 1), {}),
    ("diag", (V3,), {}),
    ("diag", (M,), {"k": 1}),
    ("diagflat", (V3,), {}),
    ("vander", (V3,), {}),
    ("copy", (M,), {}),
    ("asanyarray", (M,), {}),
    ("ascontiguousarray", (M.T,), {}),
    ("asfortranarray", (M,), {}),
    ("require", (M, None, "C"), {}),
    ("astype", (M, np.int32), {}),
    ("ravel", (A,), {}),
    ("squeeze", (A[:, :1],), {}),
    ("expand_dims", (M, 0), {}),
    ("moveaxis", (A, 0, -1), {}),
    ("rollaxis", (A, 2), {}),
    ("swapaxes", (A, 0, 2), {}),
    ("matrix_transpose", (A,), {}),
    ("atleast_1d", (V3, 1.0), {}),
    ("atleast_2d", (V3,), {}),
    ("atleast_3d", (M,), {}),
    ("broadcast_to", (V4, (3, 4)), {}),
    ("broadcast_arrays", (V4, M[:, :1]), {}),
    ("resize", (M, (2, 7)), {}),
    ("diagonal", (A,), {"axis1": 1, "axis2": 2}),
    ("concatenate", ([M, M],), {"axis": 1}),
    ("concat", ([M, M],), {}),
    ("stack", ([M, M], 1), {}),
    ("vstack", ([M, M],), {}),
    ("hstack", ((M, M),), {}),
    ("dstack", ([M, M],), {}),
    ("column_stack", ([V3, V3],), {}),
    ("block", ([[M, M], [M, M]],), {}),
    ("append", (M, M, 0), {}),
    ("insert", (V4, 1, 9.0), {}),
    ("delete", (V4, [0, 2]), {}),
    ("unstack", (A,), {}),
    ("split", (V4, 2), {}),
    ("array_split", (V4, 3), {}),
    ("hsplit", (M, 2), {}),
    ("vsplit", (M, 3), {}),
    ("dsplit", (A, 2), {}),
    ("tile", (V3, (2, 2)), {}),
    ("repeat", (V3, 2), {}),
    ("flip", (A, 1), {}),
    ("fliplr", (M,), {}),
    ("flipud", (M,), {}),
    ("roll", (M, 1, 0), {}),
    ("rot90", (M,), {}),
    ("take", (V4, [0, 3]), {}),
    ("take_along_axis", (M, np.argsort(M, axis=1), 1), {}),
    ("diag_indices", (3,), {}),
    ("diag_indices_from", (S,), {}),
    ("tril_indices", (3,), {}),
    ("tril_indices_from", (S,), {}),
    ("triu_indices", (3, 1), {}),
    ("triu_indices_from", (S,), {}),
    ("mask_indices", (3, np.triu), {}),
    ("ix_", ([0, 1], [2, 3]), {}),
    ("ravel_multi_index", (([0, 1], [2, 3]), (3, 4)), {}),
    ("unravel_index", ([5, 7], (3, 4)), {}),
    ("packbits", (BITS,), {"axis": 1}),
    ("unpackbits", (BYTES,), {}),
    ("datetime_as_string", (DATES,), {}),
    # queries: NumPy's Python objects as they are
    ("shape", (A,), {}),
    ("ndim", (A,), {}),
    ("size", (A,), {}),
    ("result_type", (A, np.float32), {}),
    ("can_cast", (np.float32, np.float64), {}),
    ("min_scalar_type", (10,), {}),
    ("promote_types", ("f4", "i8"), {}),
    ("common_type", (M,), {}),
    ("mintypecode", ("fd",), {}),
    ("isdtype", (np.float64, "real floating"), {}),
    ("issubdtype", (np.float64, np.floating), {}),
    ("typename", ("d",), {}),
    ("isscalar", (3.0,), {}),
    ("iterable", (A,), {}),
    ("isfortran", (M,), {}),
    ("may_share_memory", (M, M), {}),
    ("shares_memory", (M, M[1:]), {}),
    ("broadcast_shapes", ((3, 1), (4,)), {}),
    ("array2string", (M,), {"precision": 2}),
    ("array_repr", (M,), {}),
    ("array_str", (M,), {}),
    ("format_float_positional", (1.5,), {}),
    ("format_float_scientific", (1.5,), {}),
    ("base_repr", (10, 3), {}),
    ("binary_repr", (5,), {}),
    ("get_printoptions", (), {}),
    ("geterr", (), {}),
    ("getbufsize", (), {}),
    ("geterrcall", (), {}),
    ("datetime_data", (np.dtype("M8[s]"),), {}),
]


@pytest.mark.parametrize("name, args, kwargs", FREE, ids=[c[0] for c in FREE])
def test_free_rows_equal_numpy_and_cost_nothing(name, args, kwargs):
    expected = getattr(np, name)(*args, **kwargs)
    got, cost, logged = charged(getattr(fnp, name), *counted(args), **kwargs)
    same(got, expected, wrapped=True)
    assert (cost, logged) == (0, [])
    got, cost, logged = charged(getattr(me, name), *args, **kwargs)
    same(got, expected, wrapped=False)
    assert (cost, logged) == (0, [])


def dispatches(fn) -> bool:
    """NumPy hands calls on counted arrays to flopscope (``__array_function__``); functions
    that convert to a base ndarray first (asarray-like) do not, as with ``np.asarray``."""
    return type(fn).__name__ == "_ArrayFunctionDispatcher"


ON_ARRAYS = [
    c
    for c in FREE
    if c[1] and isinstance(c[1][0], np.ndarray) and dispatches(getattr(np, c[0], None))
]


@pytest.mark.parametrize("name, args, kwargs", ON_ARRAYS, ids=[c[0] for c in ON_ARRAYS])
def test_numpy_calls_on_counted_arrays_reach_the_free_rows(name, args, kwargs):
    expected = getattr(np, name)(*args, **kwargs)
    got, cost, logged = charged(getattr(np, name), *counted(args), **kwargs)
    same(got, expected, wrapped=True)
    assert (cost, logged) == (0, [])


def test_views_of_counted_data_stay_read_only():
    a = fnp.asarray(M.copy())
    for view in (
        fnp.flip(a),
        fnp.broadcast_to(a, (2, 3, 4)),
        fnp.swapaxes(a, 0, 1),
        *fnp.split(a, 2, 1),
    ):
        assert type(view) is CountedArray and not view.flags.writeable
        with pytest.raises(TypeError, match="read-only"):
            view[0] = 1.0


def test_counted_out_is_refused_and_plain_out_filled():
    a = fnp.asarray(M)
    with pytest.raises(TypeError, match="read-only"):
        fnp.concatenate([a, a], out=fnp.zeros((6, 4)))
    with pytest.raises(TypeError, match="read-only"):
        fnp.take(a, [0, 1], None, fnp.zeros(2))
    out = np.zeros((6, 4))
    result = fnp.concatenate([a, a], out=out)
    assert result is out
    np.testing.assert_array_equal(out, np.concatenate([M, M]))
    chosen = np.zeros(3)
    assert fnp.choose([0, 1, 0], [a[0, :3], a[1, :3]], out=chosen) is chosen


def test_index_builders():
    for name, key in [
        ("mgrid", (slice(0, 3), slice(0, 2))),
        ("ogrid", (slice(0, 3), slice(0, 2))),
        ("r_", (V3, slice(0, 3), 5)),
        ("c_", (V3, V3)),
    ]:
        expected = getattr(np, name)[key]
        got, cost, logged = charged(lambda n=name, k=key: getattr(fnp, n)[counted(k)])
        same(got, expected, wrapped=True)
        assert (cost, logged) == (0, [])
        same(getattr(me, name)[key], expected, wrapped=False)
    assert fnp.s_ is np.s_ and fnp.index_exp is np.index_exp


def test_fromiter_and_nested_iters():
    same(fnp.fromiter(iter(range(5)), float), np.fromiter(range(5), float), wrapped=True)
    outer, inner = fnp.nested_iters(fnp.asarray(M), [[0], [1]])
    assert [float(x) for _ in outer for x in inner] == M.ravel().tolist()
    with pytest.raises(ValueError, match="read-only"):
        fnp.nested_iters(fnp.asarray(M), [[0], [1]], op_flags=[["readwrite"]])


# ---------------------------------------------------------------------------
# counted rows: (name, args, kwargs, FLOPs)

C5 = np.array([1 + 2j, 1 - 1j, 0j, 3 + 0j, -1j])
EDGES = np.array([0.0, 0.25, 0.5, 1.0])
U100 = RNG.random(100)
X50, Y50 = RNG.random(50), RNG.random(50)
SAMPLE = RNG.random((50, 3))
ZEROS = np.array([0.0, 0.0, 1.0, 2.0, 0.0])

COUNTED = [
    ("sort", (M,), {}, 12 * 2),
    ("sort", (M,), {"axis": None}, 12 * 4),
    ("sort", (M,), {"axis": 0}, 12 * 2),
    ("sort", (V8,), {"kind": "stable"}, 8 * 3),
    ("sort", (np.array([2.0]),), {}, 0),
    ("argsort", (A,), {"axis": 1}, 24 * 2),
    ("sort_complex", (C5,), {}, 5 * 3),
    ("lexsort", ((V8, V8[::-1]),), {}, 2 * 8 * 3),
    ("lexsort", (M,), {}, 3 * 4 * 2),
    ("partition", (V8,), {"kth": 3}, 8),
    ("partition", (V8,), {"kth": [1, 5]}, 16),
    ("partition", (V8,), {"kth": [0, 1, 2, 3, 4, 5]}, 8 * 3),  # never more than a sort
    ("argpartition", (M,), {"kth": 1}, 3 * 4),
    ("argpartition", (M,), {"kth": 1, "axis": None}, 12),
    ("searchsorted", (np.sort(V8), np.array([1.5, 3.5, 9.0])), {}, 3 * 4),
    ("searchsorted", (np.sort(V8), 2.5), {"side": "right"}, 4),
    ("digitize", (V3, EDGES), {}, 3 * 3),
    ("unique", (INTS,), {}, 10 * 4),
    ("unique", (INTS,), {"return_counts": True, "return_index": True}, 10 * 4),
    ("unique", (np.vstack([M, M]),), {"axis": 0}, 24 * 3),
    ("unique_all", (INTS,), {}, 10 * 4),
    ("unique_counts", (INTS,), {}, 10 * 4),
    ("unique_inverse", (INTS,), {}, 10 * 4),
    ("unique_values", (INTS,), {}, 10 * 4),
    ("isin", (INTS, np.array([1, 5, 7])), {}, 13 * 4),
    ("isin", (INTS, np.array([1, 5, 7])), {"invert": True}, 13 * 4),
    ("intersect1d", (INTS, np.array([1, 5, 7])), {}, 13 * 4),
    ("intersect1d", (INTS, np.array([1, 5])), {"return_indices": True}, 12 * 4),
    ("setdiff1d", (INTS, np.array([1, 5, 7])), {}, 13 * 4),
    ("setxor1d", (INTS, np.array([1, 5, 7])), {}, 13 * 4),
    ("union1d", (INTS, np.array([1, 5, 7])), {}, 13 * 4),
    ("bincount", (INTS,), {}, 10),
    ("bincount", (INTS,), {"weights": np.arange(10.0), "minlength": 12}, 10),
    ("histogram", (U100,), {}, 100 + 100),
    ("histogram", (U100,), {"bins": 10, "range": (0, 1)}, 100),
    ("histogram", (U100,), {"bins": EDGES}, 100 * 3),
    ("histogram", (U100,), {"bins": "sturges"}, 100 + 100 + 100),
    ("histogram", (U100,), {"bins": "stone"}, 100 + 100 * 100 + 100),
    ("histogram", (U100,), {"bins": 5, "density": True, "weights": U100}, 200),
    ("histogram_bin_edges", (U100,), {"bins": 10}, 100),
    ("histogram_bin_edges", (U100,), {"bins": "auto", "range": (0, 1)}, 100),
    ("histogram_bin_edges", (U100,), {"bins": EDGES}, 0),
    ("histogram2d", (X50, Y50), {"bins": 5}, 2 * (50 + 50)),
    ("histogram2d", (X50, Y50), {"bins": [5, EDGES]}, (50 + 50) + 50 * 3),
    ("histogram2d", (X50, Y50), {"bins": EDGES}, 2 * 50 * 3),
    ("histogramdd", (SAMPLE,), {"bins": 4}, 3 * (50 + 50)),
    ("histogramdd", (SAMPLE,), {"bins": 4, "range": [(0, 1)] * 3}, 3 * 50),
    ("where", (MASK, M, 0.0), {}, 12),
    ("where", (MASK[:1], M, V4), {}, 12),
    ("where", (MASK,), {}, 12),
    ("nonzero", (M,), {}, 12),
    ("argwhere", (MASK,), {}, 12),
    ("flatnonzero", (M,), {}, 12),
    ("trim_zeros", (ZEROS,), {}, 5),
    ("extract", (MASK, M), {}, 12),
    ("compress", (np.array([True, False, True]), M), {"axis": 0}, 3),
    ("choose", (np.array([0, 1, 0]), [V3, -V3]), {}, 3),
    ("choose", (np.array([[0], [1], [0]]), [V4, -V4]), {}, 12),
    ("select", ([MASK, ~MASK], [M, -M]), {}, 2 * 12),
    ("select", ([MASK[0], ~MASK[0]], [V4, -V4]), {"default": 7.0}, 2 * 4),
    ("piecewise", (V3, [V3 < 0, V3 >= 0]), {"funclist": [-1.0, 1.0]}, 2 * 3),
    ("asarray_chkfinite", (M,), {}, 12),
    ("pad", (M,), {"pad_width": 1, "mode": "mean"}, 4 * 3 + 5 * 4),
    ("pad", (M,), {"pad_width": 1, "mode": "maximum", "stat_length": 2}, 4 * 4 + 5 * 4),
    ("pad", (M,), {"pad_width": ((1, 0), (0, 2)), "mode": "minimum",
                   "stat_length": ((1, 3), (2, 2))}, 4 * (1 + 3) + 4 * (2 + 2)),
    ("pad", (M,), {"pad_width": 2, "mode": "median"}, 4 * 3 + 7 * 4),
    ("pad", (M,), {"pad_width": 2, "mode": "reflect", "reflect_type": "odd"},
     2 * (4 * 4 + 7 * 4)),
    ("pad", (M,), {"pad_width": (2, 1), "mode": "symmetric", "reflect_type": "odd"},
     2 * (4 * 3 + 6 * 3)),
]  # fmt: skip


def query_shape(x):
    """The shape a cost query takes for an argument: lists of arrays stack."""
    if type(x) in (list, tuple) and x and isinstance(x[0], np.ndarray):
        return (len(x), *np.broadcast_shapes(*(np.shape(i) for i in x)))
    return np.shape(x)


@pytest.mark.parametrize(
    "name, args, kwargs, flops_", COUNTED, ids=[f"{c[0]}-{i}" for i, c in enumerate(COUNTED)]
)
def test_counted_rows_equal_numpy_and_bill_the_rule(name, args, kwargs, flops_):
    expected = getattr(np, name)(*args, **kwargs)
    got, cost, logged = charged(getattr(fnp, name), *counted(args), **kwargs)
    same(got, expected, wrapped=True)
    assert (cost, logged) == (flops_, [name])
    if dispatches(getattr(np, name)):  # NumPy's own function on counted arrays: billed alike
        got, cost, logged = charged(getattr(np, name), *counted(args), **kwargs)
        same(got, expected, wrapped=True)
        assert (cost, logged) == (flops_, [name])
    # mechestim: plain arrays, same price (nothing here is a multiply-add)
    got, cost, logged = charged(getattr(me, name), *args, **kwargs)
    same(got, expected, wrapped=False)
    assert (cost, logged) == (flops_, [name])
    shapes = [query_shape(a) for a in args]
    assert flops.cost(name, *shapes, **kwargs) == flops_
    assert me.flops.cost(name, *shapes, **kwargs) == flops_


def test_pad_in_a_copying_mode_is_free_and_not_logged():
    for mode, kw in [("constant", {"constant_values": 3}), ("edge", {}), ("wrap", {}),
                     ("reflect", {}), ("symmetric", {}), ("linear_ramp", {"end_values": 1}),
                     ("empty", {})]:  # fmt: skip
        got, cost, logged = charged(fnp.pad, fnp.asarray(M), 2, mode=mode, **kw)
        if mode != "empty":
            same(got, np.pad(M, 2, mode=mode, **kw), wrapped=True)
        assert (cost, logged) == (0, [])
        assert flops.cost("pad", (3, 4), pad_width=2, mode=mode, **kw) == 0


def test_pad_refuses_a_function_mode():
    with pytest.raises(TypeError, match="Python callback"):
        fnp.pad(fnp.asarray(M), 1, mode=lambda v, w, i, k: None)


def test_pad_of_an_empty_array_is_free():
    got, cost, logged = charged(fnp.pad, fnp.zeros((0, 3)), ((0, 0), (1, 1)), mode="mean")
    assert got.shape == (0, 5) and (cost, logged) == (0, [])


@pytest.mark.parametrize(
    "name, args, kwargs",
    [
        ("sort", (np.float64(1.0),), {}),
        ("searchsorted", (M, 1.0), {}),
        ("digitize", (V3, M), {}),
        ("where", (MASK, M), {}),
        ("select", ([], []), {}),
        ("select", ([MASK], [M, M]), {}),
        ("histogramdd", (SAMPLE,), {"bins": [3, 3]}),
        ("pad", (M, 1), {"mode": "nope"}),
    ],
)
def test_errors_are_numpys_and_charge_nothing(name, args, kwargs):
    with pytest.raises(Exception) as numpy_error:
        getattr(np, name)(*args, **kwargs)
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        with pytest.raises(type(numpy_error.value)) as ours:
            getattr(fnp, name)(*counted(args), **kwargs)
    assert str(ours.value) == str(numpy_error.value)
    assert (ctx.flops_used, len(ctx.op_log)) == (0, 0)


def test_a_sort_over_budget_is_refused_before_it_runs():
    a = fnp.asarray(V8)
    with flops.BudgetContext(23, quiet=True) as ctx:
        with pytest.raises(BudgetExhaustedError) as info:
            fnp.sort(a)
    assert (info.value.flop_cost, ctx.flops_used, len(ctx.op_log)) == (24, 0, 0)


# ---------------------------------------------------------------------------
# CountedArray methods


def test_counted_methods_are_the_rows():
    a = fnp.asarray(M)
    cases = [
        (lambda: a.argsort(), M.argsort(), 24, ["argsort"]),
        (lambda: a.argpartition(1), M.argpartition(1), 12, ["argpartition"]),
        (lambda: a.nonzero(), M.nonzero(), 12, ["nonzero"]),
        (lambda: a.compress([True, False, True], axis=0), M.compress([True, False, True], 0), 3,
         ["ndarray.compress"]),
        (lambda: a.ravel().searchsorted([0.0]), M.ravel().searchsorted([0.0]), 4,
         ["searchsorted"]),
        (lambda: fnp.asarray([0, 1, 0]).choose([V3, -V3]), np.array([0, 1, 0]).choose([V3, -V3]),
         3, ["choose"]),
        (lambda: a.repeat(2, axis=0), M.repeat(2, axis=0), 0, []),
        (lambda: a.take([1, 2]), M.take([1, 2]), 0, []),
    ]  # fmt: skip
    for call, expected, cost_, names in cases:
        got, cost, logged = charged(call)
        same(got, expected, wrapped=True)
        assert (cost, logged) == (cost_, names)


def test_python_object_methods():
    a = fnp.asarray(M)
    assert charged(a.tolist) == (M.tolist(), 0, [])
    assert charged(a.tobytes) == (M.tobytes(), 0, [])
    assert charged(a.item, 5) == (M.item(5), 0, [])


@pytest.mark.parametrize(
    "method, args",
    [
        ("sort", ()),
        ("partition", (1,)),
        ("fill", (0.0,)),
        ("put", ([0], [1.0])),
        ("resize", ((2, 6),)),
    ],
)
def test_in_place_methods_refuse_counted_arrays(method, args):
    a = fnp.asarray(M.copy())
    with pytest.raises(TypeError) as info:
        getattr(a, method)(*args)
    assert str(info.value) == READ_ONLY_MESSAGE
    np.testing.assert_array_equal(np.asarray(a), M)


# ---------------------------------------------------------------------------
# functions that write into an argument

WRITERS = [
    ("copyto", lambda t: (t, 7.0), {"where": M > 0}),
    ("put", lambda t: (t, [0, 5], [-1.0, -2.0]), {}),
    ("place", lambda t: (t, M > 0, [9.0, 8.0]), {}),
    ("putmask", lambda t: (t, M > 0, -M), {}),
    ("fill_diagonal", lambda t: (t, 5.0), {}),
    ("put_along_axis", lambda t: (t, np.zeros((3, 1), int), 0.0, 1), {}),
]


@pytest.mark.parametrize("name, make, kwargs", WRITERS, ids=[w[0] for w in WRITERS])
def test_writers_work_on_plain_arrays_for_free(name, make, kwargs):
    expected = M.copy()
    getattr(np, name)(*make(expected), **kwargs)
    for flavor in (fnp, me):
        target = M.copy()
        _, cost, logged = charged(getattr(flavor, name), *make(target), **kwargs)
        np.testing.assert_array_equal(target, expected)
        assert (cost, logged) == (0, [])


@pytest.mark.parametrize("name, make, kwargs", WRITERS, ids=[w[0] for w in WRITERS])
def test_writers_refuse_counted_targets(name, make, kwargs):
    data = M.copy()
    target = fnp.asarray(data)
    for call in (getattr(fnp, name), getattr(np, name)):
        with pytest.raises(TypeError) as info:
            call(*make(target), **kwargs)
        assert str(info.value) == READ_ONLY_MESSAGE
    np.testing.assert_array_equal(data, M)  # the data behind the counted array is untouched


# ---------------------------------------------------------------------------
# callbacks


def test_apply_along_axis_bills_what_the_callback_computes():
    got, cost, logged = charged(fnp.apply_along_axis, lambda v: fnp.sum(v * 2), 1, fnp.asarray(M))
    same(got, np.apply_along_axis(lambda v: np.sum(v * 2), 1, M), wrapped=True)
    assert cost == 3 * (4 + 4)
    assert logged == ["multiply", "sum"] * 3
    # the callback gets counted arrays; mechestim's gets plain ones
    seen = []
    fnp.apply_along_axis(lambda v: seen.append(type(v)) or 0.0, 0, M)
    me.apply_along_axis(lambda v: seen.append(type(v)) or 0.0, 0, M)
    assert seen == [CountedArray] * 4 + [np.ndarray] * 4


def test_apply_over_axes_and_np_dispatch():
    got, cost, logged = charged(np.apply_over_axes, np.sum, fnp.asarray(A), [0, 2])
    same(got, np.apply_over_axes(np.sum, A, [0, 2]), wrapped=True)
    assert (cost, logged) == (24 + 12, ["sum", "sum"])


def test_fromfunction_computes_with_counted_indices():
    got, cost, logged = charged(fnp.fromfunction, lambda i, j: i * 10 + j, (3, 4))
    same(got, np.fromfunction(lambda i, j: i * 10 + j, (3, 4)), wrapped=True)
    assert (cost, logged) == (24, ["multiply", "add"])
    same(fnp.fromfunction(lambda i, j: 1, (2, 2)), 1, wrapped=True)  # NumPy returns it as is


def test_piecewise_bills_its_pieces_and_the_functions():
    x = fnp.asarray(V8 - 3)
    funcs = [lambda v: -v, lambda v: v * v, 0.5]
    got, cost, logged = charged(lambda: fnp.piecewise(x, [x < 0, x > 2], funcs))
    expected = np.piecewise(V8 - 3, [V8 - 3 < 0, V8 - 3 > 2], [lambda v: -v, lambda v: v * v, 0.5])
    same(got, expected, wrapped=True)
    # less, greater (8 each), negative on 3 values, multiply on 2, then 3 pieces x 8 elements
    assert logged == ["less", "greater", "negative", "multiply", "piecewise"]
    assert cost == 8 + 8 + 3 + 2 + 3 * 8
    got, cost, logged = charged(me.piecewise, V8, [V8 > 100], [lambda v: v, 1.0])
    same(got, np.ones(8), wrapped=False)
    assert (cost, logged) == (16, ["piecewise"])
    one = V8 > 4  # a single condition array, with an "otherwise" function
    same(fnp.piecewise(fnp.asarray(V8), fnp.asarray(one), [0.0, lambda v: v / 2]),
         np.piecewise(V8, one, [0.0, lambda v: v / 2]), wrapped=True)  # fmt: skip
    same(fnp.piecewise(fnp.asarray(2.0), True, [lambda v: v + 1]), np.piecewise(2.0, True, [lambda v: v + 1]),
         wrapped=True)  # fmt: skip


# ---------------------------------------------------------------------------
# I/O


def test_save_and_load_round_trip(tmp_path):
    a = fnp.asarray(M)
    with flops.BudgetContext(10, quiet=True) as ctx:
        fnp.save(tmp_path / "a.npy", a)
        fnp.savez(tmp_path / "b.npz", a, named=fnp.asarray(V3))
        fnp.savez_compressed(tmp_path / "c.npz", first=a)
        loaded = fnp.load(tmp_path / "a.npy")
        with fnp.load(tmp_path / "b.npz") as archive:
            assert sorted(archive.files) == ["arr_0", "named"] and len(archive) == 2
            same(archive["arr_0"], M, wrapped=True)
            same(archive["named"], V3, wrapped=True)
        same(dict(fnp.load(tmp_path / "c.npz"))["first"], M, wrapped=True)
    same(loaded, M, wrapped=True)
    assert (ctx.flops_used, len(ctx.op_log)) == (0, 0)
    mapped = fnp.load(tmp_path / "a.npy", mmap_mode="r")
    same(mapped, M, wrapped=True)
    same(me.load(tmp_path / "a.npy"), M, wrapped=False)
    with me.load(tmp_path / "b.npz") as archive:
        same(archive["named"], V3, wrapped=False)
    np.save(tmp_path / "d.npy", a)  # NumPy's own save of a counted array is fnp.save
    same(fnp.load(tmp_path / "d.npy"), M, wrapped=True)
    buffer = io.BytesIO()
    me.save(buffer, M)
    buffer.seek(0)
    same(fnp.load(buffer), M, wrapped=True)


def test_pickles_are_refused(tmp_path):
    objects = np.array([{"a": 1}, None], dtype=object)
    for call in (
        lambda: fnp.load(tmp_path / "x.npy", allow_pickle=True),
        lambda: fnp.load(tmp_path / "x.npy", None, True),
        lambda: me.load(tmp_path / "x.npy", allow_pickle=True),
        lambda: fnp.save(tmp_path / "x.npy", M, allow_pickle=True),
        lambda: fnp.save(tmp_path / "x.npy", M, True),
        lambda: fnp.savez(tmp_path / "x.npz", M, allow_pickle=True),
    ):
        with pytest.raises(ValueError, match="never reads or writes pickles"):
            call()
    with pytest.raises(ValueError, match="allow_pickle=False"):
        fnp.save(tmp_path / "o.npy", objects)
    for savez in (fnp.savez, fnp.savez_compressed):  # NumPy < 2.2's would pickle them unasked
        with pytest.raises(ValueError, match="allow_pickle=False"):
            savez(tmp_path / "o.npz", M, objects=objects)
    np.save(tmp_path / "p.npy", objects, allow_pickle=True)  # written by NumPy itself
    with pytest.raises(ValueError, match="allow_pickle"):
        fnp.load(tmp_path / "p.npy")
    (tmp_path / "q.pkl").write_bytes(pickle.dumps(M))
    with pytest.raises(ValueError, match="allow_pickle"):
        fnp.load(tmp_path / "q.pkl")


@pytest.mark.parametrize(
    "name, says",
    [
        ("loadtxt", ".npy / .npz"), ("savetxt", "np.asarray(x) with numpy.savetxt"), ("genfromtxt", ".npy / .npz"),
        ("fromfile", ".npy / .npz"), ("fromregex", ".npy / .npz"), ("memmap", "mmap_mode='r'"),
        ("set_printoptions", "global print options"), ("seterr", "global floating-point"),
        ("seterrcall", "global floating-point"), ("setbufsize", "buffer size"),
        ("vectorize", "escape counting"), ("frompyfunc", "escape counting"),
        ("matrix", "@"), ("busday_count", "calendar"), ("show_config", "not a computation"),
        ("testing", "numpy.testing"), ("ma", "masked arrays"),
    ],
)  # fmt: skip
def test_refused_names_say_why(name, says):
    for flavor in (fnp, me):
        with pytest.raises(AttributeError, match="is not available") as info:
            getattr(flavor, name)
        assert says in str(info.value)


def test_np_vectorize_on_counted_arrays_is_not_silently_uncounted():
    with pytest.raises(TypeError, match="not counted"):
        np.vectorize(lambda v: v + 1)(fnp.asarray(V3))


# ---------------------------------------------------------------------------
# properties over random shapes

shapes = st.lists(st.integers(0, 6), min_size=1, max_size=3).map(tuple)


@settings(max_examples=40, deadline=None)
@given(shapes, st.data())
def test_sort_costs_size_times_ceil_log2_of_the_axis(shape, data):
    axis = data.draw(st.sampled_from([None, *range(-len(shape), len(shape))]))
    x = np.arange(prod(shape), dtype=float)[::-1].reshape(shape)
    n = prod(shape) if axis is None else shape[axis]
    expected = prod(shape) * lg(n)
    for name in ("sort", "argsort"):
        got, cost, _ = charged(getattr(fnp, name), fnp.asarray(x), axis=axis)
        np.testing.assert_array_equal(np.asarray(got), getattr(np, name)(x, axis=axis))
        assert cost == expected == flops.cost(name, shape, axis=axis)
    kth = data.draw(st.lists(st.integers(0, max(n - 1, 0)), min_size=1, max_size=3)) if n else 0
    got, cost, _ = charged(fnp.partition, fnp.asarray(x), kth, axis=axis)
    np.testing.assert_array_equal(np.asarray(got), np.partition(x, kth, axis=axis))
    lanes = prod(shape) // n if n else 0
    assert cost == lanes * min(n * len(np.atleast_1d(kth)), n * lg(n))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 300), shapes)
def test_searchsorted_costs_a_binary_search_per_query(n, v_shape):
    a = np.arange(n, dtype=float)
    v = np.full(v_shape, n / 2)
    got, cost, _ = charged(fnp.searchsorted, fnp.asarray(a), fnp.asarray(v))
    np.testing.assert_array_equal(np.asarray(got), np.searchsorted(a, v))
    assert cost == prod(v_shape) * lg(n + 1) == flops.cost("searchsorted", (n,), v_shape)


@settings(max_examples=40, deadline=None)
@given(shapes, shapes, st.sampled_from(["isin", "intersect1d", "setdiff1d", "setxor1d",
                                         "union1d"]))  # fmt: skip
def test_set_operations_cost_a_sort_of_both_inputs(s1, s2, name):
    x = np.arange(prod(s1)).reshape(s1) % 5
    y = np.arange(prod(s2)).reshape(s2) % 3
    got, cost, _ = charged(getattr(fnp, name), fnp.asarray(x), fnp.asarray(y))
    np.testing.assert_array_equal(np.asarray(got), getattr(np, name)(x, y))
    t = prod(s1) + prod(s2)
    assert cost == t * lg(t) == flops.cost(name, s1, s2)


@settings(max_examples=30, deadline=None)
@given(shapes, st.integers(1, 12))
def test_histogram_prices_uniform_bins_and_explicit_edges(shape, bins):
    x = np.linspace(0, 1, prod(shape)).reshape(shape)
    n = prod(shape)
    edges = np.linspace(0, 1, bins + 1)
    _, cost, _ = charged(fnp.histogram, fnp.asarray(x), bins, range=(0, 1))
    assert cost == n
    _, cost, _ = charged(fnp.histogram, fnp.asarray(x), edges)
    assert cost == n * lg(bins + 2) == flops.cost("histogram", shape, bins=edges)
    assert flops.cost("histogram", shape, bins="stone") == 2 * n + n * max(100, isqrt(n))
