"""The symmetry of an einsum and the price of each contraction step.

Labels are numbered ``0 .. L-1`` and sets of labels or of operands are bit masks. The
symmetry of an intermediate built from a set ``S`` of the original operands is derived from
``S`` as a whole (as libtensor does; see ``_subset_symmetry``): ``G_S`` is the group of label permutations that map
the product of the operands of ``S`` onto itself — each operand onto an identical operand
(itself, or the same data possibly transposed), up to that operand's own symmetry. The
intermediate keeps the labels of ``S`` needed outside ``S``; its group ``G_I`` is the
setwise stabiliser in ``G_S`` of the labels summed inside ``S``, acting on the kept ones.

A step contracts parts ``P_1 .. P_m`` into ``S = P_1 ∪ .. ∪ P_m``. Its index space is
``V`` (the labels of ``S`` not summed inside a part before), split into the step's output
``O`` (the kept labels of ``S``) and the labels ``W`` summed now. Its summand's group is
``H`` = the setwise stabiliser of the labels summed before, acting on ``V``. The step
touches ``unique outputs x inner orbits`` terms: the orbits of ``O`` under ``G_I`` times
the orbits of ``W`` under the elements of ``H`` that fix every output label. When ``H``
mixes output and summed labels, the orbits of ``H`` on the whole of ``V`` are counted
instead if fewer (when ``H`` factors they never are). A term costs ``m - 1`` multiplies
plus, if the step sums, one add; a multiply feeding an add is one multiply-add (FMA).
Everything depends only on the operand sets involved, so a subset DP over them is exact.

Pricing needs only orbit counts, taken factor by factor of ``G_S`` (a direct product on
disjoint labels, not necessarily the finest one: see :meth:`Network.pricing_group`).
Searches compare cheap lower bounds first (:meth:`Network.order_bound`), then price.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb
from operator import mul, or_
from typing import Any

import numpy as np

from ._subset_symmetry import Identity, SubsetSymmetry, _mask
from ._symmetry import Factor, SymmetryGroup


def step_ops(n_inputs: int, sums: bool, fma: int) -> int:
    """FLOPs per term: ``n - 1`` multiplies and one add if summing; multiply+add = one FMA."""
    mults = n_inputs - 1
    adds = 1 if sums else 0
    fmas = min(mults, adds)
    return fmas * fma + (mults - fmas) + (adds - fmas)


def operand_identities(arrays: Sequence[Any]) -> tuple[Identity | None, ...] | None:
    """Which operands hold the same data, possibly transposed.

    Two operands are identical when they are the same object, or views of the same memory
    (same owner, data pointer and dtype) whose shapes and strides agree up to a permutation
    of the axes: then ``b == a.transpose(perm)`` element for element. Returns one
    ``(class_id, perm)`` per operand (``perm`` relative to the class's first operand) or
    ``None`` for operands identical to no other; ``None`` overall when there are none.
    """
    n = len(arrays)
    if n < 2:
        return None
    roots: dict[int, list[int]] = {}
    for i, a in enumerate(arrays):
        base = getattr(a, "base", None)
        while isinstance(base, np.ndarray):  # walk to the owner of the memory
            a, base = base, base.base
        roots.setdefault(id(a), []).append(i)
    if len(roots) == n:  # the common case: nothing shared
        return None
    result: list[Identity | None] = [None] * n
    next_class = 0
    for members in roots.values():
        if len(members) < 2:
            continue
        # (class, operand, layout): a layout is read only when a different object of the
        # same memory shows up (the same object twice, as in X @ X, needs none)
        reps: list[list[Any]] = []
        for i in members:
            a = arrays[i]
            if not isinstance(a, np.ndarray):
                continue
            for rep in reps:
                if arrays[rep[1]] is a:
                    result[i] = result[rep[1]]
                    break
            else:
                layout = _layout(a) if reps else None
                for rep in reps:
                    assert layout is not None  # read above whenever there are reps
                    if rep[2] is None:
                        rep[2] = _layout(arrays[rep[1]])
                    perm = _transpose_of(rep[2], layout)
                    if perm is not None:
                        result[i] = (rep[0], perm)
                        break
                else:
                    reps.append([next_class, i, layout])
                    result[i] = (next_class, tuple(range(a.ndim)))
                    next_class += 1
    sizes = [0] * next_class
    for r in result:
        if r is not None:
            sizes[r[0]] += 1
    # classes of one operand are no identity; the rest renumbered by first appearance
    order: dict[int, int] = {}
    out: list[Identity | None] = []
    for r in result:
        if r is None or sizes[r[0]] < 2:
            out.append(None)
        else:
            out.append((order.setdefault(r[0], len(order)), r[1]))
    return tuple(out) if order else None


def _layout(a: np.ndarray) -> tuple:
    """(data pointer, dtype, shape, strides)."""
    return (a.__array_interface__["data"][0], a.dtype, a.shape, a.strides)


def _transpose_of(rep: tuple, layout: tuple) -> tuple[int, ...] | None:
    """``perm`` with ``layout == rep.transpose(perm)``, if any."""
    ptr, dtype, shape, strides = layout
    if ptr != rep[0] or dtype != rep[1] or len(shape) != len(rep[2]):
        return None
    free = list(zip(rep[2], rep[3], strict=True))
    used = [False] * len(free)
    perm = []
    for axis in zip(shape, strides, strict=True):
        for j, cand in enumerate(free):
            if not used[j] and cand == axis:
                used[j] = True
                perm.append(j)
                break
        else:
            return None
    return tuple(perm)


class Network(SubsetSymmetry):
    """An einsum (labels, sizes, operand symmetries, identical operands) and its pricing."""

    def __init__(
        self,
        inputs: Sequence[str],
        output: str,
        shapes: Sequence[tuple[int, ...]],
        sizes: dict[str, int],
        groups: Sequence[SymmetryGroup | None] | None = None,
        identities: Sequence[Identity | None] | None = None,
    ) -> None:
        self.inputs = tuple(inputs)
        self.output = output
        self.n = n = len(inputs)
        names: dict[str, int] = {}
        for s in (*inputs, output):
            for c in s:
                names.setdefault(c, len(names))
        self.names = tuple(names)
        self.n_labels = len(names)
        self.size = tuple(sizes[c] for c in self.names)
        self.op_labels = tuple(tuple(names[c] for c in s) for s in inputs)
        self.op_mask = tuple(_mask(lab) for lab in self.op_labels)
        self.out_mask = _mask(names[c] for c in output)
        self.all_ops = (1 << n) - 1
        occ = [0] * self.n_labels
        for t, lab in enumerate(self.op_labels):
            for x in lab:
                occ[x] |= 1 << t
        self.occ = tuple(occ)
        self._label_tables = _tables(self.op_mask, or_, 0)
        self._size_tables = _tables(self.size, mul, 1)
        self._labels: dict[int, int] = {0: 0}
        self._kept: dict[int, int] = {}
        self._dense: dict[int, int] = {0: 1}
        self._terms: dict[tuple[int, int], tuple[int, int]] = {}
        self._groups: dict[int, SymmetryGroup | None] = {}
        self._parts_of: dict[int, tuple[SymmetryGroup, list[tuple[int, ...]]] | None] = {}
        self._pricing: dict[int, tuple[int, tuple[Factor, ...]] | None] = {}
        self._order_bounds: dict[int, int] = {}
        self._alive: dict[int, int] = {}
        self._out_groups: dict[int, SymmetryGroup | None] = {}
        self._cons: dict[tuple[int, int], Any] = {}
        self._factors: dict[Any, tuple[int, int, Any, dict]] = {}
        self._setup_symmetry(shapes, groups, identities)

    # ----- label sets ---------------------------------------------------------------------

    def labels(self, ops: int) -> int:
        """Labels of the operands in ``ops`` (memoised; 4 operands per table look-up)."""
        m = self._labels.get(ops)
        if m is None:
            m = 0
            rest = ops
            for table in self._label_tables:
                m |= table[rest & 15]
                rest >>= 4
                if not rest:
                    break
            self._labels[ops] = m
        return m

    def kept(self, ops: int) -> int:
        """Labels of ``ops`` needed outside it (by other operands or the output)."""
        k = self._kept.get(ops)
        if k is None:
            k = self.labels(ops) & (self.out_mask | self.labels(self.all_ops ^ ops))
            self._kept[ops] = k
        return k

    def summed(self, ops: int) -> int:
        return self.labels(ops) & ~self.kept(ops)

    def dense_terms(self, labels: int) -> int:
        """Product of the extents of ``labels`` (memoised; 4 labels per table look-up)."""
        d = self._dense.get(labels)
        if d is None:
            d = 1
            rest = labels
            for table in self._size_tables:
                d *= table[rest & 15]
                rest >>= 4
                if not rest:
                    break
            self._dense[labels] = d
        return d

    def _factor_orbits(self, factor: Any, before: int, out: int) -> tuple[int, int, int, int]:
        """The labels one factor of ``G_S`` moves and, for a step, its orbits (Burnside's
        lemma) on the output labels under its elements keeping them together (``G_I``), on
        the summed ones under those keeping ``before`` together and fixing every output
        label, and on all the step's labels under those keeping ``before`` together
        (``H``). A group acting through a quotient has the same orbits, and the factors of
        a direct product count apart: no stabiliser or projection is ever built."""
        info = self._factors.get(factor)
        if info is None:
            info = self._factors[factor] = self._factor_info(factor)
        mask, extent, elements, memo = info
        key = (before & mask, out & mask)
        hit = memo.get(key)
        if hit is not None:
            return hit
        vm = mask & ~before
        om = mask & out
        wm = vm & ~om
        if elements is None:  # the full symmetric group on the support: multisets
            hit = (
                mask,
                _multisets(extent, om.bit_count()),
                _multisets(extent, wm.bit_count()),
                _multisets(extent, vm.bit_count()),
            )
        else:
            sums = [0, 0, 0]  # Burnside sums and group orders: outputs, summed, all
            counts = [0, 0, 0]
            dense = self.dense_terms
            for cycles, moved in elements:
                keeps_out = keeps_v = True  # maps the output (the step's) labels onto themselves
                w_out = w_v = 1
                for c, e in cycles:
                    if c & om:
                        keeps_out = keeps_out and c & om == c
                        w_out *= e
                    if c & vm:
                        keeps_v = keeps_v and c & vm == c
                        w_v *= e
                if keeps_out:
                    sums[0] += w_out * dense(om & ~moved)
                    counts[0] += 1
                if keeps_v:
                    sums[2] += w_v * dense(vm & ~moved)
                    counts[2] += 1
                    if not moved & om:  # then its cycles in the step's labels are summed ones
                        sums[1] += w_v * dense(wm & ~moved)
                        counts[1] += 1
            hit = (mask, sums[0] // counts[0], sums[1] // counts[1], sums[2] // counts[2])
        memo[key] = hit
        return hit

    def _factor_info(self, factor: Any) -> tuple[int, int, Any, dict]:
        """(support mask, extent, per element its cycles of two or more labels as (label
        mask, extent) and the labels it moves or None for a full symmetric group, counts
        memo) of a factor."""
        support, elements = factor
        size = self.size
        records = None
        if elements is not None:
            records = []
            for e in elements:
                cycles = []
                moved = 0
                seen = 0
                for i in range(len(e)):
                    if seen >> i & 1:
                        continue
                    c = 0
                    j = i
                    while not seen >> j & 1:
                        seen |= 1 << j
                        c |= 1 << support[j]
                        j = e[j]
                    if c & (c - 1):  # fixed points count apart, as dense labels
                        cycles.append((c, size[support[i]]))
                        moved |= c
                records.append((tuple(cycles), moved))
        return _mask(support), size[support[0]], records, {}

    def compact(self) -> None:
        """Drop the search caches (kept: the groups, which reports use)."""
        self._labels = {0: 0}
        self._kept.clear()
        self._dense = {0: 1}
        self._terms.clear()
        self._order_bounds.clear()
        self._pricing.clear()
        self._factors.clear()
        self._alive.clear()

    # ----- pricing ------------------------------------------------------------------------

    def step_terms(self, ops: int, before: int) -> tuple[int, int]:
        """(terms, dense terms) of the step producing the intermediate of ``ops`` from parts
        whose earlier summations removed the labels ``before``."""
        key = (ops, before)
        hit = self._terms.get(key)
        if hit is not None:
            return hit
        v = self.labels(ops) & ~before
        dense = self.dense_terms(v)
        g = self.pricing_group(ops) if self.has_symmetry else None
        terms = dense
        if g is not None and dense:
            o = self.kept(ops)
            outs = inner = whole = 1
            moved = 0
            for factor in g[1]:
                mask, f_outs, f_inner, f_whole = self._factor_orbits(factor, before, o)
                moved |= mask
                outs *= f_outs
                inner *= f_inner
                whole *= f_whole
            free = v & ~moved  # labels no factor moves count in full
            outs *= self.dense_terms(free & o)
            inner *= self.dense_terms(free & ~o)
            whole *= self.dense_terms(free)
            terms = min(outs * inner, whole)
        self._terms[key] = (terms, dense)
        return terms, dense


def _tables(values: Sequence[int], combine: Any, identity: int) -> list[list[int]]:
    """For each run of 4 values, ``combine`` over every subset of the run (by bit mask)."""
    tables = []
    for start in range(0, max(len(values), 1), 4):
        chunk = values[start : start + 4]
        table = [identity] * (1 << len(chunk))
        for m in range(1, 1 << len(chunk)):
            low = m & -m
            table[m] = combine(table[m ^ low], chunk[low.bit_length() - 1])
        tables.append(table)
    return tables


def _multisets(n: int, k: int) -> int:
    """Multisets of size ``k`` from ``n`` values: orbits of S_k on ``k`` labels of extent ``n``."""
    return comb(n + k - 1, k) if k else 1
