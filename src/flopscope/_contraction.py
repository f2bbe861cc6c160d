"""The symmetry of an einsum and the price of each contraction step.

Labels are numbered ``0 .. L-1`` and sets of labels or of operands are bit masks. The
symmetry of an intermediate built from a set ``S`` of the original operands is derived from
``S`` as a whole (as libtensor does): ``G_S`` is the group of label permutations that map
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

from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from itertools import combinations, product
from math import comb, factorial, prod
from operator import mul, or_
from typing import Any

import numpy as np

from ._symmetry import Factor, SymmetryGroup, count_orbits

Identity = tuple[int, tuple[int, ...]]  # (class id, axis permutation of the class's base data)
_Forced = tuple[dict[int, int], dict[int, int]]  # a partial label map and its inverse

#: nodes visited while searching which identical operands may be swapped, per operand set
SWAP_SEARCH_LIMIT = 4000


def bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


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
    owners = []
    for a in arrays:
        base = getattr(a, "base", None)
        while isinstance(base, np.ndarray):  # walk to the owner of the memory
            a, base = base, base.base
        owners.append(id(a))
    if len(set(owners)) == n:  # the common case: nothing shared
        return None
    roots: dict[int, list[int]] = {}
    for i, owner in enumerate(owners):
        roots.setdefault(owner, []).append(i)
    result: list[Identity | None] = [None] * n
    next_class = 0
    for members in roots.values():
        if len(members) < 2:
            continue
        reps: list[tuple[int, int, tuple]] = []  # (class, operand, layout)
        for i in members:
            a = arrays[i]
            try:
                layout = (a.__array_interface__["data"][0], a.dtype, a.shape, a.strides)
            except AttributeError:
                continue
            for cid, _, rep in reps:
                perm = _transpose_of(rep, layout)
                if perm is not None:
                    result[i] = (cid, perm)
                    break
            else:
                reps.append((next_class, i, layout))
                result[i] = (next_class, tuple(range(len(layout[2]))))
                next_class += 1
    counts = Counter(r[0] for r in result if r is not None)
    out = tuple(r if r is not None and counts[r[0]] > 1 else None for r in result)
    if all(r is None for r in out):
        return None
    # renumber classes by first appearance
    order: dict[int, int] = {}
    return tuple(None if r is None else (order.setdefault(r[0], len(order)), r[1]) for r in out)


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


class Network:
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

    # ----- symmetry -----------------------------------------------------------------------

    def _setup_symmetry(
        self,
        shapes: Sequence[tuple[int, ...]],
        groups: Sequence[SymmetryGroup | None] | None,
        identities: Sequence[Identity | None] | None,
    ) -> None:
        n = self.n
        groups = [None] * n if groups is None else list(groups)
        identities = [None] * n if identities is None else list(identities)
        if len(groups) != n or len(identities) != n:
            raise ValueError(f"need one symmetry and one identity entry per operand ({n})")
        for t, g in enumerate(groups):
            if g is None:
                continue
            if not isinstance(g, SymmetryGroup):
                raise TypeError(f"operand {t}: symmetry must be a SymmetryGroup, got {g!r}")
            if g.n != len(shapes[t]):
                raise ValueError(
                    f"operand {t}: symmetry acts on {g.n} axes, the operand has {len(shapes[t])}"
                )
            count_orbits(g, shapes[t])  # validates equal extents within orbits
            if g.is_trivial:
                groups[t] = None
        # classes of identical operands: base labels and the class's group on base axes
        self.cls = [0] * n
        self.base_labels: list[tuple[int, ...]] = [()] * n
        class_groups: list[SymmetryGroup | None] = []
        members: dict[Any, list[tuple[int, tuple[int, ...]]]] = {}
        for t, ident in enumerate(identities):
            key: Any = ("single", t)
            perm = tuple(range(len(shapes[t])))
            if ident is not None:
                cid, perm = ident
                perm = tuple(int(i) for i in perm)
                if sorted(perm) != list(range(len(shapes[t]))):
                    raise ValueError(f"operand {t}: {perm!r} is not an axis permutation")
                key = ("class", cid)
            members.setdefault(key, []).append((t, perm))
        self.class_masks: list[int] = []
        for mem in members.values():
            cid = len(class_groups)
            base_shape = None
            group: SymmetryGroup | None = None
            for i, (t, perm) in enumerate(mem):
                shape = [0] * len(perm)
                labels = [0] * len(perm)
                for a, b in enumerate(perm):  # operand axis a is base axis perm[a]
                    shape[b] = shapes[t][a]
                    labels[b] = self.op_labels[t][a]
                if base_shape is None:
                    base_shape = shape
                elif shape != base_shape:
                    raise ValueError(
                        f"operands {mem[0][0]} and {t} are marked identical but their shapes differ"
                    )
                self.cls[t] = cid
                self.base_labels[t] = tuple(labels)
                g = groups[t]
                g_base = (
                    g if g is None or perm == tuple(range(len(perm))) else g.relabel(_inverse(perm))
                )
                if i == 0:
                    group = g_base
                elif group is not None:
                    group = None if g_base is None else (group & g_base)
                    if group is not None and group.is_trivial:
                        group = None
            class_groups.append(group)
            if len(mem) > 1:
                self.class_masks.append(_mask(t for t, _ in mem))
        self.class_group = class_groups
        self.sym_ops = _mask(t for t in range(n) if class_groups[self.cls[t]] is not None)
        self.has_symmetry = bool(self.sym_ops or self.class_masks)
        if self.has_symmetry:
            self._trivial = SymmetryGroup(self.n_labels)
            self._index_blocks()
        self._pairs = self._label_pairs() if self.sym_ops else []

    def _index_blocks(self) -> None:
        """Per operand and per label, where labels sit in symmetric blocks (search tables)."""
        n = self.n
        class_groups = self.class_group
        # per operand: the labels on each symmetric block of its (base) axes, and on the
        # other axes; (label, operand, extra axes) for labels on several axes
        self._blocks: list[tuple[tuple[int, ...], ...]] = []
        self._free_labels: list[tuple[int, ...]] = []
        self._repeats: list[tuple[int, int, int]] = []
        # per operand, label -> (block, multiplicity) pairs; per label, the operands having
        # it in a block, and on an axis outside any block
        self._block_counts: list[dict[int, tuple[tuple[int, int], ...]]] = []
        self._explicit_ops = 0  # operands with a block of an explicit (not full) group
        block_occ = [0] * self.n_labels
        for t in range(n):
            m = self.base_labels[t]
            group = class_groups[self.cls[t]]
            if group is None:
                blocks: tuple[tuple[int, ...], ...] = ()
                free = m
            else:
                blocks = tuple(tuple(m[b] for b in s) for s, _ in group._factors)
                blocked = {b for s, _ in group._factors for b in s}
                free = tuple(x for b, x in enumerate(m) if b not in blocked)
                if any(e is not None for _, e in group._factors):
                    self._explicit_ops |= 1 << t
            self._blocks.append(blocks)
            self._free_labels.append(free)
            counts: dict[int, list[tuple[int, int]]] = {}
            for j, block in enumerate(blocks):
                for x in sorted(set(block)):
                    counts.setdefault(x, []).append((j, block.count(x)))
                    block_occ[x] |= 1 << t
            self._block_counts.append({x: tuple(c) for x, c in counts.items()})
            if len(set(m)) < len(m):
                self._repeats.extend((x, t, c - 1) for x, c in Counter(m).items() if c > 1)
        self._block_occ = block_occ
        self._axis_occ = [0] * self.n_labels
        # (label, class, position among the axes outside blocks) -> operands with it there
        self._on_axis: dict[tuple[int, int, int], int] = {}
        for t, free in enumerate(self._free_labels):
            for j, x in enumerate(free):
                self._axis_occ[x] |= 1 << t
                key = (x, self.cls[t], j)
                self._on_axis[key] = self._on_axis.get(key, 0) | 1 << t
        # per operand: the product over its symmetric blocks of (distinct labels in it)!
        self._own_bound = [prod(factorial(len(set(b))) for b in bl) for bl in self._blocks]

    def may_have_symmetry(self, ops: int) -> bool:
        """A cheap necessary test for a nontrivial ``G_S``: two identical operands, or two
        labels of one symmetric block that no operand of ``ops`` tells apart."""
        if any((ops & cm) & ((ops & cm) - 1) for cm in self.class_masks):
            return True
        return self._alive_pairs(ops) > 0

    def _alive_pairs(self, ops: int) -> int:
        """How many of :meth:`_label_pairs` ``ops`` holds the owner of and no breaker of."""
        alive = self._alive.get(ops)
        if alive is None:
            alive = self._alive[ops] = sum(
                1 for owner, breakers, _, _ in self._pairs if ops & owner and not ops & breakers
            )
        return alive

    def _label_pairs(self) -> list[tuple[int, int, int, int]]:
        """(owner, breakers, x, y) per pair of labels x, y sharing a block of a symmetric
        operand: the pair can be exchanged in ``G_S`` only if the owner is in S and no
        breaker is, a breaker being an operand whose axes treat the two labels differently.
        Then every operand of S treats them alike: they have the same profile."""
        pairs = []
        counts, in_blocks, on_axes = self._block_counts, self._block_occ, self._axis_occ
        for t in bits(self.sym_ops):
            for labs in self._blocks[t]:
                for x, y in combinations(sorted(set(labs)), 2):
                    if self.size[x] != self.size[y] or labs.count(x) != labs.count(y):
                        continue
                    # on an axis outside the blocks, or counted apart in a block
                    breakers = on_axes[x] | on_axes[y]
                    for u in bits((in_blocks[x] | in_blocks[y]) & ~breakers):
                        if counts[u].get(x) != counts[u].get(y):
                            breakers |= 1 << u
                    if not breakers >> t & 1:
                        pairs.append((1 << t, breakers, x, y))
        return pairs

    def group(self, ops: int) -> SymmetryGroup | None:
        """``G_S``: label permutations mapping the product of the operands in ``ops`` onto itself."""
        if ops in self._groups:
            return self._groups[ops]
        g = None
        parts = self._parts(ops)
        if parts is not None:
            g0, sigmas = parts
            g = g0
            if sigmas:
                with suppress(ValueError):  # too large to count exactly: keep the subgroup
                    g = SymmetryGroup.from_generators(self.n_labels, [*g0.generators(), *sigmas])
            if g.is_trivial:
                g = None
        self._groups[ops] = g
        return g

    def _parts(self, ops: int) -> tuple[SymmetryGroup, list[tuple[int, ...]]] | None:
        """``G_0`` (each operand onto itself) and the label permutations that, with it,
        generate ``G_S``; None when ``G_S`` is trivial."""
        if ops in self._parts_of:
            return self._parts_of[ops]
        parts = None
        if self.may_have_symmetry(ops):
            members = bits(ops)
            g0 = self._own_group(ops, members)
            sigmas = self._swaps(ops, members)
            if sigmas:  # (identical operands with the same labels swap as the identity)
                sigmas = [p for p in sigmas if p != tuple(range(self.n_labels))]
            if sigmas or not g0.is_trivial:
                parts = (g0, sigmas)
        self._parts_of[ops] = parts
        return parts

    def pricing_group(self, ops: int) -> tuple[int, tuple[Factor, ...]] | None:
        """``(|G_S|, factors)``: ``G_S`` as a direct product of factors on disjoint labels,
        as :meth:`group` but not necessarily the finest such product (orbit counts do not
        need it, and finding it costs more than the counting); None when trivial."""
        if ops in self._pricing:
            return self._pricing[ops]
        found = None
        parts = self._parts(ops)
        if parts is not None:
            g0, sigmas = parts
            factors = g0.joined_factors(sigmas) if sigmas else g0._factors
            if factors is None:  # large: as the canonical group does it
                g = self.group(ops)
                factors = () if g is None else g._factors
            if factors:
                order = prod(factorial(len(s)) if e is None else len(e) for s, e in factors)
                found = (order, factors)
        self._pricing[ops] = found
        self._order_bounds[ops] = 1 if found is None else found[0]
        return found

    def order_bound(self, ops: int) -> int:
        """An upper bound on ``|G_S|`` that needs no group built (``|G_S|`` once known).

        ``G_0`` (each operand onto itself) is the symmetric group on each class of labels of
        equal profile, within the blocks' groups. Each class lies in one block of one
        operand, so ``|G_0| <= prod over blocks of (distinct labels in the block)!``; and
        each pair of labels in a class is a pair of :meth:`_label_pairs` that ``ops`` does
        not break, so ``|G_0| <= 2**(such pairs)`` (``k! <= 2**(k(k-1)/2)``). The cosets of
        ``G_0`` in ``G_S`` permute identical operands: ``prod over classes (members in S)!``."""
        b = self._order_bounds.get(ops)
        if b is None:
            alive = self._alive_pairs(ops)
            b = 1
            if alive:
                own = prod(self._own_bound[t] for t in bits(ops & self.sym_ops))
                b = min(own, 1 << alive)
            for cm in self.class_masks:
                k = (ops & cm).bit_count()
                if k > 1:
                    b *= factorial(k)
            self._order_bounds[ops] = b
        return b

    def output_group(self, ops: int) -> SymmetryGroup | None:
        """``G_I``: the intermediate's symmetry, on its kept labels (global numbering)."""
        if ops in self._out_groups:
            return self._out_groups[ops]
        g = self.group(ops)
        gi = None
        if g is not None:
            gi = g.setwise_stabiliser(bits(self.summed(ops))).project(bits(self.kept(ops)))
            if gi.is_trivial:
                gi = None
        self._out_groups[ops] = gi
        return gi

    def _constraints(
        self, t: int, u: int
    ) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]], list[tuple[Any, Any, Any]]]:
        """Multiset constraints for a label map sending operand t's term onto operand u's:
        ``dom[k]`` onto ``cod[k]`` for every factor of the class's group (and every axis
        outside them), plus the explicit factors (which need one of their elements)."""
        hit = self._cons.get((t, u))
        if hit is None:
            hit = self._cons[(t, u)] = self._make_constraints(t, u)
        return hit

    def _make_constraints(
        self, t: int, u: int
    ) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]], list[tuple[Any, Any, Any]]]:
        mt, mu = self.base_labels[t], self.base_labels[u]
        group = self.class_group[self.cls[t]]
        dom: list[tuple[int, ...]] = []
        cod: list[tuple[int, ...]] = []
        explicit = []
        covered: set[int] = set()
        if group is not None:
            for support, elements in group._factors:
                dom.append(tuple(mt[b] for b in support))
                cod.append(tuple(mu[b] for b in support))
                covered.update(support)
                if elements is not None:
                    explicit.append(
                        (tuple(mt[b] for b in support), tuple(mu[b] for b in support), elements)
                    )
        for b in range(len(mt)):
            if b not in covered:
                dom.append((mt[b],))
                cod.append((mu[b],))
        return dom, cod, explicit

    def _profiles(self, cons: list[tuple[int, ...]], labels: list[int]) -> list[Any]:
        """Per label of ``labels``: (extent, (constraint, multiplicity) wherever it occurs)."""
        prof: dict[int, list[tuple[int, int]]] = {x: [] for x in labels}
        for k, c in enumerate(cons):
            for x in set(c):
                p = prof.get(x)
                if p is not None:
                    p.append((k, c.count(x)))
        return [(self.size[x], tuple(prof[x])) for x in labels]

    def _solve(
        self, dom: list[tuple[int, ...]], cod: list[tuple[int, ...]], labels: list[int]
    ) -> dict[int, int] | None:
        """A label bijection mapping every multiset ``dom[k]`` onto ``cod[k]``, if one exists.

        It exists iff each label profile (size, multiplicity in every constraint) occurs as
        often on both sides; then any profile-preserving bijection works.
        """
        pd = self._profiles(dom, labels)
        pc = self._profiles(cod, labels)
        if Counter(pd) != Counter(pc):
            return None
        src = sorted(zip(pd, labels, strict=True))
        dst = sorted(zip(pc, labels, strict=True))
        return {x: y for (_, x), (_, y) in zip(src, dst, strict=True)}

    def _own_group(self, ops: int, members: list[int]) -> SymmetryGroup:
        """``G_0``, each operand onto itself: the full symmetric group on each class of
        labels of equal profile (extent, multiplicity in every block and axis), within the
        explicit factors' groups. Two labels share a profile exactly when they are a pair
        of :meth:`_label_pairs` that ``ops`` does not break."""
        if not self._alive_pairs(ops):
            return self._trivial
        same: dict[int, frozenset[int]] = {}
        for owner, breakers, x, y in self._pairs:
            if ops & owner and not ops & breakers:
                joined = same.get(x, frozenset((x,))) | same.get(y, frozenset((y,)))
                for z in joined:
                    same[z] = joined
        n_labels = self.n_labels
        g0 = SymmetryGroup(n_labels, [(tuple(sorted(c)), None) for c in set(same.values())])
        for t in members:
            for lab, _, elements in self._constraints(t, t)[2]:
                g0 = g0 & _induced(n_labels, lab, elements)
        return g0

    def _swaps(self, ops: int, members: list[int]) -> list[tuple[int, ...]]:
        """Label permutations realising generators of the group of operand permutations
        (identical operands exchanged) that map the product onto itself."""
        movable, key = self._movable(ops, members)
        if not movable:
            return []
        labels = bits(self.labels(ops))
        n_labels = self.n_labels
        budget = [SWAP_SEARCH_LIMIT]
        free, blocks = self._free_labels, self._blocks
        fixed_pairs = [(t, t) for t in members if t not in movable]
        fixed_dom: list[tuple[int, ...]] = []
        fixed_explicit: list[tuple[Any, Any, Any]] = []
        if ops & self._explicit_ops:  # for the general check below
            for t, _ in fixed_pairs:
                d, _, e = self._constraints(t, t)
                fixed_dom.extend(d)
                fixed_explicit.extend(e)

        def check(assign: dict[int, int], forced: _Forced) -> tuple[int, ...] | None:
            """A label permutation realising the operand assignment, if there is one."""
            if not ops & self._explicit_ops:
                # labels on axes outside the blocks map as forced; the others (only ever in
                # blocks) as _solve would pair them, by profile; the blocks must agree
                f = forced[0]
                pairs = [
                    (a, b)
                    for t, u in (*fixed_pairs, *assign.items())
                    for a, b in zip(blocks[t], blocks[u], strict=True)
                ]
                rest = [x for x in labels if x not in f]
                if rest:
                    pd = self._profiles([a for a, _ in pairs], rest)
                    pc = self._profiles([b for _, b in pairs], rest)
                    if sorted(pd) != sorted(pc):
                        return None
                    src = sorted(zip(pd, rest, strict=True))
                    dst = sorted(zip(pc, rest, strict=True))
                    f = {**f, **{x: y for (_, x), (_, y) in zip(src, dst, strict=True)}}
                for a, b in pairs:
                    if sorted(f[x] for x in a) != sorted(b):
                        return None
                return _as_perm(n_labels, f)
            dom, cod = list(fixed_dom), list(fixed_dom)
            explicit = list(fixed_explicit)
            for t, u in assign.items():
                d, c, e = self._constraints(t, u)
                dom.extend(d)
                cod.extend(c)
                explicit.extend(e)
            for choice in product(*[sorted(e) for _, _, e in explicit]):
                d2, c2 = list(dom), list(cod)
                for (lt, lu, _), e in zip(explicit, choice, strict=True):
                    for i, j in enumerate(e):
                        d2.append((lt[i],))
                        c2.append((lu[j],))
                sigma = self._solve(d2, c2, labels)
                if sigma is not None:
                    return _as_perm(n_labels, sigma)
            return None

        r = len(movable)

        def extend(forced: _Forced, t: int, u: int) -> _Forced | None:
            """Add the label equalities forced by sending operand t onto u, one of its
            class (so of the same extents, axis by axis): axes outside the blocks map one
            to one. None on a contradiction."""
            f, rev = dict(forced[0]), dict(forced[1])
            for x, y in zip(free[t], free[u], strict=True):
                if f.setdefault(x, y) != y or rev.setdefault(y, x) != x:
                    return None
            return f, rev

        start_forced: _Forced | None = ({}, {})
        for t in members:
            if t not in movable and start_forced is not None:
                start_forced = extend(start_forced, t, t)
        assert start_forced is not None

        def complete(
            assign: dict[int, int], forced: _Forced, j: int
        ) -> tuple[dict[int, int], Any] | None:
            if j == r:
                sigma = check(assign, forced)
                return (assign, sigma) if sigma else None
            t = movable[j]
            used = set(assign.values())
            for u in movable:
                if u in used or key[u] != key[t]:
                    continue
                budget[0] -= 1
                if budget[0] < 0:
                    return None
                nxt = extend(forced, t, u)
                if nxt is not None:
                    found = complete({**assign, t: u}, nxt, j + 1)
                    if found:
                        return found
            return None

        # prefix[i]: the label equalities forced by fixing movable[:i]
        prefix: list[_Forced | None] = [start_forced]
        for p in movable:
            last = prefix[-1]
            prefix.append(None if last is None else extend(last, p, p))
        found_perms: list[dict[int, int]] = []
        sigmas: list[tuple[int, ...]] = []
        for i in reversed(range(r)):
            t = movable[i]
            orbit = _orbit(t, found_perms)
            fixed = prefix[i]
            for y in movable[i + 1 :]:
                if key[y] != key[t] or y in orbit or fixed is None:
                    continue
                assign = {p: p for p in movable[:i]}
                forced = extend(fixed, t, y)
                if forced is None:
                    continue
                assign[t] = y
                res = complete(assign, forced, i + 1)
                if res:
                    found_perms.append(res[0])
                    sigmas.append(res[1])
                    orbit = _orbit(t, found_perms)
        return sigmas

    def _movable(self, ops: int, members: list[int]) -> tuple[list[int], dict[int, Any]]:
        """The operands some symmetry may send onto another, and their cells (``key``).

        An operand can only go to one of its class whose labels occur as often in the
        product, per axis outside any symmetric block and per block (with extents). One
        alone in its cell goes onto itself, fixing the labels on its axes outside blocks;
        an operand then only goes to one carrying the same fixed labels on the same axes.
        Refined until stable, this settles every operand of a chain of one matrix."""
        multi = 0
        for cm in self.class_masks:
            if (ops & cm) & ((ops & cm) - 1):
                multi |= ops & cm
        if not multi:
            return [], {}
        occ, size, free, blocks = self.occ, self.size, self._free_labels, self._blocks
        counts = {x: (occ[x] & ops).bit_count() for x in bits(self.labels(multi))}
        for x, t, extra in self._repeats:  # labels an operand carries on several axes
            if x in counts and ops >> t & 1:
                counts[x] += extra
        key: dict[int, Any] = {}
        cells: dict[Any, list[int]] = {}
        for t in members:
            if multi >> t & 1:
                k: Any = (self.cls[t], tuple(map(counts.__getitem__, free[t])))
                if blocks[t]:
                    k += tuple(tuple(sorted([(size[x], counts[x]) for x in b])) for b in blocks[t])
            else:
                k = t
            key[t] = k
            cells.setdefault(k, []).append(t)
        unfixed = 0
        queue: list[int] = []
        for ts in cells.values():
            if len(ts) == 1:
                queue.extend(free[ts[0]])
            else:
                unfixed |= _mask(ts)
        # first along the network: the only operand of its class (among those not fixed)
        # with a fixed label on a given axis goes onto itself, fixing its other labels
        pinned = set(queue)
        on_axis, axis_occ = self._on_axis, self._axis_occ
        while queue and unfixed:
            x = queue.pop()
            carriers = axis_occ[x] & unfixed
            while carriers:
                bit = carriers & -carriers
                carriers ^= bit
                u = bit.bit_length() - 1
                if on_axis[x, self.cls[u], free[u].index(x)] & unfixed == bit:
                    unfixed ^= bit
                    for y in free[u]:
                        if y not in pinned:
                            pinned.add(y)
                            queue.append(y)
        movable = [t for t in members if unfixed >> t & 1]
        while movable:  # then by the fixed labels each carries where
            cells = {}
            for t in movable:
                pattern = tuple([x if x in pinned else -1 for x in free[t]])
                cells.setdefault((key[t], pattern), []).append(t)
            alone = [ts[0] for ts in cells.values() if len(ts) == 1]
            if not alone:
                break
            for t in alone:
                pinned.update(free[t])
            movable = [t for t in movable if t not in alone]
        return movable, key

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


