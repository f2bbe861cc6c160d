"""Cost rules of the math family (``_table_math``): pure functions of shapes and parameters.

Like ``_costs``, nothing here runs the operation or touches a budget; the same rule prices
the bill and answers ``flops.cost``. Each rule mirrors NumPy's signature with the array
arguments replaced by their shapes (``None`` for an array argument that was not given) and
``out`` by its shape. ``fma`` is the price of one multiply-add (1 in flopscope, 2 in
mechestim). Costs never depend on the dtype: a complex element counts like a real one.

Conventions (the formulas in ``_table_math`` say the same in words):

- pointwise functions: one FLOP per element of the output, whatever the function;
- reductions: one FLOP per element of the input (the final per-lane step, e.g. a mean's
  division, is part of it); a NaN-aware variant adds one pass for the NaN mask;
- a sum of products (weighted sums, sums of squares, convolutions, Gram matrices) is
  billed per multiply-add, at the flavor's FMA price.
"""

from __future__ import annotations

from math import prod
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from ._costs import broadcast_shapes

Shape = tuple[int, ...]


def log2_ceil(n: int) -> int:
    """ceil(log2 n) in exact integer arithmetic; 0 for n <= 1."""
    return (n - 1).bit_length() if n > 1 else 0


def lanes(shape: Shape, axis: Any) -> tuple[int, int]:
    """(n, m): the extent of the reduced axes (all for ``axis=None``) and the number of lanes.
    Raises NumPy's AxisError for an axis out of bounds."""
    if axis is None:
        return prod(shape), 1
    ndim = len(shape)
    if type(axis) is int and -ndim <= axis < ndim:  # the common case, without NumPy's helper
        axis %= ndim
        return shape[axis], prod(shape[:axis]) * prod(shape[axis + 1 :])
    axes = normalize_axis_tuple(axis, ndim, "axis")
    n = prod(shape[a] for a in axes)
    m = prod(d for i, d in enumerate(shape) if i not in axes)
    return n, m


def _present(*shapes: Shape | None) -> list[Shape]:
    return [s for s in shapes if s is not None]


# ---------------------------------------------------------------------------
# pointwise


def elements(x: Shape, /, *args: Any, **kwargs: Any) -> int:
    """Pointwise functions of one array: one FLOP per element (of the output, = the input)."""
    return prod(x)


def clip(
    a: Shape,
    a_min: Shape | None = None,
    a_max: Shape | None = None,
    out: Shape | None = None,
    *,
    min: Shape | None = None,
    max: Shape | None = None,
    **kwargs: Any,
) -> int:
    """``clip``: one FLOP per element of the broadcast output (bounds and ``out`` included)."""
    return prod(broadcast_shapes(*_present(a, a_min, a_max, min, max, out)))


def isclose(a: Shape, b: Shape, rtol: Shape = (), atol: Shape = (), equal_nan: bool = False) -> int:
    """``isclose``: one FLOP per element of the broadcast of a, b and the tolerances."""
    return prod(broadcast_shapes(a, b, rtol, atol))


def allclose(
    a: Shape, b: Shape, rtol: Shape = (), atol: Shape = (), equal_nan: bool = False
) -> int:
    """``allclose``: ``isclose`` plus the ``all`` reduction of its result."""
    return 2 * isclose(a, b, rtol, atol)


def array_equal(a1: Shape, a2: Shape, equal_nan: bool = False) -> int:
    """Different shapes: nothing is compared. Equal shapes (n elements): a comparison and
    ``all`` (2n); with ``equal_nan`` also both NaN masks, their comparison and its ``all``
    (6n in all)."""
    if a1 != a2:
        return 0
    return (6 if equal_nan else 2) * prod(a1)


def array_equiv(a1: Shape, a2: Shape) -> int:
    """Comparison and ``all`` over the broadcast shape; nothing if the shapes do not broadcast."""
    try:
        return 2 * prod(broadcast_shapes(a1, a2))
    except ValueError:
        return 0


def interp(
    x: Shape,
    xp: Shape,
    fp: Shape,
    left: Any = None,
    right: Any = None,
    period: Any = None,
) -> int:
    """q queries, n = len(xp): a binary search and an interpolation per query,
    q·ceil(log2 n) + q. With ``period``: + q + n to reduce x and xp modulo the period,
    n·ceil(log2 n) to sort xp, and the search runs over n + 2 points."""
    q, n = prod(x), prod(xp)
    if q == 0 or n == 0:
        return 0
    if period is None:
        return q * log2_ceil(n) + q
    return q * log2_ceil(n + 2) + q + (q + n) + n * log2_ceil(n)


# ---------------------------------------------------------------------------
# ufunc methods


