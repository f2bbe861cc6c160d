"""NumPy implementations behind ``flopscope.stats``: the distributions (special functions
in ``_special``).

Everything here is plain NumPy (no SciPy at run time) and is called by the rows of
``_table_stats``, which bill it; nothing here touches a budget.

**FLOP convention** (the constants of ``_table_stats`` are these counts). Every floating-
point result computed for an element costs 1: ``+ - * /``, negation, ``abs``, ``trunc``
and each elementary function (``exp``, ``log``, ``log1p``, ``expm1``, ``sqrt``, ``tan``,
``arctan2``, ``arctanh``, ``logaddexp``), as a NumPy ufunc is priced. One step of a
polynomial's Horner scheme, ``acc * z + c``, is one multiply-add (``_madd``; priced FMA).
Comparisons, masks and selections (boolean results, indexing) cost nothing. Every element
takes one path through the branches; a function is billed for its most expensive path.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from math import log, pi, sqrt
from typing import Any

import numpy as np

from . import _costs
from ._random import _Counted
from ._special import _madd, log_ndtr, ndtr, ndtri, ndtri_exp

Array = np.ndarray

SQRT_2PI = sqrt(2 * pi)
INV_SQRT_2PI = 1 / SQRT_2PI
LOG_SQRT_2PI = log(SQRT_2PI)
LOG_2PI = log(2 * pi)
LOG_PI = log(pi)
LOG_2 = log(2.0)


# ---------------------------------------------------------------------------
# Kernels: each works on a 1-d float64 array of standardised values z = (x - loc) / scale
# (or of probabilities q) that are inside the support, with the shape parameters gathered
# alongside; the generic wrappers below handle loc, scale, validity and the support edges.
# The count after each line is its FLOPs per element (convention in the module docstring).


def _zeros(z: Array) -> Array:
    return np.zeros_like(z)


def _ones(z: Array) -> Array:
    return np.ones_like(z)


def _identity(z: Array) -> Array:
    return z


def norm_pdf(z: Array) -> Array:
    return np.exp(z * z * -0.5) * INV_SQRT_2PI  # 4


def norm_logpdf(z: Array) -> Array:
    return z * z * -0.5 - LOG_SQRT_2PI  # 3


def expon_pdf(z: Array) -> Array:
    return np.exp(-z)  # 2


def expon_logpdf(z: Array) -> Array:
    return -z  # 1


def expon_cdf(z: Array) -> Array:
    return -np.expm1(-z)  # 3


def expon_ppf(q: Array) -> Array:
    return -np.log1p(-q)  # 3


def cauchy_pdf(z: Array) -> Array:
    return (1.0 / pi) / (1.0 + z * z)  # 3


def cauchy_logpdf(z: Array) -> Array:
    az = np.abs(z)  # 1
    out = np.empty_like(z)
    small = az < 1.0
    a = az[small]
    out[small] = -LOG_PI - np.log1p(a * a)  # 3
    large = ~small
    a = az[large]
    w = 1.0 / a  # 1
    out[large] = -LOG_PI - 2.0 * np.log(a) - np.log1p(w * w)  # 6
    return out


def cauchy_cdf(z: Array) -> Array:
    return np.arctan2(1.0, -z) * (1.0 / pi)  # 3


def cauchy_ppf(q: Array) -> Array:
    """tan(pi (q - 1/2)), in the form that keeps full relative accuracy everywhere."""
    d = q - 0.5  # 1: exact for q in [1/4, 1]
    ad = np.abs(d)  # 1
    out = np.empty_like(q)
    mid = ad <= 0.25
    out[mid] = np.tan(pi * d[mid])  # 2
    low = (d < 0) & ~mid
    out[low] = -1.0 / np.tan(pi * q[low])  # 3
    high = (d > 0) & ~mid
    out[high] = 1.0 / np.tan(pi * (1.0 - q[high]))  # 4: 1 - q is exact for q >= 1/2
    return out


def laplace_pdf(z: Array) -> Array:
    return np.exp(-np.abs(z)) * 0.5  # 4


def laplace_logpdf(z: Array) -> Array:
    return -np.abs(z) - LOG_2  # 3


def laplace_cdf(z: Array) -> Array:
    e = np.exp(-np.abs(z)) * 0.5  # 4
    return np.where(z > 0, 1.0 - e, e)  # 1


def laplace_ppf(q: Array) -> Array:
    out = np.empty_like(q)
    upper = q > 0.5
    out[upper] = -np.log(2.0 * (1.0 - q[upper]))  # 4
    lower = ~upper
    out[lower] = np.log(2.0 * q[lower])  # 2
    return out


def logistic_pdf(z: Array) -> Array:
    e = np.exp(-np.abs(z))  # 3
    d = 1.0 + e  # 1
    return e / (d * d)  # 2


def logistic_logpdf(z: Array) -> Array:
    y = -np.abs(z)  # 2
    return y - 2.0 * np.log1p(np.exp(y))  # 4


def logistic_cdf(z: Array) -> Array:
    """The logistic sigmoid, without overflow and with full accuracy in the lower tail."""
    e = np.exp(-np.abs(z))  # 3
    return np.where(z >= 0, 1.0, e) / (1.0 + e)  # 2


def logistic_ppf(q: Array) -> Array:
    """logit(q): 2 artanh(2q - 1) near 1/2 (no cancellation), log(q / (1 - q)) elsewhere."""
    d = q - 0.5  # 1
    ad = np.abs(d)  # 1
    out = np.empty_like(q)
    mid = ad <= 0.25
    out[mid] = np.arctanh(2.0 * d[mid]) * 2.0  # 3
    tails = ~mid
    qt = q[tails]
    out[tails] = np.log(qt / (1.0 - qt))  # 3
    return out


def lognorm_logpdf(z: Array, s: Array) -> Array:
    out = np.full_like(z, -np.inf)  # the limits at z = 0 and z = inf
    pos = (z > 0) & (z < np.inf)
    zp, sp = z[pos], s[pos]
    lz = np.log(zp)  # 1
    out[pos] = lz * lz / (sp * sp * -2.0) - np.log(sp * zp * SQRT_2PI)  # 8
    return out


def lognorm_pdf(z: Array, s: Array) -> Array:
    return np.exp(lognorm_logpdf(z, s))  # 1 + 9


def lognorm_cdf(z: Array, s: Array) -> Array:
    return ndtr(np.log(z) / s)  # 2 + ndtr


def lognorm_ppf(q: Array, s: Array) -> Array:
    return np.exp(s * ndtri(q))  # 2 + ndtri


# truncnorm: the mass of [lo, hi] under the standard normal, in logs, from the logs of
# Phi and of Phi(-.) at both ends (SciPy's case split: left of 0, right of 0, straddling).
# Its shape parameters are prepared once per element of broadcast(a, b) (``truncnorm_prepare``):
# (a, b, log Phi(a), log Phi(-a), log Phi(b), log Phi(-b), log Z), Z = Phi(b) - Phi(a).


def _log1mexp(d: Array) -> Array:
    """log(1 - exp(d)) for d <= 0, accurate near 0 and far from it (Maechler). 3."""
    out = np.empty_like(d)
    near = d > -LOG_2
    out[near] = np.log(-np.expm1(d[near]))  # 3
    far = ~near
    out[far] = np.log1p(-np.exp(d[far]))  # 3
    return out


def _log_diff(u: Array, v: Array) -> Array:
    """log(exp(u) - exp(v)) for u >= v (u itself where exp(v) = 0). 5."""
    out = u + _log1mexp(v - u)  # 2 + 3
    zero = v == -np.inf
    out[zero] = u[zero]
    return out


def _log_mass(
    lo: Array, hi: Array, lp_lo: Array, lq_lo: Array, lp_hi: Array, lq_hi: Array
) -> Array:
    """log(Phi(hi) - Phi(lo)), lo <= hi, given log Phi and log Phi(-.) of both ends
    (only the ones its case needs are read). 5."""
    out = np.empty_like(lo)
    left = hi <= 0
    out[left] = _log_diff(lp_hi[left], lp_lo[left])  # 5
    right = lo > 0
    out[right] = _log_diff(lq_lo[right], lq_hi[right])  # 5
    mid = ~(left | right)
    out[mid] = np.log1p(-np.exp(lp_lo[mid]) - np.exp(lq_hi[mid]))  # 5
    return out


def truncnorm_prepare(a: Array, b: Array) -> tuple[Array, ...]:
    """Per (a, b): the logs of Phi at the ends and of the mass. 4 log_ndtr + 7."""
    logs = log_ndtr(np.stack([a, b, -a, -b]))  # 2 negations, in one call
    la, lb, lqa, lqb = (logs[i, ...] for i in range(4))  # arrays, even when a, b are 0-d
    return a, b, la, lqa, lb, lqb, _log_mass(a, b, la, lqa, lb, lqb)  # 5


def truncnorm_logpdf(z: Array, a: Array, b: Array, *prep: Array) -> Array:
    return z * z * -0.5 - LOG_SQRT_2PI - prep[-1]  # 4


def truncnorm_pdf(z: Array, a: Array, b: Array, *prep: Array) -> Array:
    return np.exp(truncnorm_logpdf(z, a, b, *prep))  # 1 + 4


def truncnorm_cdf(
    z: Array, a: Array, b: Array, la: Array, lqa: Array, lb: Array, lqb: Array, log_z: Array
) -> Array:
    """(Phi(z) - Phi(a)) / Z in logs; 1 - (Phi(b) - Phi(z)) / Z where that is below 0.1."""
    # log Phi(z) for z <= 0, log Phi(-z) for z > 0: the only one of the pair _log_mass reads
    lz = log_ndtr(-np.abs(z))  # 2 + log_ndtr of a non-positive argument
    out = np.empty_like(z)
    log_cdf = _log_mass(a, z, la, lqa, lz, lz) - log_z  # 6
    upper = log_cdf > -0.1  # the cdf is near 1: take it from the other side
    out[~upper] = np.exp(log_cdf[~upper])  # 1
    zu, lzu = z[upper], lz[upper]
    log_sf = _log_mass(zu, b[upper], lzu, lzu, lb[upper], lqb[upper]) - log_z[upper]  # 6
    out[upper] = -np.expm1(log_sf)  # 2
    return out


def truncnorm_ppf(
    q: Array, a: Array, b: Array, la: Array, lqa: Array, lb: Array, lqb: Array, log_z: Array
) -> Array:
    """SciPy's inversion: Phi(x) = Phi(a) + q Z for a < 0, Phi(-x) = Phi(-b) + (1 - q) Z
    otherwise, in logs, inverted by ``ndtri_exp``."""
    out = np.empty_like(q)
    left = a < 0
    y = np.logaddexp(la[left], np.log(q[left]) + log_z[left])  # 3
    out[left] = ndtri_exp(y)
    right = ~left
    y = np.logaddexp(lqb[right], np.log1p(-q[right]) + log_z[right])  # 4
    out[right] = -ndtri_exp(y)  # 1
    return out


# ---------------------------------------------------------------------------
# Distributions: SciPy's semantics (rv_continuous) around the kernels. Arguments broadcast
# together; x is standardised as z = (x - loc) / scale (2 FLOPs); invalid parameters
# (scale <= 0, shape parameters out of range) and NaN give NaN; outside the support the
# density is 0 (log: -inf) and the CDF 0 or 1; ppf(0) and ppf(1) are the support's ends.
# The result is float64, and a NumPy scalar when it has no dimensions.


@dataclass(frozen=True, eq=False)
class Distribution:
    name: str
    shapes: tuple[str, ...]  # shape parameters, in SciPy's order
    support: tuple[float, float] | None  # None: (a, b), the first two shape parameters
    pdf: Callable[..., Array]
    logpdf: Callable[..., Array]
    cdf: Callable[..., Array]
    ppf: Callable[..., Array]
    draw: Callable[..., Any]  # (random_state, size, *kernel arguments) -> standard variates
    argcheck: Callable[..., Array] | None = None  # shape parameters -> valid
    prepare: Callable[..., tuple[Array, ...]] | None = None  # shape parameters -> kernel args


def _floats(*values: Any) -> list[Array]:
    return [np.asarray(v, dtype=np.float64) for v in values]


def _kernel_args(dist: Distribution, params: list[Array]) -> tuple[Any, list[Array]]:
    """Whether the shape parameters are valid, and the kernels' arguments (NaN where not)."""
    if not params:
        return True, []
    params = list(np.broadcast_arrays(*params))
    valid = np.asarray(dist.argcheck(*params)) if dist.argcheck else np.ones(params[0].shape, bool)
    if dist.prepare is None:
        return valid, list(params)
    prepared = dist.prepare(*(p[valid] for p in params))
    args = []
    for values in prepared:
        full = np.full_like(params[0], np.nan)
        full[valid] = values
        args.append(full)
    return valid, args


