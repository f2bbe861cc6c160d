"""Op-table rows for NumPy's legacy polynomial functions (polyval, polyfit, roots, ...) and
its window functions (bartlett, blackman, hamming, hanning, kaiser).

Rules in ``_cost_polynomial``. Coefficients are counted by length, never by value, so
leading zeros are priced as if present. ``np.poly1d`` and the ``numpy.polynomial``
package are refused: their arithmetic would run uncounted.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _cost_polynomial as rules
from ._ops import Op


def _poly(name: str, rule: Callable[..., int], formula: str, arrays: tuple[str, ...],
          fma: bool = False) -> Op:  # fmt: skip
    return Op(name, "shaped:signature", getattr(np, name), rule, formula, arrays=arrays,
              multiply_adds=fma, category="polynomial")  # fmt: skip


def _window(name: str, rule: Callable[..., int], formula: str) -> Op:
    return Op(name, "shaped:signature", getattr(np, name), rule, formula, dispatch=False,
              category="window")  # fmt: skip


POLYNOMIAL = [
    _poly("polyval", rules.polyval,
          "FMA·deg·P: Horner, deg = len(p) - 1 multiply-adds per point, P = points "
          "(size of x broadcast with p's trailing axes)", ("p", "x"), fma=True),
    _poly("polyadd", rules.polyadd, "max(len(a1), len(a2)): one addition per coefficient",
          ("a1", "a2")),
    _poly("polysub", rules.polyadd, "max(len(a1), len(a2)): one subtraction per coefficient",
          ("a1", "a2")),
    _poly("polymul", rules.polymul, "FMA·len(a1)·len(a2): a full convolution", ("a1", "a2"),
          fma=True),
    _poly("polydiv", rules.polydiv,
          "long division: 1 + q·(1 + FMA·len(v)), q = max(len(u) - len(v) + 1, 0) quotient "
          "coefficients (a scaling and a scaled subtraction of v each)", ("u", "v"), fma=True),
    _poly("polyder", rules.polyder,
          "Σ over the m derivatives of the remaining degree: Σ_{j<m} max(deg - j, 0) "
          "multiplies", ("p",)),
    _poly("polyint", rules.polyint,
          "Σ over the m integrals of the coefficients divided: Σ_{j<m} (len(p) + j)", ("p",)),
    _poly("poly", rules.poly,
          "FMA·N·(N+1): N sequential convolutions with (1, -r) for N roots; an N x N "
          f"matrix first costs its eigenvalues, {rules.EIG}·N³ (as a general eig)",
          ("seq_of_zeros",), fma=True),
    _poly("roots", rules.roots,
          f"{rules.EIG}·deg³ for the eigenvalues of the deg x deg companion matrix (as a "
          "general eig) + 2·deg to build it; deg = len(p) - 1 (zeros not stripped: an upper "
          "bound)", ("p",)),
    _poly("polyfit", rules.polyfit,
          "M points, n = deg + 1, k = columns of y, r = min(M, n): M·(n-1) powers + 3·M·n + n "
          "column scaling + least squares as linalg.lstsq (M·n·r SVD + r + k·(FMA·(M + n)·r + "
          "r + FMA·max(M - n, 0))) + n·k unscaling; w= adds M·(n + k); cov= adds FMA·M·n² + "
          "ceil(8n³/3) (inverse, as linalg.inv) + 2·n² + n²·k (+ k unless 'unscaled')",
          ("x", "y"), fma=True),
]  # fmt: skip

WINDOWS = [
    _window("bartlett", rules.bartlett,
            f"{rules.BARTLETT}·M (comparison, two divisions, both branches' add; M <= 1: 0)"),
    _window("hanning", rules.hanning,
            f"{rules.HANNING}·M (pi·n, /(M-1), cos, scale, shift; M <= 1: 0)"),
    _window("hamming", rules.hamming,
            f"{rules.HAMMING}·M (pi·n, /(M-1), cos, scale, shift; M <= 1: 0)"),
    _window("blackman", rules.blackman,
            f"{rules.BLACKMAN}·M (two cosine terms of 4 passes, two additions; M <= 1: 0)"),
    _window("kaiser", rules.kaiser,
            f"{rules.KAISER}·M + {rules.I0}: 7 passes and i0 ({rules.I0} per element, as the i0 "
            "row) per sample, one i0(beta); "
            "M <= 0 or M = 1: 0"),
]  # fmt: skip

OPS: list[Op] = [*POLYNOMIAL, *WINDOWS]

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {
    "poly1d": "its arithmetic (+, *, /, **, calls, deriv, integ) would run uncounted; use the "
    "counted functions on coefficient arrays: fnp.polyval, fnp.polyadd, fnp.polysub, "
    "fnp.polymul, fnp.polydiv, fnp.polyder, fnp.polyint, fnp.roots, fnp.poly",
    "polynomial": "the numpy.polynomial package (Polynomial, Chebyshev, Legendre, ...) is not "
    "counted; use the counted legacy functions on coefficient arrays (fnp.polyval, "
    "fnp.polyfit, fnp.roots, ...), or call numpy.polynomial on np.asarray(...) data to leave "
    "counting explicitly",
}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
