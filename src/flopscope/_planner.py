"""Contraction paths planned on the very cost that is billed.

Pricing (:func:`price_path`) turns any path into :class:`Step` records using the symmetry
model of :mod:`flopscope._contraction`. Searching:

- ``'optimal'``: a dynamic programme over *all* subsets of operands (every pairwise path,
  outer products and early single-operand sums included): exact, ``3**n`` work, used up
  to :data:`OPTIMAL_LIMIT` operands;
- ``'dp'``: the same programme restricted to contracting operand sets that share a summed
  label (Pfeifer et al.'s connected-subgraph DP, as opt_einsum's ``'dp'``), with an
  iteratively raised cost cap; disconnected parts are planned apart and then combined by
  the exact programme. Exact over paths without outer products;
- ``'greedy'``: opt_einsum's greedy heuristic, priced by our cost;
- ``'auto'``: ``'optimal'`` up to :data:`AUTO_FULL_LIMIT` operands; beyond, ``'dp'`` under a
  work cap, then, if the cap is hit, greedy plus seeded randomised greedy trials; the
  cheapest candidate by our cost wins (the greedy path is always a candidate).

With symmetry, the DPs price a split only when a cheap lower bound on its cost (from a bound
on the order of its group, :meth:`Network.order_bound`) can still win, so that many steps
are never priced; the optimum found is the same.

Every search step is a deterministic function of the input: integer labels, fixed
iteration orders, strict comparisons, fixed seeds.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opt_einsum.paths import PathOptimizer, ssa_greedy_optimize

from ._contraction import Network, step_ops
from ._subset_symmetry import bits
from ._symmetry import SymmetryGroup

_cotengrust: Any
try:  # a fast exact dense planner (Rust); optional: our own DP covers everything without it
    import cotengrust as _cotengrust
except ImportError:  # pragma: no cover - depends on the environment
    _cotengrust = None

Path = tuple[tuple[int, ...], ...]

#: 'optimal' searches every subset split up to this many operands (3**n work)
OPTIMAL_LIMIT = 12
#: 'auto' uses the all-subsets programme up to this many operands
AUTO_FULL_LIMIT = 5
#: 'auto' stops the connected DP after this many candidate pairs and falls back
AUTO_DP_WORK = 400_000
#: seeded randomised greedy trials when 'auto' falls back
RANDOM_TRIALS = 16


@dataclass(frozen=True)
class Step:
    """One priced contraction step."""

    operands: tuple[int, ...]  # positions in the current operand list (opt_einsum's convention)
    subscripts: str  # e.g. "ij,jk->ik"
    ops: int  # bit mask of the original operands the result is built from
    before: int  # labels summed inside the parts before this step (bit mask)
    n_inputs: int
    sums: bool  # whether the step sums over at least one label
    terms: int  # index combinations touched, after symmetry
    dense_terms: int  # the same without symmetry
    output_size: int  # elements of the (dense) result

    def cost(self, fma: int) -> int:
        return self.terms * step_ops(self.n_inputs, self.sums, fma)

    def dense_cost(self, fma: int) -> int:
        return self.dense_terms * step_ops(self.n_inputs, self.sums, fma)


# ---------------------------------------------------------------------------------------
# Pricing a path
# ---------------------------------------------------------------------------------------


def check_path(path: Any, n: int) -> Path:
    """Validate an explicit path (opt_einsum's linear format) for ``n`` operands."""
    steps = list(path)
    if steps and isinstance(steps[0], str):
        if steps[0] != "einsum_path":
            raise ValueError(f"unknown path format {steps[0]!r}; expected 'einsum_path'")
        steps = steps[1:]
    out = []
    remaining = n
    for k, step in enumerate(steps):
        try:
            positions = tuple(int(i) for i in step)
        except (TypeError, ValueError):
            raise TypeError(
                f"optimize must be a path such as [(0, 1), (0, 1)]; step {k} is {step!r}"
            ) from None
        if not positions:
            raise ValueError(f"path step {k} contracts no operand")
        if len(set(positions)) != len(positions):
            raise ValueError(f"path step {k} {positions} names an operand twice")
        bad = [i for i in positions if not 0 <= i < remaining]
        if bad:
            raise ValueError(
                f"path step {k} {positions} refers to operand {bad[0]}, but only "
                f"{remaining} operands are left at that point"
            )
        remaining -= len(positions) - 1
        out.append(positions)
    if remaining != 1:
        raise ValueError(
            f"the path leaves {remaining} operands uncontracted; its steps must end in one result"
        )
    return tuple(out)


def price_path(net: Network, path: Path) -> tuple[Step, ...]:
    """Price every step of a (validated) linear path."""
    # current operands: (ops mask, labels summed inside it so far or None for a raw leaf, subscripts)
    current: list[tuple[int, int | None, str]] = [
        (1 << t, None, s) for t, s in enumerate(net.inputs)
    ]
    names = net.names
    steps = []
    last = len(path) - 1
    for k, positions in enumerate(path):
        parts = [current[i] for i in positions]
        for i in sorted(positions, reverse=True):
            current.pop(i)
        ops = 0
        before = 0
        for mask, summed, _ in parts:
            ops |= mask
            if summed is not None:
                before |= summed
        kept = net.kept(ops)
        v = net.labels(ops) & ~before
        terms, dense = net.step_terms(ops, before)
        joined = "".join(p[2] for p in parts)
        if k == last:
            result = net.output
        else:
            result = "".join(sorted((names[x] for x in bits(kept)), key=joined.find))
        steps.append(
            Step(
                operands=positions,
                subscripts=",".join(p[2] for p in parts) + "->" + result,
                ops=ops,
                before=before,
                n_inputs=len(parts),
                sums=bool(v & ~kept),
                terms=terms,
                dense_terms=dense,
                output_size=net.dense_terms(kept),
            )
        )
        current.append((ops, net.summed(ops), result))
    return tuple(steps)


def path_cost(net: Network, path: Path, fma: int) -> int:
    """The billed cost of a (validated) path, without building the step records."""
    current: list[tuple[int, int]] = [(1 << t, 0) for t in range(net.n)]
    total = 0
    for positions in path:
        ops = before = 0
        for i in positions:
            ops |= current[i][0]
            before |= current[i][1]
        for i in sorted(positions, reverse=True):
            current.pop(i)
        terms, _ = net.step_terms(ops, before)
        v = net.labels(ops) & ~before
        total += terms * step_ops(len(positions), bool(v & ~net.kept(ops)), fma)
        current.append((ops, net.summed(ops)))
    return total


# ---------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------

# a search state: (cost so far, labels summed inside it, tree); trees are an operand index
# (raw leaf), a 1-tuple (leaf summed over its private labels first) or a pair of trees
State = tuple[int, int, Any]


class _Search:
    def __init__(self, net: Network, fma: int) -> None:
        self.net = net
        self.fma = fma
        self.dense = not net.has_symmetry
        self._step: dict[tuple[int, int], int] = {}
        self.work = 0
        self.inexact = False  # set when disconnected parts were combined heuristically

    def step(self, ops: int, before: int) -> int:
        """Cost of the pairwise step building ``ops`` from parts that summed ``before``."""
        key = (ops, before)
        c = self._step.get(key)
        if c is None:
            net = self.net
            v = net.labels(ops) & ~before
            per_term = self.fma if v & ~net.kept(ops) else 1
            terms = net.dense_terms(v) if self.dense else net.step_terms(ops, before)[0]
            c = self._step[key] = terms * per_term
        return c

    def bound(self, ops: int, before: int) -> int:
        """A lower bound on ``step(ops, before)`` (its exact cost when known), much cheaper
        than pricing: a candidate whose bound already loses is never priced."""
        key = (ops, before)
        c = self._step.get(key)
        if c is None:
            net = self.net
            v = net.labels(ops) & ~before
            order = net.order_bound(ops)
            c = -(-net.dense_terms(v) // order) * (self.fma if v & ~net.kept(ops) else 1)
            if order == 1:  # no symmetry: the bound is the cost
                self._step[key] = c
        return c

    def leaf(self, t: int) -> list[State]:
        states: list[State] = [(0, 0, t)]
        private = self.net.summed(1 << t)
        if private:
            terms, _ = self.net.step_terms(1 << t, 0)
            states.append((terms * step_ops(1, True, self.fma), private, (t,)))
        return states

    def combine(self, ops: int, sa: list[State], sb: list[State], cap: float) -> State | None:
        if len(sa) == 1 and len(sb) == 1:  # the common case
            ca, ba, ta = sa[0]
            cb, bb, tb = sb[0]
            if ca + cb + self.bound(ops, ba | bb) > cap:
                return None
            c = ca + cb + self.step(ops, ba | bb)
            if c > cap:
                return None
            return (c, self.net.summed(ops), (ta, tb))
        best = None
        for ca, ba, ta in sa:
            for cb, bb, tb in sb:
                c = ca + cb + self.bound(ops, ba | bb)
                if c > cap or (best is not None and c >= best[0]):
                    continue
                c = ca + cb + self.step(ops, ba | bb)
                if c <= cap and (best is None or c < best[0]):
                    best = (c, ta, tb)
        if best is None:
            return None
        return (best[0], self.net.summed(ops), (best[1], best[2]))

    def full(self, units: list[tuple[int, list[State]]]) -> State:
        """Exact DP over every subset split of the units (each a set of operands)."""
        k = len(units)
        if k == 1:
            return min(units[0][1], key=lambda s: s[0])
        size = 1 << k
        opsm = [0] * size
        best: list[list[State]] = [[] for _ in range(size)]
        for i, (mask, states) in enumerate(units):
            opsm[1 << i] = mask
            best[1 << i] = states
        net = self.net
        summed, kept, labels_of, dense_of = net.summed, net.kept, net.labels, net.dense_terms
        dense, fma = self.dense, self.fma
        for x in range(3, size):
            if not x & (x - 1):
                continue
            low = x & -x
            rest = x ^ low
            ops = opsm[low] | opsm[rest]
            opsm[x] = ops
            best_c = math.inf
            best_t: Any = None
            if dense or net.order_bound(ops) == 1:  # no symmetry: the dense loop
                lab, kp = labels_of(ops), kept(ops)
                s = rest
                while s:  # every split of x into a part holding its lowest unit and the rest
                    s = (s - 1) & rest
                    a = low | s
                    for ca, ba, ta in best[a]:
                        for cb, bb, tb in best[x ^ a]:
                            v = lab & ~(ba | bb)
                            c = ca + cb + dense_of(v) * (fma if v & ~kp else 1)
                            if c < best_c:
                                best_c, best_t = c, (ta, tb)
            else:
                best_c, best_t = self._cheapest_split(ops, x, low, best)
            self.work += 1 << (x.bit_count() - 1)
            best[x] = [(int(best_c), summed(ops), best_t)]
        return best[size - 1][0]

    def _cheapest_split(
        self, ops: int, x: int, low: int, best: list[list[State]]
    ) -> tuple[float, Any]:
        """(cost, tree) of the cheapest way to build unit set ``x`` (operands ``ops``) from
        two parts, the first such split on ties, as the dense loop of :meth:`full` finds it;
        splits are priced in order of their lower bounds, and only while one may still win
        (or tie with an earlier split)."""
        bound = self.bound
        candidates: list[tuple[int, int, int, int, Any, Any]] = []
        rest = x ^ low
        s = rest
        while s:
            s = (s - 1) & rest
            a = low | s
            for ca, ba, ta in best[a]:
                for cb, bb, tb in best[x ^ a]:
                    lower = ca + cb + bound(ops, ba | bb)
                    candidates.append((lower, len(candidates), ca + cb, ba | bb, ta, tb))
        candidates.sort()
        best_c: float = math.inf
        best_t: Any = None
        first = len(candidates)
        for lower, i, c, before, ta, tb in candidates:
            if lower > best_c:
                break
            if lower == best_c and i > first:
                continue
            c += self.step(ops, before)
            if c < best_c or (c == best_c and i < first):
                best_c, best_t, first = c, (ta, tb), i
        return best_c, best_t

    def connected(
        self, members: list[int], work_limit: float = math.inf, cap: float | None = None
    ) -> State | None:
        """Cost-capped DP over connected operand sets (no outer products), after Pfeifer
        et al. and opt_einsum's 'dp'; None if the work limit is hit first.

        Partial results costing more than the cap are dropped; the cap starts at ``cap``
        (the cost of a known path, so one pass usually suffices) or low, and grows until a
        full contraction is found, which is then optimal."""
        net = self.net
        k = len(members)
        if k <= 2:
            return self.full([(1 << t, self.leaf(t)) for t in members])
        out = net.out_mask
        x: list[dict[int, list[State]]] = [{} for _ in range(k + 1)]
        shared: dict[int, int] = {}
        labels = 0
        for t in members:
            x[1][1 << t] = self.leaf(t)
            shared[1 << t] = net.kept(1 << t) & ~out
            labels |= net.op_mask[t]
        if cap is None:
            cap = max(1, net.dense_terms(labels & out))
        grow = max(2, min((net.size[i] for i in bits(labels)), default=2))
        step = self.step
        bound = self.bound
        order_of = net.order_bound
        summed = net.summed
        kept = net.kept
        labels_of = net.labels
        dense_of = net.dense_terms
        dense = self.dense
        fma = self.fma
        work = 0
        while not x[k]:
            for n in range(2, k + 1):
                xn = x[n]
                for m in range(1, n // 2 + 1):
                    right = [(s2, st2, shared[s2]) for s2, st2 in x[n - m].items()]
                    same = m == n - m
                    for s1, st1 in x[m].items():
                        sh1 = shared[s1]
                        work += len(right)
                        single = len(st1) == 1
                        c1, b1, t1 = st1[0]
                        for s2, st2, sh2 in right:
                            if s1 & s2 or not sh1 & sh2 or (same and s1 > s2):
                                continue
                            s = s1 | s2
                            if single and len(st2) == 1:
                                c2, b2, t2 = st2[0]
                                if c1 + c2 > cap:  # steps cost >= 0: no need to price it
                                    continue
                                if dense or order_of(s) == 1:  # no symmetry: dense cost
                                    v = labels_of(s) & ~(b1 | b2)
                                    c = c1 + c2 + dense_of(v) * (fma if v & ~kept(s) else 1)
                                else:
                                    c = c1 + c2 + bound(s, b1 | b2)
                                    old = xn.get(s)
                                    if c > cap or (old is not None and c >= old[0][0]):
                                        continue  # it cannot be kept: do not price it
                                    c = c1 + c2 + step(s, b1 | b2)
                                if c > cap:
                                    continue
                                cand: State = (c, 0, (t1, t2))
                            else:
                                found = self.combine(s, st1, st2, cap)
                                if found is None:
                                    continue
                                cand = found
                            old = xn.get(s)
                            if old is None:
                                shared[s] = kept(s) & ~out
                            elif cand[0] >= old[0][0]:
                                continue
                            xn[s] = [(cand[0], summed(s), cand[2])]
                    if work > work_limit:
                        self.work += work
                        return None
            cap *= grow
        self.work += work
        return next(iter(x[k].values()))[0]

    def components(self, work_limit: float = math.inf, cap: float | None = None) -> State | None:
        """Plan each connected component apart, then combine them exactly (or greedily if
        there are many)."""
        net = self.net
        n = net.n
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for x in range(net.n_labels):
            if (net.out_mask >> x) & 1:
                continue
            ts = bits(net.occ[x])
            for t in ts[1:]:
                a, b = find(ts[0]), find(t)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        comps: dict[int, list[int]] = {}
        for t in range(n):
            comps.setdefault(find(t), []).append(t)
        results: list[tuple[int, list[State]]] = []
        for members in comps.values():
            mask = sum(1 << t for t in members)
            if len(members) == 1:
                results.append((mask, self.leaf(members[0])))
                continue
            if len(members) <= AUTO_FULL_LIMIT:
                part: State | None = self.full([(1 << t, self.leaf(t)) for t in members])
            else:
                part = self.connected(members, work_limit, cap)
            if part is None:
                return None
            results.append((mask, [part]))
        if len(results) <= AUTO_FULL_LIMIT:
            return self.full(results)
        # many disconnected parts: combine smallest results first (not exact)
        self.inexact = True
        order = sorted(results, key=lambda r: (net.dense_terms(net.kept(r[0])), r[0]))
        mask, states = order[0]
        acc = min(states, key=lambda s: s[0])
        for mask2, states2 in order[1:]:
            mask |= mask2
            step = self.combine(mask, [acc], states2, math.inf)
            assert step is not None
            acc = step
        return acc


def tree_to_path(tree: Any, n: int) -> Path:
    """A search tree as a linear path (opt_einsum's convention)."""
    ssa: list[tuple[int, ...]] = []
    counter = [n]

    def walk(t: Any) -> int:
        if isinstance(t, int):
            return t
        if len(t) == 1:
            ssa.append((t[0],))
        else:
            ssa.append((walk(t[0]), walk(t[1])))
        counter[0] += 1
        return counter[0] - 1

    walk(tree)
    return ssa_to_linear(ssa, n)


def ssa_to_linear(ssa: Sequence[tuple[int, ...]], n: int) -> Path:
    ids = list(range(n))
    path = []
    new = n
    for step in ssa:
        positions = sorted(ids.index(s) for s in step)
        for j in reversed(positions):
            ids.pop(j)
        ids.append(new)
        new += 1
        path.append(tuple(positions))
    return tuple(path)


def _greedy_inputs(net: Network) -> tuple[list[frozenset[int]], frozenset[int], dict[int, int]]:
    inputs = [frozenset(lab) for lab in net.op_labels]
    output = frozenset(bits(net.out_mask))
    sizes = dict(enumerate(net.size))
    return inputs, output, sizes


def greedy_path(net: Network) -> Path:
    """opt_einsum's greedy path (labels as integers, so it is reproducible)."""
    if net.n == 1:
        return ((0,),)
    inputs, output, sizes = _greedy_inputs(net)
    return ssa_to_linear(ssa_greedy_optimize(inputs, output, sizes), net.n)


def random_greedy_paths(net: Network, trials: int, seed: int = 0) -> list[Path]:
    """Greedy paths with Boltzmann-sampled choices (fixed seeds: reproducible)."""
    inputs, output, sizes = _greedy_inputs(net)
    out = []
    for r in range(trials):
        rng = random.Random(seed + r)

        def choose(queue: list, remaining: Any, rng: random.Random = rng) -> Any:
            choices: list[Any] = []
            while queue and len(choices) < 8:
                cand = heapq.heappop(queue)
                if cand[1] in remaining and cand[2] in remaining:
                    choices.append(cand)
            if not choices:
                return None
            if len(choices) == 1:
                return choices[0]
            costs = [c[0][0] for c in choices]
            temperature = max(1.0, abs(costs[0]))
            weights = [math.exp(-(c - costs[0]) / temperature) for c in costs]
            (pick,) = rng.choices(range(len(choices)), weights=weights)
            chosen = choices.pop(pick)
            for other in choices:
                heapq.heappush(queue, other)
            return chosen

        ssa = ssa_greedy_optimize(inputs, output, sizes, choose_fn=choose)
        out.append(ssa_to_linear(ssa, net.n))
    return out


def cotengrust_path(net: Network) -> Path | None:
    """cotengrust's exact dense (minimum-flops, no outer products) path, if installed."""
    if _cotengrust is None or net.n < 3:
        return None
    names = net.names
    try:
        path = _cotengrust.optimize_optimal(
            [[names[x] for x in lab] for lab in net.op_labels],
            [names[x] for x in bits(net.out_mask)],
            {c: net.size[i] for i, c in enumerate(names)},
            minimize="flops",
        )
        return check_path(path, net.n)
    except Exception:  # pragma: no cover - a candidate source only
        return None


def find_path(net: Network, optimize: Any, fma: int) -> Path:
    """The path for ``optimize`` ('auto', 'optimal', 'dp', 'greedy', False, or a path)."""
    n = net.n
    if n == 1:
        return ((0,),)
    if optimize is False:
        return (tuple(range(n)),)
    if isinstance(optimize, tuple):
        return check_path(optimize, n)
    if optimize == "greedy":
        return greedy_path(net)
    search = _Search(net, fma)
    full = n <= (OPTIMAL_LIMIT if optimize == "optimal" else AUTO_FULL_LIMIT)
    if optimize in ("optimal", "dp", "auto") and full:
        return tree_to_path(search.full([(1 << t, search.leaf(t)) for t in range(n)])[2], n)
    if optimize not in ("optimal", "dp", "auto"):
        raise ValueError(
            f"optimize must be 'auto', 'optimal', 'dp', 'greedy', True, False or a path, "
            f"got {optimize!r}"
        )
    # a known path bounds the optimum: the DP starts with its cost as the cap. cotengrust's
    # dense-optimal path (if installed) is usually near our optimum, so one pass suffices.
    dense = cotengrust_path(net) if optimize == "auto" else None
    start = greedy_path(net) if dense is None else dense
    upper = path_cost(net, start, fma)
    best = (upper, start)
    state = search.components(AUTO_DP_WORK if optimize == "auto" else math.inf, upper)
    candidates: list[Path] = []
    if state is not None:  # exact: no path without outer products is cheaper
        if state[0] < upper:
            best = (state[0], tree_to_path(state[2], n))
        if search.inexact and dense is not None:
            candidates.append(greedy_path(net))
    else:  # the work cap was hit: the best of several heuristics
        if dense is not None:
            candidates.append(greedy_path(net))
        candidates.extend(random_greedy_paths(net, RANDOM_TRIALS))
    for path in candidates:
        c = path_cost(net, path, fma)
        if c < best[0]:
            best = (c, path)
    return best[1]


class SymmetricPathOptimizer(PathOptimizer):
    """opt_einsum path optimizer that minimises flopscope's billed cost.

    opt_einsum hands optimizers label *sets*, which lose the axis order a symmetry refers
    to; pass ``subscripts`` (e.g. ``'ijk,ai->ajk'``) to use ``groups`` (one
    :class:`SymmetryGroup` or None per operand, on its axes) and ``identities``.
    """

    def __init__(
        self,
        subscripts: str | None = None,
        groups: Sequence[SymmetryGroup | None] | None = None,
        identities: Sequence[Any] | None = None,
        *,
        fma: int = 1,
        method: str = "auto",
    ) -> None:
        if (groups is not None or identities is not None) and subscripts is None:
            raise ValueError("symmetries need subscripts to know the axis order of each operand")
        self.subscripts = subscripts
        self.groups = groups
        self.identities = identities
        self.fma = fma
        self.method = method

    def __call__(
        self,
        inputs: list[Any],
        output: Any,
        size_dict: dict[str, int],
        memory_limit: int | None = None,
    ) -> list[tuple[int, ...]]:
        if self.subscripts is not None:
            lhs, _, _rhs = self.subscripts.replace(" ", "").partition("->")
            axis_labels = lhs.split(",")
            if [set(a) for a in axis_labels] != [set(i) for i in inputs]:
                raise ValueError(
                    f"optimizer built for {self.subscripts!r} was called on another contraction"
                )
        else:
            axis_labels = ["".join(sorted(i)) for i in inputs]
        out = "".join(sorted(output)) if not isinstance(output, str) else output
        shapes = [tuple(size_dict[c] for c in a) for a in axis_labels]
        net = Network(axis_labels, out, shapes, dict(size_dict), self.groups, self.identities)
        return [tuple(s) for s in find_path(net, self.method, self.fma)]


__all__ = [
    "Step",
    "SymmetricPathOptimizer",
    "check_path",
    "find_path",
    "greedy_path",
    "path_cost",
    "price_path",
]