def _bounds(dist: Distribution, args: list[Array]) -> tuple[Any, Any]:
    return dist.support if dist.support is not None else (args[0], args[1])


def _scalar(out: Array) -> Any:
    return out[()] if out.ndim == 0 else out


def _elements(a: Array, shape: tuple[int, ...], mask: Array) -> Array:
    """The elements of ``a`` (broadcast to ``shape``) where ``mask``, as a 1-d array."""
    return a[mask] if a.shape == shape else np.broadcast_to(a, shape)[mask]


def _take(a: Array, shape: tuple[int, ...], mask: Array, like: Array | None = None) -> Array:
    """The elements of ``a`` (broadcast to ``shape``) where ``mask``. A 0-d ``a`` stays a
    scalar for the arithmetic to broadcast, or (``like`` given) is spread to its length."""
    if a.shape == shape:
        return a[mask]
    if a.ndim == 0:
        return a if like is None else np.full_like(like, a)
    return np.broadcast_to(a, shape)[mask]


def _density(dist: Distribution, log: bool, x: Any, *args: Any) -> Any:
    *shape_args, loc, scale = args
    x, loc, scale = _floats(x, loc, scale)
    params = _floats(*shape_args)
    shape = np.broadcast_shapes(x.shape, loc.shape, scale.shape, *(p.shape for p in params))
    out = np.full(shape, -np.inf if log else 0.0)
    if out.size == 0:
        return out
    kernel = dist.logpdf if log else dist.pdf
    with np.errstate(all="ignore"):
        valid, kargs = _kernel_args(dist, params)
        z = (x - loc) / scale  # 2
        ok = valid & (scale > 0)
        lo, hi = _bounds(dist, kargs)
        inside = ok & (lo <= z) & (z <= hi)  # each mask has the output's shape
        out[~ok | np.isnan(z)] = np.nan
        if inside.any():
            zi = _elements(z, shape, inside)
            v = kernel(zi, *(_take(k, shape, inside, zi) for k in kargs))
            s = _take(scale, shape, inside)
            out[inside] = v - np.log(s) if log else v / s  # 2 (log) or 1
    return _scalar(out)


