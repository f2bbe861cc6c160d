"""Op-table rows for NumPy's numeric top level beyond the core: every pointwise ufunc and
pointwise function, reductions (nan-aware, statistics), cumulative ops, differences,
convolution, and ufunc methods (reduce / accumulate / outer / reduceat / at).

Cost rules live in ``_cost_math``. Rows whose arguments do not fit the core builders use
the kind ``"shaped:signature"`` (priced like ``"shaped"``; its builder is in ``_ops``): it
binds arguments by NumPy's own signature, so every array argument, positional or keyword
(``weights=``, ``q``, ``prepend=``, ``mean=`` ...), is priced by its shape and unwrapped
before NumPy runs, ``out=`` is checked wherever it is passed, and the rows that would write
into an argument refuse counted arrays there.

SymmetricTensor operands: ufuncs (the core builder) bill their unique elements, and so do
the sum-like reductions marked ``symmetry="reduce"`` (``<ufunc>.reduce``, ``nansum``,
``nanprod``, ``nanmean``, ``count_nonzero``), exactly like ``sum``. Every other row bills
all elements of a symmetric operand and returns a plain counted array.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import _cost_math as cm
from . import _table_core
from ._ops import WRITES, Op, numpy_function
from ._table_core import ELEMENTWISE, FREE, INPUT, UNIQUE_INPUT

# ---------------------------------------------------------------------------
# row helpers

POINTWISE = "pointwise"
STATS = "reduction"
METHODS = "ufunc methods"
SIGNAL = "differences and convolution"

ONE_PER_ELEMENT = "elements of the output (1 FLOP each, whatever the function)"
NAN_PASS = "2 x elements of the input (the NaN mask, then the reduction)"
UNIQUE_NAN_PASS = "2 x unique elements of the input (the NaN mask, then the reduction)"


def _math_row(
    name: str,
    rule: Callable[..., int],
    formula: str,
    arrays: tuple[str, ...],
    *,
    category: str,
    methods: tuple[str, ...] = (),
    fma: bool = False,
    numpy: Any = None,
    dispatch: bool = True,
) -> Op:
    fn = numpy if numpy is not None else numpy_function(name)
    return Op(name, "shaped:signature", fn, rule, formula, methods=methods, arrays=arrays,
              multiply_adds=fma, category=category, dispatch=dispatch)  # fmt: skip


def _reduction(
    name: str, rule: Any, formula: str, methods: tuple[str, ...] = (), symmetry: str = ""
) -> Op:
    """Rows that fit the core reduction builder: ``(a, axis, dtype, out, ...)``, one array.
    ``symmetry="reduce"``: billed for the unique elements of a SymmetricTensor, as ``sum``."""
    # cumsum / cumprod: NumPy's functions wrap the ndarray methods of the same signature
    fast = getattr(np.ndarray, name) if name in ("cumsum", "cumprod") else None
    return Op(name, "reduction", numpy_function(name), rule, formula, methods=methods,
              symmetry=symmetry, on_ndarray=fast)  # fmt: skip


def _free(name: str) -> Op:
    return Op(name, "free", numpy_function(name), formula=FREE)


# ---------------------------------------------------------------------------
# ufuncs and their methods

_CORE_NAMES = frozenset(op.name for op in _table_core.OPS)
_LINALG_UFUNCS = frozenset({"matmul", "matvec", "vecmat", "vecdot"})  # gufuncs: contractions

# every top-level ufunc object, by public name
_TOP_LEVEL_UFUNCS: dict[str, np.ufunc] = {
    name: obj for name, obj in sorted(vars(np).items()) if isinstance(obj, np.ufunc)
}
# canonical ufuncs (their own __name__), the core's and the contractions excluded
UFUNCS: list[np.ufunc] = sorted(
    {
        u
        for u in _TOP_LEVEL_UFUNCS.values()
        if u.__name__ not in _CORE_NAMES and u.__name__ not in _LINALG_UFUNCS
    },
    key=lambda u: u.__name__,
)

_TWO_OUTPUTS = "elements of the broadcast output (both outputs together count once)"

UFUNC_ROWS = [
    Op(u.__name__, "ufunc", u, formula=ELEMENTWISE if u.nout == 1 else _TWO_OUTPUTS,
       methods=("conj", "conjugate") if u is np.conjugate else ())
    for u in UFUNCS
]  # fmt: skip

# ufuncs whose methods NumPy supports: binary single-output ufuncs (reduce, accumulate,
# reduceat, outer, at) and unary single-output ufuncs (at); the core's and ours alike
_METHOD_UFUNCS = sorted(
    {
        u
        for u in _TOP_LEVEL_UFUNCS.values()
        if u.signature is None and u.nout == 1 and u.__name__ not in _LINALG_UFUNCS
    },
    key=lambda u: u.__name__,
)

ACCUMULATE = "elements of the input"
REDUCEAT = (
    "elements of every segment (indices[i]:indices[i+1], a single element where the next "
    "index is not larger, the last to the end) x the other axes' extents: the input "
    "elements for increasing indices from 0"
)
OUTER = "elements of the output, prod(A.shape) x prod(B.shape)"
AT = "elements indexed, the size of a[indices] (repeated indices count each time)"


def _method_rows(u: np.ufunc) -> list[Op]:
    name = u.__name__
    rows = [_math_row(f"{name}.at", cm.at, AT, ("a", "b"), numpy=u.at, category=METHODS,
                      dispatch=False)]  # fmt: skip
    WRITES[f"{name}.at"] = ("a", None, True)
    if u.nin != 2:
        return rows
    if f"{name}.reduce" not in _CORE_NAMES:
        rows.append(Op(f"{name}.reduce", "reduction", u.reduce, formula=UNIQUE_INPUT,
                       dispatch=False, symmetry="reduce"))  # fmt: skip
    rows += [
        Op(f"{name}.accumulate", "reduction", u.accumulate, formula=ACCUMULATE,
           dispatch=False, category=METHODS),
        _math_row(f"{name}.reduceat", cm.reduceat_rule(name), REDUCEAT, ("array",),
                  numpy=u.reduceat, category=METHODS, dispatch=False),
        _math_row(f"{name}.outer", cm.outer, OUTER, ("A", "B"), numpy=u.outer,
                  category=METHODS, dispatch=False),
    ]  # fmt: skip
    return rows


UFUNC_METHOD_ROWS = [row for u in _METHOD_UFUNCS for row in _method_rows(u)]

# ---------------------------------------------------------------------------
# pointwise functions (not ufuncs)

POINTWISE_ROWS = [
    _math_row("clip", cm.clip, "elements of the broadcast output (a, the bounds, out)",
              ("a", "a_min", "a_max", "min", "max"), category=POINTWISE),
    # the method's signature differs from np.clip's: a.clip(min=None, max=None, out=None)
    _math_row("ndarray.clip", cm.clip, "elements of the broadcast output (a, the bounds, out)",
              ("self", "min", "max"), numpy=np.ndarray.clip, category=POINTWISE,
              methods=("clip",), dispatch=False),
    _math_row("round", cm.elements, ONE_PER_ELEMENT, ("a",), category=POINTWISE,
              methods=("round",)),
    _math_row("fix", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("nan_to_num", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("real_if_close", cm.elements, "elements of the input (the tolerance test)",
              ("a",), category=POINTWISE),
    _math_row("sinc", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("i0", cm.elements, ONE_PER_ELEMENT + "; the Chebyshev series counts as one",
              ("x",), category=POINTWISE),
    _math_row("angle", cm.elements, ONE_PER_ELEMENT, ("z",), category=POINTWISE),
    _math_row("unwrap", cm.elements, "elements of the input (1 FLOP each)", ("p",),
              category=POINTWISE),
    _math_row("isreal", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("iscomplex", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("isneginf", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("isposinf", cm.elements, ONE_PER_ELEMENT, ("x",), category=POINTWISE),
    _math_row("isclose", cm.isclose, "elements of the broadcast of a, b, rtol and atol",
              ("a", "b", "rtol", "atol"), category=POINTWISE),
    _math_row("allclose", cm.allclose, "2 x elements of the broadcast of a, b, rtol and "
              "atol (isclose, then all)", ("a", "b", "rtol", "atol"), category=POINTWISE),
    _math_row("array_equal", cm.array_equal, "n = elements when the shapes are equal "
              "(else 0): 2n (compare, all); 6n with equal_nan (both NaN masks, their "
              "comparison and all)", ("a1", "a2"), category=POINTWISE),
    _math_row("array_equiv", cm.array_equiv, "2 x elements of the broadcast shape (compare, "
              "all); 0 if the shapes do not broadcast", ("a1", "a2"), category=POINTWISE),
    _math_row("interp", cm.interp, "q = size(x) queries, n = len(xp): q·ceil(log2 n) + q "
              "(a binary search and an interpolation per query); with period: + q + n "
              "(modulo) + n·ceil(log2 n) (sorting xp), searching n + 2 points",
              ("x", "xp", "fp"), category=POINTWISE),
    *(_free(name) for name in ("real", "imag", "isrealobj", "iscomplexobj")),
]  # fmt: skip
WRITES["nan_to_num"] = ("x", "copy", False)

# ---------------------------------------------------------------------------
# reductions, statistics, cumulative ops

_VAR = "n = input elements: n (the mean; 0 when mean= is given) + n (deviations) + FMA·n "
_SELECT = (
    "n per lane, m lanes, k quantiles: m·n·ceil(log2(k + 1)) to select the order "
    "statistics + m·k to interpolate; with weights: m·n·ceil(log2 n) (sort) + m·n "
    "(cumulative weights) + m·k·ceil(log2 n) (search)"
)

REDUCTION_ROWS = [
    _reduction("nansum", cm.twice, UNIQUE_NAN_PASS, symmetry="reduce"),
    _reduction("nanprod", cm.twice, UNIQUE_NAN_PASS, symmetry="reduce"),
    _reduction("nanmean", cm.twice, UNIQUE_NAN_PASS, symmetry="reduce"),
    _reduction("cumsum", None, INPUT, ("cumsum",)),
    _reduction("cumprod", None, INPUT, ("cumprod",)),
    _reduction("nancumsum", cm.twice, NAN_PASS),
    _reduction("nancumprod", cm.twice, NAN_PASS),
    _reduction("cumulative_sum", None, INPUT),
    _reduction("cumulative_prod", None, INPUT),
    _reduction("count_nonzero", None, UNIQUE_INPUT, symmetry="reduce"),
    _math_row("argmax", cm.first_pass, INPUT, ("a",), category=STATS, methods=("argmax",)),
    _math_row("argmin", cm.first_pass, INPUT, ("a",), category=STATS, methods=("argmin",)),
    _math_row("nanargmax", cm.nan_first_pass, NAN_PASS, ("a",), category=STATS),
    _math_row("nanargmin", cm.nan_first_pass, NAN_PASS, ("a",), category=STATS),
    _math_row("nanmax", cm.nan_first_pass, NAN_PASS, ("a",), category=STATS),
    _math_row("nanmin", cm.nan_first_pass, NAN_PASS, ("a",), category=STATS),
    _math_row("ptp", cm.ptp, "2 x elements of the input (a max and a min reduction)",
              ("a",), category=STATS),
    _math_row("var", cm.var, _VAR + "(sum of squared deviations)", ("a", "mean"),
              category=STATS, methods=("var",), fma=True),
    _math_row("std", cm.std, "var + output elements (square roots)", ("a", "mean"),
              category=STATS, methods=("std",), fma=True),
    _math_row("nanvar", cm.nanvar, "var + n (the NaN mask)", ("a", "mean"), category=STATS,
              fma=True),
    _math_row("nanstd", cm.nanstd, "std + n (the NaN mask)", ("a", "mean"), category=STATS,
              fma=True),
    _math_row("median", cm.median, "input elements (introselect of the middle, linear per "
              "lane) + output elements (combining the middle pair)", ("a",),
              category=STATS),
    _math_row("nanmedian", cm.nanmedian, "median + input elements (the NaN mask)", ("a",),
              category=STATS),
    _math_row("quantile", cm.quantile, _SELECT, ("a", "q", "weights"), category=STATS),
    _math_row("percentile", cm.quantile, "as quantile: " + _SELECT, ("a", "q", "weights"),
              category=STATS),
    _math_row("nanquantile", cm.nanquantile, "quantile + input elements (the NaN mask)",
              ("a", "q", "weights"), category=STATS),
    _math_row("nanpercentile", cm.nanquantile, "quantile + input elements (the NaN mask)",
              ("a", "q", "weights"), category=STATS),
    _math_row("average", cm.average, "without weights: input elements (as mean); with "
              "weights: FMA x input elements (weighted sum) + size(weights) (their sum)",
              ("a", "weights"), category=STATS, fma=True),
]  # fmt: skip
for _name in ("median", "nanmedian", "quantile", "percentile", "nanquantile", "nanpercentile"):
    WRITES[_name] = ("a", "overwrite_input", True)

# ---------------------------------------------------------------------------
# differences, integration, convolution, covariance

_CORRELATE = (
    "FMA x multiply-adds performed, n >= k the lengths: full n·k, valid (n − k + 1)·k, "
    "same n·k − L(L+1)/2 − R(R+1)/2 with L = (k − 1) // 2, R = k − 1 − L"
)

SIGNAL_ROWS = [
    _math_row("diff", cm.diff, "m·Σ_{k=1..n} max(L − k, 0): L = length along the axis "
              "(prepend/append included), m = the other extents", ("a", "prepend", "append"),
              category=SIGNAL),
    _math_row("ediff1d", cm.ediff1d, "size − 1", ("ary", "to_end", "to_begin"),
              category=SIGNAL),
    _math_row("gradient", cm.gradient, "per differentiated axis (length n, m other "
              "elements): uniform spacing 2·(n − 2)·m; coordinates FMA·3·(n − 2)·m + "
              "(n − 1) + 10·(n − 2); edges (2·m points) 2 each with edge_order=1, FMA·3 "
              "each with edge_order=2", ("f", "varargs"), category=SIGNAL, fma=True),
    _math_row("trapezoid", cm.trapezoid, "(2 + FMA)·(n − 1)·m for n points along the axis "
              "and m other elements (sum, halving, multiply-add with the spacing) + the "
              "differences of x", ("y", "x"), category=SIGNAL, fma=True),
    _math_row("convolve", cm.convolve, _CORRELATE, ("a", "v"), category=SIGNAL, fma=True),
    _math_row("correlate", cm.correlate, _CORRELATE, ("a", "v"), category=SIGNAL, fma=True),
    _math_row("cov", cm.cov, "v variables, o observations: 2·v·o (means, centering) + "
              "FMA·v²·o (X·Xᴴ) + v² (scaling); weights: FMA·v·o + o for weighted means "
              "instead of v·o, + v·o (X·w), + o when both weights, + FMA·o for aweights "
              "with ddof != 0", ("m", "y", "fweights", "aweights"), category=SIGNAL,
              fma=True),
    _math_row("corrcoef", cm.corrcoef, "cov + v (square roots) + 3·v² (two divisions, "
              "clipping); one variable: cov + 1", ("x", "y"), category=SIGNAL, fma=True),
]  # fmt: skip

OPS: list[Op] = [*UFUNC_ROWS, *UFUNC_METHOD_ROWS, *POINTWISE_ROWS, *REDUCTION_ROWS, *SIGNAL_ROWS]

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {
    name: u.__name__
    for name, u in _TOP_LEVEL_UFUNCS.items()
    if name != u.__name__ and name not in _table_core.ALIASES
}
ALIASES["around"] = "round"

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {
    "trapz": "it is deprecated since NumPy 2.0 (and gone from 2.4); use fnp.trapezoid, its new "
    "name",
}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
