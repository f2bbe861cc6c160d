"""Counted ``numpy.random``: one FLOP per element drawn."""

from .._flavor import FLOPSCOPE as _FLAVOR
from .._registry import submodule as _submodule

globals().update(_submodule(_FLAVOR, "random"))