def _cdf(dist: Distribution, x: Any, *args: Any) -> Any:
    *shape_args, loc, scale = args
    x, loc, scale = _floats(x, loc, scale)
    params = _floats(*shape_args)
    shape = np.broadcast_shapes(x.shape, loc.shape, scale.shape, *(p.shape for p in params))
    out = np.zeros(shape)
    if out.size == 0:
        return out
    with np.errstate(all="ignore"):
        valid, kargs = _kernel_args(dist, params)
        z = (x - loc) / scale  # 2
        ok = valid & (scale > 0)
        lo, hi = _bounds(dist, kargs)
        out[ok & (z >= hi)] = 1.0
        out[~ok | np.isnan(z)] = np.nan
        inside = ok & (lo < z) & (z < hi)
        if inside.any():
            zi = _elements(z, shape, inside)
            out[inside] = dist.cdf(zi, *(_take(k, shape, inside, zi) for k in kargs))
    return _scalar(out)


def _ppf(dist: Distribution, q: Any, *args: Any) -> Any:
    *shape_args, loc, scale = args
    q, loc, scale = _floats(q, loc, scale)
    params = _floats(*shape_args)
    shape = np.broadcast_shapes(q.shape, loc.shape, scale.shape, *(p.shape for p in params))
    out = np.full(shape, np.nan)
    if out.size == 0:
        return out
    with np.errstate(all="ignore"):
        valid, kargs = _kernel_args(dist, params)
        ok = valid & (scale > 0) & (loc == loc)
        ends = (ok & (q == 0), ok & (q == 1))
        for end, at in zip(_bounds(dist, kargs), ends, strict=True):
            if at.any():
                end = _take(np.asarray(end), shape, at)
                out[at] = _madd(end, _take(scale, shape, at), _take(loc, shape, at))  # 1 FMA
        inside = ok & (q > 0) & (q < 1)
        if inside.any():
            qi = _elements(q, shape, inside)
            v = dist.ppf(qi, *(_take(k, shape, inside, qi) for k in kargs))
            out[inside] = _madd(v, _take(scale, shape, inside), _take(loc, shape, inside))  # 1 FMA
    return _scalar(out)


