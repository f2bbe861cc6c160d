"""Counted ``scipy.stats`` distributions, implemented with NumPy alone.

    import flopscope.stats as fstats
    fstats.norm.pdf(x, loc=0.0, scale=2.0)      # SciPy's signature and results, billed
    fstats.truncnorm.rvs(-1, 2, size=1000, random_state=fnp.random.default_rng(0))

Distributions: norm, uniform, expon, cauchy, laplace, logistic, lognorm (shape ``s``) and
truncnorm (shapes ``a``, ``b``), each with ``pdf``, ``logpdf``, ``cdf``, ``ppf`` and ``rvs``.
Arguments broadcast as in SciPy; invalid parameters (``scale <= 0`` …) give NaN; ``rvs``
takes ``size`` and ``random_state`` (None, an int seed, a NumPy or a counted Generator or
RandomState). Results are read-only counted arrays. A call costs the elements of its output
(drawn, for ``rvs``) times a per-function constant: docs/operations.md lists them, and
``flops.cost("stats.norm.pdf", (1000,))`` answers before running.
"""

from __future__ import annotations

from typing import Any

from ._flavor import FLOPSCOPE as _FLAVOR
from ._flavor import Flavor as _Flavor
from ._registry import submodule as _submodule
from ._stats_impl import DISTRIBUTIONS as _DISTRIBUTIONS
from ._stats_impl import METHODS as _METHODS


class Distribution:
    """One distribution's counted functions: ``pdf``, ``logpdf``, ``cdf``, ``ppf``, ``rvs``."""

    __slots__ = ("_module", "cdf", "logpdf", "name", "pdf", "ppf", "rvs", "shapes")

    def __init__(self, module: str, name: str, shapes: tuple[str, ...], functions: dict) -> None:
        self._module = module
        self.name = name
        self.shapes = ", ".join(shapes) or None  # as SciPy's: None, "s", "a, b"
        for method in _METHODS:
            fn = functions[method]
            fn.__module__ = module
            fn.__qualname__ = f"{name}.{method}"
            setattr(self, method, fn)

    def __repr__(self) -> str:
        return f"<{self._module}.{self.name}: counted {', '.join(_METHODS)}>"

    def __getattr__(self, attr: str) -> Any:  # only for names that are not there
        raise AttributeError(
            f"{self._module}.{self.name}.{attr} is not provided: the counted distributions "
            f"have {', '.join(_METHODS)}"
        )


def _distributions(flavor: _Flavor, module: str) -> dict[str, Distribution]:
    """The distribution objects of ``flavor``, built from the rows ``stats.<name>.<method>``."""
    return {
        name: Distribution(module, name, dist.shapes, _submodule(flavor, f"stats.{name}"))
        for name, dist in _DISTRIBUTIONS.items()
    }


def _missing(module: str, name: str) -> AttributeError:
    return AttributeError(
        f"module {module!r} has no attribute {name!r}; its distributions are "
        f"{', '.join(_DISTRIBUTIONS)}"
    )


globals().update(_distributions(_FLAVOR, __name__))

__all__ = ["Distribution", *_DISTRIBUTIONS]


def __getattr__(name: str) -> Any:
    raise _missing(__name__, name)
