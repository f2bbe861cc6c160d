"""Op-table rows for the rest of NumPy's top level (pointwise, reductions, cumulative, sorting, logic, sets, shape manipulation, indexing, I/O policy)."""

from __future__ import annotations

from ._ops import Op

OPS: list[Op] = []

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {}
