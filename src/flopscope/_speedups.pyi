# Types of the optional compiled dispatch (_speedups.c).
from collections.abc import Callable
from typing import Any

class Ledger:
    _flop_budget: int
    _used: int
    _guarded: bool
    _sig_ids: dict[tuple, int]
    _rows: bytearray

def run(
    flavor: Any,
    op_name: str,
    cost: int,
    shapes: tuple,
    fn: Callable[..., Any],
    args: tuple,
    kwargs: dict[str, Any] | None,
    t0: float,
    wrap: bool,
    subscripts: str | None = None,
    /,
) -> Any: ...
def to_counted(result: Any, /) -> Any: ...
def init_arrays(
    counted_type: type, p_slot: Any, to_counted_other: Callable[[Any], Any], /
) -> None: ...
def init_run(state: Any, defaults: dict, default_budget: Callable[..., Any], /) -> None: ...
def getitem_method(python_getitem: Callable[[Any, Any], Any], /) -> Any: ...
def view_attribute(numpy_attr: Any, fallback: property, /) -> Any: ...
