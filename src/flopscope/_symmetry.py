"""Permutation groups on tensor axes, and exact orbit counting by Burnside's lemma.

A :class:`SymmetryGroup` acts on positions ``0 .. n-1`` (the axes of a tensor, or the labels
of an einsum). It is stored as a direct product of *factors* on disjoint supports, each
either the full symmetric group on its support (kept symbolic: S_8 is never enumerated) or
an explicit set of permutations of its support. The factorisation is canonical (the finest
one, see ``_split``), so two equal groups have equal factors and compare and hash equal
however they were generated.

Permutations are tuples ``p`` with ``p[i]`` the image of ``i``; ``a∘b`` applies ``b`` first.
A group element ``g`` acts on an index tuple ``x`` as ``x ↦ x∘g`` (``x'[i] = x[g[i]]``); a
tensor carries the group when ``T[x∘g] == T[x]`` for every ``g``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import combinations, pairwise, permutations, product
from math import comb, factorial, prod
from typing import Any

Perm = tuple[int, ...]

#: explicit (non-symmetric) factors are enumerated; larger ones are refused
ENUMERATION_LIMIT = 100_000


def _compose(a: Perm, b: Perm) -> Perm:
    """a∘b: apply b, then a."""
    return tuple(a[i] for i in b)


def _inverse(p: Perm) -> Perm:
    inv = [0] * len(p)
    for i, j in enumerate(p):
        inv[j] = i
    return tuple(inv)


def _check_perm(p: Iterable[int], n: int, what: str = "permutation") -> Perm:
    try:
        p = tuple(int(i) for i in p)
    except (TypeError, ValueError):
        raise TypeError(f"a {what} must be a sequence of integers, got {p!r}") from None
    if sorted(p) != list(range(n)):
        raise ValueError(f"{p!r} is not a {what} of range({n})")
    return p


def _check_positions(positions: Iterable[int], n: int) -> tuple[int, ...]:
    try:
        pos = tuple(int(i) for i in positions)
    except (TypeError, ValueError):
        raise TypeError(f"positions must be integers, got {positions!r}") from None
    for p in pos:
        if not 0 <= p < n:
            raise ValueError(f"position {p} is out of range for {n} axes")
    if len(set(pos)) != len(pos):
        raise ValueError(f"positions {pos!r} repeat an axis")
    return pos


# ---------------------------------------------------------------------------------------
# Order of a group given by generators: Knuth's deterministic Schreier-Sims (1991),
# run on a work list instead of recursion.
# ---------------------------------------------------------------------------------------


def _group_order(k: int, gens: Sequence[Perm]) -> int:
    identity = tuple(range(k))
    sigma: list[dict[int, Perm]] = [{i: identity} for i in range(k)]
    strong: list[list[Perm]] = [[] for _ in range(k)]

    def member(level: int, g: Perm) -> bool:
        for i in range(level, k):
            s = sigma[i].get(g[i])
            if s is None:
                return False
            g = _compose(_inverse(s), g)
        return True

    work: list[tuple[bool, int, Perm]] = [(True, 0, g) for g in reversed(gens)]
    while work:
        is_a, level, g = work.pop()
        if is_a:  # add g as a strong generator of level `level`, unless already there
            if level >= k or member(level, g):
                continue
            strong[level].append(g)
            work.extend((False, level, _compose(g, s)) for s in list(sigma[level].values()))
        else:  # g is in G_level: extend the orbit of `level`, or sift to the next level
            j = g[level]
            s = sigma[level].get(j)
            if s is None:
                sigma[level][j] = g
                work.extend((False, level, _compose(h, g)) for h in strong[level])
            else:
                work.append((True, level + 1, _compose(_inverse(s), g)))
    return prod(len(row) for row in sigma)


def _closure(gens: Sequence[Perm], k: int) -> frozenset[Perm]:
    identity = tuple(range(k))
    seen = {identity}
    frontier = [identity]
    while frontier:
        new = []
        for e in frontier:
            for s in gens:
                h = tuple(s[i] for i in e)
                if h not in seen:
                    seen.add(h)
                    new.append(h)
        frontier = new
    return frozenset(seen)


def _orbits_of(elements: Iterable[Perm], k: int) -> list[tuple[int, ...]]:
    parent = list(range(k))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for e in elements:
        for i, j in enumerate(e):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(k):
        groups.setdefault(find(i), []).append(i)
    return [tuple(v) for v in groups.values()]


# ---------------------------------------------------------------------------------------
# Canonical factorisation of an explicit group
# ---------------------------------------------------------------------------------------

Factor = tuple[tuple[int, ...], Any]  # (sorted support, None for the full symmetric group
#                                        or a frozenset of local permutations of the support)


def _restricted(elements: frozenset[Perm], idx: Sequence[int]) -> frozenset[Perm]:
    """The image of local permutations on the (invariant) local positions ``idx``."""
    where = {p: j for j, p in enumerate(idx)}
    return frozenset(tuple(where[e[p]] for p in idx) for e in elements)


def _split(support: tuple[int, ...], elements: frozenset[Perm]) -> list[Factor]:
    """The finest direct-product factorisation of an explicit group on ``support``.

    The sets of positions ``A`` with ``G = G|A x G|rest`` are closed under intersection, so
    each orbit lies in a unique smallest such set (an *atom*); atoms are found by trying
    unions of orbits by increasing size. Full symmetric atoms become symbolic factors.
    """
    if len(elements) <= 1:
        return []
    k = len(support)
    orbits = [o for o in _orbits_of(elements, k) if len(o) > 1]
    moved = sorted(i for o in orbits for i in o)
    if len(moved) < k:  # drop fixed points
        elements = _restricted(elements, moved)
        where = {p: j for j, p in enumerate(moved)}
        orbits = [tuple(where[i] for i in o) for o in orbits]
        support = tuple(support[i] for i in moved)
        k = len(moved)
    order = len(elements)
    if len(orbits) == 1:
        return [(support, None if order == factorial(k) else elements)]
    if len(orbits) > 12:  # never happens for tensor axes; keep the group whole
        return [(support, elements)]

    def splits(part: Sequence[int]) -> bool:
        rest = [i for i in range(k) if i not in set(part)]
        return len(_restricted(elements, part)) * len(_restricted(elements, rest)) == order

    factors: list[Factor] = []
    remaining = list(range(len(orbits)))
    while remaining:
        first, others = remaining[0], remaining[1:]
        atom: tuple[int, ...] = tuple(remaining)
        for size in range(len(others)):
            for extra in combinations(others, size):
                part = sorted(i for o in (first, *extra) for i in orbits[o])
                if splits(part):
                    atom = (first, *extra)
                    break
            else:
                continue
            break
        remaining = [o for o in remaining if o not in atom]
        idx = sorted(i for o in atom for i in orbits[o])
        sub = _restricted(elements, idx)
        sub_support = tuple(support[i] for i in idx)
        is_sym = len(atom) == 1 and len(sub) == factorial(len(idx))
        factors.append((sub_support, None if is_sym else sub))
    return factors


@lru_cache(maxsize=4096)
def _cycle_census(elements: frozenset[Perm]) -> tuple[tuple[tuple[tuple[int, ...], ...], int], ...]:
    """Elements grouped by their cycles (fixed points included): Burnside's sum needs only these."""
    census: Counter[tuple[tuple[int, ...], ...]] = Counter()
    for e in elements:
        seen = [False] * len(e)
        cycles = []
        for i in range(len(e)):
            if not seen[i]:
                cycle = []
                j = i
                while not seen[j]:
                    seen[j] = True
                    cycle.append(j)
                    j = e[j]
                cycles.append(tuple(cycle))
        census[tuple(cycles)] += 1
    return tuple(census.items())


