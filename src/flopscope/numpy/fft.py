"""Counted ``numpy.fft`` (see docs/operations.md for each function's cost)."""

from .._flavor import FLOPSCOPE as _FLAVOR
from .._registry import missing as _missing
from .._registry import passthrough as _passthrough
from .._registry import submodule as _submodule

globals().update(_submodule(_FLAVOR, "fft"))
globals().update(_passthrough("fft"))


def __getattr__(name: str):
    raise _missing(__name__, "fft", name)
