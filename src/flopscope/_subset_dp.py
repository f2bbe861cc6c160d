"""The subset dynamic programmes behind contraction planning (see :mod:`flopscope._planner`).

States are built over sets of operands (bit masks): ``full`` splits every subset every way
(exact, ``3**n`` work); ``connected`` only joins sets that share a summed label, under a cost
cap (Pfeifer et al.'s DP, as opt_einsum's ``'dp'``); ``components`` plans the parts that
share no summed label apart and combines them. Steps are priced by
:meth:`~flopscope._contraction.Network.step_terms`, the very cost that is billed; with
symmetry a split is priced only when a cheap lower bound on its cost can still win.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from ._bitsets import bits, mask_of
from ._contraction import Network, step_ops
from ._permutations import connected_classes

#: 'auto' uses the all-subsets programme up to this many operands
AUTO_FULL_LIMIT = 5
#: parts sharing no summed label are combined exactly up to this many (greedily beyond)
COMBINE_LIMIT = 8
#: no limit on the work of a programme
NO_WORK_LIMIT = sys.maxsize

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
        # more than any path can cost (at most 2n - 1 steps, each at most fma FLOPs per
        # term of all labels): the exact integer "infinity" of the searches
        self.ceiling = 2 * net.n * fma * net.dense_terms((1 << net.n_labels) - 1) + 1

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

    def combine(self, ops: int, sa: list[State], sb: list[State], cap: int) -> State | None:
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
        dense_known = net._dense
        dense, fma = self.dense, self.fma
        for x in range(3, size):
            if not x & (x - 1):
                continue
            low = x & -x
            rest = x ^ low
            ops = opsm[low] | opsm[rest]
            opsm[x] = ops
            lab, kp = net.labels(ops), net.kept(ops)
            best_c = self.ceiling
            best_t: Any = None
            # no symmetry: the dense loop (G_S is derived anyway: some split is always priced)
            if dense or net.order_bound(ops) == 1 or net.pricing_group(ops) is None:
                s = rest
                while s:  # every split of x into a part holding its lowest unit and the rest
                    s = (s - 1) & rest
                    a = low | s
                    for ca, ba, ta in best[a]:
                        for cb, bb, tb in best[x ^ a]:
                            v = lab & ~(ba | bb)
                            d = dense_known.get(v)
                            if d is None:
                                d = net.dense_terms(v)
                            c = ca + cb + d * (fma if v & ~kp else 1)
                            if c < best_c:
                                best_c, best_t = c, (ta, tb)
            else:
                best_c, best_t = self._cheapest_split(ops, x, low, best)
            self.work += 1 << (x.bit_count() - 1)
            best[x] = [(best_c, lab & ~kp, best_t)]  # (labels summed inside x)
        return best[size - 1][0]

    def _cheapest_split(
        self, ops: int, x: int, low: int, best: list[list[State]]
    ) -> tuple[int, Any]:
        """(cost, tree) of the cheapest way to build unit set ``x`` (operands ``ops``) from
        two parts, the first such split on ties, as the dense loop of :meth:`full` finds it;
        splits are priced in order of their lower bounds, and only while one may still win
        (or tie with an earlier split)."""
        net = self.net
        lab, kp, order = net.labels(ops), net.kept(ops), net.order_bound(ops)
        known, dense_known, fma = self._step, net._dense, self.fma
        candidates: list[tuple[int, int, int, int, Any, Any]] = []
        rest = x ^ low
        s = rest
        while s:
            s = (s - 1) & rest
            a = low | s
            for ca, ba, ta in best[a]:
                for cb, bb, tb in best[x ^ a]:
                    before = ba | bb
                    lower = known.get((ops, before))  # the cost when known, else a bound
                    if lower is None:
                        v = lab & ~before
                        d = dense_known.get(v)
                        if d is None:
                            d = net.dense_terms(v)
                        lower = -(-d // order) * (fma if v & ~kp else 1)
                    lower += ca + cb
                    candidates.append((lower, len(candidates), ca + cb, before, ta, tb))
        candidates.sort()
        best_c = self.ceiling
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
        self, members: Sequence[int], work_limit: int = NO_WORK_LIMIT, cap: int | None = None
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
        priced = self._step
        order_known = net._order_bounds
        dense_known = net._dense
        dense = self.dense
        fma = self.fma
        # per operand set met: (its labels, the labels it keeps)
        sets: dict[int, tuple[int, int]] = {}
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
                                c = c1 + c2
                                if c > cap:  # steps cost >= 0: no need to price it
                                    continue
                                lk = sets.get(s)
                                if lk is None:
                                    lk = sets[s] = (net.labels(s), net.kept(s))
                                v = lk[0] & ~(b1 | b2)
                                per_term = fma if v & ~lk[1] else 1
                                order = 1 if dense else order_known.get(s) or net.order_bound(s)
                                if order == 1:  # no symmetry: the dense cost
                                    c += (dense_known.get(v) or net.dense_terms(v)) * per_term
                                else:  # price it only if its lower bound can be kept
                                    before = b1 | b2
                                    known = priced.get((s, before))
                                    if known is None:
                                        terms = dense_known.get(v) or net.dense_terms(v)
                                        lower = c - (terms // -order) * per_term
                                        old = xn.get(s)
                                        if lower > cap or (old is not None and lower >= old[0][0]):
                                            continue
                                        # (s joins two sets joined by shared labels: a hint
                                        # that settles rigid sets of one matrix at once)
                                        if net.pricing_group(s, True) is None:  # no symmetry
                                            known = terms * per_term
                                        else:
                                            known = self.step(s, before)
                                    c += known
                                if c > cap:
                                    continue
                                cand: State = (c, 0, (t1, t2))
                            else:
                                found = self.combine(s, st1, st2, cap)
                                if found is None:
                                    continue
                                cand = found
                            old = xn.get(s)
                            if old is not None and cand[0] >= old[0][0]:
                                continue
                            lk = sets.get(s)
                            if lk is None:
                                lk = sets[s] = (net.labels(s), net.kept(s))
                            if old is None:
                                shared[s] = lk[1] & ~out
                            xn[s] = [(cand[0], lk[0] & ~lk[1], cand[2])]
                    if work > work_limit:
                        self.work += work
                        return None
            cap *= grow
        self.work += work
        return next(iter(x[k].values()))[0]

    def components(self, work_limit: int = NO_WORK_LIMIT, cap: int | None = None) -> State | None:
        """Plan each connected component apart, then combine them exactly (or greedily if
        there are many)."""
        net = self.net
        summed = (bits(net.occ[x]) for x in range(net.n_labels) if not (net.out_mask >> x) & 1)
        comps = connected_classes(net.n, ((ts[0], t) for ts in summed for t in ts[1:]))
        results: list[tuple[int, list[State]]] = []
        for members in comps:
            mask = mask_of(members)
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
        if len(results) <= COMBINE_LIMIT:
            return self.full(results)
        # many disconnected parts: combine smallest results first (not exact)
        self.inexact = True
        order = sorted(results, key=lambda r: (net.dense_terms(net.kept(r[0])), r[0]))
        mask, states = order[0]
        acc = min(states, key=lambda s: s[0])
        for mask2, states2 in order[1:]:
            mask |= mask2
            step = self.combine(mask, [acc], states2, self.ceiling)
            assert step is not None
            acc = step
        return acc
