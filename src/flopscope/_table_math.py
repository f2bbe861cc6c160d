"""Op-table rows for NumPy's numeric top level beyond the core: every pointwise ufunc and
pointwise function, reductions (nan-aware, statistics), cumulative ops, differences,
convolution, and ufunc methods (reduce / accumulate / outer / reduceat / at)."""

from __future__ import annotations

from ._ops import Op

OPS: list[Op] = []

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
