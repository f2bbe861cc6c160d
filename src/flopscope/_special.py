"""Special functions for ``flopscope.stats``, in plain NumPy (no SciPy at run time).

The standard normal CDF ``ndtr`` and its logarithm ``log_ndtr`` use W. J. Cody's rational
Chebyshev approximations (Math. Comp. 23, 1969; coefficients of his SPECFUN routine ANORM,
1993, the algorithm behind R's ``pnorm``): relative error below 1e-15 across the whole range
(4e-16 against 50-digit values in the tails), ``exp(-x²/2)`` evaluated in two exact-argument
pieces so the tails keep full relative accuracy down to underflow, and ``log_ndtr`` never
underflows. The inverse ``ndtri`` is M. J. Wichura's AS241 (PPND16, Applied Statistics 37,
1988; relative error about 1e-16); ``ndtri_exp(y) = ndtri(exp(y))`` reuses AS241's tail
branch on ``r = sqrt(-y)`` directly and, beyond AS241's design range (``y < -700``, where
``exp(y)`` underflows), takes two Newton steps on ``log_ndtr`` from the asymptotic root
(below -1e300, ``-sqrt(-2y)`` is exact). FLOP convention: see ``_stats_impl``.
"""

from __future__ import annotations

from math import log, pi, sqrt
from typing import Any

import numpy as np

Array = np.ndarray

SQRT_2PI = sqrt(2 * pi)
INV_SQRT_2PI = 1 / SQRT_2PI
LOG_SQRT_2PI = log(SQRT_2PI)
LOG_2PI = log(2 * pi)


def _madd(acc: Any, z: Array, c: Any) -> Array:
    """One Horner step (one multiply-add)."""
    return acc * z + c


def _poly(z: Array, coeffs: tuple[float, ...]) -> Array:
    """sum(c_i z^(n-i)), highest power first: len(coeffs) - 1 multiply-adds."""
    acc = _madd(coeffs[0], z, coeffs[1])
    for c in coeffs[2:]:
        acc = _madd(acc, z, c)
    return acc


def _poly1(z: Array, coeffs: tuple[float, ...]) -> Array:
    """z^n + sum(c_i z^(n-1-i)) (monic): one addition, then len(coeffs) - 1 multiply-adds."""
    acc = z + coeffs[0]
    for c in coeffs[1:]:
        acc = _madd(acc, z, c)
    return acc


# ---------------------------------------------------------------------------
# Cody's ANORM: Phi(x) = 1/2 + x A(x²)/B(x²) for |x| <= 0.66291; beyond it
# Phi(-y) = exp(-y²/2) R(y), R = C(y)/D(y) up to sqrt(32), R = (1/sqrt(2pi) - w P(w)/Q(w)) / y
# with w = 1/y² beyond.

_THRESH = 0.66291
_ROOT32 = sqrt(32.0)
_HUGE = 1e300  # beyond, Phi(-y) = 0 and -y²/2 = -inf in double precision (and y² overflows)
_A = (
    6.5682337918207449113e-2,
    2.2352520354606839287e00,
    1.6102823106855587881e02,
    1.0676894854603709582e03,
    1.8154981253343561249e04,
)
_B = (
    4.7202581904688241870e01,
    9.7609855173777669322e02,
    1.0260932208618978205e04,
    4.5507789335026729956e04,
)
_C = (
    1.0765576773720192317e-8,
    3.9894151208813466764e-1,
    8.8831497943883759412e00,
    9.3506656132177855979e01,
    5.9727027639480026226e02,
    2.4945375852903726711e03,
    6.8481904505362823326e03,
    1.1602651437647350124e04,
    9.8427148383839780218e03,
)
_D = (
    2.2266688044328115691e01,
    2.3538790178262499861e02,
    1.5193775994075548050e03,
    6.4855582982667607550e03,
    1.8615571640885098091e04,
    3.4900952721145977266e04,
    3.8912003286093271411e04,
    1.9685429676859990727e04,
)
_P = (
    2.307344176494017303e-2,
    2.1589853405795699e-1,
    1.274011611602473639e-1,
    2.2235277870649807e-2,
    1.421619193227893466e-3,
    2.9112874951168792e-5,
)
_Q = (
    1.28426009614491121e00,
    4.68238212480865118e-1,
    6.59881378689285515e-2,
    3.78239633202758244e-3,
    7.29751555083966205e-5,
)


def _central(x: Array) -> Array:
    """x A(x²)/B(x²) = Phi(x) - 1/2, for |x| <= 0.66291. 3 + 7 multiply-adds."""
    z = x * x
    return x * _poly(z, _A) / _poly1(z, _B)