# ---------------------------------------------------------------------------------------
# The group
# ---------------------------------------------------------------------------------------


class SymmetryGroup:
    """An immutable permutation group on positions ``0 .. n-1``.

    Build one with :meth:`trivial`, :meth:`symmetric`, :meth:`cyclic`, :meth:`block`,
    :meth:`from_generators` or :meth:`from_spec`; combine with ``*`` (direct product of
    groups moving disjoint positions) and ``&`` (intersection).
    """

    __slots__ = ("__weakref__", "_factors", "_hash", "n")

    n: int
    _factors: tuple[Factor, ...]

    def __init__(self, n: int, factors: Iterable[Factor] = ()) -> None:
        # internal: factors must be canonical (as produced by _make)
        self.n = n
        self._factors = tuple(sorted(factors, key=lambda f: f[0]))
        self._hash = hash((n, self._factors))

    @classmethod
    def _make(cls, n: int, factors: Iterable[Factor]) -> SymmetryGroup:
        out: list[Factor] = []
        for support, elements in factors:
            if len(support) < 2:
                continue
            if elements is None:
                out.append((tuple(sorted(support)), None))
            else:
                out.extend(_split(tuple(support), elements))
        return cls(n, out)

    # ----- constructors -----------------------------------------------------------------

    @classmethod
    def trivial(cls, n: int) -> SymmetryGroup:
        return cls(_check_n(n))

    @classmethod
    def symmetric(cls, n: int, positions: Iterable[int] | None = None) -> SymmetryGroup:
        """The full symmetric group on ``positions`` (default: all ``n``)."""
        n = _check_n(n)
        pos = tuple(range(n)) if positions is None else _check_positions(positions, n)
        return cls._make(n, [(pos, None)])

    @classmethod
    def cyclic(cls, n: int, positions: Iterable[int] | None = None) -> SymmetryGroup:
        """The cyclic group shifting ``positions`` in order: p0 -> p1 -> ... -> p0."""
        n = _check_n(n)
        pos = tuple(range(n)) if positions is None else _check_positions(positions, n)
        if len(pos) < 2:
            return cls(n)
        gen = list(range(n))
        for a, b in zip(pos, pos[1:] + pos[:1], strict=True):
            gen[a] = b
        return cls.from_generators(n, [gen])

    @classmethod
    def block(cls, n: int, blocks: Sequence[Sequence[int]]) -> SymmetryGroup:
        """Permutations of equal-length blocks of positions, moved together.

        ``block(4, [(0, 1), (2, 3)])`` swaps axes 0<->2 and 1<->3 at once: ``T[a,b,c,d] ==
        T[c,d,a,b]``. With m blocks the group is S_m acting on them.
        """
        n = _check_n(n)
        bl = [_check_positions(b, n) for b in blocks]
        if len({len(b) for b in bl}) > 1:
            raise ValueError(f"blocks must have equal lengths, got {blocks!r}")
        flat = [p for b in bl for p in b]
        if len(set(flat)) != len(flat):
            raise ValueError(f"blocks must be disjoint, got {blocks!r}")
        gens = []
        for b1, b2 in pairwise(bl):
            g = list(range(n))
            for a, b in zip(b1, b2, strict=True):
                g[a], g[b] = b, a
            gens.append(g)
        return cls.from_generators(n, gens)

    @classmethod
    def from_generators(cls, n: int, generators: Iterable[Iterable[int]]) -> SymmetryGroup:
        """The group generated by ``generators`` (permutations of range(n)), closed and cached."""
        n = _check_n(n)
        gens = tuple(sorted({_check_perm(g, n) for g in generators}))
        return _from_generators(n, gens)

    @classmethod
    def from_spec(cls, n: int, spec: Any) -> SymmetryGroup:
        """``symmetric_axes`` as the public API takes it.

        One tuple of axes: the full symmetric group on them; several tuples: the direct
        product of the symmetric groups on each; a SymmetryGroup: itself.
        """
        n = _check_n(n)
        if isinstance(spec, SymmetryGroup):
            if spec.n != n:
                raise ValueError(f"symmetry group acts on {spec.n} axes, the array has {n}")
            return spec
        try:
            items = list(spec)
        except TypeError:
            raise TypeError(
                f"symmetric_axes must be a tuple of axes or a tuple of such tuples, got {spec!r}"
            ) from None
        if not items:
            return cls(n)
        blocks = [items] if all(isinstance(i, int) for i in items) else items
        factors = []
        seen: set[int] = set()
        for b in blocks:
            if isinstance(b, int):
                raise TypeError(f"symmetric_axes mixes axes and tuples of axes: {spec!r}")
            pos = _check_positions([_normalise_axis(a, n) for a in b], n)
            if seen & set(pos):
                raise ValueError(f"symmetric_axes tuples must be disjoint, got {spec!r}")
            seen |= set(pos)
            factors.append((pos, None))
        return cls._make(n, factors)

    # ----- basic queries ----------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SymmetryGroup):
            return NotImplemented
        return self.n == other.n and self._factors == other._factors

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> Any:
        return (SymmetryGroup, (self.n, self._factors))

    @property
    def is_trivial(self) -> bool:
        return not self._factors

    @property
    def order(self) -> int:
        return prod(factorial(len(s)) if e is None else len(e) for s, e in self._factors)

    def orbits(self) -> tuple[tuple[int, ...], ...]:
        """The partition of the positions into orbits (singletons included), sorted."""
        out = []
        moved: set[int] = set()
        for support, elements in self._factors:
            moved.update(support)
            if elements is None:
                out.append(support)
            else:
                out.extend(tuple(support[i] for i in o) for o in _orbits_of(elements, len(support)))
        out.extend((p,) for p in range(self.n) if p not in moved)
        return tuple(sorted(out))

    def _orbit_ids(self) -> list[int]:
        ids = [0] * self.n
        for k, orbit in enumerate(self.orbits()):
            for p in orbit:
                ids[p] = k
        return ids

    @property
    def moved(self) -> tuple[int, ...]:
        return tuple(sorted(p for s, _ in self._factors for p in s))

    def elements(self) -> Iterator[Perm]:
        """Every element as a permutation of range(n) (for tests and small groups)."""
        pools = [_factor_elements(s, e) for s, e in self._factors]
        for choice in product(*pools):
            g = list(range(self.n))
            for (support, _), local in zip(self._factors, choice, strict=True):
                for i, j in enumerate(local):
                    g[support[i]] = support[j]
            yield tuple(g)

    def generators(self) -> tuple[Perm, ...]:
        """A small generating set."""
        gens = []
        for support, elements in self._factors:
            k = len(support)
            if elements is None:
                local = [(1, 0, *range(2, k))]
                if k > 2:
                    local.append((*range(1, k), 0))
            else:
                local = _generating_set(elements)
            for loc in local:
                g = list(range(self.n))
                for i, j in enumerate(loc):
                    g[support[i]] = support[j]
                gens.append(tuple(g))
        return tuple(gens)

    def __contains__(self, perm: object) -> bool:
        try:
            g = _check_perm(perm, self.n)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        moved: set[int] = set()
        for support, elements in self._factors:
            moved.update(support)
            where = {p: i for i, p in enumerate(support)}
            try:
                local = tuple(where[g[p]] for p in support)
            except KeyError:
                return False
            if elements is not None and local not in elements:
                return False
        return all(g[p] == p for p in range(self.n) if p not in moved)

    def joined_factors(self, extra: Sequence[Perm]) -> tuple[Factor, ...] | None:
        """Factors on disjoint supports of the group generated by this one and ``extra``,
        not necessarily the finest (orbit counts do not need that, and finding it costs
        more than they do): each extra permutation joins the factors whose support it
        meets, and the others it meets, into one factor, enumerated. None when a joined
        factor is too large to enumerate here, or the group too large to count exactly
        (:meth:`from_generators` decides those)."""
        parts: list[tuple[set[int], list[Perm], Factor | None]] = [
            (set(f[0]), [], f) for f in self._factors
        ]
        for g in extra:
            moved = {i for i in range(self.n) if g[i] != i}
            if not moved:
                continue
            gens = [g]
            for part in [p for p in parts if p[0] & moved]:
                parts.remove(part)
                moved |= part[0]
                gens += (
                    part[1] if part[2] is None else SymmetryGroup(self.n, [part[2]]).generators()
                )
            parts.append((moved, gens, None))
        factors: list[Factor] = []
        for support_set, gens, factor in parts:
            if factor is None:
                support = tuple(sorted(support_set))
                where = {p: i for i, p in enumerate(support)}
                local = [tuple(where[g[p]] for p in support) for g in gens]
                # enumerate as _from_generators does: orbits within 7! (sure on 7 labels)
                orbits = _orbits_of(local, len(support)) if len(support) > 7 else ()
                if prod(factorial(len(o)) for o in orbits) > 5040:
                    return None
                factor = (support, _closure(local, len(support)))
            factors.append(factor)
        if prod(factorial(len(s)) if e is None else len(e) for s, e in factors) > ENUMERATION_LIMIT:
            return None
        return tuple(factors)

    # ----- transforms -------------------------------------------------------------------

    def _map(self, n: int, where: dict[int, int]) -> SymmetryGroup:
        """Move every factor through the position map ``where`` (old -> new)."""
        factors: list[Factor] = []
        for support, elements in self._factors:
            new = tuple(where[p] for p in support)
            if elements is None:
                factors.append((tuple(sorted(new)), None))
            else:
                factors.append(_relocal(new, elements))
        return SymmetryGroup(n, factors)

    def relabel(self, perm: Sequence[int]) -> SymmetryGroup:
        """The group of ``T.transpose(perm)``: its axis i is the old axis ``perm[i]``."""
        perm = _check_perm(perm, self.n, "transpose permutation")
        return self._map(self.n, {old: new for new, old in enumerate(perm)})

    def embed(self, n: int, positions: Sequence[int]) -> SymmetryGroup:
        """This group acting on ``positions`` of a larger space of ``n`` (position j -> positions[j])."""
        pos = _check_positions(positions, n)
        if len(pos) != self.n:
            raise ValueError(f"need {self.n} positions, got {len(pos)}")
        return self._map(n, dict(enumerate(pos)))

    def preserving_classes(self, classes: Sequence[Any]) -> SymmetryGroup:
        """Subgroup of elements mapping every position into its own class (``classes[p]``)."""
        if len(classes) != self.n:
            raise ValueError(f"need one class per position ({self.n}), got {len(classes)}")
        if not self._factors:
            return self
        return _preserving(self, tuple(classes))

    def pointwise_stabiliser(self, positions: Iterable[int]) -> SymmetryGroup:
        """Subgroup fixing every one of ``positions``."""
        fixed = set(_check_positions(positions, self.n))
        return self.preserving_classes(tuple(p if p in fixed else -1 for p in range(self.n)))

    def setwise_stabiliser(self, positions: Iterable[int]) -> SymmetryGroup:
        """Subgroup mapping the set ``positions`` onto itself."""
        inside = set(_check_positions(positions, self.n))
        return self.preserving_classes(tuple(p in inside for p in range(self.n)))

    def restrict(self, positions: Sequence[int]) -> SymmetryGroup:
        """The action on ``positions`` (which the group must map onto themselves), re-indexed
        so that ``positions[j]`` becomes position ``j``."""
        return _restrict(self, _check_positions(positions, self.n))

    def project(self, positions: Iterable[int]) -> SymmetryGroup:
        """The action on the invariant set ``positions``, keeping global numbering
        (every other position is fixed)."""
        pos = tuple(sorted(_check_positions(positions, self.n)))
        return _project(self, pos)

    def reduce(self, positions: Iterable[int]) -> SymmetryGroup:
        """The symmetry left on the other positions after summing over ``positions``:
        the setwise stabiliser of ``positions`` acting on the rest, re-indexed in order
        (an S3 tensor summed over one axis is S2 on the other two)."""
        pos = set(_check_positions(positions, self.n))
        rest = [p for p in range(self.n) if p not in pos]
        return self.setwise_stabiliser(pos).restrict(rest)

    def __mul__(self, other: SymmetryGroup) -> SymmetryGroup:
        """Direct product of two groups on the same positions moving disjoint sets."""
        if not isinstance(other, SymmetryGroup):
            return NotImplemented
        if other.n != self.n:
            raise ValueError(f"groups act on {self.n} and {other.n} positions")
        if set(self.moved) & set(other.moved):
            raise ValueError("a direct product needs groups moving disjoint positions")
        return SymmetryGroup(self.n, self._factors + other._factors)

    def __and__(self, other: SymmetryGroup) -> SymmetryGroup:
        """Intersection of two groups on the same positions."""
        if not isinstance(other, SymmetryGroup):
            return NotImplemented
        if other.n != self.n:
            raise ValueError(f"groups act on {self.n} and {other.n} positions")
        return _intersection(self, other)

    intersection = __and__

    # ----- counting and display ---------------------------------------------------------

    def count_orbits(self, extents: Sequence[int]) -> int:
        return count_orbits(self, extents)

    def describe(self, names: Sequence[str] | None = None) -> str:
        """E.g. ``S2{j,k}`` or ``S3{a,b,c} x C4{w,x,y,z}``; ``-`` when trivial."""
        if not self._factors:
            return "-"
        names = [str(i) for i in range(self.n)] if names is None else list(names)
        parts = []
        for support, elements in self._factors:
            labels = ",".join(names[p] for p in support)
            k = len(support)
            if elements is None:
                parts.append(f"S{k}{{{labels}}}")
            elif len(elements) == k and _is_cyclic(elements):
                parts.append(f"C{k}{{{labels}}}")
            else:
                gens = " ".join(
                    _cycles_str(g, [names[p] for p in support]) for g in _generating_set(elements)
                )
                parts.append(f"G{len(elements)}{{{labels}: {gens}}}")
        return " x ".join(parts)

    def __repr__(self) -> str:
        return f"SymmetryGroup({self.n}, {self.describe()})"


