"""Op-table rows for NumPy's array-handling top level: creation, shape manipulation,
indexing, sorting / searching / sets, structural logic, dtype queries, I/O policy, and the
names deliberately refused."""

from __future__ import annotations

from ._ops import Op

OPS: list[Op] = []

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
