"""Summaries for people: plain text always, a Rich table when Rich is installed."""

from __future__ import annotations

import sys
from typing import Any

from ._budget import BudgetContext
from ._flavor import FLOPSCOPE, Flavor
from ._session import ContextReport, _Totals, label, session_reports


def _pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole > 0 else 0.0


def _calls(n: int) -> str:
    return f"[{n} call{'s' if n != 1 else ''}]"


def _op_lines(
    totals: _Totals, indent: str = "    ", name_width: int = 16, cost_width: int = 12
) -> list[str]:
    ordered = sorted(totals.ops.items(), key=lambda item: (-item[1][0], item[0]))
    return [
        f"{indent}{name:<{name_width}} {flops:>{cost_width},}  ({_pct(flops, totals.flops):5.1f}%)  {_calls(calls)}"
        for name, (flops, calls) in ordered
    ]


def context_text(ctx: BudgetContext, by_namespace: bool = False) -> str:
    """The layout of page 001, plus (for flopscope) the timing decomposition."""
    report = ContextReport(ctx)
    flavor = ctx._flavor
    header = flavor.header + (f" [{ctx.namespace}]" if ctx.namespace else "")
    budget, used = report.flop_budget, report.flops_used
    lines = [
        header,
        "=" * len(header),
        f"  Total budget:  {budget:>14,}",
        f"  Used:          {used:>14,}  ({_pct(used, budget):.1f}%)",
        f"  Remaining:     {budget - used:>14,}  ({_pct(budget - used, budget):.1f}%)",
        "",
        "  By operation:",
    ]
    lines += _op_lines(report.total) or [
        "    (no operations recorded)"
    ]  # % of all used, as on page 001
    if by_namespace:
        width = max([16, *(len(p) for p in report.by_path)])
        lines += ["", "  By namespace:"]
        if not report.by_path:
            lines.append("    (no operations recorded)")
        for path, totals in sorted(report.by_path.items(), key=lambda kv: (-kv[1].flops, kv[0])):
            lines.append(
                f"    {path:<{width}} {totals.flops:>12,}  ({_pct(totals.flops, used):5.1f}%)  {_calls(totals.calls)}"
            )
    if flavor is FLOPSCOPE:
        wall, backend, overhead, residual = report.timings
        lines += [
            "",
            f"  {'Wall time:':<22}{wall:>12.6f} s",
            f"    {'numpy backend:':<20}{backend:>12.6f} s",
            f"    {'flopscope overhead:':<20}{overhead:>12.6f} s",
            f"    {'residual:':<20}{residual:>12.6f} s",
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# session table


def _fmt_amount(value: int, approx_ok: bool = False) -> str:
    """Thousands separators; scientific notation for huge (default-sized) budgets."""
    if value >= 10**12:
        text = f"{value:.2e}"
        if approx_ok and float(text) != value:
            return "~" + text
        return text
    return f"{value:,}"


def _session_rows(reports: list[ContextReport]) -> list[tuple[str, int, int, _Totals]]:
    """One row per namespace label (contexts sharing a label are added up), in first-use order."""
    rows: dict[str, list[Any]] = {}
    for report in reports:
        key = label(report.namespace)
        row = rows.setdefault(key, [0, 0, _Totals()])
        row[0] += report.flop_budget
        row[1] += report.flops_used
        row[2].merge(report.total)
    return [(key, b, u, t) for key, (b, u, t) in rows.items()]


def _table_cells(reports: list[ContextReport]) -> list[tuple[str, str, str, str]]:
    return [
        (key, _fmt_amount(b), f"{u:,}", _fmt_amount(b - u, approx_ok=True))
        for key, b, u, _ in _session_rows(reports)
    ]


def _op_sections(reports: list[ContextReport], by_namespace: bool) -> list[str]:
    lines: list[str] = []
    sections = [(f"{key} — by operation", totals) for key, _, _, totals in _session_rows(reports)]
    if by_namespace:
        paths: dict[str, _Totals] = {}
        for report in reports:
            for path, totals in report.by_path.items():
                paths.setdefault(path, _Totals()).merge(totals)
        sections += [(f"{path} — by namespace path", t) for path, t in paths.items()]
    for title, totals in sections:
        if not totals.ops:
            continue
        name_width = max(len(n) for n in totals.ops) + 1
        cost_width = max(len(f"{c:,}") for c, _ in totals.ops.values())
        ordered = sorted(totals.ops.items(), key=lambda item: (-item[1][0], item[0]))
        lines += ["", f"  {title}"]
        for name, (flops, calls) in ordered:
            lines.append(
                f"    {name:<{name_width}} {flops:>{cost_width},}  "
                f"({_pct(flops, totals.flops):5.1f}%)  {_calls(calls):>9}"
            )
    return lines


_HEADINGS = ("Namespace", "Budget", "Used", "Remaining")


def session_text(flavor: Flavor = FLOPSCOPE, by_namespace: bool = False) -> str:
    """The boxed table of page 002, drawn without Rich."""
    reports = session_reports()
    cells = _table_cells(reports)
    widths = [max(len(h), *(len(row[i]) for row in cells)) + 3 for i, h in enumerate(_HEADINGS)]
    inner = sum(widths) + len(widths) - 1
    title = flavor.header
    if len(title) + 2 > inner:
        widths[-1] += len(title) + 2 - inner
        inner = len(title) + 2

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * w for w in widths) + right

    def row(values: tuple[str, ...]) -> str:
        return "│" + "│".join(f" {v:<{w - 1}}" for v, w in zip(values, widths, strict=True)) + "│"

    lines = [
        "┌" + "─" * inner + "┐",
        "│" + title.center(inner) + "│",
        rule("├", "┬", "┤"),
        row(_HEADINGS),
        rule("├", "┼", "┤"),
    ]
    lines += [row(c) for c in cells]
    lines.append(rule("└", "┴", "┘"))
    if not cells:
        lines.insert(-1, "│" + "(no budgets used yet)".center(inner) + "│")
    lines += _op_sections(reports, by_namespace)
    return "\n".join(lines)