@lru_cache(maxsize=16384)
def _preserving(group: SymmetryGroup, classes: tuple[Any, ...]) -> SymmetryGroup:
    factors: list[Factor] = []
    changed = False
    for support, elements in group._factors:
        if elements is None:
            by: dict[Any, list[int]] = {}
            for p in support:
                by.setdefault(classes[p], []).append(p)
            if len(by) == 1:
                factors.append((support, None))
            else:
                changed = True
                factors.extend((tuple(v), None) for v in by.values())
            continue
        cls = [classes[p] for p in support]
        kept = frozenset(e for e in elements if all(cls[j] == cls[i] for i, j in enumerate(e)))
        if len(kept) == len(elements):
            factors.append((support, elements))
        else:
            changed = True
            factors.extend(_split(support, kept))
    return SymmetryGroup._make(group.n, factors) if changed else group


@lru_cache(maxsize=16384)
def _restrict(group: SymmetryGroup, pos: tuple[int, ...]) -> SymmetryGroup:
    inside = set(pos)
    where = {p: j for j, p in enumerate(pos)}
    factors: list[Factor] = []
    for support, elements in group._factors:
        idx = [i for i, p in enumerate(support) if p in inside]
        if not idx:
            continue
        if elements is None:
            if len(idx) != len(support):
                raise ValueError(f"the group does not map positions {pos} onto themselves")
            factors.append((tuple(sorted(where[p] for p in support)), None))
            continue
        sidx = set(idx)
        if any(e[i] not in sidx for e in elements for i in idx):
            raise ValueError(f"the group does not map positions {pos} onto themselves")
        sub = _restricted(elements, idx)
        new = [where[support[i]] for i in idx]
        factors.append(_relocal(tuple(new), sub))
    return SymmetryGroup._make(len(pos), factors)


