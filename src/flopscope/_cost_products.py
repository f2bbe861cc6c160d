"""Cost rules of NumPy's products and contractions (tensordot, inner, outer, kron, vdot,
the matmul-like gufuncs, trace, cross, multi_dot, matrix_power): pure functions of shapes.

Each rule mirrors the NumPy signature it prices, with the arrays replaced by their shapes,
and raises NumPy's own error for arguments NumPy rejects. A multiply-add costs ``fma``
(1 in flopscope, 2 in mechestim), a plain multiply 1; complex counts like real.
"""

from __future__ import annotations

import operator
from itertools import pairwise
from math import prod
from typing import Any

from numpy.exceptions import AxisError
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from . import _costs
from ._cost_linalg import Shape, _fmt, _stacked_square, _two_d, inv_flops


def matrix_power(a: Shape, n: Any, *, fma: int = 1) -> int:
    """``matrix_power(a, n)``: NumPy's binary powering, (bit_length(|n|) − 1) squarings and
    (popcount(|n|) − 1) products of FMA·m³ each, plus ``inv`` when n < 0."""
    batch, m = _stacked_square(a)
    try:
        n = operator.index(n)
    except TypeError as error:
        raise TypeError("exponent must be an integer") from error
    power = abs(n)
    products = power.bit_length() + bin(power).count("1") - 2 if power else 0
    return batch * (products * fma * m**3 + (inv_flops(m) if n < 0 else 0))


