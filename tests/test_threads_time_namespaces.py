"""Per-thread budgets, the wall-time limit and its timing decomposition, and namespaces."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import flopscope as flops
import flopscope.numpy as fnp
from flopscope import TimeExhaustedError


def test_each_thread_has_its_own_budget():
    results = {}
    barrier = threading.Barrier(4)

    def worker(i):
        with flops.BudgetContext(10**6, namespace=f"t{i}", quiet=True) as ctx:
            barrier.wait()
            for _ in range(200):
                fnp.exp(fnp.ones(i + 1))
        results[i] = ctx.flops_used

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {0: 200, 1: 400, 2: 600, 3: 800}


def test_a_context_shared_by_threads_counts_every_call_exactly():
    ctx = flops.BudgetContext(10**9, quiet=True)

    @ctx
    def work():
        for _ in range(500):
            fnp.add(fnp.ones(3), 1)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ctx.flops_used == 4 * 500 * 3
    assert len(ctx.op_log) == 2000
    assert ctx.summary_dict()["operations"]["add"] == {"flop_cost": 6000, "calls": 2000}


def test_a_shared_budget_is_never_overrun_by_threads():
    ctx = flops.BudgetContext(3 * 1000, quiet=True)
    refused = []

    @ctx
    def work():
        for _ in range(500):
            try:
                fnp.add(fnp.ones(3), 1)
            except flops.BudgetExhaustedError:
                refused.append(1)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ctx.flops_used == 3000 and len(ctx.op_log) == 1000 and len(refused) == 1000


def test_a_context_in_one_thread_does_not_affect_another():
    inside = threading.Event()
    leave = threading.Event()

    def holder():
        with flops.BudgetContext(100, quiet=True):
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=holder)
    t.start()
    inside.wait(5)
    fnp.exp(fnp.ones(1000))  # this thread still uses the (large) default budget
    leave.set()
    t.join()
    assert (
        flops.budget_summary_dict(by_namespace=True)["by_namespace"]["(default)"]["flops_used"]
        >= 1000
    )


def test_time_limit_refuses_the_next_op_and_records_nothing():
    with flops.BudgetContext(10**6, wall_time_limit_s=0.05, quiet=True) as ctx:
        fnp.exp(fnp.ones(4))
        time.sleep(0.08)
        with pytest.raises(TimeExhaustedError) as info:
            fnp.exp(fnp.ones(4))
    err = info.value
    assert err.op_name == "exp" and err.wall_time_limit_s == 0.05 and err.wall_time_s > 0.05
    assert "0.05 s" in str(err)
    assert ctx.flops_used == 4 and len(ctx.op_log) == 1


def test_time_counts_only_while_the_context_is_active():
    ctx = flops.BudgetContext(10**6, wall_time_limit_s=0.2, quiet=True)
    for _ in range(3):
        with ctx:
            fnp.exp(fnp.ones(4))
        time.sleep(0.1)  # outside: not counted
    assert ctx.wall_time_s < 0.2


def test_timings_decompose_wall_time_exactly():
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        a = fnp.ones((200, 200))
        for _ in range(20):
            a = fnp.matmul(a, a) / 200
        time.sleep(0.02)
    data = ctx.summary_dict()
    wall, backend, overhead, residual = (
        data[k]
        for k in (
            "wall_time_s",
            "flopscope_backend_time_s",
            "flopscope_overhead_time_s",
            "residual_wall_time_s",
        )
    )
    assert backend > 0 and overhead > 0 and residual >= 0.02
    assert wall == pytest.approx(backend + overhead + residual, abs=1e-12)
    records = list(ctx.op_log)
    assert sum(r.flopscope_backend_duration_s for r in records) == pytest.approx(backend, rel=1e-9)
    assert sum(r.flopscope_overhead_duration_s for r in records) == pytest.approx(
        overhead, rel=1e-9
    )
    session = flops.budget_summary_dict()
    assert session["wall_time_s"] == pytest.approx(
        session["flopscope_backend_time_s"]
        + session["flopscope_overhead_time_s"]
        + session["residual_wall_time_s"]
    )


def test_namespaces_nest_as_dotted_paths_and_never_split_the_budget():
    with flops.BudgetContext(1000, namespace="predict", quiet=True) as ctx:
        fnp.exp(fnp.ones(2))
        with fnp.namespace("fallback"):
            fnp.exp(fnp.ones(3))
            with flops.namespace("sampling"):
                fnp.add(fnp.ones(5), 1)
        fnp.exp(fnp.ones(7))
    data = ctx.summary_dict(by_namespace=True)["by_namespace"]
    assert {k: v["flops_used"] for k, v in data.items()} == {
        "predict": 9,
        "predict.fallback": 3,
        "predict.fallback.sampling": 5,
    }
    assert all(
        v["flop_budget"] == 1000 and v["flops_remaining"] == 1000 - 17 for v in data.values()
    )
    assert [r.namespace for r in ctx.op_log] == [
        "predict",
        "predict.fallback",
        "predict.fallback.sampling",
        "predict",
    ]


def test_namespace_as_decorator_and_without_a_context():
    @fnp.namespace("init")
    def init():
        return fnp.exp(fnp.ones(4))

    init()
    data = flops.budget_summary_dict(by_namespace=True)["by_namespace"]
    assert data["init"]["flops_used"] == 4
    with pytest.raises(ValueError):
        fnp.namespace("")


def test_namespaces_are_per_thread():
    seen = {}

    def worker(name):
        with flops.BudgetContext(10**6, namespace=name, quiet=True) as ctx:
            with fnp.namespace("inner"):
                for _ in range(50):
                    fnp.exp(fnp.ones(2))
        seen[name] = {r.namespace for r in ctx.op_log}

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"a": {"a.inner"}, "b": {"b.inner"}, "c": {"c.inner"}}


def test_summary_text_lists_namespaces_when_asked():
    with flops.BudgetContext(100, namespace="solver", quiet=True) as ctx:
        with fnp.namespace("init"):
            fnp.exp(fnp.ones(3))
        with fnp.namespace("solve"):
            fnp.exp(fnp.ones(7))
    text = ctx.summary(by_namespace=True)
    assert text.startswith(
        "flopscope FLOP Budget Summary [solver]\n======================================\n"
    )
    assert (
        "  By namespace:\n    solver.solve                7  ( 70.0%)  [1 call]\n    solver.init                 3  ( 30.0%)  [1 call]"
        in text
    )
    np.testing.assert_equal("By namespace" in ctx.summary(), False)
