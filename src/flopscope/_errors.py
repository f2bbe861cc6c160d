"""Exceptions raised by flopscope (and re-exported by mechestim)."""

from __future__ import annotations


class FlopscopeError(Exception):
    """Base class of every error flopscope raises on purpose."""


class BudgetExhaustedError(FlopscopeError):
    """An operation was refused because its cost exceeds what is left of the budget.

    The operation did not run: the budget, the log and every array are as they were.
    """

    def __init__(self, op_name: str, *, flop_cost: int, flops_remaining: int) -> None:
        self.op_name = op_name
        self.flop_cost = flop_cost
        self.flops_remaining = flops_remaining
        super().__init__(
            f"{op_name} would cost {flop_cost:,} FLOPs but only {flops_remaining:,} "
            f"remain in the budget; the operation was not run. Raise flop_budget, "
            f"or shrink the computation (budget.summary() shows where FLOPs went)."
        )

    def __reduce__(self):  # keep attributes when pickled (e.g. across processes)
        return _rebuild_budget_error, (self.op_name, self.flop_cost, self.flops_remaining)


def _rebuild_budget_error(
    op_name: str, flop_cost: int, flops_remaining: int
) -> BudgetExhaustedError:
    return BudgetExhaustedError(op_name, flop_cost=flop_cost, flops_remaining=flops_remaining)


class TimeExhaustedError(FlopscopeError):
    """The context's wall-clock limit had passed when the next operation started."""

    def __init__(self, op_name: str, *, wall_time_s: float, wall_time_limit_s: float) -> None:
        self.op_name = op_name
        self.wall_time_s = wall_time_s
        self.wall_time_limit_s = wall_time_limit_s
        super().__init__(
            f"wall-time limit of {wall_time_limit_s:g} s exceeded ({wall_time_s:.3f} s elapsed) "
            f"before {op_name}; the operation was not run. Raise wall_time_limit_s or "
            f"speed up the work between operations."
        )

    def __reduce__(self):
        return _rebuild_time_error, (self.op_name, self.wall_time_s, self.wall_time_limit_s)


def _rebuild_time_error(op_name: str, wall_time_s: float, limit: float) -> TimeExhaustedError:
    return TimeExhaustedError(op_name, wall_time_s=wall_time_s, wall_time_limit_s=limit)


class UnsupportedOperationError(FlopscopeError, TypeError):
    """A NumPy callable that flopscope does not count (or deliberately refuses)."""