def outer(A: Shape, B: Shape, /, **kwargs: Any) -> int:  # noqa: N803 - NumPy's names
    """``ufunc.outer``: one FLOP per element of the output, prod(A.shape)·prod(B.shape)."""
    return prod(A) * prod(B)


def reduceat_rule(ufunc_name: str) -> Any:
    """The cost rule of ``<ufunc>.reduceat``: one FLOP per element of every segment
    (``indices[i]:indices[i+1]``, or the single element ``indices[i]`` when the next index
    is not larger; the last segment runs to the end), times the extent of the other axes.
    For increasing indices starting at 0 that is the number of input elements."""

    def reduceat(
        array: Shape, /, indices: Any, axis: int = 0, dtype: Any = None, out: Any = None
    ) -> int:
        axis = normalize_axis_index(axis, len(array))
        n = array[axis]
        others = prod(d for i, d in enumerate(array) if i != axis)
        idx = np.asarray(indices).ravel()
        if idx.size == 0:
            return 0
        if idx.dtype.kind not in "iub":
            idx = idx.astype(np.intp)  # NumPy casts (and raises for what it cannot cast)
        bad = idx[(idx < 0) | (idx >= n)]
        if bad.size:
            raise IndexError(f"index {int(bad[0])} out-of-bounds in {ufunc_name}.reduceat [0, {n})")
        idx = idx.astype(np.int64)
        ends = np.append(idx[1:], n)
        segments = np.where(ends > idx, ends - idx, 1)
        return int(segments.sum()) * others

    return reduceat


def at(a: Shape, indices: Any, b: Shape | None = None) -> int:
    """``ufunc.at``: one FLOP per indexed element (repeated indices count every time),
    the size of ``a[indices]``; NumPy's indexing rules and errors apply."""
    probe = np.broadcast_to(np.False_, a)  # zero-strided: indexing it costs no data copy
    return int(probe[indices].size)


# ---------------------------------------------------------------------------
# reductions and statistics


def twice(shape: Shape, axis: Any = None) -> int:
    """NaN-aware reductions (sum, prod, mean, max, min, cumsum...): one pass for the NaN
    mask plus the reduction, 2 x the input elements."""
    return 2 * prod(shape)


def ptp(a: Shape, axis: Any = None, out: Any = None, keepdims: Any = None) -> int:
    """``ptp``: a max and a min reduction over the input (their difference is the final
    per-lane step), 2 x input elements."""
    lanes(a, axis)  # NumPy's axis errors
    return 2 * prod(a)


def first_pass(a: Shape, axis: Any = None, *args: Any, **kwargs: Any) -> int:
    """One pass over the input (argmax, argmin, ...)."""
    lanes(a, axis)
    return prod(a)


def nan_first_pass(a: Shape, axis: Any = None, *args: Any, **kwargs: Any) -> int:
    """The NaN mask and one pass over the input (nanmax, nanargmax, ...)."""
    lanes(a, axis)
    return 2 * prod(a)


def var(
    a: Shape,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: Any = 0,
    keepdims: Any = None,
    *,
    where: Any = None,
    mean: Shape | None = None,
    correction: Any = None,
    fma: int = 1,
) -> int:
    """n input elements: the mean (n, skipped when ``mean=`` is given), the deviations
    (n subtractions) and the sum of their squares (n multiply-adds): 2n + FMA·n."""
    lanes(a, axis)
    n = prod(a)
    return (0 if mean is not None else n) + n + fma * n


def std(a: Shape, axis: Any = None, *args: Any, **kwargs: Any) -> int:
    """``var`` plus a square root per output element."""
    n, m = lanes(a, axis)
    return var(a, axis, *args, **kwargs) + (m if n * m else 0)


def nanvar(a: Shape, axis: Any = None, *args: Any, **kwargs: Any) -> int:
    """``var`` plus one pass for the NaN mask."""
    return var(a, axis, *args, **kwargs) + prod(a)


def nanstd(a: Shape, axis: Any = None, *args: Any, **kwargs: Any) -> int:
    """``std`` plus one pass for the NaN mask."""
    return std(a, axis, *args, **kwargs) + prod(a)


def median(
    a: Shape,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    keepdims: Any = False,
) -> int:
    """Selection of the middle element(s) of each lane (introselect, linear: n per lane,
    so the input elements) plus one FLOP per output element to combine them."""
    n, m = lanes(a, axis)
    return n * m + m if n * m else 0


def quantile(
    a: Shape,
    q: Shape,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: Any = False,
    *,
    weights: Shape | None = None,
    interpolation: str | None = None,  # method's old name, which NumPy < 2.4 still takes
) -> int:
    """k = number of quantiles, lanes of n elements, m lanes. Without weights: selecting
    k order statistics costs n·ceil(log2(k + 1)) per lane (one linear introselect for a
    single quantile; a multi-selection splits the lane into k + 1 parts) plus one FLOP per
    output element (m·k) for the interpolation. With weights (inverted_cdf): a sort,
    n·ceil(log2 n), and the cumulative weights, n, per lane, then a binary search,
    ceil(log2 n), per output element."""
    n, m = lanes(a, axis)
    k = prod(q)
    if n * m * k == 0:
        return 0
    if weights is None:
        return m * n * log2_ceil(k + 1) + m * k
    return m * (n * log2_ceil(n) + n) + m * k * log2_ceil(n)


