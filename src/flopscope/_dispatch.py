"""The one dispatch path every counted operation goes through.

    cost (from shapes)  ->  check the budget  ->  run NumPy  ->  record

Callers (the op builders in ``_ops``) compute the cost with a pure rule from ``_costs``
and hand it here with the NumPy callable and its plain-ndarray arguments. A refused or
failing call returns before anything is recorded, so it leaves no trace.

``run`` is the compiled twin from ``_speedups.c`` when it is built (the same steps
without the interpreter's overhead), else ``_run_python`` below; see ``_compiled``.
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter
from typing import Any

import numpy as np

from ._array import CountedArray, to_counted
from ._budget import _pack_row, state
from ._compiled import speedups
from ._flavor import Flavor
from ._session import _defaults, default_budget

_ndarray = np.ndarray
_freeze = np.ndarray.setflags  # NumPy's own, not CountedArray's guarded override


def _run_python(
    flavor: Flavor,
    op_name: str,
    cost: int,
    shapes: tuple,
    fn: Callable[..., Any],
    args: tuple,
    kwargs: dict[str, Any] | None,
    t0: float,
    wrap: bool,
    subscripts: str | None = None,
) -> Any:
    """Charge ``cost`` to the active budget, then return ``fn(*args, **kwargs)``.

    ``t0`` is when the public function was entered (so cost computation counts as
    overhead); ``wrap`` turns the result into read-only counted arrays. ``kwargs``
    may be None (saves building an empty dict on the hot path).
    """
    budget, ns = state.where
    if budget is None:
        budget = _defaults.get(flavor) or default_budget(flavor, t0)
    if budget._guarded:  # a multiplier or a wall-time limit is set
        cost = budget._guard(op_name, cost, t0)
    if cost > budget._flop_budget - budget._used:
        raise budget._refuse(op_name, cost)

    t1 = perf_counter()
    result = fn(*args, **kwargs) if kwargs else fn(*args)
    t2 = perf_counter()

    if wrap:
        if type(result) is _ndarray:
            view = result.view(CountedArray)
            view._p = result
            _freeze(view, False)  # type: ignore[call-arg]  # positional: keywords cost 2.5x
            result = view
        else:
            result = to_counted(result)

    key = (op_name, ns, subscripts, shapes, cost)
    sid = budget._sig_ids.get(key)
    if sid is None:
        sid = budget._intern(key)
    lock = budget._lock
    lock.acquire()  # (acquire/release measure half the time of a with-block)
    try:
        used = budget._used + cost
        if used > budget._flop_budget:  # another thread spent the budget meanwhile
            raise budget._refuse(op_name, cost)
        budget._used = used
        budget._rows += _pack_row(sid, used, t0, t1, t2, perf_counter())
    finally:
        lock.release()
    return result


if speedups is None:
    run = _run_python
else:  # the compiled twin (_speedups.c): the same steps, without the interpreter
    speedups.init_run(state, _defaults, default_budget)
    run = speedups.run
