"""BudgetContext: validation, charging, refusal without trace, nesting, decorators,
the global default, multipliers and the op log."""

from __future__ import annotations

import math

import numpy as np
import pytest

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import BudgetExhaustedError


@pytest.mark.parametrize(
    "bad",
    [0, -1, True, False, math.nan, math.inf, -math.inf, 1.5, 1e7 + 0.5, "100", None, 2**63, [10]],
)
def test_flop_budget_must_be_a_positive_integer(bad):
    with pytest.raises(ValueError, match="flop_budget"):
        flops.BudgetContext(flop_budget=bad)


@pytest.mark.parametrize(
    "good, expected", [(1e7, 10_000_000), (np.int64(5), 5), (10.0, 10), (2**63 - 1, 2**63 - 1)]
)
def test_flop_budget_accepts_whole_numbers(good, expected):
    ctx = flops.BudgetContext(flop_budget=good)
    assert ctx.flop_budget == expected and type(ctx.flop_budget) is int
    assert ctx.flops_used == 0 and ctx.flops_remaining == expected


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "2"])
def test_flop_multiplier_must_be_positive_and_finite(bad):
    with pytest.raises(ValueError, match="flop_multiplier"):
        flops.BudgetContext(100, flop_multiplier=bad)


@pytest.mark.parametrize("bad", [0, -2, math.nan, "1s"])
def test_wall_time_limit_must_be_positive(bad):
    with pytest.raises(ValueError, match="wall_time_limit_s"):
        flops.BudgetContext(100, wall_time_limit_s=bad)


@pytest.mark.parametrize("bad", ["", "a..b", ".a", 3])
def test_namespace_must_be_a_dotted_name(bad):
    with pytest.raises(ValueError, match="namespace"):
        flops.BudgetContext(100, namespace=bad)


@pytest.mark.parametrize("multiplier, expected", [(1.0, 300), (0.5, 150), (2.5, 750), (0.001, 0)])
def test_cost_is_charged_times_the_multiplier(multiplier, expected):
    x = fnp.ones((300,))
    with flops.BudgetContext(10_000, flop_multiplier=multiplier, quiet=True) as ctx:
        fnp.exp(x)
    assert ctx.flops_used == expected
    assert ctx.op_log[0].flop_cost == expected


def test_over_budget_is_refused_before_running_and_leaves_no_trace():
    a = fnp.ones((256, 256))
    with flops.BudgetContext(100_000, quiet=True) as ctx:
        fnp.exp(a)  # 65,536
        state = np.random.get_state()[1].copy()
        with pytest.raises(BudgetExhaustedError) as info:
            fnp.random.randn(256, 256)  # 65,536 > 34,464 left
        # the refused draw did not run: the global generator did not advance
        assert np.array_equal(np.random.get_state()[1], state)
    err = info.value
    assert (err.op_name, err.flop_cost, err.flops_remaining) == ("random.randn", 65_536, 34_464)
    assert "random.randn" in str(err) and "65,536" in str(err) and "34,464" in str(err)
    assert ctx.flops_used == 65_536 and len(ctx.op_log) == 1
    assert ctx.summary_dict()["operations"] == {"exp": {"flop_cost": 65_536, "calls": 1}}


def test_an_op_that_fits_exactly_is_allowed():
    with flops.BudgetContext(65_536, quiet=True) as ctx:
        fnp.exp(fnp.ones((256, 256)))
    assert ctx.flops_remaining == 0


def test_a_failing_op_leaves_budget_log_and_arrays_unchanged():
    a, b = fnp.ones((3,)), fnp.ones((4,))
    out = np.zeros(3)
    with flops.BudgetContext(1000, quiet=True) as ctx:
        fnp.add(a, a)
        with pytest.raises(ValueError, match="could not be broadcast"):
            fnp.add(a, b)
        with pytest.raises(ValueError):
            fnp.einsum("ij,jk->ik", fnp.ones((2, 3)), fnp.ones((4, 5)))
        with pytest.raises(TypeError, match="read-only"):
            fnp.add(a, a, out=fnp.zeros(3))
        with pytest.raises(ValueError):
            fnp.matmul(fnp.ones((2, 3)), fnp.ones((2, 3)))
    assert ctx.flops_used == 3 and len(ctx.op_log) == 1
    assert np.array_equal(out, np.zeros(3))


