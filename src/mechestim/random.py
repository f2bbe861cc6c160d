"""``numpy.random`` counted at mechestim's prices (a multiply-add costs 2 FLOPs)."""

from flopscope._flavor import MECHESTIM as _FLAVOR
from flopscope._registry import missing as _missing
from flopscope._registry import passthrough as _passthrough
from flopscope._registry import submodule as _submodule

globals().update(_submodule(_FLAVOR, "random"))
globals().update(_passthrough("random"))


def __getattr__(name: str):
    raise _missing(__name__, "random", name)