def _squeeze_left(a: Array) -> Array:
    while a.ndim > 0 and a.shape[0] == 1:
        a = a.reshape(a.shape[1:])
    return a


def rvs_size(shape: tuple[int, ...], size: Any) -> tuple[int, ...]:
    """The shape SciPy draws: ``size`` checked against the parameters' broadcast ``shape``
    (leading 1s dropped), or that shape when ``size`` is None. Pure (a cost rule uses it)."""
    while shape and shape[0] == 1:
        shape = shape[1:]
    if size is None:
        return shape
    size_ = _costs.as_shape(size.tolist() if isinstance(size, np.ndarray) else size, "size")
    ndiff = len(shape) - len(size_)
    padded = (1,) * -ndiff + shape if ndiff < 0 else shape
    size_padded = (1,) * ndiff + size_ if ndiff > 0 else size_
    if not all(p == 1 or p == s for p, s in zip(padded, size_padded, strict=True)):
        raise ValueError(
            f"size does not match the broadcast shape of the parameters. "
            f"{size}, {size_padded}, {padded}"
        )
    return size_padded


def check_random_state(seed: Any) -> Any:
    """SciPy's rule: None (the global RandomState), an int seed, a NumPy Generator or
    RandomState, or a counted one from ``fnp.random`` (its draws are billed here, once)."""
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, (numbers.Integral, np.integer)):
        return np.random.RandomState(int(seed))
    if isinstance(seed, (np.random.RandomState, np.random.Generator)):
        return seed
    if isinstance(seed, _Counted):
        return seed._np
    raise ValueError(f"'{seed}' cannot be used to seed a numpy.random.RandomState instance")