@lru_cache(maxsize=16384)
def _project(group: SymmetryGroup, pos: tuple[int, ...]) -> SymmetryGroup:
    inside = set(pos)
    if all(p in inside for support, _ in group._factors for p in support):
        return group
    return _restrict(group, pos).embed(group.n, pos)


def _factor_elements(support: tuple[int, ...], elements: Any) -> list[Perm]:
    return list(permutations(range(len(support)))) if elements is None else sorted(elements)


def _relocal(support: tuple[int, ...], elements: frozenset[Perm]) -> Factor:
    """Local permutations given on an unsorted ``support``, re-expressed on the sorted one."""
    order = sorted(range(len(support)), key=support.__getitem__)
    rank = {old: r for r, old in enumerate(order)}
    return (
        tuple(support[i] for i in order),
        frozenset(tuple(rank[e[order[r]]] for r in range(len(order))) for e in elements),
    )


def _normalise_axis(a: Any, n: int) -> int:
    if not isinstance(a, int):
        raise TypeError(f"axes must be integers, got {a!r}")
    if not -n <= a < n:
        raise ValueError(f"axis {a} is out of bounds for an array of dimension {n}")
    return a % n


def _check_n(n: Any) -> int:
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"the number of positions must be a non-negative integer, got {n!r}")
    return n


