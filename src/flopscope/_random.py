"""numpy.random, counted: cost rules, argument binders and the counted Generator / RandomState.

Three parts, used by the rows of ``_table_random``:

- **Cost rules** (pure functions of shapes and parameters, like ``_costs``): shuffles and
  permutations, ``choice``, and the samplers whose draws have a trailing category axis
  (``multinomial``, ``dirichlet``, ``multivariate_hypergeometric``) or do linear algebra
  (``multivariate_normal``).
- **Builders** for the kinds this family adds. A kind is written ``"<priced as>:<binding>"``:
  the part before the colon is the built-in kind whose pricing applies (``flops.cost``
  prices a ``"random:method"`` row exactly like a ``"random"`` row); the part after it says
  how arguments are bound. ``random:method`` and ``shaped:method`` are the samplers of a
  generator object (the row's NumPy callable is the unbound method, e.g.
  ``np.random.Generator.normal``, applied at call time to the wrapped NumPy generator);
  ``shaped:permute`` covers shuffle / permutation / permuted / choice, whose first argument
  is an array *or* a population size; ``free:generator`` makes the counted classes and
  ``default_rng``. Every counted call ends in ``_dispatch.run``.
- **The counted classes**, one per (class, flavor), generated from the rows: every public
  method of ``numpy.random.Generator`` / ``RandomState`` is a row, so nothing a generator
  can draw is uncounted. The NumPy generator inside is ``._np`` (private); ``bit_generator``
  is exposed as NumPy does. Explicit escapes, as with ``np.asarray``: the bit generator's raw
  stream (``bit_generator.random_raw()``, ``.ctypes``, ``.cffi``) and a NumPy Generator built
  on it (``np.random.Generator(rng.bit_generator)``) are NumPy's own and uncounted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from math import prod
from time import perf_counter
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from . import _cost_linalg, _costs
from ._array import READ_ONLY_MESSAGE, CountedArray, plain, plain_all, shape_of
from ._dispatch import run
from ._flavor import FLOPSCOPE, MECHESTIM, Flavor
from ._ops import BUILDERS, Op, _check_out, build, sample_shape, shaped_binder
from ._signatures import signature

Shape = tuple[int, ...]

# ---------------------------------------------------------------------------
# cost rules (pure)


def log2_ceil(n: int) -> int:
    """ceil(log2 n) in exact integer arithmetic; 0 for n <= 1."""
    return (n - 1).bit_length() if n > 1 else 0


def shuffle(x_shape: Shape, axis: int = 0) -> int:
    """A random permutation of n items costs n·ceil(log2 n), n the length of ``axis``."""
    if not x_shape:
        raise TypeError("len() of unsized object")
    n = x_shape[normalize_axis_index(axis, len(x_shape))]
    return n * log2_ceil(n)


def permutation_legacy(x_shape: Shape) -> int:
    """``RandomState.permutation(x)``: shuffles the first axis (of ``arange(x)`` for an int)."""
    if not x_shape:
        raise IndexError("x must be an integer or at least 1-dimensional")
    return shuffle(x_shape)


def permuted(x_shape: Shape, axis: int | None = None, out: Any = None) -> int:
    """``Generator.permuted``: every lane along ``axis`` (or the flattened array) shuffled."""
    if not x_shape:
        raise TypeError("len() of unsized object")
    size = prod(x_shape)
    n = size if axis is None else x_shape[normalize_axis_index(axis, len(x_shape))]
    return size * log2_ceil(n)


def _drawn_count(size: Any) -> int:
    return 1 if size is None else prod(_costs.as_shape(size, "size"))


def _choice(n: int, k: int, replace: bool, p: Any, without: int) -> int:
    if k == 0 or n == 0:
        return 0
    if p is not None:  # cumulative distribution, normalised, then one binary search per draw
        return k + 2 * n + k * log2_ceil(n)
    return k if replace else without


def choice(
    a_shape: Shape,
    size: Any = None,
    replace: bool = True,
    p: Any = None,
    axis: int = 0,
    shuffle: bool = True,
) -> int:
    """``Generator.choice``: k = elements drawn; without replacement k·ceil(log2 n)."""
    if not a_shape:  # not a population: NumPy raises its own error
        return 0
    n = a_shape[normalize_axis_index(axis, len(a_shape))]
    k = _drawn_count(size)
    return _choice(n, k, replace, p, k * log2_ceil(n))


def choice_legacy(a_shape: Shape, size: Any = None, replace: bool = True, p: Any = None) -> int:
    """``RandomState.choice``: as ``Generator.choice``, but without replacement (and without
    ``p``) NumPy permutes the whole population: n·ceil(log2 n)."""
    if len(a_shape) > 1:
        raise ValueError("a must be 1-dimensional")
    if not a_shape:  # not a population: NumPy raises its own error
        return 0
    n = a_shape[0]
    return _choice(n, _drawn_count(size), replace, p, n * log2_ceil(n))


def _per_sample(batch: Shape, size: Any, k: int) -> int:
    """N·k: N samples (``size``, else the broadcast batch shape) of k categories each."""
    n_samples = prod(batch) if size is None else prod(_costs.as_shape(size, "size"))
    return n_samples * k


def multinomial(n_shape: Shape, pvals_shape: Shape, size: Any = None) -> int:
    """N·k: one per element of the output (k−1 binomial draws and the remainder per sample)."""
    if not pvals_shape or pvals_shape[-1] == 0:
        raise ValueError(
            "pvals must have at least 1 dimension and the last dimension of pvals must be "
            "greater than 0."
        )
    batch = _costs.broadcast_shapes(n_shape, pvals_shape[:-1]) if size is None else ()
    return _per_sample(batch, size, pvals_shape[-1])


def dirichlet(alpha_shape: Shape, size: Any = None) -> int:
    """N·k: k gamma draws per sample (their normalisation is part of the draw)."""
    if not alpha_shape:
        raise TypeError("object of type 'float' has no len()")
    return _per_sample((), size, alpha_shape[-1])


def multivariate_hypergeometric(
    colors_shape: Shape, nsample: Any, size: Any = None, method: str = "marginals"
) -> int:
    """N·k: one per element of the output, whichever ``method``."""
    return _per_sample((), size, colors_shape[-1] if colors_shape else 0)


# the factorisations are priced exactly as numpy.linalg's rows bill them
FACTORISATIONS: dict[str, Callable[[int], int]] = {
    "svd": lambda n: _cost_linalg.svd_flops(n, n),
    "eigh": _cost_linalg.eigh_flops,
    "cholesky": _cost_linalg.cholesky_flops,
}


def multivariate_normal(
    mean_shape: Shape,
    cov_shape: Shape,
    size: Any = None,
    check_valid: str = "warn",
    tol: float = 1e-8,
    *,
    method: str = "svd",
    fma: int = 1,
) -> int:
    """N·n draws + the factorisation of cov + FMA·N·n² to transform them + N·n for the mean.

    The factor ``F`` with ``F Fᵀ = cov`` comes from ``method`` (RandomState: always SVD):
    SVD n³ or eigh n³, then n² to scale its vectors by sqrt(s); Cholesky ceil(n³/3). With SVD
    and ``check_valid != "ignore"`` NumPy also rebuilds cov from the SVD to test it is
    positive semi-definite: FMA·n³ more.
    """
    if len(mean_shape) != 1:
        raise ValueError("mean must be 1 dimensional")
    if len(cov_shape) != 2 or cov_shape[0] != cov_shape[1]:
        raise ValueError("cov must be 2 dimensional and square")
    n = mean_shape[0]
    if cov_shape[0] != n:
        raise ValueError("mean and cov must have same length")
    if method not in FACTORISATIONS:
        raise ValueError("method must be one of {'eigh', 'svd', 'cholesky'}")
    draws = _drawn_count(size) * n
    factor = FACTORISATIONS[method](n) + (0 if method == "cholesky" else n * n)
    if method == "svd" and check_valid != "ignore":
        factor += fma * n**3
    return draws + factor + fma * draws * n + draws


def length(length: int) -> int:
    """``bytes(length)``: one per byte drawn."""
    return max(int(length), 0)


# ---------------------------------------------------------------------------
# builders


def is_method(op: Op) -> bool:
    """Rows of generator methods are named ``random.<Class>.<method>``."""
    return op.name.count(".") == 2


def _position(fn: Callable[..., Any], param: str) -> int | None:
    """Index of ``param`` among the positional arguments after ``self``."""
    names = list(signature(fn).parameters)[1:]
    return names.index(param) if param in names else None


def _sampler_method(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``random:method``: a generator's sampler; one FLOP per element drawn."""
    fn = op.numpy
    name = op.name
    cost = op.cost or _costs.drawn
    params = op.params
    n = -1 if params == ("*dims",) else len(params)  # where size is passed positionally
    wrap = flavor.counted_outputs
    out_at = _position(fn, "out")

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        size = args[n] if len(args) > n >= 0 else kwargs.get("size")
        if type(size) is int and size >= 0 and n >= 0:  # the common call, fast
            shape: tuple = (size,)
        else:
            shape = sample_shape(op, args, kwargs)
        use_wrap = wrap
        if out_at is not None:  # Generator.random & co. fill a plain array of its own shape
            out = args[out_at] if len(args) > out_at else kwargs.get("out")
            if out is not None:
                _check_out(out)
                shape = out.shape
                use_wrap = False
        args = plain_all(args)
        for key in params:
            if key in kwargs:
                kwargs[key] = plain(kwargs[key])
        return run(flavor, name, cost(shape), (shape,), fn, (self._np, *args), kwargs, t0, use_wrap)

    return method