def _rvs(dist: Distribution, *args: Any) -> Any:
    *shape_args, loc, scale, size, random_state = args
    values = [_squeeze_left(v) for v in np.broadcast_arrays(*_floats(*shape_args, loc, scale))]
    size_ = rvs_size(values[0].shape, size)
    *params, loc, scale = values
    valid = dist.argcheck(*params) if dist.argcheck and params else True
    if not np.all(valid & (scale >= 0)):
        raise ValueError(
            "Domain error in arguments. The `scale` parameter must be positive for all "
            "distributions, and many distributions have restrictions on shape parameters. "
            f"Please see the `scipy.stats.{dist.name}` documentation for details."
        )
    if np.all(scale == 0):
        return loc * np.ones(size_, "d")  # 1
    rs = check_random_state(random_state)
    with np.errstate(all="ignore"):
        kargs = params
        if dist.prepare is not None:  # once per element of broadcast(a, b), as billed
            own = np.broadcast_arrays(*_floats(*shape_args))
            kargs = list(dist.prepare(*(_squeeze_left(p) for p in own)))
        vals = _madd(dist.draw(rs, size_, *kargs), scale, loc)  # 1 multiply-add
    return vals[()] if isinstance(vals, np.ndarray) and vals.ndim == 0 else vals


def _by_inversion(ppf: Callable[..., Array]) -> Callable[..., Array]:
    """Draw ``ppf(U)`` for uniform U, as SciPy's default ``_rvs`` does."""

    def draw(rs: Any, size: tuple[int, ...], *args: Array) -> Array:
        u, *rest = np.broadcast_arrays(rs.uniform(size=size), *args)
        return ppf(u.ravel(), *(a.ravel() for a in rest)).reshape(u.shape)

    return draw


