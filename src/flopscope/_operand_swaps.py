"""Which identical operands of a set may be exchanged, and the label permutations that do it.

A symmetry of the product of a set ``S`` of operands sends each operand onto one of its class
(identical data), so it permutes the operands within their classes. :class:`OperandSwaps`
first settles cheaply which operands every such symmetry must fix (``_unsettled``: operands
alone in their class, lone labels, fixed labels spreading along the network; then
``_cells``: label counts per axis and block), then finds generators of the operand
permutations that label permutations realise (``_swaps``): exchanges of neighbours when
they all work, else a bounded search. Operand and label sets are bit masks. It is mixed
into :class:`~flopscope._contraction.Network` with
:class:`~flopscope._subset_symmetry.SubsetSymmetry`, which sets up the tables declared here.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise, product
from typing import Any

from ._bitsets import bits, fold
from ._permutations import Perm
from ._symmetry import SymmetryGroup

Constraints = tuple[list[tuple[int, ...]], list[tuple[int, ...]], list[tuple[Any, Any, Any]]]
# a label's extent and, per constraint it occurs in, (constraint, multiplicity)
Profile = tuple[int, tuple[tuple[int, int], ...]]
# a partial label map and its inverse, as lists (-1: not mapped yet)
_Forced = tuple[list[int], list[int]]

#: nodes visited while searching which identical operands may be swapped, per operand set
SWAP_SEARCH_LIMIT = 4000


def _map_axes(img: list[int], pre: list[int], xs: tuple[int, ...], ys: tuple[int, ...]) -> bool:
    """Extend the partial label map ``img`` (inverse ``pre``, -1: unmapped) in place with
    x -> y for the labels on paired axes; False on a contradiction."""
    for i in range(len(xs)):  # (xs and ys have one length: axes of one class)
        x, y = xs[i], ys[i]
        z = img[x]
        if z < 0:
            if pre[y] >= 0:
                return False
            img[x] = y
            pre[y] = x
        elif z != y:
            return False
    return True


class OperandSwaps:
    """Swaps of identical operands within an operand set; tables set up by ``SubsetSymmetry``."""

    n_labels: int
    size: tuple[int, ...]
    cls: list[int]
    base_labels: list[tuple[int, ...]]
    class_group: list[SymmetryGroup | None]
    class_masks: list[int]
    op_mask: tuple[int, ...]
    occ: tuple[int, ...]
    sym_ops: int  # operands whose class has a symmetry (so symmetric blocks)
    _cons: dict[tuple[int, int], Constraints]
    _blocks: list[tuple[tuple[int, ...], ...]]  # per operand: labels on each symmetric block
    _free_labels: list[tuple[int, ...]]  # per operand: labels on the axes outside blocks
    _free_mask: list[int]  # the same as a mask
    _free_tables: list[list[int]]  # _free_mask folded over runs of 4 operands ([]: not yet)
    _repeats: list[tuple[int, int, int]]  # (label, operand, extra axes) for repeated labels
    _lone_tables: list[tuple[list[int], list[int]]] | None  # see _lone_label_tables
    _explicit_ops: int  # operands with a block of an explicit (not full) group
    _axis_occ: list[int]  # per label: operands with it on an axis outside blocks
    _on_axis: dict[tuple[int, int, int], int]  # (label, class, axis outside blocks) -> operands
    _shared_axis: int  # labels that several operands of a class carry on one such axis

    def labels(self, ops: int) -> int:
        raise NotImplementedError

    def _index_free_axes(self) -> None:
        raise NotImplementedError

    # ----- who must stay put ----------------------------------------------------------------

    def _movable(self, ops: int, joined: bool = False) -> tuple[list[int], dict[int, Any]]:
        """The operands some symmetry may send onto another, and their cells (``key``):
        :meth:`_unsettled`, then :meth:`_cells`."""
        unfixed, pinned = self._unsettled(ops, joined)
        return self._cells(ops, unfixed, pinned) if unfixed else ([], {})

    def _unsettled(self, ops: int, joined: bool = False) -> tuple[int, int]:
        """The operands that cheap arguments leave free to move, and the labels every
        symmetry fixes (as masks).

        Each symmetry permutes the operands within their classes. One alone in its class
        in the product goes onto itself, as does one carrying a label that occurs once in
        the product on an axis outside any block where no other of its class does, and
        the last of its class left. One that goes onto itself fixes the labels on its axes
        outside blocks; an operand then goes onto itself when it is the only one of its
        class carrying such a label on such an axis. This settles every operand of a chain
        of one matrix. (Fixing more only prunes the search: it finds the same group.)

        ``joined``: the operands are known to be joined by shared labels (the connected DP
        only builds such sets). Then, when no operand has a symmetric block and no two of a
        class carry a label on the same axis, one operand going onto itself fixes its
        labels, so its neighbours, and so on: all go onto themselves."""
        multi = 0
        for cm in self.class_masks:
            m = ops & cm
            if m & (m - 1):
                multi |= m
        if not multi:
            return 0, 0
        if not self._free_tables:  # (not built yet)
            self._index_free_axes()
        spreads = joined and not ops & self.sym_ops and not self.labels(ops) & self._shared_axis
        if spreads and ops != multi:  # an operand alone in its class fixes them all
            return 0, 0
        unfixed = multi
        pinned = 0  # labels every symmetry fixes: those of operands alone in their class
        if ops != multi:
            pinned = self._free_labels_of(ops & ~multi)
            unfixed, pinned = self._propagate(multi, pinned)
            if unfixed != multi:
                unfixed, pinned = self._fix_last_of_class(unfixed, pinned)
        if unfixed:
            unfixed, pinned = self._fix_by_lone_labels(ops, unfixed, pinned, spreads)
            if unfixed:
                unfixed, pinned = self._fix_last_of_class(unfixed, pinned)
        return unfixed, pinned

    def _cells(self, ops: int, unfixed: int, pinned: int) -> tuple[list[int], dict[int, Any]]:
        """Refine :meth:`_unsettled`: an operand only goes to one of its class whose labels
        occur as often in the product, per axis outside any symmetric block and per block
        (with extents), its cell (``key``); one alone in its cell goes onto itself; and an
        operand only goes to one carrying the same fixed labels on the same axes. Returns
        the operands left free to move, and their cells."""
        occ, size, free, blocks = self.occ, self.size, self._free_labels, self._blocks
        counts = {x: (occ[x] & ops).bit_count() for x in bits(self.labels(unfixed))}
        for x, t, extra in self._repeats:  # labels an operand carries on several axes
            if x in counts and ops >> t & 1:
                counts[x] += extra
        key: dict[int, Any] = {}
        cells: dict[Any, int] = {}
        for t in bits(unfixed):
            k: Any = (self.cls[t], tuple(map(counts.__getitem__, free[t])))
            if blocks[t]:
                k += tuple(tuple(sorted([(size[x], counts[x]) for x in b])) for b in blocks[t])
            key[t] = k
            cells[k] = cells.get(k, 0) | 1 << t
        alone = 0
        for ts in cells.values():
            if not ts & (ts - 1):
                alone |= ts
        if alone:
            pinned |= self._free_labels_of(alone)
            unfixed, pinned = self._propagate(unfixed & ~alone, pinned)
            unfixed, pinned = self._fix_last_of_class(unfixed, pinned)
        movable = bits(unfixed)
        while movable:  # then by the fixed labels each carries where
            by: dict[Any, list[int]] = {}
            for t in movable:
                pattern = tuple([x if pinned >> x & 1 else -1 for x in free[t]])
                by.setdefault((key[t], pattern), []).append(t)
            lone = [ts[0] for ts in by.values() if len(ts) == 1]
            if not lone:
                break
            for t in lone:
                pinned |= self._free_mask[t]
            movable = [t for t in movable if t not in lone]
        return movable, key

    def _free_labels_of(self, ops: int) -> int:
        """Labels on the axes outside blocks of the operands in ``ops``."""
        if not self._free_tables:  # (not built yet)
            self._index_free_axes()
        return fold(self._free_tables, ops)

    def _not_lone(self, ops: int) -> int:
        """Labels that occur twice or more in the product of ``ops``: on two operands, or on
        several axes of one."""
        tables = self._lone_tables
        if tables is None:
            tables = self._lone_tables = self._lone_label_tables()
        seen = twice = 0
        for s, t in tables:
            c = ops & 15
            twice |= t[c] | (seen & s[c])
            seen |= s[c]
            ops >>= 4
            if not ops:
                break
        return twice

    def _lone_label_tables(self) -> list[tuple[list[int], list[int]]]:
        """Per run of 4 operands and subset of it: its labels, and those occurring twice or
        more in it."""
        repeated = [0] * len(self.op_mask)  # per operand: labels on several of its axes
        for x, t, _ in self._repeats:
            repeated[t] |= 1 << x
        tables = []
        for start in range(0, max(len(self.op_mask), 1), 4):
            chunk = self.op_mask[start : start + 4]
            seen = [0] * (1 << len(chunk))
            twice = [0] * (1 << len(chunk))
            for sub in range(1, 1 << len(chunk)):
                low = sub & -sub
                i = start + low.bit_length() - 1
                lab = self.op_mask[i]
                seen[sub] = seen[sub ^ low] | lab
                twice[sub] = twice[sub ^ low] | (seen[sub ^ low] & lab) | repeated[i]
            tables.append((seen, twice))
        return tables

    def _propagate(self, unfixed: int, pinned: int) -> tuple[int, int]:
        """Spread the fixed labels ``pinned``: an unfixed operand that is the only one of its
        class among the unfixed with a fixed label on a given axis outside blocks goes onto
        itself, fixing the labels on its axes outside blocks. Returns the operands left
        unfixed and the fixed labels."""
        axis_occ, shared, free_mask = self._axis_occ, self._shared_axis, self._free_mask
        queue = pinned
        deferred = 0  # labels to look at again once another operand is fixed
        while queue and unfixed:
            low = queue & -queue
            queue ^= low
            x = low.bit_length() - 1
            carriers = axis_occ[x] & unfixed
            if not carriers:
                continue
            if shared >> x & 1:  # several of a class carry x on one axis somewhere
                on_axis, cls, free = self._on_axis, self.cls, self._free_labels
                alone = 0
                rest = carriers
                while rest:
                    bit = rest & -rest
                    rest ^= bit
                    u = bit.bit_length() - 1
                    if on_axis[x, cls[u], free[u].index(x)] & unfixed == bit:
                        alone |= bit
                if alone != carriers:
                    deferred |= low
                    if not alone:
                        continue
                carriers = alone
            unfixed &= ~carriers
            queue |= deferred
            deferred = 0
            while carriers:
                bit = carriers & -carriers
                carriers ^= bit
                new = free_mask[bit.bit_length() - 1] & ~pinned
                pinned |= new
                queue |= new
        return unfixed, pinned

    def _fix_last_of_class(self, unfixed: int, pinned: int) -> tuple[int, int]:
        """Fix the unfixed operands that are the last unfixed one of their class (the others
        go onto themselves, so they must too), spread what they fix, until none is left."""
        while unfixed:
            last = 0
            for cm in self.class_masks:
                m = unfixed & cm
                if m and not m & (m - 1):
                    last |= m
            if not last:
                break
            unfixed, pinned = self._propagate(unfixed & ~last, pinned | self._free_labels_of(last))
        return unfixed, pinned

    def _fix_by_lone_labels(
        self, ops: int, unfixed: int, pinned: int, spreads: bool = False
    ) -> tuple[int, int]:
        """Fix the unfixed operands carrying a label that occurs once in the product on an
        axis outside blocks where no other unfixed operand of their class carries one
        (symmetries keep how often labels occur), and spread what they fix (all of them
        when ``spreads``: see :meth:`_unsettled`)."""
        # (a label on a free axis of an unfixed operand is one of the product's)
        once = self._free_labels_of(unfixed) & ~self._not_lone(ops)
        if not once:
            return unfixed, pinned
        where: dict[tuple[int, int], int] = {}  # (class, axis) -> operands with one there
        occ, cls, free = self.occ, self.cls, self._free_labels
        while once:
            low = once & -once
            once ^= low
            x = low.bit_length() - 1
            bit = occ[x] & ops
            t = bit.bit_length() - 1
            k = (cls[t], free[t].index(x))
            where[k] = where.get(k, 0) | bit
        alone = 0
        for carriers in where.values():
            if not carriers & (carriers - 1):
                alone |= carriers
        if not alone:
            return unfixed, pinned
        if spreads:
            return 0, pinned
        return self._propagate(unfixed & ~alone, pinned | self._free_labels_of(alone))

    # ----- the search -----------------------------------------------------------------------

    def _swaps(self, ops: int, joined: bool = False) -> list[Perm]:
        """Label permutations realising generators of the group of operand permutations
        (identical operands exchanged) that map the product onto itself.

        Those permutations keep each class among the operands :meth:`_unsettled` leaves
        free (and each of their :meth:`_cells`: refined first when they have symmetric
        blocks, whose label counts often tell them apart). If exchanging each two
        neighbours of such a set (all else in place) is a symmetry, these exchanges
        generate them all: that is tried first, the search only when one fails."""
        unfixed, pinned = self._unsettled(ops, joined)
        if not unfixed:
            return []
        refined = bool(unfixed & self.sym_ops)
        if refined:
            movable, key = self._cells(ops, unfixed, pinned)
            sets: dict[Any, list[int]] = {}
            for t in movable:
                sets.setdefault(key[t], []).append(t)
            cells = list(sets.values())
        else:
            cells = [bits(unfixed & cm) for cm in self.class_masks]
        labels = bits(self.labels(ops))
        sigmas = []
        for cell in cells:
            for t, u in pairwise(cell):
                sigma = self._exchange(ops, labels, t, u)
                if sigma is None:
                    if not refined:
                        movable, key = self._cells(ops, unfixed, pinned)
                    return _SwapSearch(self, ops, movable, key).run() if movable else []
                sigmas.append(sigma)
        return sigmas

    def _exchange(self, ops: int, labels: list[int], t: int, u: int) -> Perm | None:
        """A label permutation exchanging operands t and u of ``ops`` (of one class) and
        sending every other operand onto itself, if one maps the product onto itself."""
        n_labels = self.n_labels
        img = [-1] * n_labels
        pre = [-1] * n_labels
        others = ops & ~(1 << t | 1 << u)
        rest = self._free_labels_of(others) if others else 0  # their labels stay put
        while rest:
            low = rest & -rest
            rest ^= low
            x = low.bit_length() - 1
            img[x] = pre[x] = x
        free = self._free_labels
        if not (_map_axes(img, pre, free[t], free[u]) and _map_axes(img, pre, free[u], free[t])):
            return None
        return self._realise(ops, labels, {t: u, u: t}, img)

    def _realise(
        self, ops: int, labels: list[int], moves: dict[int, int], forced: list[int]
    ) -> Perm | None:
        """A label permutation sending each operand t of ``ops`` onto ``moves.get(t, t)``
        that maps the product of ``ops`` (labels ``labels``) onto itself, if there is one;
        ``forced``: the images (-1: none) their axes outside blocks force on the labels."""
        if not ops & self.sym_ops:  # no blocks: every label is on an axis that maps
            return tuple([x if y < 0 else y for x, y in enumerate(forced)])
        if not ops & self._explicit_ops:
            # labels on axes outside the blocks map as forced; the others (only ever in
            # blocks) as _solve would pair them, by profile; the blocks must agree
            blocks = self._blocks
            img = forced[:]
            pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
            for t in bits(ops & self.sym_ops):  # (index loops: cheaper than zip compiled)
                mine, theirs = blocks[t], blocks[moves.get(t, t)]
                for i in range(len(mine)):
                    pairs.append((mine[i], theirs[i]))
            rest = [x for x in labels if img[x] < 0]
            if len(rest) == 1:  # (the others map among themselves)
                img[rest[0]] = rest[0]
            elif rest:
                pd = self._profiles([a for a, _ in pairs], rest)
                pc = self._profiles([b for _, b in pairs], rest)
                if sorted(pd) != sorted(pc):
                    return None
                src = sorted([(pd[i], rest[i]) for i in range(len(rest))])
                dst = sorted([(pc[i], rest[i]) for i in range(len(rest))])
                for i in range(len(src)):
                    img[src[i][1]] = dst[i][1]
            for a, b in pairs:
                if sorted([img[x] for x in a]) != sorted(b):
                    return None
            return tuple([x if y < 0 else y for x, y in enumerate(img)])
        dom: list[tuple[int, ...]] = []
        cod: list[tuple[int, ...]] = []
        explicit: list[tuple[Any, Any, Any]] = []
        for t in bits(ops):
            d, c, e = self._constraints(t, moves.get(t, t))
            dom.extend(d)
            cod.extend(c)
            explicit.extend(e)
        for choice in product(*[sorted(e) for _, _, e in explicit]):
            d2, c2 = list(dom), list(cod)
            for (lt, lu, _), element in zip(explicit, choice, strict=True):
                for i, j in enumerate(element):
                    d2.append((lt[i],))
                    c2.append((lu[j],))
            sigma = self._solve(d2, c2, labels)
            if sigma is not None:
                return _as_perm(self.n_labels, sigma)
        return None

    def _constraints(self, t: int, u: int) -> Constraints:
        """Multiset constraints for a label map sending operand t's term onto operand u's:
        ``dom[k]`` onto ``cod[k]`` for every factor of the class's group (and every axis
        outside them), plus the explicit factors (which need one of their elements)."""
        hit = self._cons.get((t, u))
        if hit is None:
            hit = self._cons[(t, u)] = self._make_constraints(t, u)
        return hit

    def _make_constraints(self, t: int, u: int) -> Constraints:
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

    def _profiles(self, cons: list[tuple[int, ...]], labels: list[int]) -> list[Profile]:
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


class _SwapSearch:
    """A bounded backtracking search, in the order of a stabiliser chain: for each movable
    operand (last first), the images it can take with the earlier ones fixed."""

    def __init__(self, net: OperandSwaps, ops: int, movable: list[int], key: dict) -> None:
        self.net = net
        self.ops = ops
        self.movable = movable
        self.key = key
        self.labels = bits(net.labels(ops))
        self.budget = SWAP_SEARCH_LIMIT
        moving = 0
        for t in movable:
            moving |= 1 << t
        self.fixed = bits(ops & ~moving)  # operands that go onto themselves

    def run(self) -> list[Perm]:
        net, movable, key = self.net, self.movable, self.key
        n_labels = net.n_labels
        start: _Forced | None = ([-1] * n_labels, [-1] * n_labels)
        for t in self.fixed:
            assert start is not None  # operands onto themselves never contradict
            start = self.extend(start, t, t)
        # prefix[i]: the label equalities forced by fixing movable[:i]
        prefix: list[_Forced | None] = [start]
        for p in movable:
            last = prefix[-1]
            prefix.append(None if last is None else self.extend(last, p, p))
        found: list[dict[int, int]] = []
        sigmas: list[Perm] = []
        for i in reversed(range(len(movable))):
            t = movable[i]
            fixed = prefix[i]
            if fixed is None or self.pinned_down(fixed[0], t):
                continue
            orbit = _orbit(t, found)
            for y in movable[i + 1 :]:
                if key[y] != key[t] or y in orbit:
                    continue
                forced = self.extend(fixed, t, y)
                if forced is None:
                    continue
                assign = {p: p for p in movable[:i]}
                assign[t] = y
                res = self.complete(assign, forced, i + 1)
                if res:
                    found.append(res[0])
                    sigmas.append(res[1])
                    orbit = _orbit(t, found)
        return sigmas

    def pinned_down(self, img: list[int], t: int) -> bool:
        """Whether operand t carries, on an axis outside blocks, a label the forced map
        ``img`` fixes that no other operand of its class carries on that axis: then t can
        only go onto itself."""
        net = self.net
        c = net.cls[t]
        for j, x in enumerate(net._free_labels[t]):
            if img[x] == x and net._on_axis[x, c, j] == 1 << t:
                return True
        return False

    def extend(self, forced: _Forced, t: int, u: int) -> _Forced | None:
        """Add the label equalities forced by sending operand t onto u, one of its class
        (so of the same extents, axis by axis): axes outside the blocks map one to one.
        None on a contradiction."""
        free = self.net._free_labels
        img, pre = forced[0][:], forced[1][:]
        return (img, pre) if _map_axes(img, pre, free[t], free[u]) else None

    def complete(
        self, assign: dict[int, int], forced: _Forced, j: int
    ) -> tuple[dict[int, int], Perm] | None:
        movable, key = self.movable, self.key
        if j == len(movable):
            sigma = self.check(assign, forced)
            return (assign, sigma) if sigma else None
        t = movable[j]
        used = set(assign.values())
        for u in movable:
            if u in used or key[u] != key[t]:
                continue
            self.budget -= 1
            if self.budget < 0:
                return None
            nxt = self.extend(forced, t, u)
            if nxt is not None:
                found = self.complete({**assign, t: u}, nxt, j + 1)
                if found:
                    return found
        return None

    def check(self, assign: dict[int, int], forced: _Forced) -> Perm | None:
        """A label permutation realising the operand assignment, if there is one."""
        return self.net._realise(self.ops, self.labels, assign, forced[0])


def _as_perm(n: int, mapping: dict[int, int]) -> Perm:
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
