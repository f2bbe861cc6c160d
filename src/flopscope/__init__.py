"""flopscope: NumPy with an exact, enforced FLOP budget.

import flopscope as flops          # budgets, namespaces, cost queries
import flopscope.numpy as fnp      # counted NumPy (a multiply-add costs 1 FLOP)
"""

from __future__ import annotations

from typing import Any

import numpy as _np

from . import (
    _compiled,  # first: it decides which modules load compiled
    numpy,
    stats,
)
from ._budget import BudgetContext, OpRecord
from ._budget import budget as _budget
from ._display import budget_live, budget_summary
from ._errors import (
    BudgetExhaustedError,
    FlopscopeError,
    TimeExhaustedError,
    UnsupportedOperationError,
)
from ._flavor import FLOPSCOPE as _FLAVOR
from ._namespace import namespace
from ._queries import cost, einsum_cost, pointwise_cost, reduction_cost, svd_cost
from ._session import reset as budget_reset
from ._session import session_dict as _session_dict
from ._symmetric import SymmetricTensor, SymmetryWarning, as_symmetric
from ._symmetry import SymmetryGroup
from ._version import __version__

__numpy_version__ = _np.__version__


def budget(
    flop_budget: int,
    flop_multiplier: float = 1.0,
    quiet: bool = False,
    namespace: str | None = None,
    wall_time_limit_s: float | None = None,
) -> BudgetContext:
    """A BudgetContext for ``with`` or ``@``; as a decorator its namespace defaults to the function name."""
    return _budget(flop_budget, flop_multiplier, quiet, namespace, wall_time_limit_s)


def budget_summary_dict(by_namespace: bool = False) -> dict[str, Any]:
    """Session-wide totals: flop_budget, flops_used, flops_remaining, timings, operations
    (each ``{"flop_cost": …, "calls": …}``) and, if asked, ``by_namespace`` keyed by dotted path."""
    return _session_dict(_FLAVOR, by_namespace)


__all__ = [
    "BudgetContext",
    "BudgetExhaustedError",
    "FlopscopeError",
    "OpRecord",
    "SymmetricTensor",
    "SymmetryGroup",
    "SymmetryWarning",
    "TimeExhaustedError",
    "UnsupportedOperationError",
    "__version__",
    "as_symmetric",
    "budget",
    "budget_live",
    "budget_reset",
    "budget_summary",
    "budget_summary_dict",
    "cost",
    "einsum_cost",
    "namespace",
    "pointwise_cost",
    "reduction_cost",
    "stats",
    "svd_cost",
]