def session_rich(flavor: Flavor = FLOPSCOPE, by_namespace: bool = False) -> Any:
    """The same summary as a Rich renderable."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    reports = session_reports()
    table = Table(title=flavor.header, box=box.SQUARE, title_style="bold")
    for heading in _HEADINGS:
        table.add_column(heading, justify="left" if heading == "Namespace" else "right")
    for cells in _table_cells(reports):
        table.add_row(*cells)
    details = "\n".join(_op_sections(reports, by_namespace))
    return Group(table, Text(details)) if details else table


def _rich_available() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


def render_budget_summary(flavor: Flavor = FLOPSCOPE, by_namespace: bool = False) -> Any:
    """A Rich renderable when Rich is installed, otherwise the plain-text table."""
    if _rich_available():
        return session_rich(flavor, by_namespace)
    return session_text(flavor, by_namespace)


def _in_ipython() -> bool:
    ipython = sys.modules.get("IPython")
    return ipython is not None and getattr(ipython, "get_ipython", lambda: None)() is not None


def budget_summary(by_namespace: bool = False, *, _flavor: Flavor = FLOPSCOPE) -> Any:
    """Print the session-wide summary (inside IPython, return it for display instead)."""
    result = render_budget_summary(_flavor, by_namespace)
    if _in_ipython():
        return result
    if isinstance(result, str):
        print(result)
    else:
        from rich.console import Console

        Console().print(result)
    return None


class _PlainTextLive:
    """budget_live() without Rich: print the plain-text summary when the block ends."""

    def __init__(self, flavor: Flavor) -> None:
        self._flavor = flavor

    def __enter__(self) -> _PlainTextLive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        print(session_text(self._flavor))


class _RichLive:
    """budget_live() with Rich: a table that refreshes while the block runs."""

    def __init__(self, flavor: Flavor) -> None:
        from rich.live import Live

        self._flavor = flavor
        self._live = Live(get_renderable=lambda: session_rich(flavor), refresh_per_second=4)

    def __enter__(self) -> _RichLive:
        self._live.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._live.update(session_rich(self._flavor), refresh=True)
        self._live.__exit__(*exc_info)


def budget_live(*, _flavor: Flavor = FLOPSCOPE) -> Any:
    """A context manager that shows the session summary live (plain text on exit without Rich)."""
    if _rich_available():
        return _RichLive(_flavor)
    return _PlainTextLive(_flavor)