def test_refused_op_with_out_does_not_write():
    out = np.full(4, 7.0)
    with flops.BudgetContext(3, quiet=True), pytest.raises(BudgetExhaustedError):
        fnp.add(np.ones(4), 1, out=out)
    assert np.array_equal(out, np.full(4, 7.0))


def test_nesting_two_contexts_is_an_error_and_changes_nothing():
    outer = flops.BudgetContext(100, quiet=True)
    inner = flops.BudgetContext(100, quiet=True)
    with outer:
        with pytest.raises(RuntimeError, match="nest"):
            with inner:
                pass
        fnp.exp(fnp.ones(5))
    assert outer.flops_used == 5 and inner.flops_used == 0


def test_reentering_the_same_context_is_allowed():
    ctx = flops.BudgetContext(100, quiet=True)
    with ctx:
        with ctx:
            fnp.exp(fnp.ones(5))
        fnp.exp(fnp.ones(5))  # still active after the inner exit
    assert ctx.flops_used == 10
    fnp.exp(fnp.ones(5))  # now charged to the default budget
    assert ctx.flops_used == 10


def test_explicit_context_temporarily_replaces_the_default():
    fnp.exp(fnp.ones(4))
    with flops.BudgetContext(100, namespace="explicit", quiet=True) as ctx:
        fnp.exp(fnp.ones(6))
    fnp.exp(fnp.ones(8))
    data = flops.budget_summary_dict(by_namespace=True)
    assert ctx.flops_used == 6
    assert data["by_namespace"]["(default)"]["flops_used"] == 12
    assert data["by_namespace"]["(default)"]["flop_budget"] == 10**15
    assert data["flops_used"] == 18


def test_decorator_draws_every_call_from_one_budget():
    @flops.budget(flop_budget=1000, quiet=True)
    def step(n):
        return fnp.exp(fnp.ones(n))

    step(10)
    step(20)
    data = flops.budget_summary_dict(by_namespace=True)
    assert data["by_namespace"]["step"]["flops_used"] == 30
    assert data["by_namespace"]["step"]["operations"]["exp"] == {"flop_cost": 30, "calls": 2}


def test_budget_context_decorator_keeps_no_namespace_and_keeps_function_metadata():
    ctx = flops.BudgetContext(1000, quiet=True)

    @ctx
    def work():
        """Docs."""
        return fnp.exp(fnp.ones(3))

    work()
    assert ctx.namespace is None and ctx.flops_used == 3
    assert work.__name__ == "work" and work.__doc__ == "Docs."


def test_decorated_function_raising_restores_the_default():
    @me.budget(flop_budget=10, quiet=True)
    def too_big():
        me.exp(me.ones(100))

    with pytest.raises(BudgetExhaustedError):
        too_big()
    me.exp(me.ones(100))  # the default budget is active again
    assert me.budget_summary_dict()["flops_used"] == 100


def test_banner_is_printed_once_unless_quiet(capsys):
    ctx = flops.BudgetContext(10**7, namespace="forward")
    with ctx:
        pass
    with ctx:
        pass
    err = capsys.readouterr().err
    assert err.count("flopscope") == 1
    assert "budget: 1.00e+07 FLOPs" in err and "namespace: forward" in err
    with flops.BudgetContext(10, quiet=True):
        pass
    assert capsys.readouterr().err == ""


def test_global_default_budget_and_env_var(monkeypatch):
    monkeypatch.setenv("FLOPSCOPE_DEFAULT_BUDGET", "5e3")
    monkeypatch.setenv("MECHESTIM_DEFAULT_BUDGET", "2000")
    fnp.exp(fnp.ones(10))
    me.exp(me.ones(10))
    assert flops.budget_summary_dict()["flop_budget"] == 7000  # both defaults, one session
    monkeypatch.setenv("FLOPSCOPE_DEFAULT_BUDGET", "1")  # read once: no effect now
    fnp.exp(fnp.ones(10))
    with pytest.raises(BudgetExhaustedError):
        fnp.exp(fnp.ones(5000))


