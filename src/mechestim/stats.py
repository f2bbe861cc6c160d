"""Counted ``scipy.stats`` distributions at mechestim's prices (a multiply-add costs 2 FLOPs).

``me.stats.norm.pdf(x, loc, scale)`` and the rest of ``flopscope.stats``, returning plain
``numpy.ndarray`` (or NumPy scalars, as SciPy does).
"""

from typing import Any

from flopscope._flavor import MECHESTIM as _FLAVOR
from flopscope._stats_impl import DISTRIBUTIONS as _DISTRIBUTIONS
from flopscope.stats import Distribution, _distributions, _missing

globals().update(_distributions(_FLAVOR, __name__))

__all__ = ["Distribution", *_DISTRIBUTIONS]


def __getattr__(name: str) -> Any:
    raise _missing(__name__, name)
