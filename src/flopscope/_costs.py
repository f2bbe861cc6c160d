"""Cost rules: pure functions of shapes (and a few parameters) returning FLOP counts.

Nothing here runs NumPy or touches a budget. The same functions price a call when it
is billed and answer the public cost queries, so planning and billing cannot disagree.
``fma`` is the price of one multiply-add: 1 in flopscope, 2 in mechestim.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import prod

Shape = tuple[int, ...]


def as_shape(shape: object, what: str = "shape") -> Shape:
    """Normalise an int or a sequence of ints to a shape tuple, validating it."""
    if isinstance(shape, (int,)) and not isinstance(shape, bool):
        dims: Sequence[object] = (shape,)
    elif isinstance(shape, (tuple, list)):
        dims = shape
    elif hasattr(shape, "__index__") and not isinstance(shape, bool):
        dims = (shape,)
    else:
        raise TypeError(f"{what} must be an int or a tuple of ints, got {shape!r}")
    out = []
    for d in dims:
        if isinstance(d, bool) or not hasattr(d, "__index__"):
            raise TypeError(f"{what} must contain only integers, got {shape!r}")
        d = d.__index__()
        if d < 0:
            raise ValueError(f"{what} must not contain negative dimensions, got {shape!r}")
        out.append(d)
    return tuple(out)


def broadcast_shapes(*shapes: Shape) -> Shape:
    """NumPy's broadcasting rule, with NumPy's error message."""
    result: Shape = ()
    for shape in shapes:  # pairwise: broadcasting is associative
        if shape == result or not shape:
            continue
        if not result:
            result = tuple(shape)
            continue
        long, short = (result, tuple(shape)) if len(result) >= len(shape) else (shape, result)
        lead = len(long) - len(short)
        tail = long[lead:]
        if tail == short:  # e.g. a bias added to every row: nothing to merge
            result = tuple(long)
            continue
        try:
            result = tuple(long[:lead]) + tuple(map(_extent, tail, short))
        except ValueError:
            text = " ".join(str(tuple(x)) for x in shapes)
            raise ValueError(
                f"operands could not be broadcast together with shapes {text}"
            ) from None
    return result


def _extent(a: int, b: int) -> int:
    if a == b or b == 1:
        return a
    if a == 1:
        return b
    raise ValueError


def elementwise(*shapes: Shape) -> int:
    """Pointwise ops: one FLOP per element of the (broadcast) output."""
    first = shapes[0]
    for s in shapes:
        if s != first:
            return prod(broadcast_shapes(*shapes))
    return prod(first)


def elementwise2(s1: Shape, s2: Shape) -> int:
    """``elementwise`` for exactly two operands (the hot path of binary ufuncs)."""
    if s1 == s2 or not s2:  # same shapes, or a scalar: the common cases
        return prod(s1)
    if not s1:
        return prod(s2)
    return prod(broadcast_shapes(s1, s2))


def reduction(shape: Shape, axis: object = None) -> int:
    """Reductions: one FLOP per element of the input, whatever the axes."""
    return prod(shape)


def drawn(shape: Shape) -> int:
    """Random sampling: one FLOP per element drawn."""
    return prod(shape)


def svd(m: int, n: int, k: int | None = None) -> int:
    """A (truncated) SVD of an m x n matrix keeping k singular triplets: m*n*k."""
    return m * n * (min(m, n) if k is None else k)


def multiply_adds(terms: int, fma: int) -> int:
    return terms * fma


def matmul(s1: Shape, s2: Shape, fma: int = 1) -> int:
    """``a @ b``: one multiply-add per (batch, row, column, inner) term."""
    if not s1 or not s2:
        raise ValueError(
            f"matmul: Input operand {0 if not s1 else 1} does not have enough dimensions (has 0, "
            f"gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)"
        )
    m = s1[-2] if len(s1) > 1 else 1
    k = s1[-1]
    k2 = s2[-2] if len(s2) > 1 else s2[-1]
    n = s2[-1] if len(s2) > 1 else 1
    if k != k2:
        raise ValueError(
            f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature (n?,k),(k,m?)->(n?,m?) (size {k2} is different from {k})"
        )
    batch = prod(broadcast_shapes(s1[:-2], s2[:-2])) if len(s1) > 2 or len(s2) > 2 else 1
    return batch * m * k * n * fma  # one multiply-add per term


def dot(s1: Shape, s2: Shape, fma: int = 1) -> int:
    """``np.dot``: scalars multiply; otherwise sum over a's last and b's second-to-last axis."""
    if len(s1) == 0 or len(s2) == 0:
        return prod(s1) * prod(s2)
    k = s1[-1]
    axis = -1 if len(s2) == 1 else -2
    if s2[axis] != k:
        raise ValueError(
            f"shapes {s1} and {s2} not aligned: {k} (dim {len(s1) - 1}) != "
            f"{s2[axis]} (dim {len(s2) + axis})"
        )
    return multiply_adds(prod(s1) * (prod(s2) // k if k else 0), fma)
