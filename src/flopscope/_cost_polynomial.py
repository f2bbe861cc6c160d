"""Cost rules for NumPy's legacy polynomial functions and its window functions.

Pure functions of shapes and parameters. Coefficient arrays are counted by length: the
rules never look at values, so leading zeros (which ``polymul`` and ``roots`` strip) are
priced as if present, an upper bound. ``fma`` is the price of one multiply-add (1 in
flopscope, 2 in mechestim).

The rules stay self-contained but mirror the linalg and math families' prices, so a
polynomial routine never costs differently from the same work done with those functions:
``EIG`` (the eigenvalues of a general n x n matrix, 10·n³: Golub & Van Loan's count for
the Hessenberg reduction plus shifted QR iterations, as linalg.eigvals), ``inverse``
(8n³/3, LU and n solves, as linalg.inv), ``lstsq`` (as linalg.lstsq, SVD-based), the
convolutions (FMA per product term, as convolve) and ``I0`` (numpy.i0 counts one per
element, as the math family's i0 row).
"""

from __future__ import annotations

from math import ceil, prod

from . import _costs

Shape = tuple[int, ...]

EIG = 10  # eigenvalues of a general n x n matrix: EIG·n³


def eig(n: int) -> int:
    return EIG * n**3


def _length(shape: Shape) -> int:
    """Coefficients of a sequence NumPy takes through atleast_1d (a scalar has one)."""
    return shape[0] if shape else 1


# ---------------------------------------------------------------------------
# polynomial arithmetic


def polyval(p_shape: Shape, x_shape: Shape, *, fma: int = 1) -> int:
    """Horner: deg multiply-adds per point (deg = len(p) - 1; p's trailing axes broadcast)."""
    if not p_shape:
        return 0  # NumPy refuses to iterate a 0-d p
    points = prod(_costs.broadcast_shapes(x_shape, p_shape[1:]))
    return fma * max(p_shape[0] - 1, 0) * points


def _padded(s1: Shape, s2: Shape) -> Shape:
    """polyadd / polysub: the shorter sequence is zero-padded in front, then they broadcast."""
    s1, s2 = s1 or (1,), s2 or (1,)
    n = max(s1[0], s2[0])
    return _costs.broadcast_shapes((n, *s1[1:]), (n, *s2[1:]))


def polyadd(a1_shape: Shape, a2_shape: Shape) -> int:
    """One addition per coefficient of the result: max(len(a1), len(a2))."""
    return prod(_padded(a1_shape, a2_shape))


def polymul(a1_shape: Shape, a2_shape: Shape, *, fma: int = 1) -> int:
    """A full convolution: len(a1)·len(a2) multiply-adds."""
    return fma * prod(a1_shape) * prod(a2_shape)


def polydiv(u_shape: Shape, v_shape: Shape, *, fma: int = 1) -> int:
    """Long division: 1 reciprocal of v[0], then per quotient coefficient (len(u) - len(v) + 1
    of them) 1 multiply and len(v) multiply-adds (subtracting the scaled divisor)."""
    m, n = _length(u_shape), _length(v_shape)
    if m == 0 or n == 0:
        return 0  # NumPy fails on an empty sequence
    steps = max(m - n + 1, 0)
    return 1 + steps * (1 + fma * n)


def polyder(p_shape: Shape, m: object = 1) -> int:
    """m derivatives: the j-th multiplies the deg - j remaining coefficients by their powers."""
    order = int(m)  # type: ignore[call-overload]
    if order < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    deg = _length(p_shape) - 1
    return sum(max(deg - j, 0) for j in range(order))


def polyint(p_shape: Shape, m: object = 1, k: object = None) -> int:
    """m integrals: the j-th divides its len(p) + j coefficients by their new powers."""
    order = int(m)  # type: ignore[call-overload]
    if order < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    n = _length(p_shape)
    return sum(n + j for j in range(order))


def poly(seq_shape: Shape, *, fma: int = 1) -> int:
    """From N roots: N convolutions of the running polynomial (k+1 coefficients at step k)
    with (1, -r_k), 2·(k+1) multiply-adds each, FMA·N·(N+1) in all; a square matrix is first
    reduced to its eigenvalues (EIG·N³)."""
    shape = seq_shape or (1,)
    if len(shape) == 2 and shape[0] == shape[1] and shape[0] != 0:
        n = shape[0]
        return eig(n) + fma * n * (n + 1)
    if len(shape) != 1:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    n = shape[0]
    return fma * n * (n + 1)


def roots(p_shape: Shape) -> int:
    """The eigenvalues of the deg x deg companion matrix (EIG·deg³) after deg divisions and
    deg negations to fill its first row; deg = len(p) - 1 (zeros are not stripped first)."""
    if len(p_shape) > 1:
        raise ValueError("Input must be a rank-1 array.")
    deg = _length(p_shape) - 1
    if deg < 1:
        return 0
    return eig(deg) + 2 * deg


