"""Op-table rows for flopscope.stats distributions (pdf, cdf, ppf, logpdf, rvs).

Rows are named ``stats.<distribution>.<method>`` (``stats.norm.pdf``); ``flopscope.stats``
and ``mechestim.stats`` turn the rows of one distribution into an object with those methods.
The functions are NumPy implementations of SciPy's (``_stats_impl``), with SciPy's
signatures: ``x`` (``q``), the shape parameters, ``loc=0``, ``scale=1``, all broadcasting
together; ``rvs`` takes ``size`` and ``random_state`` too.

**Costs.** A call costs the elements of its broadcast output (for ``rvs``, the elements
drawn) times a per-element constant: the FLOPs of the implementation's most expensive path,
counted as ``_stats_impl`` states (every floating-point result 1, a Horner step of a
polynomial one multiply-add = FMA, comparisons and selections free). The constant is
written ``p + m·FMA``: flopscope charges ``p + m``, mechestim ``p + 2m``. truncnorm also
pays, once per element of ``broadcast(a, b)``, for the normaliser it prepares there.
A call whose output is empty costs 0. ``tests/test_stats.py`` measures every constant by
running the kernels on instrumented arrays.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from math import prod
from time import perf_counter
from typing import Any

from . import _costs
from . import _stats_impl as impl
from ._array import plain_all, shape_of
from ._dispatch import run
from ._flavor import Flavor
from ._ops import BUILDERS, Op


@dataclass(frozen=True)
class Work:
    """FLOPs per element: ``plain`` operations plus ``madds`` multiply-adds (priced FMA)."""

    plain: int
    madds: int = 0

    def __add__(self, other: Work) -> Work:
        return Work(self.plain + other.plain, self.madds + other.madds)

    def flops(self, fma: int) -> int:
        return self.plain + fma * self.madds

    def __str__(self) -> str:
        fma = "FMA" if self.madds == 1 else f"{self.madds}·FMA"
        if not self.madds:
            return str(self.plain)
        return f"{self.plain} + {fma}" if self.plain else fma


# special functions (most expensive path; see _stats_impl)
NDTR = Work(17, 15)  # Cody: |x|, the rational in (0.66291, sqrt 32], exp(-x²/2) split in two
LOG_NDTR = Work(18, 15)  # the same, then log1p(-tail) for x > 0.66291
LOG_NDTR_NONPOS = Work(15, 15)  # x <= 0: log(tail) = hi + lo + log(rational)
NDTRI = Work(9, 14)  # AS241's tail branch
NDTRI_EXP = Work(54, 18)  # y < -700: asymptotic root, then two Newton steps on log_ndtr

# the work of each kernel on one standardised element, and what it computes
KERNELS: dict[tuple[str, str], tuple[Work, str]] = {
    ("norm", "pdf"): (Work(4), "exp(−z²/2)/√(2π)"),
    ("norm", "logpdf"): (Work(3), "−z²/2 − log√(2π)"),
    ("norm", "cdf"): (NDTR, "Φ(z) (Cody's ANORM)"),
    ("norm", "ppf"): (NDTRI, "Φ⁻¹(q) (Wichura's AS241)"),
    ("norm", "rvs"): (Work(0), "standard normal variates"),
    ("uniform", "pdf"): (Work(0), "1 on the support"),
    ("uniform", "logpdf"): (Work(0), "0 on the support"),
    ("uniform", "cdf"): (Work(0), "z"),
    ("uniform", "ppf"): (Work(0), "q"),
    ("uniform", "rvs"): (Work(0), "uniform variates"),
    ("expon", "pdf"): (Work(2), "exp(−z)"),
    ("expon", "logpdf"): (Work(1), "−z"),
    ("expon", "cdf"): (Work(3), "−expm1(−z)"),
    ("expon", "ppf"): (Work(3), "−log1p(−q)"),
    ("expon", "rvs"): (Work(0), "standard exponential variates"),
    ("cauchy", "pdf"): (Work(3), "1/(π(1 + z²))"),
    ("cauchy", "logpdf"): (Work(8), "−log π − log1p(z²), or −log π − 2 log|z| − log1p(1/z²)"),
    ("cauchy", "cdf"): (Work(3), "atan2(1, −z)/π"),
    ("cauchy", "ppf"): (Work(6), "tan(π(q − ½)), as −1/tan(πq) or 1/tan(π(1 − q)) in the tails"),
    ("cauchy", "rvs"): (Work(6), "ppf of uniform variates"),
    ("laplace", "pdf"): (Work(4), "exp(−|z|)/2"),
    ("laplace", "logpdf"): (Work(3), "−|z| − log 2"),
    ("laplace", "cdf"): (Work(5), "exp(z)/2, or 1 − exp(−z)/2"),
    ("laplace", "ppf"): (Work(4), "log 2q, or −log(2(1 − q))"),
    ("laplace", "rvs"): (Work(0), "Laplace variates"),
    ("logistic", "pdf"): (Work(6), "e/(1 + e)², e = exp(−|z|)"),
    ("logistic", "logpdf"): (Work(6), "−|z| − 2 log1p(exp(−|z|))"),
    ("logistic", "cdf"): (Work(5), "1/(1 + e) or e/(1 + e), e = exp(−|z|)"),
    ("logistic", "ppf"): (Work(5), "2 artanh(2q − 1), or log(q/(1 − q)) in the tails"),
    ("logistic", "rvs"): (Work(0), "logistic variates"),
    ("lognorm", "pdf"): (Work(10), "exp(−log²z/(2s²) − log(s z √(2π)))"),
    ("lognorm", "logpdf"): (Work(9), "−log²z/(2s²) − log(s z √(2π))"),
    ("lognorm", "cdf"): (Work(2) + NDTR, "Φ(log z / s)"),
    ("lognorm", "ppf"): (Work(2) + NDTRI, "exp(s Φ⁻¹(q))"),
    ("lognorm", "rvs"): (Work(2), "exp(s × standard normal variates)"),
    ("truncnorm", "pdf"): (Work(5), "exp(−z²/2 − log√(2π) − log Z)"),
    ("truncnorm", "logpdf"): (Work(4), "−z²/2 − log√(2π) − log Z"),
    ("truncnorm", "cdf"): (
        Work(16) + LOG_NDTR_NONPOS,
        "(Φ(z) − Φ(a))/Z in logs from log Φ(−|z|), or 1 − (Φ(b) − Φ(z))/Z near 1",
    ),
    ("truncnorm", "ppf"): (
        Work(5) + NDTRI_EXP,
        "Φ⁻¹ of Φ(a) + qZ (a < 0) or −Φ⁻¹ of Φ(−b) + (1 − q)Z, in logs",
    ),
    ("truncnorm", "rvs"): (Work(5) + NDTRI_EXP, "ppf of uniform variates"),
}

# truncnorm, once per element of broadcast(a, b): log Φ(±a), log Φ(±b) (of each pair, one
# argument is <= 0), two negations and log Z
TRUNCNORM_PREPARE = Work(7) + LOG_NDTR + LOG_NDTR_NONPOS + LOG_NDTR + LOG_NDTR_NONPOS

# what the generic wrapper adds to a kernel, per element
WRAPPERS: dict[str, tuple[Work, str]] = {
    "pdf": (Work(3), "z = (x − loc)/scale: 2, ÷ scale: 1"),
    "logpdf": (Work(4), "z = (x − loc)/scale: 2, − log(scale): 2"),
    "cdf": (Work(2), "z = (x − loc)/scale: 2"),
    "ppf": (Work(0, 1), "× scale + loc: FMA"),
    "rvs": (Work(1, 1), "the draw: 1, × scale + loc: FMA"),
}


def per_element(dist: str, method: str) -> Work:
    """The FLOPs a ``dist.method`` call costs per element of its output."""
    return WRAPPERS[method][0] + KERNELS[dist, method][0]


# ---------------------------------------------------------------------------
# cost rules: the function's signature, with its arrays replaced by their shapes


class Rule:
    """The pure cost rule of ``stats.<dist>.<method>``: called like the function, with
    shapes in place of arrays (``rule((1000,), loc=(1000,), fma=1)``)."""

    def __init__(self, dist: impl.Distribution, method: str) -> None:
        self.dist = dist
        self.method = method
        self.work = per_element(dist.name, method)
        self.setup = TRUNCNORM_PREPARE if dist.prepare is not None else None
        sig = impl.signature(dist, method)
        self.arrays = tuple(
            p.name for p in sig.parameters.values() if p.name not in ("size", "random_state")
        )
        params = [
            p.replace(default=()) if p.name in ("loc", "scale") else p
            for p in sig.parameters.values()
        ]
        params.append(inspect.Parameter("fma", inspect.Parameter.KEYWORD_ONLY, default=1))
        self.__signature__ = inspect.Signature(params)

    def __call__(self, *args: Any, **kwargs: Any) -> int:
        bound = self.__signature__.bind(*args, **kwargs)
        bound.apply_defaults()
        values = bound.arguments
        shapes = tuple(_costs.as_shape(values[name]) for name in self.arrays)
        return self.price(shapes, values.get("size"), values["fma"])

    def price(self, shapes: tuple[tuple[int, ...], ...], size: Any, fma: int) -> int:
        """The rule on the shapes of all the array arguments, in order (what billing calls)."""
        out = _costs.broadcast_shapes(*shapes)
        if self.method == "rvs":
            out = impl.rvs_size(out, size)
        n = prod(out)
        if n == 0:
            return 0
        cost = n * self.work.flops(fma)
        if self.setup is not None:  # truncnorm: the normaliser, once per (a, b) element
            first = 0 if self.method == "rvs" else 1
            params = shapes[first : first + len(self.dist.shapes)]
            cost += prod(_costs.broadcast_shapes(*params)) * self.setup.flops(fma)
        return cost


def formula(dist: impl.Distribution, method: str) -> str:
    """The cost rule in words, for docs/operations.md."""
    kernel, what = KERNELS[dist.name, method]
    wrapped = WRAPPERS[method][1]
    if method == "rvs":
        over = "elements drawn (size, else the broadcast parameters)"
    else:
        over = "elements of the broadcast output"
    computed = f"{what}: {kernel}" if kernel.plain or kernel.madds else what
    text = f"n·({per_element(dist.name, method)}), n = {over}; {computed}; {wrapped}"
    if dist.prepare is not None:
        text += (
            f"; plus m·({TRUNCNORM_PREPARE}), m = elements of broadcast(a, b): "
            "log Φ(±a), log Φ(±b) and log Z, Z = Φ(b) − Φ(a)"
        )
    return text


# ---------------------------------------------------------------------------
# the builder: bind SciPy's signature, price from the shapes, run once


def _build(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``shaped:stats``: the arguments bound by the function's signature (keywords and
    defaults as SciPy takes them, Python's messages for mistakes); ``op.arrays`` are priced
    by shape, ``size`` too (rvs), and everything is passed on positionally."""
    fn = op.numpy
    name = op.name
    rule = op.cost
    assert isinstance(rule, Rule)
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    names = [p.name for p in params]
    index = {p.name: i for i, p in enumerate(params)}
    defaults = [p.default for p in params]
    positional = sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
    required = sum(p.default is p.empty for p in params)  # the leading ones
    n = len(op.arrays)
    rvs = rule.method == "rvs"
    fma = flavor.fma
    wrap = flavor.counted_outputs

    def call(*args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        given = len(args)
        if given > positional:
            raise TypeError(f"{name}(): too many positional arguments")
        values = [*args, *defaults[given:]]
        for key, value in kwargs.items():
            i = index.get(key)
            if i is None:
                raise TypeError(f"{name}(): got an unexpected keyword argument {key!r}")
            if i < given:
                raise TypeError(f"{name}(): multiple values for argument {key!r}")
            values[i] = value
        for i in range(given, required):
            if values[i] is inspect.Parameter.empty:
                raise TypeError(f"{name}(): missing a required argument: {names[i]!r}")
        arrays = values[:n]
        shapes = tuple(shape_of(a) for a in arrays)
        cost = rule.price(shapes, values[n] if rvs else None, fma)
        return run(
            flavor, name, cost, shapes, fn, (*plain_all(arrays), *values[n:]), None, t0, wrap
        )

    call.__signature__ = sig  # type: ignore[attr-defined]
    return call


BUILDERS["shaped:stats"] = _build


def _row(dist: impl.Distribution, method: str) -> Op:
    rule = Rule(dist, method)
    return Op(
        f"stats.{dist.name}.{method}",
        "shaped:stats",
        impl.function(dist, method),
        cost=rule,
        formula=formula(dist, method),
        arrays=rule.arrays,
        multiply_adds=True,
        dispatch=False,
        category="stats",
    )


OPS: list[Op] = [
    _row(dist, method) for dist in impl.DISTRIBUTIONS.values() for method in impl.METHODS
]

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