def _is_cyclic(elements: frozenset[Perm]) -> bool:
    k = len(next(iter(elements)))
    return any(len(_closure([e], k)) == len(elements) for e in elements)


def _generating_set(elements: frozenset[Perm]) -> list[Perm]:
    k = len(next(iter(elements)))
    gens: list[Perm] = []
    span = frozenset({tuple(range(k))})
    for e in sorted(elements):
        if e not in span:
            gens.append(e)
            span = _closure(gens, k)
            if len(span) == len(elements):
                break
    return gens


def _cycles_str(local: Perm, names: Sequence[str]) -> str:
    seen = [False] * len(local)
    out = []
    for i in range(len(local)):
        if not seen[i] and local[i] != i:
            cycle = []
            j = i
            while not seen[j]:
                seen[j] = True
                cycle.append(names[j])
                j = local[j]
            out.append("(" + " ".join(cycle) + ")")
    return "".join(out) or "()"


@lru_cache(maxsize=2048)
def _from_generators(n: int, gens: tuple[Perm, ...]) -> SymmetryGroup:
    gens = tuple(g for g in gens if any(g[i] != i for i in range(n)))
    if not gens:
        return SymmetryGroup(n)
    moved = sorted({i for g in gens for i in range(n) if g[i] != i})
    where = {p: j for j, p in enumerate(moved)}
    local = [tuple(where[g[p]] for p in moved) for g in gens]
    k = len(moved)
    orbits = _orbits_of(local, k)
    support = tuple(moved)
    if prod(factorial(len(o)) for o in orbits) <= 5040:  # small: enumerate straight away
        return SymmetryGroup._make(n, [(support, _closure(local, k))])
    order = _group_order(k, local)
    if order == prod(factorial(len(o)) for o in orbits):
        return SymmetryGroup._make(n, [(tuple(support[i] for i in o), None) for o in orbits])
    if order <= ENUMERATION_LIMIT:
        return SymmetryGroup._make(n, [(support, _closure(local, k))])
    # too large to enumerate: it must split into factors on its orbits
    restricted = []
    for o in orbits:
        sub = [tuple(o.index(g[i]) for i in o) for g in local]
        restricted.append((o, sub, _group_order(len(o), sub)))
    if prod(r[2] for r in restricted) != order:
        raise ValueError(
            f"symmetry group of order {order} is too large for exact orbit counting "
            f"(more than {ENUMERATION_LIMIT:,} elements that are not a product of symmetric groups)"
        )
    group = SymmetryGroup(n)
    for o, sub, _ in restricted:
        part = _from_generators(len(o), tuple(sorted(set(sub))))
        group = group * part.embed(n, [support[i] for i in o])
    return group