def _tail(y: Array) -> tuple[Array, Array, Array]:
    """For y > 0.66291: (hi, lo, r) with Phi(-y) = exp(hi) exp(lo) r and hi + lo = -y²/2.

    ``hi = -s²/2`` for s = y rounded down to 1/16 is exact, so exp(hi) carries no error
    from the argument (Cody). 11 + 15 multiply-adds on the costliest branch (y <= sqrt 32).
    """
    r = np.empty_like(y)
    mid = y <= _ROOT32
    if mid.all():
        r = _poly(y, _C) / _poly1(y, _D)  # 2 + 15 multiply-adds
    else:
        ym = y[mid]
        r[mid] = _poly(ym, _C) / _poly1(ym, _D)
        far = ~mid
        yf = y[far]
        w = 1.0 / (yf * yf)  # 2
        r[far] = (INV_SQRT_2PI - w * _poly(w, _P) / _poly1(w, _Q)) / yf  # 5 + 9 madd
    s = np.trunc(y * 16.0) * 0.0625  # 3
    hi = s * s * -0.5  # 2
    lo = (y - s) * (y + s) * -0.5  # 4
    return hi, lo, r


def ndtr(x: Array) -> Array:
    """The standard normal CDF, Phi(x) (Cody). 17 + 15 multiply-adds per element at most."""
    y = np.abs(x)  # 1
    out = np.where(x > 0, 1.0, 0.0)  # the limits, reached beyond |x| = 1e300 (NaN set below)
    c = y <= _THRESH
    out[c] = 0.5 + _central(x[c])  # 1 + (3 + 7 madd)
    t = (y > _THRESH) & (y < _HUGE)
    if t.any():
        hi, lo, r = _tail(y[t])  # 11 + 15 madd
        p = np.exp(hi) * np.exp(lo) * r  # 4
        out[t] = np.where(x[t] > 0, 1.0 - p, p)  # 1
    out[np.isnan(x)] = np.nan
    return out


def log_ndtr(x: Array) -> Array:
    """log Phi(x), accurate in both tails and never underflowing. 18 + 15 multiply-adds."""
    y = np.abs(x)  # 1
    out = np.where(x > 0, 0.0, -np.inf)  # the limits, reached beyond |x| = 1e300
    c = y <= _THRESH
    out[c] = np.log(0.5 + _central(x[c]))  # 2 + (3 + 7 madd)
    finite = (y > _THRESH) & (y < _HUGE)
    left = finite & (x < 0)
    if left.any():
        hi, lo, r = _tail(y[left])  # 11 + 15 madd
        out[left] = hi + lo + np.log(r)  # 3
    right = finite & (x > 0)
    if right.any():
        hi, lo, r = _tail(y[right])  # 11 + 15 madd
        out[right] = np.log1p(-(np.exp(hi) * np.exp(lo) * r))  # 6
    out[np.isnan(x)] = np.nan
    return out


# ---------------------------------------------------------------------------
# Wichura's AS241 (PPND16): x = q a(r)/b(r), r = 0.180625 - q², for |q| = |p - 1/2| <= 0.425;
# otherwise, with r = sqrt(-log(min(p, 1 - p))), x = ±c(r - 1.6)/d(r - 1.6) for r <= 5 and
# ±e(r - 5)/f(r - 5) beyond.

_AS241_A = (
    2.5090809287301226727e3,
    3.3430575583588128105e4,
    6.7265770927008700853e4,
    4.5921953931549871457e4,
    1.3731693765509461125e4,
    1.9715909503065514427e3,
    1.3314166789178437745e2,
    3.3871328727963666080e0,
)
_AS241_B = (
    5.2264952788528545610e3,
    2.8729085735721942674e4,
    3.9307895800092710610e4,
    2.1213794301586595867e4,
    5.3941960214247511077e3,
    6.8718700749205790830e2,
    4.2313330701600911252e1,
    1.0,
)
_AS241_C = (
    7.7454501427834140764e-4,
    2.2723844989269184583e-2,
    2.4178072517745061177e-1,
    1.2704582524523683826e0,
    3.6478483247632045605e0,
    5.7694972214606914055e0,
    4.6303378461565452959e0,
    1.4234371107496835773e0,
)
_AS241_D = (
    1.0507500716444168432e-9,
    5.4759380849953449460e-4,
    1.5198666563616457197e-2,
    1.4810397642748007459e-1,
    6.8976733498510000455e-1,
    1.6763848301838038494e0,
    2.0531916266377588219e0,
    1.0,
)
_AS241_E = (
    2.0103343992922881327e-7,
    2.7115555687434875782e-5,
    1.2426609473880784386e-3,
    2.6532189526576123093e-2,
    2.9656057182850489123e-1,
    1.7848265399172913358e0,
    5.4637849111641143699e0,
    6.6579046435011037772e0,
)
_AS241_F = (
    2.0442631033899397856e-15,
    1.4215117583164458887e-7,
    1.8463183175100546818e-5,
    7.8686913114561326e-4,
    1.4875361290850614853e-2,
    1.3692988092273580531e-1,
    5.9983220655588793769e-1,
    1.0,
)


