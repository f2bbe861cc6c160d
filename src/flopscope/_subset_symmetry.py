"""The symmetry ``G_S`` of a set ``S`` of an einsum's operands, derived from the set.

``G_S`` is the group of label permutations that map the product of the operands of ``S``
onto itself: each operand onto an identical operand (itself, or the same data possibly
transposed), up to that operand's own symmetry. It is built from ``G_0`` (every operand
onto itself: the permutations preserving each label's "profile" of block memberships)
and the label permutations realising swaps of identical operands (``_operand_swaps``);
pricing takes it as factors on disjoint labels (:func:`joined_factors`). Operand and label
sets are bit masks. :class:`SubsetSymmetry` is the part of
:class:`~flopscope._contraction.Network` that does this; pricing is in ``_contraction``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from itertools import combinations
from math import factorial, prod
from typing import Any

from ._bitsets import bits, mask_of, subset_tables
from ._operand_swaps import OperandSwaps
from ._permutations import ENUMERATION_LIMIT, Perm, closure, inverse, orbits_of
from ._symmetry import Factor, SymmetryGroup, count_orbits

Identity = tuple[int, tuple[int, ...]]  # (class id, axis permutation of the class's base data)
# G_0 as factors on disjoint labels, and the label permutations that, with it, generate G_S
Parts = tuple[tuple[Factor, ...], list[Perm]]

__all__ = ["Identity", "SubsetSymmetry", "bits"]


class SubsetSymmetry(OperandSwaps):
    """Derivation of ``G_S`` per operand set (memoised); mixed into ``Network``, which sets
    up the labels and caches declared here."""

    n: int
    op_labels: tuple[tuple[int, ...], ...]
    _label_tables: list[list[int]]
    _groups: dict[int, SymmetryGroup | None]
    _parts_of: dict[int, Parts | None]
    _pricing: dict[int, tuple[int, tuple[Factor, ...]] | None]
    _order_bounds: dict[int, int]
    _out_groups: dict[int, SymmetryGroup | None]
    _joined: dict[tuple[Perm, ...], frozenset[Perm] | None]  # see joined_factors
    # set by _setup_symmetry
    sym_ops: int  # operands whose class has a symmetry
    has_symmetry: bool
    _pairs: list[tuple[int, int, int, int]]  # see _label_pairs
    _pairs_of_owner: list[list[tuple[int, int, int]]]  # per operand: (breakers, x, y)

    def kept(self, ops: int) -> int:
        raise NotImplementedError

    def summed(self, ops: int) -> int:
        raise NotImplementedError

    # ----- set-up -------------------------------------------------------------------------

    def _setup_symmetry(
        self,
        shapes: Sequence[tuple[int, ...]],
        groups: Sequence[SymmetryGroup | None] | None,
        identities: Sequence[Identity | None] | None,
    ) -> None:
        n = self.n
        self.sym_ops = 0
        self._pairs = []
        if groups is None and identities is None:  # a dense network: nothing to derive
            self.cls = list(range(n))
            self.base_labels = list(self.op_labels)
            self.class_masks = []
            self.class_group = [None] * n
            self.has_symmetry = False
            return
        groups = [None] * n if groups is None else list(groups)
        identities = [None] * n if identities is None else list(identities)
        if len(groups) != n or len(identities) != n:
            raise ValueError(f"need one symmetry and one identity entry per operand ({n})")
        groups = self._checked_groups(shapes, groups)
        # classes of identical operands: base labels and the class's group on base axes
        self.cls = [0] * n
        self.base_labels = [()] * n
        class_groups: list[SymmetryGroup | None] = []
        members: dict[Any, list[tuple[int, tuple[int, ...] | None]]] = {}
        for t, ident in enumerate(identities):
            if ident is None:
                members[t] = [(t, None)]
                continue
            cid, given = ident
            axes = tuple(map(int, given))
            if sorted(axes) != list(range(len(shapes[t]))):
                raise ValueError(f"operand {t}: {axes!r} is not an axis permutation")
            members.setdefault(("class", cid), []).append((t, axes))
        self.class_masks = []
        for mem in members.values():
            cid = len(class_groups)
            base_shape: list[int] | None = None
            group: SymmetryGroup | None = None
            for i, (t, perm) in enumerate(mem):
                g = groups[t]
                if perm is None or perm == tuple(range(len(perm))):  # axes as the base's
                    shape, labels = list(shapes[t]), self.op_labels[t]
                else:
                    shape = [0] * len(perm)
                    base = [0] * len(perm)
                    for a, b in enumerate(perm):  # operand axis a is base axis perm[a]
                        shape[b] = shapes[t][a]
                        base[b] = self.op_labels[t][a]
                    labels = tuple(base)
                    if g is not None:
                        g = g.relabel(inverse(perm))
                if base_shape is None:
                    base_shape = shape
                elif shape != base_shape:
                    raise ValueError(
                        f"operands {mem[0][0]} and {t} are marked identical but their shapes differ"
                    )
                self.cls[t] = cid
                self.base_labels[t] = labels
                if i == 0:
                    group = g
                elif group is not None:
                    group = None if g is None else (group & g)
                    if group is not None and group.is_trivial:
                        group = None
            class_groups.append(group)
            if len(mem) > 1:
                self.class_masks.append(mask_of([t for t, _ in mem]))
        self.class_group = class_groups
        self.sym_ops = mask_of([t for t, c in enumerate(self.cls) if class_groups[c] is not None])
        self.has_symmetry = bool(self.sym_ops or self.class_masks)
        if self.has_symmetry:
            self._identity = tuple(range(self.n_labels))
            self._index_blocks()
            if self.sym_ops:
                self._pairs = self._label_pairs()
                self._pairs_of_owner = [[] for _ in range(n)]
                for owner, breakers, x, y in self._pairs:
                    self._pairs_of_owner[owner.bit_length() - 1].append((breakers, x, y))

    def _checked_groups(
        self, shapes: Sequence[tuple[int, ...]], groups: list[SymmetryGroup | None]
    ) -> list[SymmetryGroup | None]:
        """The operand groups (one per operand), validated, with trivial ones as None."""
        out = list(groups)
        for t, g in enumerate(out):
            if g is None:
                continue
            if not isinstance(g, SymmetryGroup):
                raise TypeError(f"operand {t}: symmetry must be a SymmetryGroup, got {g!r}")
            if g.n != len(shapes[t]):
                raise ValueError(
                    f"operand {t}: symmetry acts on {g.n} axes, the operand has {len(shapes[t])}"
                )
            # symmetric axes need equal extents: a full symmetric factor's support is one
            # orbit; count_orbits checks the general case (and raises the error)
            shape = shapes[t]
            for support, elements in g._factors:
                if elements is not None or len({shape[p] for p in support}) > 1:
                    count_orbits(g, shape)
                    break
            if g.is_trivial:
                out[t] = None
        return out

    def _index_blocks(self) -> None:
        """Per operand and per label, where labels sit in symmetric blocks (search tables;
        those only the search for swaps of operands needs come later: _index_free_axes)."""
        n_labels = self.n_labels
        self._blocks = []
        self._free_labels = []
        self._repeats = []
        self._explicit_ops = 0
        self._own_bound = []  # per operand: prod over its blocks of (distinct labels in it)!
        self._block_occ = block_occ = [0] * n_labels  # per label: operands with it in a block
        self._axis_occ = axis_occ = [0] * n_labels  # ... and on an axis outside any block
        layouts: dict[SymmetryGroup, tuple[Any, ...]] = {}  # operands often share a group
        for t in range(self.n):
            m = self.base_labels[t]
            group = self.class_group[self.cls[t]]
            own = 1
            if group is None:
                blocks: tuple[tuple[int, ...], ...] = ()
                free = m
            else:
                layout = layouts.get(group)
                if layout is None:
                    blocked = {b for s, _ in group._factors for b in s}
                    layout = layouts[group] = (
                        tuple(s for s, _ in group._factors),
                        tuple(b for b in range(len(m)) if b not in blocked),
                        any(e is not None for _, e in group._factors),
                    )
                block_axes, free_axes, explicit = layout
                blocks = tuple(tuple([m[b] for b in axes]) for axes in block_axes)
                free = tuple([m[b] for b in free_axes])
                if explicit:
                    self._explicit_ops |= 1 << t
                for block in blocks:
                    own *= factorial(len(set(block)))
                    for x in block:
                        block_occ[x] |= 1 << t
            self._blocks.append(blocks)
            self._free_labels.append(free)
            self._own_bound.append(own)
            for x in free:
                axis_occ[x] |= 1 << t
            if len(set(m)) < len(m):
                self._repeats.extend((x, t, k - 1) for x, k in Counter(m).items() if k > 1)
        self._free_tables = []  # set by _index_free_axes when first needed
        self._lone_tables = None  # built by _lone_label_tables when first needed

    def _index_free_axes(self) -> None:
        """Tables for settling which operands may move: per operand its labels on axes
        outside blocks (as a mask, and folded over runs of 4 operands), and which operands
        of a class carry a label on the same such axis."""
        on_axis: dict[tuple[int, int, int], int] = {}
        shared = 0
        self._free_mask = []
        for t, free in enumerate(self._free_labels):
            c = self.cls[t]
            fm = 0
            for j, x in enumerate(free):
                fm |= 1 << x
                had = on_axis.get((x, c, j), 0)
                if had:
                    shared |= 1 << x
                on_axis[x, c, j] = had | 1 << t
            self._free_mask.append(fm)
        self._on_axis = on_axis
        self._shared_axis = shared  # labels several of a class carry on one such axis
        if self._free_mask == list(self.op_mask):  # no blocks: free labels are all labels
            self._free_tables = self._label_tables
        else:
            self._free_tables = subset_tables(self._free_mask)

    def _label_pairs(self) -> list[tuple[int, int, int, int]]:
        """(owner, breakers, x, y) per pair of labels x, y sharing a block of a symmetric
        operand: the pair can be exchanged in ``G_S`` only if the owner is in S and no
        breaker is, a breaker being an operand whose axes treat the two labels differently.
        Then every operand of S treats them alike: they have the same profile."""
        pairs = []
        blocks_of, in_blocks, on_axes = self._blocks, self._block_occ, self._axis_occ
        for t in bits(self.sym_ops):
            for labs in blocks_of[t]:
                for x, y in combinations(sorted(set(labs)), 2):
                    if self.size[x] != self.size[y] or labs.count(x) != labs.count(y):
                        continue
                    # on an axis outside the blocks, or counted apart in a block
                    breakers = on_axes[x] | on_axes[y]
                    for u in bits((in_blocks[x] | in_blocks[y]) & ~breakers):
                        if any(b.count(x) != b.count(y) for b in blocks_of[u]):
                            breakers |= 1 << u
                    if not breakers >> t & 1:
                        pairs.append((1 << t, breakers, x, y))
        return pairs

    # ----- G_S per operand set -------------------------------------------------------------

    def _alive_pairs(self, ops: int) -> list[tuple[int, int]]:
        """The pairs of :meth:`_label_pairs` that ``ops`` holds the owner of and no breaker of."""
        alive = []
        owned = self._pairs_of_owner
        for t in bits(ops & self.sym_ops):
            for breakers, x, y in owned[t]:
                if not ops & breakers:
                    alive.append((x, y))
        return alive

    def group(self, ops: int) -> SymmetryGroup | None:
        """``G_S``: label permutations mapping the product of the operands in ``ops`` onto itself."""
        if ops in self._groups:
            return self._groups[ops]
        g = None
        parts = self._parts(ops)
        if parts is not None:
            own, sigmas = parts
            g0 = SymmetryGroup(self.n_labels, own)
            g = g0
            if sigmas:
                with suppress(ValueError):  # too large to count exactly: keep the subgroup
                    g = SymmetryGroup.from_generators(self.n_labels, [*g0.generators(), *sigmas])
            if g.is_trivial:
                g = None
        self._groups[ops] = g
        return g

    def _parts(self, ops: int, joined: bool = False) -> Parts | None:
        """``G_0`` (each operand onto itself, as factors) and the label permutations that,
        with it, generate ``G_S``; None when ``G_S`` is trivial. (``joined``: the operands
        are known to be joined by shared labels, a shortcut; see :meth:`_unsettled`.)"""
        parts = self._parts_of.get(ops, ())
        if parts != ():
            return parts  # type: ignore[return-value]
        own: tuple[Factor, ...] = ()
        if ops & self.sym_ops:
            alive = self._alive_pairs(ops)
            if alive:
                own = self._own_factors(ops, alive)
        sigmas = []
        if self.class_masks:
            if ops.bit_count() == 2:  # two operands: at most their exchange
                t, u = bits(ops)
                if self.cls[t] == self.cls[u]:
                    sigma = self._exchange(ops, bits(self.labels(ops)), t, u)
                    sigmas = [] if sigma is None else [sigma]
            else:
                sigmas = self._swaps(ops, joined)
            # (identical operands with the same labels swap as the identity)
            sigmas = [p for p in sigmas if p != self._identity]
        parts = (own, sigmas) if sigmas or own else None
        self._parts_of[ops] = parts
        return parts

    def _own_factors(self, ops: int, alive: list[tuple[int, int]]) -> tuple[Factor, ...]:
        """``G_0``, each operand onto itself: the full symmetric group on each class of
        labels of equal profile (extent, multiplicity in every block and axis), within the
        explicit factors' groups. Two labels share a profile exactly when they are a pair
        of :meth:`_label_pairs` that ``ops`` does not break (``alive``)."""
        if not ops & self._explicit_ops:
            seen = 0
            for x, y in alive:
                if (seen >> x | seen >> y) & 1:
                    break
                seen |= 1 << x | 1 << y
            else:  # disjoint pairs (x < y): each a symmetric group of its own
                return tuple(sorted([((x, y), None) for x, y in alive]))
        same: dict[int, list[int]] = {}
        for x, y in alive:
            cx, cy = same.get(x), same.get(y)
            if cx is None and cy is None:
                same[x] = same[y] = [x, y]
            elif cx is None:
                cy.append(x)  # type: ignore[union-attr]
                same[x] = cy  # type: ignore[assignment]
            elif cy is None:
                cx.append(y)
                same[y] = cx
            elif cx is not cy:
                cx.extend(cy)
                for z in cy:
                    same[z] = cx
        classes = {id(c): c for c in same.values()}
        factors = sorted((tuple(sorted(c)), None) for c in classes.values())
        explicit = ops & self._explicit_ops
        if not explicit:
            return tuple(factors)
        n_labels = self.n_labels
        g0 = SymmetryGroup(n_labels, factors)
        for t in bits(explicit):
            for lab, _, elements in self._constraints(t, t)[2]:
                g0 = g0 & _induced(n_labels, lab, elements)
        return g0._factors

    def pricing_group(
        self, ops: int, joined: bool = False
    ) -> tuple[int, tuple[Factor, ...]] | None:
        """``(|G_S|, factors)``: ``G_S`` as a direct product of factors on disjoint labels,
        as :meth:`group` but not necessarily the finest such product (orbit counts do not
        need it, and finding it costs more than the counting); None when trivial.
        ``joined``: the operands are known to be joined by shared labels (a shortcut)."""
        found = self._pricing.get(ops, ())
        if found != ():
            return found  # type: ignore[return-value]
        found = None
        parts = self._parts(ops, joined)
        if parts is not None:
            own, sigmas = parts
            factors = joined_factors(self.n_labels, own, sigmas, self._joined) if sigmas else own
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
            b = 1
            sym = ops & self.sym_ops
            if sym:
                alive = 0
                own = 1
                owned, own_bound = self._pairs_of_owner, self._own_bound
                while sym:
                    low = sym & -sym
                    sym ^= low
                    t = low.bit_length() - 1
                    own *= own_bound[t]
                    for breakers, _, _ in owned[t]:
                        if not ops & breakers:
                            alive += 1
                if alive:
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


def joined_factors(
    n: int,
    factors: Sequence[Factor],
    extra: Sequence[Perm],
    memo: dict[tuple[Perm, ...], frozenset[Perm] | None] | None = None,
) -> tuple[Factor, ...] | None:
    """Factors on disjoint supports of the group generated by the group of ``factors`` (on
    positions ``0 .. n-1``) and the permutations ``extra``, not necessarily the finest
    (orbit counts do not need that, and finding it costs more than they do): each extra
    permutation joins the factors whose support it meets, and the others it meets, into
    one factor, enumerated. None when a joined factor is too large to enumerate here, or
    the group too large to count exactly (:meth:`SymmetryGroup.from_generators` decides
    those). ``memo`` keeps enumerated factors by their generators (one per network)."""
    if memo is None:
        memo = {}
    # parts on disjoint positions: (their mask, generators as permutations of range(n)),
    # or (mask, [], a factor as it was)
    parts: list[tuple[int, list[Perm], Factor | None]] = [(mask_of(f[0]), [], f) for f in factors]
    for g in extra:
        moved = 0
        for i, j in enumerate(g):
            if i != j:
                moved |= 1 << i
        if not moved:
            continue
        gens = [g]
        untouched = []
        for part in parts:
            if part[0] & moved:
                moved |= part[0]
                gens += part[1] if part[2] is None else SymmetryGroup(n, [part[2]]).generators()
            else:
                untouched.append(part)
        parts = [*untouched, (moved, gens, None)]
    out: list[Factor] = []
    for mask, gens, factor in parts:
        if factor is None:
            factor = _enumerated(bits(mask), gens, memo)
            if factor is None:
                return None
        out.append(factor)
    if prod(factorial(len(s)) if e is None else len(e) for s, e in out) > ENUMERATION_LIMIT:
        return None
    return tuple(out)


def _enumerated(
    support: list[int], gens: list[Perm], memo: dict[tuple[Perm, ...], frozenset[Perm] | None]
) -> Factor | None:
    """The factor on ``support`` that ``gens`` (permutations of every position) generate,
    its elements enumerated (None when it is too large to here; a full symmetric group
    stays symbolic). ``memo``: elements (None: the full group) by generators on the support."""
    k = len(support)
    where = {p: i for i, p in enumerate(support)}
    local = [tuple([where[g[p]] for p in support]) for g in gens]
    key = tuple(local)
    if key in memo:
        return (tuple(support), memo[key])
    g = local[0]
    if len(local) == 1 and all(g[g[i]] == i for i in range(k)):  # an involution
        elements = frozenset([tuple(range(k)), g])
    else:
        # enumerate as _from_generators does: orbits within 7! (sure on 7 labels)
        if k > 7 and prod([factorial(len(o)) for o in orbits_of(local, k)]) > 5040:
            return None
        elements = closure(local, k)
    found = memo[key] = None if len(elements) == factorial(k) else elements
    return (tuple(support), found)


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
