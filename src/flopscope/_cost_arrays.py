"""Cost rules of the array-handling family: sorting, searching, sets, counting, selection.

Pure functions of shapes and parameters (like ``_costs``): nothing here runs NumPy on data
or touches a budget. The same rules price a call when it is billed and answer
``flops.cost(name, *shapes, **params)``. A rule's signature mirrors NumPy's, with each
array argument replaced by its shape; parameters that may be arrays (``kth``, ``bins``,
``default``) are read for their shape only.

The model (every figure is a count of comparisons or selections; dtype does not matter,
complex values count like real ones):

- **Sorting** a lane of n items costs n·⌈log2 n⌉ (the comparison-sort bound; 0 for n <= 1).
  A sort along an axis sorts size/n lanes, so it costs size·⌈log2 n⌉.
- **Selection** (partition) costs n per lane per requested ``kth`` (introselect is linear),
  never more than sorting the lane.
- **Binary search** among n sorted items costs ⌈log2(n + 1)⌉ per query: there are n + 1
  insertion points, and that many comparisons is what tells them apart.
- **Sets** (unique, isin, intersect1d, …) are sort-based: t·⌈log2 t⌉ for the t elements
  sorted together.
- **Truth tests** of every element (nonzero, argwhere, where(cond), compress, extract,
  trim_zeros) cost one per element tested, like ``a != 0``; moving data by indices the
  caller already has (take, indexing, concatenation, …) is free.
- **Selection between operands** (where, choose, select, piecewise) costs one per output
  element per choice made.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import isqrt, prod
from typing import Any

from numpy.lib.array_utils import normalize_axis_index

from ._array import shape_of
from ._costs import broadcast_shapes

Shape = tuple[int, ...]


def log2_ceil(n: int) -> int:
    """⌈log2 n⌉ in exact integer arithmetic; 0 for n <= 1."""
    return (n - 1).bit_length() if n > 1 else 0


def sort_lane(n: int) -> int:
    """Comparisons to sort n items: n·⌈log2 n⌉."""
    return n * log2_ceil(n)


def search(n: int) -> int:
    """Comparisons of one binary search among n sorted items: ⌈log2(n + 1)⌉."""
    return log2_ceil(n + 1)


def _axis_length(shape: Shape, axis: Any) -> int:
    """The extent sorted along ``axis`` (the whole size for axis=None), NumPy's AxisError."""
    if axis is None:
        return prod(shape)
    return shape[normalize_axis_index(axis, len(shape))]


def _count(x: Any) -> int:
    """How many values a scalar-or-sequence parameter holds (``kth``, bin edges …)."""
    return prod(shape_of(x))


# ---------------------------------------------------------------------------
# sorting


def sort(a_shape: Shape, axis: Any = -1, kind: Any = None, order: Any = None, *,
         stable: Any = None) -> int:  # fmt: skip
    """size·⌈log2 n⌉, n the length of ``axis`` (the size for axis=None)."""
    return prod(a_shape) * log2_ceil(_axis_length(a_shape, axis))


def sort_complex(a_shape: Shape) -> int:
    """Like ``sort`` along the last axis."""
    return sort(a_shape)


def lexsort(keys_shape: Shape, axis: Any = -1) -> int:
    """k·size·⌈log2 n⌉ for k keys of one shape: a comparison may look at every key."""
    if len(keys_shape) < 2:  # one key of scalars (or none, which NumPy refuses)
        return 0
    k, shape = keys_shape[0], keys_shape[1:]
    return k * sort(shape, axis)


def partition(a_shape: Shape, kth: Any, axis: Any = -1, kind: Any = "introselect",
              order: Any = None) -> int:  # fmt: skip
    """Per lane of n items: n per ``kth`` value (introselect), at most n·⌈log2 n⌉."""
    n = _axis_length(a_shape, axis)
    if n == 0:
        return 0
    lanes = prod(a_shape) // n
    return lanes * min(n * _count(kth), sort_lane(n))


def searchsorted(a_shape: Shape, v_shape: Shape, side: Any = "left", sorter: Any = None) -> int:
    """size(v)·⌈log2(n + 1)⌉ for a sorted 1-D ``a`` of n items."""
    if len(a_shape) != 1:
        raise ValueError("object too deep for desired array")
    return prod(v_shape) * search(a_shape[0])


# ---------------------------------------------------------------------------
# sets


def unique(ar_shape: Shape, return_index: Any = False, return_inverse: Any = False,
           return_counts: Any = False, axis: Any = None, *, equal_nan: Any = True,
           sorted: Any = True) -> int:  # fmt: skip
    """size·⌈log2 n⌉: a sort of the n items (sub-arrays along ``axis``, elements for None)."""
    return sort(ar_shape, axis)


