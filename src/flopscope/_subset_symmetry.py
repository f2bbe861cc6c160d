"""The symmetry ``G_S`` of a set ``S`` of an einsum's operands, derived from the set.

``G_S`` is the group of label permutations that map the product of the operands of ``S``
onto itself: each operand onto an identical operand (itself, or the same data possibly
transposed), up to that operand's own symmetry. It is built from ``G_0`` (every operand
onto itself: the permutations preserving each label's "profile" of block memberships)
and the label permutations realising swaps of identical operands (a bounded search).
Operand and label sets are bit masks. :class:`SubsetSymmetry` is the part of
:class:`~flopscope._contraction.Network` that does this; pricing is in ``_contraction``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from itertools import combinations, product
from math import factorial, prod
from typing import Any

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


class SubsetSymmetry:
    """Derivation of ``G_S`` per operand set (memoised); mixed into ``Network``, which sets
    up the labels and caches declared here."""

    n: int
    n_labels: int
    size: tuple[int, ...]
    op_labels: tuple[tuple[int, ...], ...]
    occ: tuple[int, ...]
    _groups: dict[int, SymmetryGroup | None]
    _parts_of: dict[int, tuple[SymmetryGroup, list[tuple[int, ...]]] | None]
    _pricing: dict[int, tuple[int, tuple[Factor, ...]] | None]
    _order_bounds: dict[int, int]
    _alive: dict[int, int]
    _out_groups: dict[int, SymmetryGroup | None]
    _cons: dict[tuple[int, int], Any]
    # set by _setup_symmetry
    cls: list[int]  # class of identical operands, per operand
    base_labels: list[tuple[int, ...]]  # labels on the class's base axes, per operand
    class_group: list[SymmetryGroup | None]  # per class
    class_masks: list[int]  # operands of each class with several members
    sym_ops: int
    has_symmetry: bool
    _pairs: list[tuple[int, int, int, int]]

    def labels(self, ops: int) -> int:
        raise NotImplementedError

    def kept(self, ops: int) -> int:
        raise NotImplementedError

    def summed(self, ops: int) -> int:
        raise NotImplementedError

    # ----- symmetry -----------------------------------------------------------------------

    def _setup_symmetry(
        self,
        shapes: Sequence[tuple[int, ...]],
        groups: Sequence[SymmetryGroup | None] | None,
        identities: Sequence[Identity | None] | None,
    ) -> None:
        n = self.n
        if groups is None and identities is None:  # a dense network: nothing to derive
            self.cls = list(range(n))
            self.base_labels = list(self.op_labels)
            self.class_masks = []
            self.class_group = [None] * n
            self.sym_ops = 0
            self.has_symmetry = False
            self._pairs = []
            return
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
        self.base_labels = [()] * n
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
        self.class_masks = []
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