DISTRIBUTIONS: dict[str, Distribution] = {
    d.name: d
    for d in (
        Distribution(
            "norm", (), (-np.inf, np.inf), norm_pdf, norm_logpdf, ndtr, ndtri,
            lambda rs, size: rs.standard_normal(size),
        ),
        Distribution(
            "uniform", (), (0.0, 1.0), _ones, _zeros, _identity, _identity,
            lambda rs, size: rs.uniform(0.0, 1.0, size),
        ),
        Distribution(
            "expon", (), (0.0, np.inf), expon_pdf, expon_logpdf, expon_cdf, expon_ppf,
            lambda rs, size: rs.standard_exponential(size),
        ),
        Distribution(
            "cauchy", (), (-np.inf, np.inf), cauchy_pdf, cauchy_logpdf, cauchy_cdf, cauchy_ppf,
            _by_inversion(cauchy_ppf),
        ),
        Distribution(
            "laplace", (), (-np.inf, np.inf), laplace_pdf, laplace_logpdf, laplace_cdf,
            laplace_ppf, lambda rs, size: rs.laplace(0, 1, size=size),
        ),
        Distribution(
            "logistic", (), (-np.inf, np.inf), logistic_pdf, logistic_logpdf, logistic_cdf,
            logistic_ppf, lambda rs, size: rs.logistic(size=size),
        ),
        Distribution(
            "lognorm", ("s",), (0.0, np.inf), lognorm_pdf, lognorm_logpdf, lognorm_cdf,
            lognorm_ppf, lambda rs, size, s: np.exp(s * rs.standard_normal(size)),  # 1 + 2
            argcheck=lambda s: s > 0,
        ),
        Distribution(
            "truncnorm", ("a", "b"), None, truncnorm_pdf, truncnorm_logpdf, truncnorm_cdf,
            truncnorm_ppf, _by_inversion(truncnorm_ppf),
            argcheck=lambda a, b: a < b, prepare=truncnorm_prepare,
        ),
    )
}  # fmt: skip


# ---------------------------------------------------------------------------
# the functions the op table's rows run: SciPy's signatures; the builder binds the call
# and passes every argument positionally, defaults filled in

METHODS: tuple[str, ...] = ("pdf", "logpdf", "cdf", "ppf", "rvs")

_DOCS = {
    "pdf": "Probability density function at x",
    "logpdf": "Log of the probability density function at x",
    "cdf": "Cumulative distribution function at x",
    "ppf": "Percent point function (inverse of cdf) at q",
    "rvs": "Random variates",
}


def signature(dist: Distribution, method: str) -> inspect.Signature:
    """SciPy's signature of ``scipy.stats.<dist>.<method>``."""
    param = inspect.Parameter
    either = param.POSITIONAL_OR_KEYWORD
    first = {"pdf": "x", "logpdf": "x", "cdf": "x", "ppf": "q"}.get(method)
    names = ([first] if first else []) + list(dist.shapes)
    params = [param(n, either) for n in names]
    params += [param("loc", either, default=0), param("scale", either, default=1)]
    if method == "rvs":
        params += [param("size", either, default=None)]
        params += [param("random_state", param.KEYWORD_ONLY, default=None)]
    return inspect.Signature(params)


def function(dist: Distribution, method: str) -> Callable[..., Any]:
    """``<dist>.<method>``, taking every argument of its signature positionally."""
    if method == "rvs":

        def fn(*args: Any) -> Any:
            return _rvs(dist, *args)

    elif method == "cdf":

        def fn(*args: Any) -> Any:
            return _cdf(dist, *args)

    elif method == "ppf":

        def fn(*args: Any) -> Any:
            return _ppf(dist, *args)

    else:
        log = method == "logpdf"

        def fn(*args: Any) -> Any:
            return _density(dist, log, *args)

    sig = signature(dist, method)
    fn.__signature__ = sig  # type: ignore[attr-defined]
    fn.__name__ = method
    fn.__qualname__ = f"{dist.name}.{method}"
    fn.__doc__ = (
        f"{_DOCS[method]} of the {dist.name} distribution: ``{dist.name}.{method}{sig}``, "
        f"as ``scipy.stats.{dist.name}.{method}`` (implemented with NumPy)."
    )
    return fn