def _intersection(g: SymmetryGroup, h: SymmetryGroup) -> SymmetryGroup:
    if g == h:
        return g
    if g.is_trivial or h.is_trivial:
        return SymmetryGroup(g.n)
    # every common element preserves each (orbit of g) ∩ (orbit of h): refine until stable
    while True:
        meet = list(zip(g._orbit_ids(), h._orbit_ids(), strict=True))
        g2, h2 = g.preserving_classes(meet), h.preserving_classes(meet)
        if g2 == g and h2 == h:
            break
        g, h = g2, h2
    common = set(g._factors) & set(h._factors)
    gf = [f for f in g._factors if f not in common]
    hf = [f for f in h._factors if f not in common]
    # components of overlapping factor supports
    comps: list[tuple[set[int], list[Factor], list[Factor]]] = []
    for side, side_factors in ((0, gf), (1, hf)):
        for f in side_factors:
            sup = set(f[0])
            merged = [c for c in comps if c[0] & sup]
            sides: tuple[list[Factor], list[Factor]] = ([], [])
            for c in merged:
                comps.remove(c)
                sup |= c[0]
                sides[0].extend(c[1])
                sides[1].extend(c[2])
            sides[side].append(f)
            comps.append((sup, sides[0], sides[1]))
    factors: list[Factor] = list(common)
    for sup, fg, fh in comps:
        order_g = prod(factorial(len(s)) if e is None else len(e) for s, e in fg)
        order_h = prod(factorial(len(s)) if e is None else len(e) for s, e in fh)
        small, large = (fg, fh) if order_g <= order_h else (fh, fg)
        if min(order_g, order_h) > ENUMERATION_LIMIT:  # pragma: no cover - never for tensors
            continue  # sound: drop this part of the symmetry
        support = tuple(sorted(sup))
        where = {p: i for i, p in enumerate(support)}
        kept = set()
        pools = [_factor_elements(s, e) for s, e in small]
        for choice in product(*pools):
            g_local = list(range(len(support)))
            for (s, _), loc in zip(small, choice, strict=True):
                for i, j in enumerate(loc):
                    g_local[where[s[i]]] = where[s[j]]
            if _member_local(g_local, support, where, large):
                kept.add(tuple(g_local))
        factors.append((support, frozenset(kept)))
    return SymmetryGroup._make(g.n, factors)


