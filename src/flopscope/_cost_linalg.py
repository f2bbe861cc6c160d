"""Cost rules of numpy.linalg's factorisations, solvers and norms: pure functions of shapes.

Each rule mirrors the NumPy signature it prices, with the array arguments replaced by
their shapes, and raises NumPy's own error (type and message) for arguments NumPy
rejects, so an invalid call fails the same way whatever the budget. Nothing here runs
NumPy or touches a budget; the same rule bills a call and answers ``flops.cost``.

Units. Factorisations are priced per matrix with the textbook leading-order counts
(Golub & Van Loan, *Matrix Computations*, 4th ed.; LAPACK Working Note 41), the same in
both flavors, rounded up to whole FLOPs; stacked inputs ``(..., M, N)`` multiply by the
number of matrices. The SVD is the issue's ``m·n·k`` (``k`` singular triplets, all of them
by default), shared with ``flops.svd_cost``; a symmetric eigendecomposition costs what the
SVD of the same matrix does, so neither is a cheaper way to get the other (for a positive
semi-definite matrix they are the same factorisation). Computing values only costs half of
values and vectors. Products (``_cost_products``) and norms charge ``fma`` per multiply-add (1 in
flopscope, 2 in mechestim) and 1 per plain multiply. Costs do not depend on the dtype:
complex arithmetic is counted like real. Empty inputs cost 0 (work NumPy still does on a
non-empty operand is billed: ``solve(a, b)`` with no right-hand side still factors ``a``).
"""

from __future__ import annotations

import operator
from math import prod
from typing import Any

from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
from numpy.linalg import LinAlgError

from . import _costs

Shape = tuple[int, ...]

# ---------------------------------------------------------------------------
# per-matrix kernels (n x n unless said otherwise)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def cholesky_flops(n: int) -> int:
    """Cholesky factorisation: n³/3 (Golub & Van Loan, Alg. 4.2.2)."""
    return _ceil_div(n**3, 3)


def lu_flops(n: int) -> int:
    """LU with partial pivoting: 2n³/3 (Golub & Van Loan, §3.2 and §3.4)."""
    return _ceil_div(2 * n**3, 3)


def lu_solve_flops(n: int, nrhs: int) -> int:
    """Factor, then a forward and a back substitution (n² each) per right-hand side."""
    return lu_flops(n) + 2 * n * n * nrhs


def inv_flops(n: int) -> int:
    """LU, then solve for the n columns of the identity: 2n³/3 + n·2n² = 8n³/3."""
    return lu_solve_flops(n, n)


def householder_flops(m: int, q: int, k: int) -> int:
    """k Householder reflections of length m applied to q columns: 4mqk − 2(m+q)k² + 4k³/3.

    With q = n it is the QR factorisation of an m x n matrix (xGEQRF: 2mn² − 2n³/3 for
    m >= n); with q = k or q = m it forms the thin or the full Q (xORGQR). LAPACK Working
    Note 41; Golub & Van Loan §5.1.6 and §5.2.2.
    """
    return _ceil_div(12 * m * q * k - 6 * (m + q) * k * k + 4 * k**3, 3)


def svd_flops(m: int, n: int, k: int | None = None, vectors: bool = True) -> int:
    """SVD keeping k triplets (all by default): m·n·k, as ``flops.svd_cost``; values only: half."""
    full = _costs.svd(m, n, k)
    return full if vectors else _ceil_div(full, 2)


def eigh_flops(n: int, vectors: bool = True) -> int:
    """Symmetric / Hermitian eigendecomposition: the SVD of the same matrix (n³; values n³/2)."""
    return svd_flops(n, n, None, vectors)


def eig_flops(n: int, vectors: bool = True) -> int:
    """General eigenproblem by Hessenberg QR: 10n³ for the eigenvalues, 25n³ with the vectors
    (Golub & Van Loan §7.5.6)."""
    return (25 if vectors else 10) * n**3


# ---------------------------------------------------------------------------
# shape checks, with NumPy's errors


def _stacked_2d(shape: Shape) -> tuple[int, int, int]:
    """(batch, m, n) of a stack of matrices ``(..., m, n)``."""
    if len(shape) < 2:
        raise LinAlgError(
            f"{len(shape)}-dimensional array given. Array must be at least two-dimensional"
        )
    return prod(shape[:-2]), shape[-2], shape[-1]


