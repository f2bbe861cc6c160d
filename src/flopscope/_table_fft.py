"""Op-table rows for numpy.fft."""

from __future__ import annotations

from ._ops import Op

OPS: list[Op] = []

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
