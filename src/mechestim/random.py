"""``numpy.random`` counted at mechestim's prices (one FLOP per element drawn)."""

from flopscope._flavor import MECHESTIM as _FLAVOR
from flopscope._registry import submodule as _submodule

globals().update(_submodule(_FLAVOR, "random"))
