"""mechestim: flopscope's first name, kept as a facade with its own cost convention.

    import mechestim as me      # NumPy functions at top level; a multiply-add costs 2 FLOPs

mechestim's functions take and return plain ``numpy.ndarray`` (so arithmetic on their
results is NumPy's own, uncounted), print "mechestim FLOP Budget Summary", key
per-operation costs as ``"flops"`` and read ``MECHESTIM_DEFAULT_BUDGET``.
"""

from __future__ import annotations

from typing import Any

import numpy as _np
from numpy import e, inf, nan, newaxis, pi

from flopscope._budget import BudgetContext as _BudgetContext
from flopscope._budget import OpRecord
from flopscope._budget import budget as _budget
from flopscope._display import budget_live as _budget_live
from flopscope._display import budget_summary as _budget_summary
from flopscope._errors import (
    BudgetExhaustedError,
    FlopscopeError,
    TimeExhaustedError,
    UnsupportedOperationError,
)
from flopscope._flavor import MECHESTIM as _FLAVOR
from flopscope._namespace import namespace
from flopscope._registry import missing as _missing
from flopscope._registry import passthrough as _passthrough
from flopscope._registry import submodule as _submodule
from flopscope._session import reset as budget_reset
from flopscope._session import session_dict as _session_dict
from flopscope._session import set_context_class as _set_context_class
from flopscope._symmetric import SymmetricTensor, SymmetryWarning
from flopscope._symmetric import as_symmetric as _as_symmetric
from flopscope._symmetry import SymmetryGroup
from flopscope._version import __version__

__numpy_version__ = _np.__version__


class BudgetContext(_BudgetContext):
    __doc__ = _BudgetContext.__doc__
    _flavor = _FLAVOR


_set_context_class(_FLAVOR, BudgetContext)


def budget(
    flop_budget: int,
    flop_multiplier: float = 1.0,
    quiet: bool = False,
    namespace: str | None = None,
    wall_time_limit_s: float | None = None,
) -> BudgetContext:
    """A BudgetContext for ``with`` or ``@``; as a decorator its namespace defaults to the function name."""
    return _budget(  # type: ignore[return-value]
        flop_budget,
        flop_multiplier,
        quiet,
        namespace,
        wall_time_limit_s,
        _context_class=BudgetContext,
    )


def budget_summary(by_namespace: bool = False) -> Any:
    """Print the session-wide summary (inside IPython, return it for display instead)."""
    return _budget_summary(by_namespace, _flavor=_FLAVOR)


def budget_summary_dict(by_namespace: bool = False) -> dict[str, Any]:
    """Session-wide totals: flop_budget, flops_used, flops_remaining, operations (each
    ``{"flops": …, "calls": …}``) and, if asked, ``by_namespace`` keyed by namespace."""
    return _session_dict(_FLAVOR, by_namespace)


def budget_live() -> Any:
    """Show the session summary live while the block runs (plain text on exit without Rich)."""
    return _budget_live(_flavor=_FLAVOR)


def as_symmetric(
    data: Any, symmetric_axes: Any = None, *, symmetry: SymmetryGroup | None = None
) -> SymmetricTensor:
    """``data`` as a read-only SymmetricTensor (see ``flopscope.as_symmetric``); a
    projection of non-symmetric data is billed at mechestim's prices."""
    return _as_symmetric(data, symmetric_axes, symmetry=symmetry, _flavor=_FLAVOR, _stacklevel=3)


globals().update(_submodule(_FLAVOR, ""))
globals().update(_passthrough(""))

from . import fft, flops, linalg, random, stats  # noqa: E402


def __getattr__(name: str) -> Any:
    raise _missing(__name__, "", name)
