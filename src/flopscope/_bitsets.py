"""Sets of labels or operands as bit masks: iteration, building, and subset tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

_BYTE_BITS = [tuple(i for i in range(8) if m >> i & 1) for m in range(256)]


def bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, in increasing order."""
    if mask < 256:  # the common small set: one table look-up
        return list(_BYTE_BITS[mask])
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def mask_of(items: Iterable[int]) -> int:
    """The bit mask of the positions ``items``."""
    m = 0
    for i in items:
        m |= 1 << i
    return m


def subset_tables(values: Sequence[int], product: bool = False) -> list[list[int]]:
    """For each run of 4 values, their union (OR; or their product) over every subset of
    the run (by bit mask): a fold over a set of up to ``4k`` positions is then ``k`` table
    look-ups."""
    tables = []
    for start in range(0, max(len(values), 1), 4):
        table = [1 if product else 0]
        for v in values[start : start + 4]:  # doubling: the subsets with v after those without
            table += [t * v for t in table] if product else [t | v for t in table]
        tables.append(table)
    return tables


def fold(tables: list[list[int]], mask: int) -> int:
    """The union (OR) over the positions of ``mask`` of values tabled by :func:`subset_tables`."""
    m = 0
    for table in tables:
        m |= table[mask & 15]
        mask >>= 4
        if not mask:
            break
    return m