def _shaped_method(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``shaped:method``: a generator's method, bound as the general ``shaped`` kind."""
    fn = op.numpy
    name = op.name
    bind = shaped_binder(op, flavor)

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        cost, shapes, call_args, kwargs, use_wrap = bind(args, kwargs)
        return run(flavor, name, cost, shapes, fn, (self._np, *call_args), kwargs, t0, use_wrap)

    return method


def _population(x: Any, sizes: bool) -> Shape:
    """The shape a shuffle / choice works on: ``(x,)`` for a population size ``x``."""
    if isinstance(x, (int, np.integer)):
        return (max(int(x), 0),)
    if isinstance(x, np.ndarray):
        if sizes and x.ndim == 0 and x.dtype.kind in "iub":
            return (max(int(x), 0),)
        return x.shape
    try:
        return shape_of(x)
    except ValueError:  # a ragged sequence: shuffled as a list of len(x) objects
        return (len(x),)


def _permute(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``shaped:permute``: shuffle, permutation, permuted and choice (module and methods).

    The first argument is an array or a population size; ``shuffle`` works in place, so a
    counted (read-only) array is refused with nothing charged, drawn or changed.
    """
    fn = op.numpy
    name = op.name
    rule = op.cost
    assert rule is not None, f"{name}: needs a cost rule"
    short = name.rsplit(".", 1)[-1]
    first = "a" if short == "choice" else "x"
    sizes = short == "choice"  # 0-d integer arrays are population sizes too
    in_place = short == "shuffle"
    wrap = flavor.counted_outputs and not in_place

    def bill(head: tuple, args: tuple, kwargs: dict[str, Any], t0: float) -> Any:
        if args:
            x, args = args[0], args[1:]
        elif first in kwargs:
            x = kwargs.pop(first)
        else:
            raise TypeError(f"{short}() missing required argument {first!r}")
        if in_place and isinstance(x, CountedArray):
            raise TypeError(READ_ONLY_MESSAGE)
        use_wrap = wrap
        out = kwargs.get("out")
        if out is not None:
            _check_out(out)
            use_wrap = False
        shape = _population(x, sizes)
        cost = rule(shape, *args, **kwargs)
        args = plain_all(args)
        kwargs = {key: plain(value) for key, value in kwargs.items()}
        return run(flavor, name, cost, (shape,), fn, (*head, plain(x), *args), kwargs, t0, use_wrap)

    if is_method(op):

        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            return bill((self._np,), args, kwargs, perf_counter())

        return method

    def function(*args: Any, **kwargs: Any) -> Any:
        return bill((), args, kwargs, perf_counter())

    return function


def _generator(op: Op, flavor: Flavor) -> Any:
    """``free:generator``: the counted class of the row, or ``default_rng``."""
    short = op.name.rsplit(".", 1)[-1]
    if short == "default_rng":
        return _default_rng(flavor)
    return counted_class(flavor, short)


BUILDERS["random:method"] = _sampler_method
BUILDERS["shaped:method"] = _shaped_method
BUILDERS["shaped:permute"] = _permute
BUILDERS["free:generator"] = _generator


# ---------------------------------------------------------------------------
# the counted classes


class _Counted:
    """What a counted Generator and RandomState share; the methods come from the rows."""

    __slots__ = ("_np",)
    _np: Any  # the NumPy generator drawing the numbers
    _flavor: Flavor

    @classmethod
    def _adopt(cls, generator: Any) -> Any:
        self = object.__new__(cls)
        self._np = generator
        return self

    def __repr__(self) -> str:
        bits = type(self._np._bit_generator).__name__
        return f"{type(self).__name__}({bits}) at 0x{id(self):X}, counted by {self._flavor.name}"

    def __reduce__(self) -> Any:
        return _restore, (self._flavor.name, type(self).__name__, self._np)


class _Generator(_Counted):
    __slots__ = ()

    def __init__(self, bit_generator: Any) -> None:
        self._np = np.random.Generator(bit_generator)

    @property
    def bit_generator(self) -> Any:
        """The bit generator (as NumPy exposes it; its raw stream is not counted)."""
        return self._np.bit_generator


class _RandomState(_Counted):
    __slots__ = ()

    def __init__(self, seed: Any = None) -> None:
        self._np = np.random.RandomState(plain_all(seed))


_BASES = {"Generator": _Generator, "RandomState": _RandomState}


@cache
def counted_class(flavor: Flavor, name: str) -> type[_Counted]:
    """``Generator`` or ``RandomState`` of ``flavor``, its methods built from the rows."""
    from ._table_random import OPS  # the rows import this module

    prefix = f"random.{name}."
    methods: dict[str, Any] = {"__slots__": (), "_flavor": flavor}
    for op in OPS:
        if op.name.startswith(prefix):
            fn = build(op, flavor)
            fn.__qualname__ = f"{name}.{fn.__name__}"
            methods[fn.__name__] = fn
    cls: type[_Counted] = type(name, (_BASES[name],), methods)
    return cls


def _restore(flavor_name: str, name: str, generator: Any) -> Any:
    flavor = FLOPSCOPE if flavor_name == FLOPSCOPE.name else MECHESTIM
    return counted_class(flavor, name)._adopt(generator)


def _default_rng(flavor: Flavor) -> Callable[..., Any]:
    cls = counted_class(flavor, "Generator")

    def default_rng(seed: Any = None) -> Any:
        if isinstance(seed, _Generator):  # NumPy returns a Generator unaltered
            return seed if type(seed) is cls else cls._adopt(seed._np)
        return cls._adopt(np.random.default_rng(plain_all(seed)))

    return default_rng


def forward(method: Callable[..., Any]) -> Callable[..., Any]:
    """A free method (``seed``, ``get_state`` …): NumPy's, applied to the wrapped generator."""

    @wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        return method(self._np, *args, **kwargs)

    return call


@wraps(np.random.Generator.spawn)
def spawn(self: Any, n_children: int) -> list[Any]:
    return [self._adopt(child) for child in self._np.spawn(n_children)]