def _stacked_square(shape: Shape) -> tuple[int, int]:
    """(batch, n) of a stack of square matrices ``(..., n, n)``."""
    batch, m, n = _stacked_2d(shape)
    if m != n:
        raise LinAlgError("Last 2 dimensions of the array must be square")
    return batch, n


def _two_d(shape: Shape) -> None:
    if len(shape) != 2:
        raise LinAlgError(f"{len(shape)}-dimensional array given. Array must be two-dimensional")


def _fmt(shape: Shape) -> str:
    """A shape the way NumPy prints it in error messages: ``(2,3)``."""
    return "(" + ",".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


# ---------------------------------------------------------------------------
# factorisations and solvers


def cholesky(a: Shape, /, *, upper: bool = False) -> int:
    """``cholesky(a)``: n³/3 per matrix."""
    batch, n = _stacked_square(a)
    return batch * cholesky_flops(n)


def det(a: Shape) -> int:
    """``det(a)`` and ``slogdet(a)``: the LU factorisation, 2n³/3 per matrix."""
    batch, n = _stacked_square(a)
    return batch * lu_flops(n)


slogdet = det


def inv(a: Shape) -> int:
    """``inv(a)``: 8n³/3 per matrix (LU + n right-hand sides)."""
    batch, n = _stacked_square(a)
    return batch * inv_flops(n)


def solve(a: Shape, b: Shape) -> int:
    """``solve(a, b)``: LU of ``a`` + 2n² per right-hand side, per matrix of the broadcast stack.

    As in NumPy 2, ``b`` is one vector only when it is 1-D; otherwise ``(..., n, k)`` holds k
    right-hand sides per matrix.
    """
    _, n = _stacked_square(a)
    if len(b) == 1:
        if b[0] != n:
            raise ValueError(
                "solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                f"signature (m,m),(m)->(m) (size {b[0]} is different from {n})"
            )
        return prod(a[:-2]) * lu_solve_flops(n, 1)
    if len(b) < 2:
        raise ValueError(
            f"solve: Input operand 1 does not have enough dimensions (has {len(b)}, gufunc "
            "core with signature (m,m),(m,n)->(m,n) requires 2)"
        )
    if b[-2] != n:
        raise ValueError(
            "solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature (m,m),(m,n)->(m,n) (size {b[-2]} is different from {n})"
        )
    batch = prod(_costs.broadcast_shapes(a[:-2], b[:-2]))
    return batch * lu_solve_flops(n, b[-1])


def tensorinv(a: Shape, ind: int = 2) -> int:
    """``tensorinv(a, ind)``: ``inv`` of ``a`` as a prod(a.shape[ind:])-square matrix."""
    if not ind > 0:
        raise ValueError("Invalid ind argument.")
    n = prod(a[ind:])
    size = prod(a)
    if n == 0 or size % n:
        raise ValueError(f"cannot reshape array of size {size} into shape ({n},newaxis)")
    if size // n != n:
        raise LinAlgError("Last 2 dimensions of the array must be square")
    return inv_flops(n)


def tensorsolve(a: Shape, b: Shape, axes: Any = None) -> int:
    """``tensorsolve(a, b, axes)``: ``solve`` of one right-hand side, with n = prod(x.shape)."""
    if axes is not None:
        order = list(range(len(a)))
        for k in axes:
            order.remove(k)
            order.insert(len(a), k)
        a = tuple(a[k] for k in order)
    n = prod(a[-(len(a) - len(b)) :])
    if prod(a) != n * n:
        raise LinAlgError(
            "Input arrays must satisfy the requirement             "
            "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])"
        )
    if prod(b) != n:
        raise ValueError(
            "solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature (m,m),(m)->(m) (size {prod(b)} is different from {n})"
        )
    return lu_solve_flops(n, 1)


QR_MODES = {
    "reduced": "reduced", "complete": "complete", "r": "r", "raw": "raw",
    "f": "reduced", "full": "reduced", "e": "r", "economic": "r",  # deprecated spellings
}  # fmt: skip