def _mask(items: Any) -> int:
    m = 0
    for i in items:
        m |= 1 << i
    return m


def _inverse(p: tuple[int, ...]) -> tuple[int, ...]:
    inv = [0] * len(p)
    for i, j in enumerate(p):
        inv[j] = i
    return tuple(inv)


def _as_perm(n: int, mapping: dict[int, int]) -> tuple[int, ...]:
    g = list(range(n))
    for x, y in mapping.items():
        g[x] = y
    return tuple(g)


def _orbit(t: int, perms: list[dict[int, int]]) -> set[int]:
    orbit = {t}
    frontier = [t]
    while frontier:
        x = frontier.pop()
        for p in perms:
            y = p.get(x, x)
            if y not in orbit:
                orbit.add(y)
                frontier.append(y)
    return orbit


def _induced(n: int, lab: tuple[int, ...], elements: Any) -> SymmetryGroup:
    """Label permutations induced by an explicit axis-group factor whose axes carry ``lab``
    (``σ(lab[i]) = lab[e[i]]``; only elements consistent with repeated labels induce one),
    times the full symmetric group on every other label."""
    labs = sorted(set(lab))
    where = {x: i for i, x in enumerate(labs)}
    induced = set()
    for e in elements:
        m: dict[int, int] = {}
        ok = True
        for i, j in enumerate(e):
            if m.setdefault(lab[i], lab[j]) != lab[j]:
                ok = False
                break
        if ok and len(set(m.values())) == len(m):
            induced.add(tuple(where[m[x]] for x in labs))
    rest = tuple(x for x in range(n) if x not in where)
    return SymmetryGroup._make(n, [(tuple(labs), frozenset(induced)), (rest, None)])
