"""The session: every budget used in this process, the global defaults, and summary dicts."""

from __future__ import annotations

import os
import threading
from typing import Any

from ._budget import DEFAULT_LABEL, BudgetContext, state, validate_flop_budget
from ._flavor import FLOPSCOPE, MECHESTIM, Flavor

DEFAULT_FLOP_BUDGET = 10**15

_lock = threading.RLock()
_contexts: list[BudgetContext] = []  # every context entered (or defaulted to), in order
_defaults: dict[Flavor, BudgetContext] = {}  # the global default budget of each flavor
_installed: BudgetContext | None = None  # a default installed by `flopscope run`
_env_budgets: dict[str, int] = {}  # environment variables are read once


def register(ctx: BudgetContext) -> None:
    if ctx._registered:
        return
    with _lock:
        if not ctx._registered:
            ctx._registered = True
            _contexts.append(ctx)


def contexts() -> list[BudgetContext]:
    with _lock:
        return list(_contexts)


def _env_budget(var: str) -> int:
    if var not in _env_budgets:
        raw = os.environ.get(var)
        if raw is None or not raw.strip():
            _env_budgets[var] = DEFAULT_FLOP_BUDGET
        else:
            try:
                _env_budgets[var] = validate_flop_budget(float(raw), what=var)
            except ValueError as exc:
                raise ValueError(
                    f"environment variable {var}={raw!r} is not a valid FLOP budget: it must be "
                    f"a positive whole number that float() can parse, such as 1e9"
                ) from exc
    return _env_budgets[var]


def default_budget(flavor: Flavor, since: float | None = None) -> BudgetContext:
    """The budget charged when no explicit context is active (created on first use;
    ``since`` is when the operation that needs it started, so its clock includes it)."""
    ctx = _defaults.get(flavor)
    if ctx is not None:
        return ctx
    with _lock:
        ctx = _defaults.get(flavor)
        if ctx is None:
            ctx = _installed
            if ctx is None:
                ctx = flavor_context_class(flavor)(_env_budget(flavor.env_var), quiet=True)
                ctx._is_default = True
            ctx._activate(since)
            _defaults[flavor] = ctx
        return ctx


def active_budget(flavor: Flavor = FLOPSCOPE) -> BudgetContext:
    return state.budget or _defaults.get(flavor) or default_budget(flavor)


def install_default(ctx: BudgetContext) -> None:
    """Make ``ctx`` the global default of every flavor (used by ``flopscope run``)."""
    global _installed
    with _lock:
        _installed = ctx
        _defaults.clear()
        for flavor in (FLOPSCOPE, MECHESTIM):
            default_budget(flavor)


def uninstall_default() -> None:
    global _installed
    with _lock:
        _installed = None
        _defaults.clear()


def reset() -> None:
    """Forget every finished budget and the env-var defaults; live contexts stay."""
    with _lock:
        live = [c for c in _contexts if c._depth > 0 and not c._is_default]
        if _installed is not None and _installed not in live:
            live.append(_installed)
        for ctx in _contexts:
            ctx._registered = False
        _contexts.clear()
        _defaults.clear()
        for ctx in live:
            register(ctx)
        if _installed is not None:
            for flavor in (FLOPSCOPE, MECHESTIM):
                _defaults[flavor] = _installed


_context_classes: dict[Flavor, type[BudgetContext]] = {FLOPSCOPE: BudgetContext}


def flavor_context_class(flavor: Flavor) -> type[BudgetContext]:
    return _context_classes[flavor]


def set_context_class(flavor: Flavor, cls: type[BudgetContext]) -> None:
    _context_classes[flavor] = cls


# ---------------------------------------------------------------------------
# summary dicts

TIMING_KEYS = (
    "wall_time_s",
    "flopscope_backend_time_s",
    "flopscope_overhead_time_s",
    "residual_wall_time_s",
)


def label(namespace: str | None) -> str:
    return namespace if namespace else DEFAULT_LABEL


