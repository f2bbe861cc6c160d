"""The op table: every counted (or deliberately free) NumPy callable is one row.

A row (``_ops.Op``) names the op, its kind (which builder binds its arguments) and,
where the kind's default does not fit, its pure cost rule and the rule in words. The
public functions, CountedArray's methods, NumPy's override hooks and the generated
reference (docs/operations.md) are all derived from these rows. Families live in
their own modules; this one only collects them.
"""

from __future__ import annotations

from . import (
    _table_arrays,
    _table_core,
    _table_fft,
    _table_linalg,
    _table_math,
    _table_polynomial,
    _table_random,
    _table_stats,
)
from ._ops import NotInThisNumpy, Op

FAMILIES = (
    _table_core,
    _table_math,
    _table_arrays,
    _table_linalg,
    _table_fft,
    _table_random,
    _table_polynomial,
    _table_stats,
)

OPS: list[Op] = [op for family in FAMILIES for op in family.OPS]
ALIASES: dict[str, str] = {k: v for family in FAMILIES for k, v in family.ALIASES.items()}
REFUSED: dict[str, str] = {k: v for family in FAMILIES for k, v in family.REFUSED.items()}
PASSTHROUGH: list[str] = [name for family in FAMILIES for name in family.PASSTHROUGH]
# rows whose NumPy function the installed NumPy predates: name -> why it is not provided
UNAVAILABLE: dict[str, str] = {
    op.name: op.numpy.reason for op in OPS if isinstance(op.numpy, NotInThisNumpy)
}


def _check() -> None:
    seen: set[str] = set()
    for op in OPS:
        if op.name in seen:
            raise RuntimeError(f"op table: {op.name!r} appears twice")
        seen.add(op.name)
    for alias, target in ALIASES.items():
        if target not in seen or alias in seen:
            raise RuntimeError(f"op table: alias {alias!r} -> {target!r} is inconsistent")
    for name in REFUSED:
        if name in seen or name in ALIASES:
            raise RuntimeError(f"op table: {name!r} is both provided and refused")


_check()
