"""Contraction paths planned on the very cost that is billed.

Pricing (:func:`price_path`) turns any path into :class:`Step` records using the symmetry
model of :mod:`flopscope._contraction`. Searching:

- ``'optimal'``: a dynamic programme over *all* subsets of operands (every pairwise path,
  outer products and early single-operand sums included): exact, ``3**n`` work, used up
  to :data:`OPTIMAL_LIMIT` operands;
- ``'dp'``: the same programme restricted to contracting operand sets that share a summed
  label (Pfeifer et al.'s connected-subgraph DP, as opt_einsum's ``'dp'``), with an
  iteratively raised cost cap; disconnected parts are planned apart and then combined by
  the exact programme (up to :data:`COMBINE_LIMIT` parts). Exact over paths without outer
  products. Both programmes live in :mod:`flopscope._subset_dp`;
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
import importlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opt_einsum.paths import PathOptimizer, ssa_greedy_optimize

from ._bitsets import bits
from ._contraction import Network, step_ops
from ._subset_dp import AUTO_FULL_LIMIT, COMBINE_LIMIT, NO_WORK_LIMIT, _Search
from ._symmetry import SymmetryGroup


def _optional_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - depends on the environment
        return None


# a fast exact dense planner (Rust); optional: our own DP covers everything without it.
# Imported by name so that type-checking (and mypyc's build) never depends on its presence.
_cotengrust: Any = _optional_module("cotengrust")

Path = tuple[tuple[int, ...], ...]

#: 'optimal' searches every subset split up to this many operands (3**n work)
OPTIMAL_LIMIT = 12
#: 'auto' stops the connected DP after this many candidate pairs and falls back
AUTO_DP_WORK = 400_000
#: seeded randomised greedy trials when 'auto' falls back
RANDOM_TRIALS = 16


@dataclass
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
    # current operands: (ops mask, labels summed inside it so far, subscripts)
    current: list[tuple[int, int, str]] = [(1 << t, 0, s) for t, s in enumerate(net.inputs)]
    names = net.names
    steps = []
    last = len(path) - 1
    for k, positions in enumerate(path):
        ops = before = 0
        subs = []
        for i in positions:
            mask, summed, sub = current[i]
            ops |= mask
            before |= summed
            subs.append(sub)
        for i in sorted(positions, reverse=True):
            current.pop(i)
        kept = net.kept(ops)
        terms, dense = net.step_terms(ops, before)
        if k == last:
            result = net.output
        else:  # the kept labels, in order of appearance in the step's inputs
            joined = "".join(subs)
            result = "".join(sorted([names[x] for x in bits(kept)], key=joined.find))
        summed = net.labels(ops) & ~kept
        steps.append(
            Step(
                operands=positions,
                subscripts=",".join(subs) + "->" + result,
                ops=ops,
                before=before,
                n_inputs=len(positions),
                sums=bool(summed & ~before),
                terms=terms,
                dense_terms=dense,
                output_size=net.dense_terms(kept),
            )
        )
        current.append((ops, summed, result))
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


def tree_to_path(tree: Any, n: int) -> Path:
    """A search tree as a linear path (opt_einsum's convention)."""
    ssa: list[tuple[int, ...]] = []
    _tree_to_ssa(tree, n, ssa)
    return ssa_to_linear(ssa, n)


def _tree_to_ssa(tree: Any, n: int, ssa: list[tuple[int, ...]]) -> int:
    """Appends the steps of ``tree`` to ``ssa``; returns the id of its result."""
    if isinstance(tree, int):
        return tree
    if len(tree) == 1:
        ssa.append((tree[0],))
    else:
        left = _tree_to_ssa(tree[0], n, ssa)
        right = _tree_to_ssa(tree[1], n, ssa)
        ssa.append((left, right))
    return n + len(ssa) - 1


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
    if optimize not in ("optimal", "dp", "auto"):
        raise ValueError(
            f"optimize must be 'auto', 'optimal', 'dp', 'greedy', True, False or a path, "
            f"got {optimize!r}"
        )
    if n == 2 and not (net.summed(1) or net.summed(2)):  # nothing to sum first: one path
        return ((0, 1),)
    search = _Search(net, fma)
    full = n <= (OPTIMAL_LIMIT if optimize == "optimal" else AUTO_FULL_LIMIT)
    if full:
        return tree_to_path(search.full([(1 << t, search.leaf(t)) for t in range(n)])[2], n)
    # a known path bounds the optimum: the DP starts with its cost as the cap. cotengrust's
    # dense-optimal path (if installed) is usually near our optimum, so one pass suffices.
    dense = cotengrust_path(net) if optimize == "auto" else None
    start = greedy_path(net) if dense is None else dense
    upper = path_cost(net, start, fma)
    best = (upper, start)
    state = search.components(AUTO_DP_WORK if optimize == "auto" else NO_WORK_LIMIT, upper)
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
    "AUTO_FULL_LIMIT",
    "COMBINE_LIMIT",
    "Step",
    "SymmetricPathOptimizer",
    "check_path",
    "find_path",
    "greedy_path",
    "path_cost",
    "price_path",
]