class _Totals:
    """FLOPs and calls per operation name, built from interned signatures."""

    __slots__ = ("calls", "flops", "ops")

    def __init__(self) -> None:
        self.flops = 0
        self.calls = 0
        self.ops: dict[str, list[int]] = {}

    def add(self, op_name: str, flops: int, calls: int) -> None:
        self.flops += flops
        self.calls += calls
        entry = self.ops.get(op_name)
        if entry is None:
            self.ops[op_name] = [flops, calls]
        else:
            entry[0] += flops
            entry[1] += calls

    def merge(self, other: _Totals) -> None:
        for name, (flops, calls) in other.ops.items():
            self.add(name, flops, calls)

    def operations(self, cost_key: str) -> dict[str, dict[str, int]]:
        ordered = sorted(self.ops.items(), key=lambda item: (-item[1][0], item[0]))
        return {name: {cost_key: flops, "calls": calls} for name, (flops, calls) in ordered}


class ContextReport:
    """Everything a summary shows about one context, taken in one consistent snapshot."""

    def __init__(self, ctx: BudgetContext) -> None:
        used, sigs, calls, wall, backend, overhead = ctx._snapshot()
        self.ctx = ctx
        self.namespace = ctx.namespace
        self.flop_budget = ctx.flop_budget
        self.flops_used = used
        self.timings = (wall, backend, overhead, wall - backend - overhead)
        self.total = _Totals()
        self.by_path: dict[str, _Totals] = {}
        for (op_name, namespace, _subs, _shapes, cost), n in zip(sigs, calls, strict=True):
            if n:
                self.total.add(op_name, cost * n, n)
                path = label(namespace)
                per_path = self.by_path.get(path)
                if per_path is None:
                    per_path = self.by_path[path] = _Totals()
                per_path.add(op_name, cost * n, n)


def _budget_block(flop_budget: int, used: int) -> dict[str, int]:
    return {"flop_budget": flop_budget, "flops_used": used, "flops_remaining": flop_budget - used}


def _timing_block(timings: tuple[float, float, float, float]) -> dict[str, float]:
    return dict(zip(TIMING_KEYS, timings, strict=True))


def _by_namespace(reports: list[ContextReport], cost_key: str) -> dict[str, dict[str, Any]]:
    """Per exact dotted path: its FLOPs and ops, plus the budget of the context(s) it draws on."""
    paths: dict[str, tuple[_Totals, dict[int, ContextReport]]] = {}
    for report in reports:
        owners = [label(report.namespace), *report.by_path]
        for path in owners:
            totals, ctxs = paths.setdefault(path, (_Totals(), {}))
            if id(report) not in ctxs:
                ctxs[id(report)] = report
                if path in report.by_path:
                    totals.merge(report.by_path[path])
    result = {}
    for path, (totals, ctxs) in paths.items():
        budget = sum(r.flop_budget for r in ctxs.values())
        used = sum(r.flops_used for r in ctxs.values())
        result[path] = {
            "flop_budget": budget,
            "flops_used": totals.flops,
            "flops_remaining": budget - used,
            "calls": totals.calls,
            "operations": totals.operations(cost_key),
        }
    return result


def context_dict(ctx: BudgetContext, by_namespace: bool = False) -> dict[str, Any]:
    report = ContextReport(ctx)
    cost_key = ctx._flavor.cost_key
    data: dict[str, Any] = {"namespace": ctx.namespace}
    data.update(_budget_block(report.flop_budget, report.flops_used))
    data["flop_multiplier"] = ctx.flop_multiplier
    data.update(_timing_block(report.timings))
    data["operations"] = report.total.operations(cost_key)
    if by_namespace:
        data["by_namespace"] = _by_namespace([report], cost_key)
    return data


def session_reports() -> list[ContextReport]:
    return [ContextReport(ctx) for ctx in contexts()]


def session_dict(flavor: Flavor, by_namespace: bool = False) -> dict[str, Any]:
    reports = session_reports()
    total = _Totals()
    timings = [0.0, 0.0, 0.0, 0.0]
    for report in reports:
        total.merge(report.total)
        timings = [a + b for a, b in zip(timings, report.timings, strict=True)]
    data: dict[str, Any] = _budget_block(
        sum(r.flop_budget for r in reports), sum(r.flops_used for r in reports)
    )
    data.update(_timing_block(tuple(timings)))  # type: ignore[arg-type]
    data["operations"] = total.operations(flavor.cost_key)
    if by_namespace:
        data["by_namespace"] = _by_namespace(reports, flavor.cost_key)
    return data