def qr(a: Shape, mode: str = "reduced") -> int:
    """``qr(a, mode)``: Householder QR, 2mn² − 2n³/3 for m >= n (R; modes 'r', 'raw'), plus
    forming Q: the thin m x k Q for 'reduced', the full m x m Q for 'complete'."""
    if mode not in QR_MODES:
        raise ValueError(f"Unrecognized mode '{mode}'")
    batch, m, n = _stacked_2d(a)
    k = min(m, n)
    cost = householder_flops(m, n, k)
    mode = QR_MODES[mode]
    if mode == "reduced":
        cost += householder_flops(m, k, k)
    elif mode == "complete":
        cost += householder_flops(m, m, k)
    return batch * cost


def _svd_k(m: int, n: int, k: Any) -> int | None:
    if k is None:
        return None
    try:
        k = operator.index(k)
    except TypeError:
        raise TypeError(f"k must be an integer, got {k!r}") from None
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    return k


def svd(
    a: Shape,
    full_matrices: bool = True,
    compute_uv: bool = True,
    hermitian: bool = False,
    *,
    k: int | None = None,
) -> int:
    """``svd(a, ..., k=None)``: m·n·k per matrix (k = min(m, n) unless a truncated SVD is
    asked for), half that for the singular values alone (``compute_uv=False``)."""
    batch, m, n = _stacked_2d(a)
    return batch * svd_flops(m, n, _svd_k(m, n, k), bool(compute_uv))


def svdvals(x: Shape, /) -> int:
    """``svdvals(x)``: the singular values alone, m·n·min(m, n)/2 per matrix."""
    batch, m, n = _stacked_2d(x)
    return batch * svd_flops(m, n, None, False)


def eig(a: Shape) -> int:
    """``eig(a)``: 25n³ per matrix."""
    batch, n = _stacked_square(a)
    return batch * eig_flops(n, True)


def eigvals(a: Shape) -> int:
    """``eigvals(a)``: 10n³ per matrix."""
    batch, n = _stacked_square(a)
    return batch * eig_flops(n, False)


def eigh(a: Shape, UPLO: str = "L") -> int:  # noqa: N803 (NumPy's name)
    """``eigh(a)``: n³ per matrix, as ``svd`` of the same matrix."""
    batch, n = _stacked_square(a)
    return batch * eigh_flops(n, True)


def eigvalsh(a: Shape, UPLO: str = "L") -> int:  # noqa: N803 (NumPy's name)
    """``eigvalsh(a)``: n³/2 per matrix, as ``svdvals`` of the same matrix."""
    batch, n = _stacked_square(a)
    return batch * eigh_flops(n, False)


def pinv(
    a: Shape, rcond: Any = None, hermitian: bool = False, *, rtol: Any = None, fma: int = 1
) -> int:
    """``pinv(a)``: the thin SVD, k reciprocals 1/s, scaling Uᴴ (k·m) and V·(S⁺Uᴴ)
    (FMA·n·k·m), k = min(m, n), per matrix."""
    batch, m, n = _stacked_2d(a)
    k = min(m, n)
    return batch * (svd_flops(m, n) + k + k * m + fma * n * k * m)


def lstsq(a: Shape, b: Shape, rcond: Any = None, *, fma: int = 1) -> int:
    """``lstsq(a, b)`` by the SVD (LAPACK xGELSD): the SVD of a (m·n·k, k = min(m, n)),
    k reciprocals, then per right-hand side Uᴴb (FMA·m·k), the scaling (k), V·(…)
    (FMA·n·k) and, when m > n, the residual (FMA·(m − n))."""
    rhs = (*b, 1) if len(b) == 1 else b
    _two_d(a)
    _two_d(rhs)
    m, n = a
    if rhs[0] != m:
        raise LinAlgError("Incompatible dimensions")
    r = rhs[1]
    k = min(m, n)
    per_rhs = fma * (m + n) * k + k + fma * max(m - n, 0)
    return svd_flops(m, n) + k + r * per_rhs if m * n else 0


def matrix_rank(A: Shape, tol: Any = None, hermitian: bool = False, *, rtol: Any = None) -> int:  # noqa: N803
    """``matrix_rank(A)``: the singular values and k comparisons with the tolerance per matrix
    (k = min(m, n)); for fewer than 2 dimensions, one comparison with 0 per element."""
    if len(A) < 2:
        return prod(A)
    batch, m, n = _stacked_2d(A)
    return batch * (svd_flops(m, n, None, False) + min(m, n))