def _as241_central(q: Array) -> Array:
    """Phi^-1(1/2 + q) for |q| <= 0.425. 4 + 14 multiply-adds."""
    r = 0.180625 - q * q
    return q * _poly(r, _AS241_A) / _poly(r, _AS241_B)


def _as241_tail(r: Array) -> Array:
    """-Phi^-1(p) for r = sqrt(-log p) > sqrt(-log 0.075) (p < 0.075). 2 + 14 multiply-adds."""
    out = np.empty_like(r)
    near = r <= 5.0
    rn = r[near] - 1.6
    out[near] = _poly(rn, _AS241_C) / _poly(rn, _AS241_D)
    far = ~near
    rf = r[far] - 5.0
    out[far] = _poly(rf, _AS241_E) / _poly(rf, _AS241_F)
    return out


def ndtri(p: Array) -> Array:
    """The inverse of ``ndtr`` (AS241): -inf at 0, inf at 1, NaN outside [0, 1].
    9 + 14 multiply-adds per element at most."""
    out = np.full_like(p, np.nan)
    q = p - 0.5  # 1
    aq = np.abs(q)  # 1
    c = aq <= 0.425
    out[c] = _as241_central(q[c])  # 4 + 14 madd
    t = (aq > 0.425) & (p > 0.0) & (p < 1.0)
    if t.any():
        pt = p[t]
        lower = q[t] < 0
        m = np.where(lower, pt, 1.0 - pt)  # 1
        x = _as241_tail(np.sqrt(-np.log(m)))  # 3 + (2 + 14 madd)
        out[t] = np.where(lower, -x, x)  # 1
    out[p == 0.0] = -np.inf
    out[p == 1.0] = np.inf
    return out


_LOG_0075 = log(0.075)  # AS241's tail branches below p = 0.075 ...
_LOG_0925 = log(0.925)  # ... and above p = 0.925
_FAR = -700.0  # below this, exp(y) is out of AS241's (and double precision's) range
_EXTREME = -1e300  # below this, -sqrt(-2y) is the root to double precision (x² overflows)


def _newton_log_ndtr(x: Array, y: Array) -> Array:
    """One Newton step on log Phi(x) = y, x < -sqrt(32). 24 + 9 multiply-adds.

    With Phi(x) = exp(hi + lo) r the derivative of log Phi is phi/Phi = 1/(sqrt(2 pi) r).
    """
    hi, lo, r = _tail(-x)  # 1 + 16 + 9 madd (far branch)
    return x - (hi + lo + np.log(r) - y) * SQRT_2PI * r  # 7


def ndtri_exp(y: Array) -> Array:
    """``ndtri(exp(y))`` for y <= 0 without forming exp(y) where it would lose accuracy
    or underflow (the inverse of ``log_ndtr``). 54 + 18 multiply-adds at most."""
    out = np.full_like(y, np.nan)
    far = (y < _FAR) & (y >= _EXTREME)
    low = (y >= _FAR) & (y < _LOG_0075)
    high = (y > _LOG_0925) & (y < 0.0)
    mid = (y >= _LOG_0075) & (y <= _LOG_0925)
    out[mid] = _as241_central(np.exp(y[mid]) - 0.5)  # 2 + (4 + 14 madd)
    out[low] = -_as241_tail(np.sqrt(-y[low]))  # 3 + (2 + 14 madd)
    out[high] = _as241_tail(np.sqrt(-np.log(-np.expm1(y[high]))))  # 5 + (2 + 14 madd)
    if far.any():
        yf = y[far]
        t = -2.0 * yf  # 1
        x = -np.sqrt(t - np.log(t) - LOG_2PI)  # 5: asymptotic root of log Phi(x) = y
        out[far] = _newton_log_ndtr(_newton_log_ndtr(x, yf), yf)  # 2 x (24 + 9 madd)
    extreme = y < _EXTREME
    out[extreme] = np.sqrt(-y[extreme]) * -sqrt(2.0)  # 3 (-inf at -inf)
    out[y == 0.0] = np.inf
    return out
