"""Permutation primitives behind :class:`~flopscope._symmetry.SymmetryGroup`: composition,
closure, orbits, the order of a group from generators (Schreier-Sims), and the canonical
factorisation of an explicit group into factors on disjoint supports.

Permutations are tuples ``p`` with ``p[i]`` the image of ``i``; ``a∘b`` applies ``b`` first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import combinations
from math import comb, factorial, prod

Perm = tuple[int, ...]

#: explicit (non-symmetric) factors are enumerated; larger ones are refused
ENUMERATION_LIMIT = 100_000


def _compose(a: Perm, b: Perm) -> Perm:
    """a∘b: apply b, then a."""
    return tuple(a[i] for i in b)


def inverse(p: Perm) -> Perm:
    inv = [0] * len(p)
    for i, j in enumerate(p):
        inv[j] = i
    return tuple(inv)


def multisets(n: int, k: int) -> int:
    """Multisets of size ``k`` from ``n`` values: orbits of S_k on ``k`` labels of extent ``n``."""
    return comb(n + k - 1, k) if k else 1


def check_perm(p: Iterable[int], n: int, what: str = "permutation") -> Perm:
    try:
        p = tuple(int(i) for i in p)
    except (TypeError, ValueError):
        raise TypeError(f"a {what} must be a sequence of integers, got {p!r}") from None
    if sorted(p) != list(range(n)):
        raise ValueError(f"{p!r} is not a {what} of range({n})")
    return p


def check_positions(positions: Iterable[int], n: int) -> tuple[int, ...]:
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


def _sifts_through(sigma: list[dict[int, Perm]], level: int, g: Perm) -> bool:
    """Whether ``g`` is in the group at ``level`` of the transversals ``sigma``."""
    for i in range(level, len(sigma)):
        s = sigma[i].get(g[i])
        if s is None:
            return False
        g = _compose(inverse(s), g)
    return True


def group_order(k: int, gens: Sequence[Perm]) -> int:
    identity = tuple(range(k))
    sigma: list[dict[int, Perm]] = [{i: identity} for i in range(k)]
    strong: list[list[Perm]] = [[] for _ in range(k)]
    work: list[tuple[bool, int, Perm]] = [(True, 0, g) for g in reversed(gens)]
    while work:
        is_a, level, g = work.pop()
        if is_a:  # add g as a strong generator of level `level`, unless already there
            if level >= k or _sifts_through(sigma, level, g):
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
                work.append((True, level + 1, _compose(inverse(s), g)))
    return prod(len(row) for row in sigma)


def closure(gens: Sequence[Perm], k: int) -> frozenset[Perm]:
    identity = tuple(range(k))
    seen = {identity}
    frontier = [identity]
    while frontier:
        new = []
        for e in frontier:
            for s in gens:
                h = tuple([s[i] for i in e])  # s∘e
                if h not in seen:
                    seen.add(h)
                    new.append(h)
        frontier = new
    return frozenset(seen)


def orbits_of(elements: Iterable[Perm], k: int) -> list[tuple[int, ...]]:
    """The orbits of ``range(k)`` under the permutations ``elements``."""
    return connected_classes(k, ((i, j) for e in elements for i, j in enumerate(e)))


def connected_classes(k: int, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, ...]]:
    """The classes of ``range(k)`` joined by ``pairs`` (union-find), each sorted, in order
    of their smallest member."""
    parent = list(range(k))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    classes: dict[int, list[int]] = {}
    for i in range(k):
        classes.setdefault(find(i), []).append(i)
    return [tuple(v) for v in classes.values()]


# ---------------------------------------------------------------------------------------
# Canonical factorisation of an explicit group
# ---------------------------------------------------------------------------------------

# (sorted support, None for the full symmetric group or a frozenset of local permutations
# of the support)
Factor = tuple[tuple[int, ...], "frozenset[Perm] | None"]


def restricted(elements: frozenset[Perm], idx: Sequence[int]) -> frozenset[Perm]:
    """The image of local permutations on the (invariant) local positions ``idx``."""
    where = {p: j for j, p in enumerate(idx)}
    return frozenset(tuple(where[e[p]] for p in idx) for e in elements)


def split_factors(support: tuple[int, ...], elements: frozenset[Perm]) -> list[Factor]:
    """The finest direct-product factorisation of an explicit group on ``support``.

    The sets of positions ``A`` with ``G = G|A x G|rest`` are closed under intersection, so
    each orbit lies in a unique smallest such set (an *atom*); atoms are found by trying
    unions of orbits by increasing size. Full symmetric atoms become symbolic factors.
    """
    if len(elements) <= 1:
        return []
    k = len(support)
    orbits = [o for o in orbits_of(elements, k) if len(o) > 1]
    moved = sorted(i for o in orbits for i in o)
    if len(moved) < k:  # drop fixed points
        elements = restricted(elements, moved)
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
        return len(restricted(elements, part)) * len(restricted(elements, rest)) == order

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
        sub = restricted(elements, idx)
        sub_support = tuple(support[i] for i in idx)
        is_sym = len(atom) == 1 and len(sub) == factorial(len(idx))
        factors.append((sub_support, None if is_sym else sub))
    return factors


@lru_cache(maxsize=4096)
def cycle_census(elements: frozenset[Perm]) -> tuple[tuple[tuple[tuple[int, ...], ...], int], ...]:
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
