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
from typing import Any

import numpy as np

from ._bitsets import mask_of, subset_tables
from ._permutations import Perm, multisets
from ._subset_symmetry import Identity, SubsetSymmetry
from ._symmetry import Factor, SymmetryGroup

# an element of an explicit factor: its cycles of two or more labels (label mask, extent),
# and the labels it moves
Cycles = tuple[tuple[tuple[int, int], ...], int]
# orbit counts of one factor for a step: (labels it moves, outputs, inner, all)
Orbits = tuple[int, int, int, int]
# (support mask, extent, elements as Cycles or None for a full symmetric group, memo)
FactorInfo = tuple[int, int, "list[Cycles] | None", dict[tuple[int, int], Orbits]]


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
        self.names = tuple(dict.fromkeys("".join(inputs) + output))  # in order of appearance
        self.n_labels = len(self.names)
        names = {c: i for i, c in enumerate(self.names)}
        self.size = tuple([sizes[c] for c in self.names])
        self.op_labels = tuple([tuple([names[c] for c in s]) for s in inputs])
        occ = [0] * self.n_labels
        op_mask = []
        for t, lab in enumerate(self.op_labels):
            m = 0
            for x in lab:
                occ[x] |= 1 << t
                m |= 1 << x
            op_mask.append(m)
        self.op_mask = tuple(op_mask)
        self.occ = tuple(occ)
        self.out_mask = mask_of([names[c] for c in output])
        self.all_ops = (1 << n) - 1
        self._label_tables = subset_tables(self.op_mask)
        self._size_tables = subset_tables(self.size, product=True)
        self._labels: dict[int, int] = {0: 0}
        self._kept: dict[int, int] = {}
        self._dense: dict[int, int] = {0: 1}
        self._terms: dict[tuple[int, int], tuple[int, int]] = {}
        self._groups: dict[int, SymmetryGroup | None] = {}
        self._parts_of: dict[int, Any] = {}
        self._pricing: dict[int, tuple[int, tuple[Factor, ...]] | None] = {}
        self._order_bounds: dict[int, int] = {}
        self._out_groups: dict[int, SymmetryGroup | None] = {}
        self._cons: dict[tuple[int, int], Any] = {}
        self._factors: dict[Factor, FactorInfo] = {}
        self._joined: dict[tuple[Perm, ...], frozenset[Perm] | None] = {}
        self._setup_symmetry(shapes, groups, identities)

    # ----- label sets ---------------------------------------------------------------------

    def labels(self, ops: int) -> int:
        """Labels of the operands in ``ops`` (memoised; 4 operands per table look-up).
        The loop is ``_bitsets.fold`` inlined: here and in ``dense_terms`` it is the
        planner's most frequent cache miss, and the call costs 3-5% of a plan."""
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

    def _factor_orbits(self, factor: Factor, before: int, out: int) -> Orbits:
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
        om = mask & out  # (inside vm: a label the step keeps was never summed before)
        wm = vm & ~om
        if elements is None:  # the full symmetric group on the support: multisets
            hit = (
                mask,
                multisets(extent, om.bit_count()),
                multisets(extent, wm.bit_count()),
                multisets(extent, vm.bit_count()),
            )
        elif not om:  # no output label here: one orbit on them, and inner orbits are all
            d_all = self.dense_terms(vm)
            s_all = n_all = 0
            for cycles, moved in elements:
                if not moved & vm:  # fixes every label of the step
                    s_all += d_all
                    n_all += 1
                    continue
                w_all = 1
                for c, e in cycles:
                    cv = c & vm
                    if cv:
                        if cv != c:
                            break
                        w_all *= e
                else:  # it maps the step's labels onto themselves
                    s_all += w_all * self.dense_terms(vm & ~moved)
                    n_all += 1
            hit = (mask, 1, s_all // n_all, s_all // n_all)
        else:
            d_out, d_inner, d_all = self.dense_terms(om), self.dense_terms(wm), self.dense_terms(vm)
            # Burnside sums and group orders: outputs, summed labels, all the step's labels
            s_out = s_inner = s_all = n_out = n_inner = n_all = 0
            for cycles, moved in elements:
                if not moved & vm:  # fixes every label of the step
                    s_out += d_out
                    s_inner += d_inner
                    s_all += d_all
                    n_out += 1
                    n_inner += 1
                    n_all += 1
                    continue
                keeps_out = keeps_all = True  # maps the output (the step's) labels onto themselves
                w_out = w_all = 1
                for c, e in cycles:
                    cv = c & vm
                    if cv:
                        if cv != c:
                            keeps_all = False
                        w_all *= e
                        co = c & om
                        if co:
                            if co != c:
                                keeps_out = False
                                if not keeps_all:
                                    break
                            w_out *= e
                if keeps_out:
                    s_out += w_out * self.dense_terms(om & ~moved)
                    n_out += 1
                if keeps_all:
                    s_all += w_all * self.dense_terms(vm & ~moved)
                    n_all += 1
                    if not moved & om:  # then its cycles in the step's labels are summed ones
                        s_inner += w_all * self.dense_terms(wm & ~moved)
                        n_inner += 1
            hit = (mask, s_out // n_out, s_inner // n_inner, s_all // n_all)
        memo[key] = hit
        return hit

    def _factor_info(self, factor: Factor) -> FactorInfo:
        """(support mask, extent, per element its cycles of two or more labels as (label
        mask, extent) and the labels it moves or None for a full symmetric group, counts
        memo) of a factor."""
        support, elements = factor
        size = self.size
        records: list[Cycles] | None = None
        if elements is not None:
            records = []
            bit = [1 << p for p in support]
            for e in elements:
                cycles: list[tuple[int, int]] = []
                moved = 0
                seen = 0  # positions of the cycles met so far
                for i, j in enumerate(e):
                    if j == i or seen >> i & 1:  # fixed points count apart, as dense labels
                        continue
                    c = bit[i]
                    seen |= 1 << i
                    while j != i:
                        c |= bit[j]
                        seen |= 1 << j
                        j = e[j]
                    cycles.append((c, size[support[i]]))
                    moved |= c
                records.append((tuple(cycles), moved))
        return mask_of(support), size[support[0]], records, {}

    def compact(self) -> None:
        """Drop the search caches (kept: the groups, which reports use)."""
        self._labels = {0: 0}
        self._kept.clear()
        self._dense = {0: 1}
        self._terms.clear()
        self._order_bounds.clear()
        self._pricing.clear()
        self._factors.clear()

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