def cond(x: Shape, p: Any = None, *, fma: int = 1) -> int:
    """``cond(x, p)``: for p in (None, 2, -2) the singular values and one division per matrix;
    otherwise ``inv`` + the two matrix norms (see ``norm``) + one multiplication."""
    if prod(x) == 0 and prod(x[-2:]) == 0:
        raise LinAlgError("cond is not defined on empty arrays")
    if p is None or p in (2, -2):
        batch, m, n = _stacked_2d(x)
        return batch * (svd_flops(m, n, None, False) + 1)
    batch, n = _stacked_square(x)
    return batch * (inv_flops(n) + 2 * _matrix_norm(n, n, p, fma) + 1)


# ---------------------------------------------------------------------------
# norms
#
# Absolute values are free (they clear a sign bit). A vector norm of n elements costs
# FMA·n + 1 for the 2-norm (x·x, then the square root); n for ord 1, ±inf or 0 (a sum, a
# max / min or a count); 2n + 1 for any other ord (|x|^p, the sum, the p-th root).
# Matrix norms: Frobenius as the 2-norm of the elements; 1 / inf: the column / row sums
# (m·n) and the max over them; 2, -2 and 'nuc': the singular values and k = min(m, n) more
# to take their max / min / sum.


def _vector_norm(n: int, ord: Any, fma: int) -> int:
    if ord is None or ord == 2:
        return fma * n + 1
    if ord in (1, 0) or ord == float("inf") or ord == float("-inf"):
        return n
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order '{ord}' for vectors")
    return 2 * n + 1


def _matrix_norm(m: int, n: int, ord: Any, fma: int) -> int:
    if ord in (2, -2, "nuc"):
        return svd_flops(m, n, None, False) + min(m, n)
    if ord in (1, -1):
        return m * n + n
    if ord == float("inf") or ord == float("-inf"):
        return m * n + m
    if ord is None or ord in ("fro", "f"):
        return fma * m * n + 1
    raise ValueError("Invalid norm order for matrices.")


def _norm_axes(x: Shape, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(len(x)))
    if isinstance(axis, tuple):
        return axis
    try:
        return (int(axis),)
    except Exception as e:
        raise TypeError("'axis' must be None, an integer or a tuple of integers") from e


def norm(x: Shape, ord: Any = None, axis: Any = None, keepdims: bool = False, *,
         fma: int = 1) -> int:  # fmt: skip
    """``norm(x, ord, axis)``: a vector or matrix norm per output element (see above)."""
    ndim = len(x)
    if axis is None and (
        ord is None or (ord in ("f", "fro") and ndim == 2) or (ord == 2 and ndim == 1)
    ):
        return _vector_norm(prod(x), None, fma) if prod(x) else 0
    axes = _norm_axes(x, axis)
    if len(axes) == 1:
        n = x[normalize_axis_index(axes[0], ndim)]
        per, count = _vector_norm(n, ord, fma), n and prod(x) // n
    elif len(axes) == 2:
        r, c = normalize_axis_index(axes[0], ndim), normalize_axis_index(axes[1], ndim)
        if r == c:
            raise ValueError("Duplicate axes given.")
        m, n = x[r], x[c]
        per, count = _matrix_norm(m, n, ord, fma), m * n and prod(x) // (m * n)
    else:
        raise ValueError("Improper number of dimensions to norm.")
    return count * per


def vector_norm(x: Shape, /, *, axis: Any = None, keepdims: bool = False, ord: Any = 2,
                fma: int = 1) -> int:  # fmt: skip
    """``vector_norm(x, axis, ord)``: a vector norm over the elements of ``axis`` per output."""
    if axis is None:
        n = prod(x)
    elif isinstance(axis, tuple):
        n = prod(x[a] for a in normalize_axis_tuple(axis, len(x)))
    else:
        n = x[normalize_axis_index(axis, len(x))]
    return _vector_norm(n, ord, fma) * (n and prod(x) // n)


def matrix_norm(x: Shape, /, *, keepdims: bool = False, ord: Any = "fro", fma: int = 1) -> int:
    """``matrix_norm(x, ord)``: ``norm`` over the last two axes."""
    return norm(x, ord, (-2, -1), fma=fma)
