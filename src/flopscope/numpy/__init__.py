"""Counted NumPy: ``import flopscope.numpy as fnp`` and use it like ``numpy``.

Every function here is NumPy's, charged to the active budget at flopscope's prices
(a multiply-add costs 1 FLOP) and returning read-only counted arrays.
"""

from numpy import e, euler_gamma, inf, nan, newaxis, pi

from .._array import CountedArray
from .._flavor import FLOPSCOPE as _FLAVOR
from .._namespace import namespace
from .._registry import missing as _missing
from .._registry import passthrough as _passthrough
from .._registry import submodule as _submodule

globals().update(_submodule(_FLAVOR, ""))
globals().update(_passthrough(""))

from . import fft, linalg, random  # noqa: E402


def __getattr__(name: str):
    raise _missing(__name__, "", name)