def unique_flat(x_shape: Shape) -> int:
    """unique_values / unique_counts / unique_inverse / unique_all: n·⌈log2 n⌉, n = size."""
    return sort_lane(prod(x_shape))


def merged(s1: Shape, s2: Shape, *args: Any, **kwargs: Any) -> int:
    """isin, intersect1d, setdiff1d, setxor1d, union1d: t·⌈log2 t⌉, t = size1 + size2."""
    return sort_lane(prod(s1) + prod(s2))


# ---------------------------------------------------------------------------
# counting and binning


def bincount(x_shape: Shape, weights: Any = None, minlength: Any = 0) -> int:
    """One accumulation per element of x."""
    return prod(x_shape)


def digitize(x_shape: Shape, bins_shape: Shape, right: Any = False) -> int:
    """size(x)·⌈log2(b + 1)⌉: a binary search among the b edges per value."""
    if len(bins_shape) != 1:
        raise ValueError("object too deep for desired array")
    return prod(x_shape) * search(bins_shape[0])


def _estimator(n: int, bins: str) -> int:
    """A named bin-width estimator: one pass (ptp, std, percentile …); 'stone' builds a
    trial histogram for every bin count up to max(100, ⌊√n⌋)."""
    if bins == "stone":
        return n * max(100, isqrt(n))
    return n


def _edges(n: int, bins: Any, range: Any) -> int:
    """Finding the edges: a pass for the data range (unless ``range`` is given) and the
    estimator for a named rule; explicit edges cost nothing."""
    if isinstance(bins, str):
        return (n if range is None else 0) + _estimator(n, bins)
    if shape_of(bins) == ():
        return n if range is None else 0
    return 0


def _binning(n: int, bins: Any) -> int:
    """Placing n values: one each into uniform bins, a binary search among explicit edges."""
    if isinstance(bins, str) or shape_of(bins) == ():
        return n
    return n * search(_count(bins))


def histogram_bin_edges(a_shape: Shape, bins: Any = 10, range: Any = None,
                        weights: Any = None) -> int:  # fmt: skip
    """n for the data range when bins is a count and no range is given; a named estimator
    adds n ('stone': n·max(100, ⌊√n⌋)); explicit edges cost nothing."""
    return _edges(prod(a_shape), bins, range)


def histogram(a_shape: Shape, bins: Any = 10, range: Any = None, density: Any = None,
              weights: Any = None) -> int:  # fmt: skip
    """histogram_bin_edges + the binning: n for uniform bins, n·⌈log2(b + 1)⌉ for b edges."""
    n = prod(a_shape)
    return _edges(n, bins, range) + _binning(n, bins)


def _per_dimension(n: int, dims: int, bins: Any, range: Any) -> int:
    try:
        m = len(bins)
    except TypeError:
        bins = dims * [bins]
    else:
        if m != dims:
            raise ValueError(
                "The dimension of bins must be equal to the dimension of the sample x."
            )
    ranges = dims * [None] if range is None else list(range)
    total = 0
    for b, r in zip(bins, ranges, strict=False):
        total += _edges(n, b, r) + _binning(n, b)
    return total


def histogramdd(sample_shape: Shape, bins: Any = 10, range: Any = None, density: Any = None,
                weights: Any = None) -> int:  # fmt: skip
    """``histogram`` per dimension of an (N, D) sample: each of the D coordinates is binned."""
    if len(sample_shape) != 2:
        raise ValueError(f"sample must be 2-dimensional (N, D), got shape {sample_shape}")
    n, dims = sample_shape
    return _per_dimension(n, dims, bins, range)


def histogram2d(x_shape: Shape, y_shape: Shape, bins: Any = 10, range: Any = None,
                density: Any = None, weights: Any = None) -> int:  # fmt: skip
    """``histogramdd`` of the N points (x, y)."""
    try:
        m = len(bins)
    except TypeError:
        m = 1
    if m != 1 and m != 2:  # one sequence of edges for both coordinates
        bins = [bins, bins]
    return _per_dimension(prod(x_shape), 2, bins, range)


# ---------------------------------------------------------------------------
# truth tests and selection


def tested(a_shape: Shape, *args: Any, **kwargs: Any) -> int:
    """nonzero, argwhere, flatnonzero, trim_zeros: one test per element."""
    return prod(a_shape)


def compress(condition_shape: Shape, a_shape: Shape, axis: Any = None, out: Any = None) -> int:
    """One test per element of ``condition`` (gathering the selected data is free)."""
    return prod(condition_shape)


def compress_method(a_shape: Shape, condition_shape: Shape, axis: Any = None,
                    out: Any = None) -> int:  # fmt: skip
    """``a.compress(condition)``: as ``compress``."""
    return prod(condition_shape)


def extract(condition_shape: Shape, arr_shape: Shape) -> int:
    """One test per element of ``condition``."""
    return prod(condition_shape)