def _chain_cost(dims: list[int]) -> int:
    """Multiply-adds of NumPy's optimal order for a chain of matrices with these dimensions."""
    n = len(dims) - 1
    if n == 3:  # NumPy's _multi_dot_three
        a0, a1b0, b1c0, c1 = dims
        cost1 = a0 * b1c0 * (a1b0 + c1)
        cost2 = a1b0 * c1 * (a0 + b1c0)
        return min(cost1, cost2)
    best = [[0] * n for _ in range(n)]  # NumPy's _multi_dot_matrix_chain_order
    for span in range(1, n):
        for i in range(n - span):
            j = i + span
            best[i][j] = min(
                best[i][k] + best[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                for k in range(i, j)
            )
    return best[0][n - 1]


def multi_dot(*shapes: Shape, out: Any = None, fma: int = 1) -> int:
    """``multi_dot(arrays)``: FMA x the multiply-adds of the product order NumPy chooses (the
    optimal one: sum of m·k·n over its products); two arrays are priced as ``dot``."""
    if len(shapes) < 2:
        raise ValueError("Expecting at least two arrays.")
    if len(shapes) == 2:
        return _costs.dot(shapes[0], shapes[1], fma)
    mats = list(shapes)
    if len(mats[0]) == 1:
        mats[0] = (1, *mats[0])
    if len(mats[-1]) == 1:
        mats[-1] = (*mats[-1], 1)
    for s in mats:
        _two_d(s)
    for left, right in pairwise(mats):
        if left[1] != right[0]:
            raise ValueError(
                f"shapes {_fmt(left)} and {_fmt(right)} not aligned: "
                f"{left[1]} (dim 1) != {right[0]} (dim 0)"
            )
    return fma * _chain_cost([s[0] for s in mats] + [mats[-1][1]])


def tensordot(a: Shape, b: Shape, axes: Any = 2, *, fma: int = 1) -> int:
    """``tensordot(a, b, axes)``: FMA x prod(free a) x prod(contracted) x prod(free b);
    with no contracted axis, an outer product: one multiply per output element."""
    try:
        iter(axes)
    except Exception:
        axes_a: Any = list(range(-axes, 0))
        axes_b: Any = list(range(axes))
    else:
        axes_a, axes_b = axes
    axes_a = list(axes_a) if hasattr(axes_a, "__len__") else [axes_a]
    axes_b = list(axes_b) if hasattr(axes_b, "__len__") else [axes_b]
    if len(set(axes_a)) != len(axes_a) or len(set(axes_b)) != len(axes_b):
        raise ValueError("duplicate axes are not allowed in tensordot")
    if len(axes_a) != len(axes_b) or any(a[i] != b[j] for i, j in zip(axes_a, axes_b, strict=True)):
        raise ValueError("shape-mismatch for sum")
    if not axes_a:
        return prod(a) * prod(b)
    contracted = prod(a[i] for i in axes_a)
    if contracted == 0:
        return 0
    return fma * prod(a) * (prod(b) // contracted)


def inner(a: Shape, b: Shape, /, *, fma: int = 1) -> int:
    """``inner(a, b)``: FMA x prod(a) x prod(b) / n over the shared last axis of length n;
    a scalar operand multiplies (one per output element)."""
    if not a or not b:
        return prod(a) * prod(b)
    if a[-1] != b[-1]:
        raise ValueError(
            f"shapes {_fmt(a)} and {_fmt((b[-1], *b[:-1]))} not aligned: "
            f"{a[-1]} (dim {len(a) - 1}) != {b[-1]} (dim 0)"
        )
    n = a[-1]
    return fma * prod(a) * (prod(b) // n) if n else 0


def outer(a: Shape, b: Shape, out: Any = None) -> int:
    """``outer(a, b)``: one multiply per output element, size(a)·size(b)."""
    return prod(a) * prod(b)


def kron(a: Shape, b: Shape) -> int:
    """``kron(a, b)``: one multiply per output element, size(a)·size(b)."""
    return prod(a) * prod(b)


def linalg_outer(x1: Shape, x2: Shape, /) -> int:
    """``linalg.outer(x1, x2)``: one multiply per output element; 1-D operands only."""
    if len(x1) != 1 or len(x2) != 1:
        raise ValueError(
            "Input arrays must be one-dimensional, but they are "
            f"x1.ndim={len(x1)} and x2.ndim={len(x2)}."
        )
    return x1[0] * x2[0]


def vdot(a: Shape, b: Shape, /, *, fma: int = 1) -> int:
    """``vdot(a, b)``: FMA per element of the flattened vectors (conjugation is free)."""
    if prod(a) != prod(b):
        raise ValueError(f"cannot reshape array of size {prod(b)} into shape ({prod(a)},)")
    return fma * prod(a)


# generalized ufuncs: name -> (signature, core dimension names of each input)
_GUFUNCS = {
    "vecdot": ("(n),(n)->()", ("n", "n")),
    "matvec": ("(m,n),(n)->(m)", ("mn", "n")),
    "vecmat": ("(n),(n,m)->(m)", ("n", "nm")),
}


def _gufunc(name: str, shapes: tuple[Shape, Shape], axes: Any, axis: Any) -> int:
    """Multiply-adds of a vecdot-like gufunc: loop elements x the product of its core sizes."""
    signature, cores = _GUFUNCS[name]
    x1, x2 = shapes
    split1, split2 = len(x1) - len(cores[0]), len(x2) - len(cores[1])
    if axes is None and axis is None and split1 >= 0 and split2 >= 0 and x1[-1] == x2[split2]:
        # the common call: the shared n is x1's last core axis and x2's first one
        core_dims = x1[split1:] if len(cores[0]) >= len(cores[1]) else x2[split2:]
        return _costs.elementwise2(x1[:split1], x2[:split2]) * prod(core_dims)
    if axis is not None:
        if axes is not None:
            raise TypeError("cannot specify both 'axis' and 'axes'")
        if name != "vecdot":
            raise TypeError(
                f"{name}: axis can only be used with a single shared core dimension, not with "
                f"the 2 distinct ones implied by signature {signature}."
            )
        axes = [axis, axis]
    elif axes is not None and name != "vecdot" and len(axes) < 3:
        raise ValueError(
            "axes should be a list with an entry for all 3 inputs and outputs; entries for "
            "outputs can only be omitted if none of them has core axes."
        )
    loops: list[Shape] = []
    sizes: dict[str, int] = {}
    for i, (shape, core) in enumerate(zip(shapes, cores, strict=True)):
        split = len(shape) - len(core)
        if split < 0:
            raise ValueError(
                f"{name}: Input operand {i} does not have enough dimensions (has {len(shape)}, "
                f"gufunc core with signature {signature} requires {len(core)})"
            )
        if axes is None:  # the core dimensions are the last ones
            dims, loop = shape[split:], shape[:split]
        else:
            spec = axes[i]
            spec = tuple(spec) if isinstance(spec, (tuple, list)) else (spec,)
            if len(spec) != len(core):
                raise AxisError(
                    f"{name}: operand {i} has {len(core)} core dimensions, but {len(spec)} "
                    "dimensions are specified by axes tuple."
                )
            where = normalize_axis_tuple(spec, len(shape))
            dims = tuple(shape[a] for a in where)
            loop = tuple(d for a, d in enumerate(shape) if a not in where)
        for j, (label, d) in enumerate(zip(core, dims, strict=True)):
            if sizes.setdefault(label, d) != d:
                raise ValueError(
                    f"{name}: Input operand {i} has a mismatch in its core dimension {j}, with "
                    f"gufunc signature {signature} (size {d} is different from {sizes[label]})"
                )
        loops.append(loop)
    return _costs.elementwise2(*loops) * prod(sizes.values())


def vecdot(x1: Shape, x2: Shape, /, *, axes: Any = None, axis: Any = None, fma: int = 1,
           **ufunc_kwargs: Any) -> int:  # fmt: skip
    """``vecdot(x1, x2)``: FMA x n per pair of vectors of the broadcast loop."""
    return fma * _gufunc("vecdot", (x1, x2), axes, axis)


def matvec(x1: Shape, x2: Shape, /, *, axes: Any = None, axis: Any = None, fma: int = 1,
           **ufunc_kwargs: Any) -> int:  # fmt: skip
    """``matvec(x1, x2)``: FMA x m x n per matrix-vector pair of the broadcast loop."""
    return fma * _gufunc("matvec", (x1, x2), axes, axis)


def vecmat(x1: Shape, x2: Shape, /, *, axes: Any = None, axis: Any = None, fma: int = 1,
           **ufunc_kwargs: Any) -> int:  # fmt: skip
    """``vecmat(x1, x2)``: FMA x n x m per vector-matrix pair of the broadcast loop."""
    return fma * _gufunc("vecmat", (x1, x2), axes, axis)


def linalg_vecdot(x1: Shape, x2: Shape, /, *, axis: int = -1, fma: int = 1) -> int:
    """``linalg.vecdot(x1, x2, axis)``: as ``vecdot``."""
    return fma * _gufunc("vecdot", (x1, x2), None, axis)


def linalg_tensordot(x1: Shape, x2: Shape, /, *, axes: Any = 2, fma: int = 1) -> int:
    """``linalg.tensordot(x1, x2, axes=...)``: as ``tensordot``."""
    return tensordot(x1, x2, axes, fma=fma)


def trace(a: Shape, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None,
          out: Any = None) -> int:  # fmt: skip
    """``trace(a)``: one addition per diagonal element summed (sum's convention: the
    elements of its input), for every diagonal."""
    if len(a) < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    axis1 = normalize_axis_index(axis1, len(a), "axis1")
    axis2 = normalize_axis_index(axis2, len(a), "axis2")
    if axis1 == axis2:
        raise ValueError("axis1 and axis2 cannot be the same")
    rows, cols = a[axis1], a[axis2]
    offset = operator.index(offset)
    length = max(0, min(rows, cols - offset) if offset >= 0 else min(rows + offset, cols))
    others = prod(d for i, d in enumerate(a) if i not in (axis1, axis2))
    return others * length


def linalg_trace(x: Shape, /, *, offset: int = 0, dtype: Any = None) -> int:
    """``linalg.trace(x)``: as ``trace`` over the last two axes."""
    return trace(x, offset, -2, -1)


# arithmetic per output vector of a cross product, by the lengths of the two inputs
CROSS_OPS = {(3, 3): 9, (2, 3): 6, (3, 2): 6, (2, 2): 3}


def cross(a: Shape, b: Shape, axisa: int = -1, axisb: int = -1, axisc: int = -1,
          axis: int | None = None) -> int:  # fmt: skip
    """``cross(a, b)``: per pair of vectors, 9 for 3-vectors (6 multiplies, 3 subtractions),
    3 for 2-vectors (the z component: 2 multiplies, 1 subtraction), 6 for a 2-vector with a
    3-vector (4 multiplies, a negation, a subtraction): NumPy's own arithmetic."""
    if axis is not None:
        axisa = axisb = axis
    if not a or not b:
        raise ValueError("At least one array has zero dimension")
    axisa = normalize_axis_index(axisa, len(a), "axisa")
    axisb = normalize_axis_index(axisb, len(b), "axisb")
    ops = CROSS_OPS.get((a[axisa], b[axisb]))
    if ops is None:
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)")
    loop_a = a[:axisa] + a[axisa + 1 :]
    loop_b = b[:axisb] + b[axisb + 1 :]
    return prod(_costs.broadcast_shapes(loop_a, loop_b)) * ops


def linalg_cross(x1: Shape, x2: Shape, /, *, axis: int = -1) -> int:
    """``linalg.cross(x1, x2)``: 9 per pair of 3-vectors."""
    if x1[axis] != 3 or x2[axis] != 3:
        raise ValueError(
            "Both input arrays must be (arrays of) 3-dimensional vectors, but they are "
            f"{x1[axis]} and {x2[axis]} dimensional instead."
        )
    return cross(x1, x2, axis=axis)
