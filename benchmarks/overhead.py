"""Per-call overhead: counted calls vs the same plain NumPy calls, in one process.

Target (core engine issue): a counted call on a 10-element array costs at most 5x the
plain NumPy call. Large arrays show that the overhead vanishes when NumPy does real work.

    python benchmarks/overhead.py [--quick]
    FLOPSCOPE_PURE_PYTHON=1 python benchmarks/overhead.py   # without the C extension
"""

from __future__ import annotations

import sys
import timeit

import numpy as np

import flopscope as flops
import flopscope.numpy as fnp
from flopscope._compiled import speedups

TARGET = 5.0
DISPATCH = "pure Python" if speedups is None else "compiled (_speedups.c)"


def per_call(stmt: str, env: dict, number: int, repeat: int) -> float:
    return min(timeit.repeat(stmt, globals=env, number=number, repeat=repeat)) / number


def cases(n_small: int = 10, n_large: int = 256):
    rng = np.random.default_rng(0)
    for label, shape, vec in (
        ("10 elements", (n_small,), (n_small,)),
        ("256x256", (n_large, n_large), (n_large,)),
    ):
        a = rng.standard_normal(shape) + 2
        b = rng.standard_normal(shape) + 2
        v = rng.standard_normal(vec)
        env = {"np": np, "fnp": fnp, "a": a, "b": b, "v": v,
               "ca": fnp.asarray(a), "cb": fnp.asarray(b), "cv": fnp.asarray(v)}  # fmt: skip
        sub = "i,i->" if len(shape) == 1 else "ij,j->i"
        yield (
            label,
            env,
            [
                ("add", "np.add(a, b)", "fnp.add(ca, cb)"),
                ("a + b (operator)", "a + b", "ca + cb"),
                ("exp", "np.exp(a)", "fnp.exp(ca)"),
                ("maximum(a, 0)", "np.maximum(a, 0)", "fnp.maximum(ca, 0)"),
                ("sum", "np.sum(a)", "fnp.sum(ca)"),
                ("a.sum() (method)", "a.sum()", "ca.sum()"),
                ("matmul", "np.matmul(a, b)", "fnp.matmul(ca, cb)"),
                (f"einsum {sub}", f"np.einsum('{sub}', a, v)", f"fnp.einsum('{sub}', ca, cv)"),
            ],
        )


def categories():
    """One representative per op-table category, on small inputs (10 elements, 4x4)."""
    rng = np.random.default_rng(1)
    a = rng.standard_normal(10)
    m = rng.standard_normal((4, 4)) + 4 * np.eye(4)
    srt = np.sort(a)
    env = {
        "np": np, "fnp": fnp, "a": a, "m": m, "srt": srt, "v": a[:3],
        "ca": fnp.asarray(a), "cm": fnp.asarray(m), "csrt": fnp.asarray(srt),
        "cv": fnp.asarray(a[:3]), "g": np.random.default_rng(0),
        "cg": fnp.random.default_rng(0),
    }  # fmt: skip
    return env, [
        ("free", "reshape", "np.reshape(a, (2, 5))", "fnp.reshape(ca, (2, 5))"),
        ("free view", "m[1]", "m[1]", "cm[1]"),
        ("free view", "m[1:3]", "m[1:3]", "cm[1:3]"),
        ("free view", "m.T", "m.T", "cm.T"),
        ("free view", "a[3] (0-d)", "a[3]", "ca[3]"),
        ("pointwise", "sin", "np.sin(a)", "fnp.sin(ca)"),
        ("reduction", "max", "np.max(a)", "fnp.max(ca)"),
        ("statistics", "var", "np.var(a)", "fnp.var(ca)"),
        ("cumulative", "cumsum", "np.cumsum(a)", "fnp.cumsum(ca)"),
        ("sorting", "sort", "np.sort(a)", "fnp.sort(ca)"),
        ("searching", "searchsorted", "np.searchsorted(srt, v)", "fnp.searchsorted(csrt, cv)"),
        ("sets", "unique", "np.unique(a)", "fnp.unique(ca)"),
        ("contraction", "tensordot", "np.tensordot(m, m)", "fnp.tensordot(cm, cm)"),
        ("linalg", "solve", "np.linalg.solve(m, m)", "fnp.linalg.solve(cm, cm)"),
        ("linalg", "det", "np.linalg.det(m)", "fnp.linalg.det(cm)"),
        ("fft", "fft", "np.fft.fft(a)", "fnp.fft.fft(ca)"),
        ("polynomial", "polyval", "np.polyval(a, v)", "fnp.polyval(ca, cv)"),
        ("random", "normal", "g.normal(size=10)", "cg.normal(size=10)"),
    ]


def main() -> int:
    quick = "--quick" in sys.argv
    number, repeat = (2000, 3) if quick else (20000, 7)
    worst_small = 0.0
    worst_category = 0.0
    print(f"dispatch: {DISPATCH} (FLOPSCOPE_PURE_PYTHON=1 measures the Python one)\n")
    with flops.BudgetContext(2**62, quiet=True):
        print(f"{'case':<20} {'op':<20} {'plain (us)':>11} {'counted (us)':>13} {'ratio':>7}")
        for label, env, ops in cases():
            n = number if label == "10 elements" else max(number // 100, 20)
            for name, plain, counted in ops:
                t_plain = per_call(plain, env, n, repeat)
                t_counted = per_call(counted, env, n, repeat)
                ratio = t_counted / t_plain
                if label == "10 elements":
                    worst_small = max(worst_small, ratio)
                print(
                    f"{label:<20} {name:<20} {t_plain * 1e6:>11.2f} {t_counted * 1e6:>13.2f} {ratio:>6.2f}x"
                )
        print(f"\n{'category':<20} {'op':<20} {'plain (us)':>11} {'counted (us)':>13} {'ratio':>7}")
        env, ops = categories()
        for category, name, plain, counted in ops:
            t_plain = per_call(plain, env, number // 4, repeat)
            t_counted = per_call(counted, env, number // 4, repeat)
            ratio = t_counted / t_plain
            worst_category = max(worst_category, ratio)
            print(
                f"{category:<20} {name:<20} {t_plain * 1e6:>11.2f} {t_counted * 1e6:>13.2f} {ratio:>6.2f}x"
            )
    for what, worst in (("10-element core ops", worst_small), ("categories", worst_category)):
        verdict = "meets" if worst <= TARGET else "MISSES"
        print(f"worst ratio, {what}: {worst:.2f}x ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
