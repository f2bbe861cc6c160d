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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations, product
from typing import Any

import numpy as np

from ._symmetry import SymmetryGroup, count_orbits

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
        self._label_tables = _tables(self.op_mask, int.__or__, 0)
        self._size_tables = _tables(self.size, int.__mul__, 1)
        self._labels: dict[int, int] = {0: 0}
        self._kept: dict[int, int] = {}
        self._dense: dict[int, int] = {0: 1}
        self._terms: dict[tuple[int, int], tuple[int, int]] = {}
        self._groups: dict[int, SymmetryGroup | None] = {}
        self._out_groups: dict[int, SymmetryGroup | None] = {}
        self._cons: dict[tuple[int, int], Any] = {}
        self._group_memo: dict[Any, SymmetryGroup] = {}
        self._count_memo: dict[Any, int] = {}
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

    def extents(self, labels: int) -> tuple[int, ...]:
        return tuple(self.size[x] if (labels >> x) & 1 else 1 for x in range(self.n_labels))

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
                g_base = None if g is None else g.relabel(_inverse(perm))
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
        self._pairs = self._label_pairs() if self.sym_ops else []

    def may_have_symmetry(self, ops: int) -> bool:
        """A cheap necessary test for a nontrivial ``G_S``: two identical operands, or two
        labels of one symmetric block that no operand of ``ops`` tells apart."""
        if any((ops & cm) & ((ops & cm) - 1) for cm in self.class_masks):
            return True
        return any(ops & owner and not ops & breakers for owner, breakers in self._pairs)

    def _label_pairs(self) -> list[tuple[int, int]]:
        """(owner, breakers) per pair of labels sharing a block of a symmetric operand: the
        pair can be exchanged in ``G_S`` only if the owner is in S and no breaker is, a
        breaker being an operand whose axes treat the two labels differently."""
        pairs = []
        for t in range(self.n):
            group = self.class_group[self.cls[t]]
            if group is None:
                continue
            m = self.base_labels[t]
            for support, _ in group._factors:
                labs = [m[b] for b in support]
                for x, y in combinations(sorted(set(labs)), 2):
                    if self.size[x] != self.size[y] or labs.count(x) != labs.count(y):
                        continue
                    breakers = 0
                    for u in range(self.n):
                        d = self._constraints(u, u)[0]
                        if any(c.count(x) != c.count(y) for c in d):
                            breakers |= 1 << u
                    if not breakers >> t & 1:
                        pairs.append((1 << t, breakers))
        return pairs

    def group(self, ops: int) -> SymmetryGroup | None:
        """``G_S``: label permutations mapping the product of the operands in ``ops`` onto itself."""
        if ops in self._groups:
            return self._groups[ops]
        g = None
        if self.may_have_symmetry(ops):
            g = self._compute_group(ops)
            if g.is_trivial:
                g = None
        self._groups[ops] = g
        return g

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
        prof: dict[int, list[tuple[int, int]]] = {x: [] for x in labels}
        for k, c in enumerate(cons):
            if len(c) == 1:
                prof[c[0]].append((k, 1))
            else:
                for x, m in Counter(c).items():
                    prof[x].append((k, m))
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

    def _signature(self, t: int, occurrences: Counter[int]) -> tuple:
        """What any symmetry preserves about operand t: per block of its class's group
        (and per other axis), the sorted (extent, occurrences in the product) of its labels."""
        m = self.base_labels[t]
        group = self.class_group[self.cls[t]]
        blocks = [] if group is None else [s for s, _ in group._factors]
        covered = {b for s in blocks for b in s}
        blocks += [(b,) for b in range(len(m)) if b not in covered]
        return tuple(
            tuple(sorted((self.size[m[b]], occurrences[m[b]]) for b in block)) for block in blocks
        )

    def _compute_group(self, ops: int) -> SymmetryGroup:
        n_labels = self.n_labels
        members = bits(ops)
        labels = bits(self.labels(ops))
        # G0: each operand onto itself
        dom: list[tuple[int, ...]] = []
        explicit: list[tuple[Any, Any, Any]] = []
        for t in members:
            d, _, e = self._constraints(t, t)
            dom.extend(d)
            explicit.extend(e)
        profiles = self._profiles(dom, labels)
        if len(set(profiles)) == len(profiles):  # every label pinned: no symmetry of its own
            g0 = SymmetryGroup(n_labels)
        else:
            prof = dict(zip(labels, profiles, strict=True))
            classes = tuple(prof.get(x, ("outside", x)) for x in range(n_labels))
            g0 = SymmetryGroup.symmetric(n_labels).preserving_classes(classes)
            for lab, _, elements in explicit:
                g0 = g0 & _induced(n_labels, lab, elements)
        sigmas = self._swaps(members, labels)
        if not sigmas:
            return g0
        try:
            return SymmetryGroup.from_generators(n_labels, [*g0.generators(), *sigmas])
        except ValueError:  # too large to count exactly: keep the (sound) subgroup
            return g0

    def _swaps(self, members: list[int], labels: list[int]) -> list[tuple[int, ...]]:
        """Label permutations realising generators of the group of operand permutations
        (identical operands exchanged) that map the product onto itself."""
        # operands can only be exchanged with operands of their class whose labels occur
        # equally often in the product (per symmetric block): refine the classes by that
        same: dict[int, list[int]] = {}
        for t in members:
            same.setdefault(self.cls[t], []).append(t)
        if all(len(ts) == 1 for ts in same.values()):
            return []
        occurrences: Counter[int] = Counter()
        for t in members:
            occurrences.update(self.base_labels[t])
        by_class: dict[Any, list[int]] = {}
        for t in members:
            sig = self._signature(t, occurrences) if len(same[self.cls[t]]) > 1 else t
            by_class.setdefault((self.cls[t], sig), []).append(t)
        movable = sorted(t for ts in by_class.values() if len(ts) > 1 for t in ts)
        if not movable:
            return []
        key = {t: k for k, ts in enumerate(by_class.values()) for t in ts}
        fixed_dom: list[tuple[int, ...]] = []
        fixed_explicit: list[tuple[Any, Any, Any]] = []
        for t in members:
            if t not in movable:
                d, _, e = self._constraints(t, t)
                fixed_dom.extend(d)
                fixed_explicit.extend(e)
        n_labels = self.n_labels
        budget = [SWAP_SEARCH_LIMIT]

        def check(assign: dict[int, int]) -> tuple[int, ...] | None:
            """A label permutation realising the operand assignment, if there is one."""
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
        size = self.size

        def extend(forced: _Forced, t: int, u: int) -> _Forced | None:
            """Add the label equalities forced by sending operand t onto u (axes outside
            any symmetric factor map one to one); None on a contradiction."""
            f, rev = dict(forced[0]), dict(forced[1])
            d, c, _ = self._constraints(t, u)
            for a, b in zip(d, c, strict=True):
                if len(a) == 1:
                    x, y = a[0], b[0]
                    if size[x] != size[y] or f.setdefault(x, y) != y or rev.setdefault(y, x) != x:
                        return None
                elif sorted(size[x] for x in a) != sorted(size[y] for y in b):
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
                sigma = check(assign)
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

        found_perms: list[dict[int, int]] = []
        sigmas: list[tuple[int, ...]] = []
        for i in reversed(range(r)):
            t = movable[i]
            orbit = _orbit(t, found_perms)
            for y in movable[i + 1 :]:
                if key[y] != key[t] or y in orbit:
                    continue
                assign = {p: p for p in movable[:i]}
                forced: _Forced | None = start_forced
                for p in movable[:i]:
                    forced = None if forced is None else extend(forced, p, p)
                forced = None if forced is None else extend(forced, t, y)
                if forced is None:
                    continue
                assign[t] = y
                res = complete(assign, forced, i + 1)
                if res:
                    found_perms.append(res[0])
                    sigmas.append(res[1])
                    orbit = _orbit(t, found_perms)
        return sigmas

    def _memo(self, g: SymmetryGroup, what: str, a: int, b: int) -> SymmetryGroup:
        """Group transforms keyed by label masks (cheaper than position lists)."""
        key = (g, what, a, b)
        hit = self._group_memo.get(key)
        if hit is None:
            if what == "pointwise":
                hit = g.pointwise_stabiliser(bits(a))
            else:
                hit = g.setwise_stabiliser(bits(a)).project(bits(b))
            self._group_memo[key] = hit
        return hit

    def _orbits(self, g: SymmetryGroup | None, labels: int) -> int:
        """Orbits of the index space over ``labels`` under ``g`` (which fixes the others)."""
        if g is None:
            return self.dense_terms(labels)
        key = (g, labels)
        hit = self._count_memo.get(key)
        if hit is None:
            hit = self._count_memo[key] = count_orbits(g, self.extents(labels))
        return hit

    def compact(self) -> None:
        """Drop the search caches (kept: the groups, which reports use)."""
        self._labels = {0: 0}
        self._kept.clear()
        self._dense = {0: 1}
        self._terms.clear()
        self._group_memo.clear()
        self._count_memo.clear()

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
        g = self.group(ops)
        terms = dense
        if g is not None and dense:
            o = self.kept(ops)
            w = v & ~o
            h = self._memo(g, "setwise-project", before, v) if before else g
            outs = self._orbits(self.output_group(ops), o)
            inner = self._orbits(self._memo(h, "pointwise", o, 0), w)
            whole = self._orbits(h, v)
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