def where(condition_shape: Shape, x_shape: Shape | None = None,
          y_shape: Shape | None = None) -> int:  # fmt: skip
    """where(c, x, y): one selection per element of the broadcast output;
    where(c) alone is ``nonzero``: one test per element of c."""
    if x_shape is None and y_shape is None:
        return prod(condition_shape)
    if x_shape is None or y_shape is None:
        raise ValueError("either both or neither of x and y should be given")
    return prod(broadcast_shapes(condition_shape, x_shape, y_shape))


def choose(a_shape: Shape, choices_shape: Shape, out: Any = None, mode: Any = "raise") -> int:
    """One selection per element of the output (a broadcast with each choice)."""
    return prod(broadcast_shapes(a_shape, choices_shape[1:]))


def select(condlist_shape: Shape, choicelist_shape: Shape, default: Any = 0) -> int:
    """k·size(output) for k conditions: NumPy applies one ``where`` per condition."""
    if not condlist_shape or condlist_shape[0] == 0:
        raise ValueError("select with an empty condition list is not possible")
    if not choicelist_shape or choicelist_shape[0] != condlist_shape[0]:
        raise ValueError("list of cases must be same length as list of conditions")
    shape = broadcast_shapes(condlist_shape[1:], choicelist_shape[1:], shape_of(default))
    return condlist_shape[0] * prod(shape)


def piecewise(x_shape: Shape, condlist_shape: Shape, funclist: Sequence[Any] | int,
              *args: Any, **kw: Any) -> int:  # fmt: skip
    """One masked assignment per element of x per piece (a value or a function; functions
    are billed for their own counted operations as they run)."""
    pieces = funclist if isinstance(funclist, int) else len(funclist)
    return pieces * prod(x_shape)


def asarray_chkfinite(a_shape: Shape, *args: Any, **kwargs: Any) -> int:
    """One finiteness test per element."""
    return prod(a_shape)


# ---------------------------------------------------------------------------
# padding


def _pairs(x: Any, ndim: int) -> list[tuple[Any, Any]]:
    """NumPy's ``_as_pairs``: a scalar, one (before, after) pair, or one pair per axis."""
    if x is None:
        return ndim * [(None, None)]
    shape = shape_of(x)
    if shape == ():
        return ndim * [(x, x)]
    if len(shape) == 1 and shape[0] in (1, 2):
        flat = list(x)
        return ndim * [(flat[0], flat[-1])]
    if len(shape) == 2 and shape[0] in (1, ndim) and shape[1] in (1, 2):
        rows = [(row[0], row[-1]) for row in x]
        return rows * ndim if len(rows) == 1 else rows
    raise ValueError(
        f"operands could not be broadcast together with remapped shapes "
        f"[original->remapped]: {shape} and requested shape ({ndim},2)"
    )


_STATS = frozenset({"maximum", "minimum", "mean", "median"})
_COPIES = frozenset({"constant", "edge", "linear_ramp", "wrap", "empty", "reflect", "symmetric"})


def pad(array_shape: Shape, pad_width: Any, mode: Any = "constant", **kwargs: Any) -> int:
    """Copying modes (constant, edge, wrap, reflect, symmetric, linear_ramp, empty) are free;
    reflect_type='odd' costs 2 per padded element (2·edge − x); maximum / minimum / mean /
    median cost, per axis, one read of the stat_length values per lane and side."""
    if callable(mode):
        raise TypeError(
            "pad with a function mode runs a Python callback that writes into plain NumPy "
            "vectors, which flopscope cannot count; use a named mode, or numpy.pad on "
            "np.asarray(x) to leave counting explicitly"
        )
    ndim = len(array_shape)
    widths = [(round(b), round(a)) for b, a in _pairs(pad_width, ndim)]
    if any(b < 0 or a < 0 for b, a in widths):
        raise ValueError("index can't contain negative values")
    if mode not in _STATS and mode not in _COPIES:
        raise ValueError(f"mode '{mode}' is not supported")
    if prod(array_shape) == 0:
        return 0
    new = [n + b + a for n, (b, a) in zip(array_shape, widths, strict=True)]

    def lanes(axis: int) -> int:  # axes before `axis` are already padded, later ones are not
        return prod(new[:axis]) * prod(array_shape[axis + 1 :])

    if mode in _STATS:
        lengths = _pairs(kwargs.get("stat_length"), ndim)
        total = 0
        for axis, n in enumerate(array_shape):
            left, right = (n if s is None else min(n, round(s)) for s in lengths[axis])
            total += lanes(axis) * (left if left == right == n else left + right)
        return total
    if mode in ("reflect", "symmetric") and kwargs.get("reflect_type", "even") == "odd":
        return 2 * sum(
            lanes(axis) * (b + a)
            for axis, (n, (b, a)) in enumerate(zip(array_shape, widths, strict=True))
            if n > 1
        )
    return 0