def inverse(n: int) -> int:
    """An n x n inverse: LU (2n³/3) and a forward and back substitution per column of the
    identity (2n² each): 8n³/3, rounded up, as linalg.inv."""
    return -(-8 * n**3 // 3)


def lstsq(m: int, n: int, k: int, fma: int) -> int:
    """An SVD-based least-squares solve (LAPACK xGELSD) of an m x n system with k right-hand
    sides, as linalg.lstsq: the SVD (m·n·r, r = min(m, n), as linalg.svd), r reciprocals,
    then per right-hand side Uᵀb (FMA·m·r), the scaling (r), V·(...) (FMA·n·r) and, for
    m > n, the residual (FMA·(m - n))."""
    if m * n == 0:
        return 0
    r = min(m, n)
    per_rhs = fma * (m + n) * r + r + fma * max(m - n, 0)
    return _costs.svd(m, n) + r + k * per_rhs


def polyfit(x_shape: Shape, y_shape: Shape, deg: object, rcond: object = None,
            full: bool = False, w: object = None, cov: object = False, *,
            fma: int = 1) -> int:  # fmt: skip
    """M points, n = deg + 1 coefficients, k = columns of y (1 for a vector):
    M·(n-1) for the Vandermonde powers, [with w: M·(n+k) to weight both sides],
    3·M·n + n to scale the columns to unit norm, the least-squares solve (``lstsq``),
    n·k to unscale, [with cov and not full: FMA·M·n² for lhsᵀ·lhs, 8n³/3 to invert it,
    2·n² to unscale, n²·k (+ k unless cov="unscaled") to scale by the residuals]."""
    order = int(deg) + 1  # type: ignore[call-overload]
    if order < 1:
        raise ValueError("expected deg >= 0")
    if len(x_shape) != 1:
        raise TypeError("expected 1D vector for x")
    if x_shape[0] == 0:
        raise TypeError("expected non-empty vector for x")
    if len(y_shape) < 1 or len(y_shape) > 2:
        raise TypeError("expected 1D or 2D array for y")
    if x_shape[0] != y_shape[0]:
        raise TypeError("expected x and y to have same length")
    m, n = x_shape[0], order
    k = y_shape[1] if len(y_shape) == 2 else 1
    total = m * (n - 1) + 3 * m * n + n + lstsq(m, n, k, fma) + n * k
    if w is not None:
        total += m * (n + k)
    if cov and not full:
        total += fma * m * n * n + inverse(n) + 2 * n * n + n * n * k
        if cov != "unscaled":
            total += k
    return total


# ---------------------------------------------------------------------------
# window functions: rule(M) / rule(M, beta). Per sample, the ufunc passes NumPy's code
# makes over n = arange(...) (1 FLOP per element each, a cosine or i0 term included).

BARTLETT = 5  # n <= 0, n/(M-1) for both branches, 1 + and 1 - (the where() pick is free)
HANNING = 5  # pi·n, /(M-1), cos, 0.5·, 0.5 +
HAMMING = 5  # pi·n, /(M-1), cos, 0.46·, 0.54 +
BLACKMAN = 10  # two cosine terms of 4 (scale, /(M-1), cos, weight) and two additions
# numpy.i0 counts one per element, as the math family's i0 row (its Chebyshev series, about
# 95 ufunc passes in NumPy's code, is priced like any other special function)
I0 = 1
KAISER = 7 + I0  # n - alpha, /alpha, **2, 1 -, sqrt, beta·, i0, / i0(beta)


def _window(M: object, per_sample: int) -> int:  # noqa: N803 (NumPy's name)
    m = float(M)  # type: ignore[arg-type]
    if m <= 1:  # empty, or NumPy's ones(1)
        return 0
    return per_sample * ceil(m - 0.5)  # len(arange(1 - M, M, 2))


def bartlett(M: object) -> int:  # noqa: N803 (NumPy's name)
    return _window(M, BARTLETT)


def hanning(M: object) -> int:  # noqa: N803 (NumPy's name)
    return _window(M, HANNING)


def hamming(M: object) -> int:  # noqa: N803 (NumPy's name)
    return _window(M, HAMMING)


def blackman(M: object) -> int:  # noqa: N803 (NumPy's name)
    return _window(M, BLACKMAN)


def kaiser(M: object, beta: object) -> int:  # noqa: N803 (NumPy's name)
    """KAISER per sample (len(arange(0, M)) samples) + I0 for i0(beta)."""
    m = float(M)  # type: ignore[arg-type]
    if m == 1 or m <= 0:  # NumPy's ones(1), or an empty window
        return 0
    return KAISER * ceil(m) + I0