@pytest.mark.parametrize("raw", ["lots", "-5", "0", "nan", "1.5"])
def test_invalid_env_var_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("MECHESTIM_DEFAULT_BUDGET", raw)
    with pytest.raises(ValueError, match="MECHESTIM_DEFAULT_BUDGET"):
        me.exp(me.ones(3))


def test_budget_reset_forgets_finished_budgets():
    with flops.BudgetContext(100, quiet=True):
        fnp.exp(fnp.ones(3))
    fnp.exp(fnp.ones(3))
    assert flops.budget_summary_dict()["flops_used"] == 6
    flops.budget_reset()
    assert flops.budget_summary_dict()["flops_used"] == 0
    fnp.exp(fnp.ones(3))
    assert flops.budget_summary_dict()["flops_used"] == 3


def test_op_log_records_every_call_with_page_004_fields():
    a = fnp.ones((4, 3))
    with flops.BudgetContext(10_000, namespace="work", quiet=True) as ctx:
        fnp.einsum("ij,j->i", a, fnp.ones(3))
        with fnp.namespace("act"):
            fnp.exp(a)
    log = ctx.op_log
    assert len(log) == 2
    first, second = log
    assert first.op_name == "einsum" and first.subscripts == "ij,j->i"
    assert first.shapes == ((4, 3), (3,)) and first.flop_cost == 12 and first.cumulative == 12
    assert first.namespace == "work"
    assert second.op_name == "exp" and second.namespace == "work.act" and second.cumulative == 24
    assert second.subscripts is None and second.shapes == ((4, 3),)
    assert log[-1] == second and log[0:1] == [first]
    assert 0 <= first.flopscope_context_start_offset_s <= second.flopscope_context_start_offset_s
    assert first.flopscope_backend_duration_s >= 0 and first.flopscope_overhead_duration_s > 0
    with pytest.raises(IndexError):
        log[2]


def test_op_log_can_be_iterated_while_ops_run():
    with flops.BudgetContext(10_000, quiet=True) as ctx:
        fnp.exp(fnp.ones(2))
        for record in ctx.op_log:
            fnp.exp(fnp.ones(2))  # appending to the live log must not fail
            assert record.op_name == "exp"
    assert len(ctx.op_log) == 2


def test_many_calls_aggregate_exactly():
    x = fnp.ones((7,))
    with flops.BudgetContext(10**6, quiet=True) as ctx:
        for _ in range(1000):
            x = x + 1
        fnp.sum(x)
    assert ctx.flops_used == 7007
    ops = ctx.summary_dict()["operations"]
    assert ops == {"add": {"flop_cost": 7000, "calls": 1000}, "sum": {"flop_cost": 7, "calls": 1}}
    assert [r.cumulative for r in ctx.op_log][-3:] == [6993, 7000, 7007]


def test_log_memory_is_at_most_100_bytes_per_op():
    import tracemalloc

    x = fnp.ones((3,))
    ctx = flops.BudgetContext(10**12, quiet=True)
    with ctx:
        for _ in range(2000):  # warm up: signature tables, buffers
            x = x + 1
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for _ in range(20_000):
            x = x + 1
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown / 20_000 <= 100, f"{grown / 20_000:.1f} bytes per recorded op"


def test_summaries_aggregate_only_new_rows_and_stay_exact():
    with flops.BudgetContext(10**6, quiet=True) as budget:
        a = fnp.ones(10)
        fnp.exp(a)
        first = budget.summary_dict()
        fnp.exp(a)
        fnp.sum(a)
        second = budget.summary_dict()
    assert first["operations"]["exp"] == {"flop_cost": 10, "calls": 1}
    assert second["operations"]["exp"] == {"flop_cost": 20, "calls": 2}
    assert second["operations"]["sum"] == {"flop_cost": 10, "calls": 1}
    assert second["flops_used"] == 30
    parts = ("flopscope_backend_time_s", "flopscope_overhead_time_s", "residual_wall_time_s")
    assert sum(second[k] for k in parts) == pytest.approx(second["wall_time_s"], abs=1e-9)
