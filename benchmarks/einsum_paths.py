"""Contraction paths: flopscope's planner side by side with opt_einsum, in one process.

Targets (issue 3), each with a verdict line:
  1. the chosen path's billed cost is never worse than opt_einsum's 'greedy' and 'dp' paths
     re-priced by flopscope's cost (the very cost that is billed, symmetry included);
  2. planning time no slower than opt_einsum's 'dp' on the same network (best of several
     uncached runs each; ours includes parsing and pricing, as theirs does);
  3. deterministic: the same input gives the same path, in this process (cache cleared)
     and in fresh processes with different hash seeds;
  4. a cached plan returns in under 5 us (timeit: best of 5 runs of 20,000 calls).

Networks (fixed seeds): matrix chains and opt_einsum's random regular networks of 3-20
operands, plus symmetric ones (the issue's T S3 x three matrices, Gram-like products,
rings of one matrix, random networks with symmetric and identical operands).

    python benchmarks/einsum_paths.py [--quick]
"""

from __future__ import annotations

import hashlib
import os
import random
import string
import subprocess
import sys
import time
import timeit
from collections.abc import Sequence
from typing import Any

import opt_einsum as oe
from opt_einsum.testing import rand_equation

from flopscope import _einsum, _planner, _symmetry
from flopscope._planner import path_cost
from flopscope._symmetry import SymmetryGroup

LATENCY_TARGET_US = 5.0


def chain(n: int, seed: int) -> tuple[str, list[tuple[int, ...]]]:
    letters = string.ascii_letters
    rng = random.Random(seed)
    dims = [rng.randint(2, 60) for _ in range(n + 1)]
    eq = ",".join(letters[i] + letters[i + 1] for i in range(n)) + "->" + letters[0] + letters[n]
    return eq, [(dims[i], dims[i + 1]) for i in range(n)]


def symmetric_random(n: int, seed: int) -> tuple[str, list, tuple, tuple]:
    """A random network whose square operands are symmetric, some of them one matrix."""
    eq, shapes = rand_equation(n, 3, n_out=2, d_min=4, d_max=4, seed=seed)
    inputs = eq.split("->")[0].split(",")
    groups: list[Any] = [None] * n
    identities: list[Any] = [None] * n
    first: dict[int, int] = {}
    for t, s in enumerate(inputs):
        if len(s) >= 2:
            groups[t] = SymmetryGroup.symmetric(len(s), (0, 1))
        if t % 2 == 0:  # every other operand: one shared array per rank
            first.setdefault(len(s), t)
            identities[t] = (first[len(s)], tuple(range(len(s))))
    counts: dict[Any, int] = {}
    for i in identities:
        if i is not None:
            counts[i[0]] = counts.get(i[0], 0) + 1
    identities = [None if i is None or counts[i[0]] < 2 else i for i in identities]
    for t, i in enumerate(identities):
        if i is not None:
            groups[t] = groups[i[0]]
    return eq, shapes, tuple(groups), tuple(identities)


def networks(quick: bool) -> list[tuple[str, str, list, Any, Any]]:
    sizes = (3, 5, 8, 12, 16) if quick else (3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20)
    seeds = (0,) if quick else (0, 1)
    out: list[tuple[str, str, list, Any, Any]] = []
    for n in sizes:
        for seed in seeds:
            eq, shapes = chain(n, seed)
            out.append((f"chain n={n} s={seed}", eq, shapes, None, None))
            eq, shapes = rand_equation(n, 3, n_out=2, d_min=2, d_max=9, seed=seed)
            out.append((f"random n={n} s={seed}", eq, shapes, None, None))
    same = (0, (0, 1))
    s3 = SymmetryGroup.symmetric(3)
    out.append(
        (
            "T(S3) x 3 same matrices",
            "ijk,ai,bj,ck->abc",
            [(50, 50, 50), (50, 50), (50, 50), (50, 50)],
            (s3, None, None, None),
            (None, same, same, same),
        )
    )
    out.append(("Gram X.T X", "ij,ik->jk", [(100, 100)] * 2, None, (same, same)))
    for k in (4, 6) if quick else (4, 6, 8, 10):
        letters = string.ascii_lowercase
        eq = ",".join(letters[i] + letters[(i + 1) % k] for i in range(k)) + "->"
        out.append((f"trace of X^{k}", eq, [(30, 30)] * k, None, (same,) * k))
    for n in (5, 8) if quick else (5, 7, 9, 12):
        eq, shapes, groups, idents = symmetric_random(n, seed=n)
        out.append((f"sym random n={n}", eq, shapes, groups, idents))
    return out


def best_times(fns: Sequence[Any], repeat: int, budget_s: float = 0.05) -> list[float]:
    """Best single-call time of each function, sampled in interleaved rounds (drift and
    noise hit all alike); fast calls get more rounds, up to ``budget_s`` per function."""
    best = [float("inf")] * len(fns)
    rounds = 0
    while True:
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
        rounds += 1
        if rounds >= repeat and (rounds >= 200 or rounds * max(best) >= budget_s):
            return best