def _member_local(
    g_local: list[int], support: tuple[int, ...], where: dict[int, int], factors: list[Factor]
) -> bool:
    covered: set[int] = set()
    for s, e in factors:
        covered.update(s)
        images = [support[g_local[where[p]]] for p in s]
        loc = {p: i for i, p in enumerate(s)}
        if any(q not in loc for q in images):
            return False
        if e is not None and tuple(loc[q] for q in images) not in e:
            return False
    return all(g_local[where[p]] == where[p] for p in support if p not in covered)


# ---------------------------------------------------------------------------------------
# Orbit counting
# ---------------------------------------------------------------------------------------


def count_orbits(group: SymmetryGroup | None, extents: Sequence[int]) -> int:
    """Number of orbits of the index space ``prod(range(e) for e in extents)`` under ``group``.

    Burnside's lemma: the average over the elements of the product, over the element's
    cycles, of the cycle's common extent. Symmetric factors use the closed form
    C(e + k - 1, k) (multisets of size k from e values). Exact integers; cached.
    """
    ext = tuple(int(e) for e in extents)
    if group is None:
        return prod(ext)
    return _count_orbits(group, ext)


@lru_cache(maxsize=16384)
def _count_orbits(group: SymmetryGroup, extents: tuple[int, ...]) -> int:
    if len(extents) != group.n:
        raise ValueError(f"need {group.n} extents, got {len(extents)}")
    moved: set[int] = set()
    total = 1
    for support, elements in group._factors:
        moved.update(support)
        ext = [extents[p] for p in support]
        if elements is None:
            if len(set(ext)) > 1:
                _unequal(group, extents, support)
            total *= comb(ext[0] + len(ext) - 1, len(ext))
            continue
        for orbit in _orbits_of(elements, len(support)):
            if len({ext[i] for i in orbit}) > 1:
                _unequal(group, extents, tuple(support[i] for i in orbit))
        acc = 0
        for cycles, count in _cycle_census(elements):
            acc += count * prod(ext[c[0]] for c in cycles)
        total *= acc // len(elements)
    for p in range(group.n):
        if p not in moved:
            total *= extents[p]
    return total


def _unequal(group: SymmetryGroup, extents: tuple[int, ...], orbit: tuple[int, ...]) -> None:
    raise ValueError(
        f"axes {orbit} are permuted by the symmetry {group.describe()} but have unequal "
        f"extents {tuple(extents[p] for p in orbit)}; symmetric axes must have equal extents"
    )


def unique_elements(group: SymmetryGroup | None, shape: Sequence[int]) -> int:
    """Elements of an array of this shape that the symmetry leaves distinct (= orbits)."""
    return count_orbits(group, shape)


def clear_caches() -> None:
    """Forget every memoised group and count (for cold-start measurements)."""
    for fn in (_preserving, _restrict, _project, _from_generators, _count_orbits, _cycle_census):
        fn.cache_clear()