def nanmedian(a: Shape, *args: Any, **kwargs: Any) -> int:
    """``median`` plus one pass for the NaN mask."""
    return median(a, *args, **kwargs) + prod(a)


def nanquantile(a: Shape, q: Shape, *args: Any, **kwargs: Any) -> int:
    """``quantile`` (``percentile``) plus one pass for the NaN mask."""
    base = quantile(a, q, *args, **kwargs)
    return base + prod(a) if base else 0


def average(
    a: Shape,
    axis: Any = None,
    weights: Shape | None = None,
    returned: bool = False,
    *,
    keepdims: Any = None,
    fma: int = 1,
) -> int:
    """Without weights: as ``mean``, the input elements. With weights: the weighted sum
    (a multiply-add per input element, FMA·size(a)) and the sum of the weights
    (size(weights)); the final division is the per-lane step, as in ``mean``."""
    lanes(a, axis)
    if weights is None:
        return prod(a)
    return fma * prod(a) + prod(weights)


# ---------------------------------------------------------------------------
# differences, integration, convolution, covariance


def diff(
    a: Shape,
    n: int = 1,
    axis: int = -1,
    prepend: Shape | None = None,
    append: Shape | None = None,
) -> int:
    """n-th difference along an axis of length L (after prepend / append), m = the other
    extents: pass k makes m·(L − k) subtractions, so m·Σ_{k=1..n} max(L − k, 0)."""
    if n == 0:
        return 0
    if n < 0:
        raise ValueError("order must be non-negative but got " + repr(n))
    if not a:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = normalize_axis_index(axis, len(a))
    length = a[axis] + sum(1 if not s else s[axis] for s in _present(prepend, append))
    others = prod(d for i, d in enumerate(a) if i != axis)
    t = min(n, length)
    return others * (t * length - t * (t + 1) // 2)


def ediff1d(ary: Shape, to_end: Shape | None = None, to_begin: Shape | None = None) -> int:
    """Differences of the flattened array: size − 1 subtractions (prepending and appending
    values is free)."""
    return max(prod(ary) - 1, 0)


def gradient(f: Shape, *varargs: Shape, axis: Any = None, edge_order: int = 1, fma: int = 1) -> int:
    """Per differentiated axis of length n (m = the other extents): uniform spacing (no
    spacing or a scalar) makes a difference and a division per point, 2·n·m for
    ``edge_order=1``; ``edge_order=2`` edges are three-point stencils (3 multiply-adds at
    each of the 2·m edge points). A coordinate array costs n − 1 differences and
    10·(n − 2) for the three-point weights, and every interior point is then a three-point
    stencil (3 multiply-adds). Coordinate arrays are always billed as non-uniform."""
    nd = len(f)
    axes = tuple(range(nd)) if axis is None else normalize_axis_tuple(axis, nd)
    if not varargs or (len(varargs) == 1 and len(varargs[0]) == 0):  # one scalar spacing
        uniform = [True] * len(axes)
    elif len(varargs) == len(axes):
        uniform = []
        for ax, spacing in zip(axes, varargs, strict=True):
            if len(spacing) > 1:
                raise ValueError("distances must be either scalars or 1d")
            if len(spacing) == 1 and spacing[0] != f[ax]:
                raise ValueError(
                    "when 1d, distances must match the length of the corresponding dimension"
                )
            uniform.append(len(spacing) == 0)
    else:
        raise TypeError("invalid number of arguments")
    if edge_order > 2:
        raise ValueError("'edge_order' greater than 2 not supported")
    total = 0
    for ax, flat in zip(axes, uniform, strict=True):
        n = f[ax]
        if n < edge_order + 1:
            raise ValueError(
                "Shape of array too small to calculate a numerical gradient, "
                "at least (edge_order + 1) elements are required."
            )
        m = prod(d for i, d in enumerate(f) if i != ax)
        interior, edges = (n - 2) * m, 2 * m
        if flat:
            total += 2 * interior
        else:
            total += 3 * fma * interior + (n - 1) + 10 * (n - 2)
        total += 2 * edges if edge_order == 1 else 3 * fma * edges
    return total


def trapezoid(
    y: Shape, x: Shape | None = None, dx: Any = 1.0, axis: int = -1, *, fma: int = 1
) -> int:
    """n points along the axis, m = the other extents: per interval an addition, a halving
    and a multiply-add with the spacing, (2 + FMA)·(n − 1)·m; a coordinate array x adds
    its differences along the axis."""
    if not y:
        return 0  # NumPy raises its own error for a 0-d y
    axis = normalize_axis_index(axis, len(y))
    n = y[axis]
    m = prod(d for i, d in enumerate(y) if i != axis)
    cost = (2 + fma) * max(n - 1, 0) * m
    if x is not None:
        if len(x) == 1:
            cost += max(x[0] - 1, 0)
        elif x:
            xa = normalize_axis_index(axis, len(x))
            cost += max(x[xa] - 1, 0) * prod(d for i, d in enumerate(x) if i != xa)
    return cost


_MODES = {"valid": "valid", 0: "valid", "same": "same", 1: "same", "full": "full", 2: "full"}


def _length(shape: Shape) -> int:
    if len(shape) > 1:
        raise ValueError("object too deep for desired array")
    return prod(shape)


def correlate(a: Shape, v: Shape, mode: Any = "valid", *, fma: int = 1) -> int:
    """Multiply-adds actually performed, n ≥ k the two lengths: full mode n·k; valid mode
    (n − k + 1)·k; same mode n·k minus the L(L+1)/2 + R(R+1)/2 products of the dropped
    ends, L = (k − 1) // 2, R = k − 1 − L. Each costs FMA."""
    n, k = _length(a), _length(v)
    if type(mode) in (str, int) and mode in _MODES:
        mode = _MODES[mode]
    else:
        raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")
    if n == 0 or k == 0:
        return 0
    n, k = (n, k) if n >= k else (k, n)
    if mode == "full":
        terms = n * k
    elif mode == "valid":
        terms = (n - k + 1) * k
    else:
        left = (k - 1) // 2
        right = k - 1 - left
        terms = n * k - left * (left + 1) // 2 - right * (right + 1) // 2
    return fma * terms


def convolve(a: Shape, v: Shape, mode: Any = "full", *, fma: int = 1) -> int:
    """As ``correlate`` (convolution is correlation with v reversed); default mode full."""
    return correlate(a, v, mode, fma=fma)


def _cov_dims(m: Shape, y: Shape | None, rowvar: bool) -> tuple[int, int]:
    """(variables, observations) of ``cov(m, y, rowvar)``: the inputs as NumPy sees them
    after ``ndmin=2`` and ``rowvar`` (m is transposed unless 1-D, y unless one row)."""
    for name, s in (("m", m), ("y", y)):
        if s is not None and len(s) > 2:
            raise ValueError(f"{name} has more than 2 dimensions")
    rows, obs = (1,) * (2 - len(m)) + m
    if not rowvar and len(m) != 1:
        rows, obs = obs, rows
    if rows == 0 or y is None:
        return rows, obs
    y_rows, y_obs = (1,) * (2 - len(y)) + y
    if not rowvar and y_rows != 1:
        y_rows = y_obs
    return rows + y_rows, obs


def cov(
    m: Shape,
    y: Shape | None = None,
    rowvar: bool = True,
    bias: bool = False,
    ddof: Any = None,
    fweights: Shape | None = None,
    aweights: Shape | None = None,
    *,
    dtype: Any = None,
    fma: int = 1,
) -> int:
    """v variables, o observations: the means (v·o), the centering (v·o), the Gram
    product X·Xᴴ (FMA·v²·o) and the scaling by 1/(o − ddof) (v²). With weights w the means
    are weighted sums (FMA·v·o + o for the weight sum) and X is multiplied by w (v·o);
    fweights·aweights costs o when both are given, and the aweights correction of the
    normalisation FMA·o when ddof ≠ 0."""
    v, o = _cov_dims(m, y, rowvar)
    if v * o == 0:
        return 0
    cost = v * o + fma * v * v * o + v * v
    if fweights is None and aweights is None:
        return cost + v * o
    cost += fma * v * o + o + v * o
    if fweights is not None and aweights is not None:
        cost += o
    if aweights is not None and (ddof if ddof is not None else (0 if bias else 1)) != 0:
        cost += fma * o
    return cost


def corrcoef(
    x: Shape,
    y: Shape | None = None,
    rowvar: bool = True,
    bias: Any = None,  # bias and ddof: no effect, gone in NumPy 2.4 (older ones take them)
    ddof: Any = None,
    *,
    dtype: Any = None,
    fma: int = 1,
) -> int:
    """``cov`` plus, for v variables, the standard deviations (v square roots), the two
    normalisations (2·v²) and the clipping to [-1, 1] (v²); a single variable: one
    division."""
    base = cov(x, y, rowvar, fma=fma)
    if base == 0:
        return 0
    v, _ = _cov_dims(x, y, rowvar)
    return base + (1 if v == 1 else v + 3 * v * v)