def determinism_digest() -> str:
    paths = []
    for _, eq, shapes, groups, idents in networks(quick=True):
        for opt in ("auto", "greedy", "dp"):
            paths.append(_einsum.plan(eq, shapes, opt, groups=groups, identities=idents).path)
    return hashlib.sha256(repr(paths).encode()).hexdigest()


def main() -> int:
    if "--digest" in sys.argv:  # used by the determinism check in a fresh process
        print(determinism_digest())
        return 0
    quick = "--quick" in sys.argv
    repeat = 3 if quick else 5
    print(f"cotengrust candidate source: {'yes' if _planner._cotengrust else 'no'}")
    head = (
        f"{'network':<26} {'ours':>14} {'oe greedy':>14} {'oe dp':>14} "
        f"{'plan ms':>8} {'dp ms':>8} {'t ratio':>7}"
    )
    print(head)
    print("-" * len(head))
    cost_fail = time_fail = det_fail = 0
    ratios = []
    kind_fails = {"dense": 0, "symmetric": 0}
    kind_counts = {"dense": 0, "symmetric": 0}
    total_ours = total_dp = 0.0
    rows = networks(quick)
    for name, eq, shapes, groups, idents in rows:
        for fma in (1, 2):

            def ours(
                fma: int = fma, eq: str = eq, shapes: Any = shapes, g: Any = groups, i: Any = idents
            ) -> Any:
                _einsum._plan.cache_clear()
                _symmetry.clear_caches()  # cold start: no group or count memoised
                return _einsum.plan(eq, shapes, groups=g, identities=i, fma=fma)

            p = ours()
            theirs = {}
            for method in ("greedy", "dp"):
                path, _ = oe.contract_path(eq, *shapes, shapes=True, optimize=method)
                theirs[method] = path_cost(p.network, tuple(map(tuple, path)), fma)
            if p.cost(fma) > min(theirs.values()):
                cost_fail += 1
            if ours().path != p.path:
                det_fail += 1
            if fma == 2:
                continue
            t_ours, t_dp = best_times(
                [
                    ours,
                    lambda eq=eq, shapes=shapes: oe.contract_path(
                        eq, *shapes, shapes=True, optimize="dp"
                    ),
                ],
                repeat,
            )
            total_ours += t_ours
            total_dp += t_dp
            ratio = t_ours / t_dp
            ratios.append(ratio)
            kind = "dense" if groups is None and idents is None else "symmetric"
            kind_counts[kind] += 1
            if ratio > 1.0:
                time_fail += 1
                kind_fails[kind] += 1
            mark = "" if p.cost(1) <= min(theirs.values()) else "  <-- worse"
            print(
                f"{name:<26} {p.cost(1):>14,} {theirs['greedy']:>14,} {theirs['dp']:>14,} "
                f"{t_ours * 1e3:>8.2f} {t_dp * 1e3:>8.2f} {ratio:>7.2f}{mark}"
            )
    n_cost = 2 * len(rows)

    # determinism across processes (different hash seeds)
    digests = set()
    for seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run(
            [sys.executable, __file__, "--digest"], capture_output=True, text=True, env=env
        )
        digests.add(res.stdout.strip())
    digests.add(determinism_digest())

    # cached-plan latency
    latencies = []
    for _, eq, shapes, groups, idents in (rows[2], rows[-3]):
        shapes_t = tuple(tuple(s) for s in shapes)
        _einsum.plan(eq, shapes_t, groups=groups, identities=idents)
        runs = timeit.repeat(
            lambda eq=eq, s=shapes_t, g=groups, i=idents: _einsum.plan(
                eq, s, groups=g, identities=i
            ),
            number=20_000,
            repeat=5,
        )
        latencies.append(min(runs) / 20_000 * 1e6)

    print()
    print(
        f"cost      : ours never worse than opt_einsum greedy/dp re-priced (flopscope and "
        f"mechestim conventions): {'PASS' if not cost_fail else 'FAIL'} "
        f"({n_cost - cost_fail}/{n_cost})"
    )
    ratios.sort()
    print(
        f"speed     : planning no slower than opt_einsum dp: "
        f"{'PASS' if not time_fail else 'FAIL'} ({len(ratios) - time_fail}/{len(ratios)} networks; "
        f"median time ratio {ratios[len(ratios) // 2]:.2f}, worst {ratios[-1]:.2f}; "
        f"total {total_ours * 1e3:.1f} ms vs {total_dp * 1e3:.1f} ms)"
    )
    for kind in ("dense", "symmetric"):
        ok = kind_counts[kind] - kind_fails[kind]
        print(f"  {kind:<9}: {ok}/{kind_counts[kind]} networks no slower than dp")
    print(
        f"determinism: same path in-process and across hash seeds: "
        f"{'PASS' if not det_fail and len(digests) == 1 else 'FAIL'}"
    )
    print(
        f"latency   : cached plan {max(latencies):.2f} us (target < {LATENCY_TARGET_US} us): "
        f"{'PASS' if max(latencies) < LATENCY_TARGET_US else 'FAIL'}"
    )
    return 0 if not cost_fail and len(digests) == 1 and not det_fail else 1


if __name__ == "__main__":
    sys.exit(main())
