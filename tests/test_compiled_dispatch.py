"""The optional compiled dispatch (``_speedups.c``) and the Python one are twins.

`make test` runs the whole suite twice, once over each (``FLOPSCOPE_PURE_PYTHON=1``);
these tests compare the two directly and cover the paths only the compiled one has
(the element fast path of ``x[i]``, NumPy's attributes behind ``x.T``, appends made
without the budget's lock).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import warnings

import numpy as np
import pytest

import flopscope as flops
import flopscope.numpy as fnp
from flopscope._array import CountedArray
from flopscope._compiled import PURE_PYTHON as PURE
from flopscope._compiled import speedups


def test_the_extension_is_used_unless_the_python_dispatch_is_asked_for():
    from flopscope import _dispatch

    if PURE:
        assert speedups is None and _dispatch.run is _dispatch._run_python
    elif os.environ.get("CI"):
        # CI has a C compiler: a build that failed silently would leave every user on
        # the slower Python dispatch
        assert speedups is not None and _dispatch.run is speedups.run
    else:
        assert _dispatch.run is (_dispatch._run_python if speedups is None else speedups.run)


WORKLOAD = textwrap.dedent(
    """
    import json, numpy as np
    import flopscope as flops, flopscope.numpy as fnp
    from flopscope._compiled import speedups

    rng = np.random.default_rng(0)
    a = fnp.asarray(rng.standard_normal((4, 5)))
    s = flops.as_symmetric(fnp.asarray(np.eye(3) + 1), symmetric_axes=(0, 1))
    events = []
    with flops.BudgetContext(10**6, namespace="run", quiet=True) as ctx:
        b = fnp.exp(a) + a * 2
        with flops.namespace("inner"):
            c = fnp.einsum("ij,kj->ik", b, a)
            c.sum(axis=0), fnp.max(c), a[1], a[1, 2], a.T, a[::2, 1:]
            fnp.linalg.svd(fnp.asarray(np.eye(3)))
            fnp.random.default_rng(1).normal(size=7)
        s @ s, s + 1, fnp.einsum("ij,jk->ik", s, s)
        try:
            fnp.add(a, fnp.ones(3))  # NumPy refuses the shapes: nothing recorded
        except ValueError as e:
            events.append(type(e).__name__)
        try:
            fnp.einsum("ij,jk->ik", fnp.ones((1000, 1000)), fnp.ones((1000, 1000)))
        except flops.BudgetExhaustedError as e:
            events.append(str(e))
    with flops.BudgetContext(10**6, flop_multiplier=2.5, quiet=True) as scaled:
        fnp.exp(a), fnp.add(a, a)
    log = [r[:6] for r in ctx.op_log] + [r[:6] for r in scaled.op_log]
    summary = ctx.summary_dict(by_namespace=True)
    for key in list(summary):
        if key.endswith("_time_s"):
            del summary[key]
    print(json.dumps({"compiled": speedups is not None, "log": log, "summary": summary,
                      "used": [ctx.flops_used, scaled.flops_used], "events": events},
                     default=repr))
    """
)


def _workload(pure: bool) -> dict:
    env = dict(os.environ, FLOPSCOPE_PURE_PYTHON="1" if pure else "0")
    out = subprocess.run(
        [sys.executable, "-c", WORKLOAD], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_compiled_and_python_dispatch_bill_and_log_identically():
    python = _workload(pure=True)
    compiled = _workload(pure=False)
    assert python["compiled"] is False
    if not compiled["compiled"]:
        pytest.skip("the C extension is not built on this machine (no compiler at install)")
    assert compiled["log"] == python["log"]
    assert compiled["summary"] == python["summary"]
    assert compiled["used"] == python["used"]
    assert compiled["events"] == python["events"]
    assert len(python["events"]) == 2 and "einsum" in python["events"][1]
    assert python["used"][1] == int(20 * 2.5) * 2  # the multiplier is applied per op


# --- x[i]: an element is a 0-d counted array, exactly NumPy's value ------------------


@pytest.mark.parametrize(
    "dtype",
    ["float64", "float32", "float16", "int8", "uint64", "bool", "complex128", "longdouble",
     ">f8", "<i4", "datetime64[s]", "U3"],
)  # fmt: skip
def test_an_element_is_a_read_only_0d_counted_copy(dtype):
    plain = np.arange(6).astype(dtype)
    x = fnp.asarray(plain)
    with flops.BudgetContext(10, quiet=True) as ctx:
        for i in (0, 4, -1, -6, np.int64(2), np.uint8(3)):
            item = x[i]
            assert type(item) is CountedArray and item.shape == ()
            assert not item.flags.writeable
            assert item.dtype == np.asarray(plain[i]).dtype
            assert np.asarray(item)[()] == plain[i]
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0


def test_an_element_does_not_follow_later_writes_to_the_data():
    data = np.arange(5.0)
    x = fnp.asarray(data)
    item = x[2]
    data[2] = 99.0  # the caller's own (writable) array behind x
    assert item == 2.0  # an element is a copy, as NumPy's scalar is


@pytest.mark.parametrize("index", [5, -6, 2**70, -(2**70), np.uint64(2**64 - 1), np.int8(-6)])
def test_an_index_out_of_range_raises_numpys_error(index):
    plain = np.arange(5.0)
    with pytest.raises((IndexError, OverflowError)) as numpy_error:
        plain[index]
    with pytest.raises(numpy_error.type) as ours:
        fnp.asarray(plain)[index]
    assert str(ours.value) == str(numpy_error.value)


def test_elements_of_strided_and_multidimensional_arrays():
    plain = np.arange(24.0).reshape(4, 6)
    x = fnp.asarray(plain)
    assert x[::2, 1][1] == plain[::2, 1][1]
    assert x[:, ::-1][2][3] == plain[:, ::-1][2][3]
    np.testing.assert_array_equal(x[2], plain[2])  # a row: a view, as in NumPy
    assert x[2].base is not None and x[1, 2] == plain[1, 2]
    np.testing.assert_array_equal(x[fnp.asarray([0, 3])], plain[[0, 3]])  # counted indices
    np.testing.assert_array_equal(x[x > 20], plain[plain > 20])


# --- x.T and friends -----------------------------------------------------------------


def test_view_attributes_behave_like_the_properties_they_replace():
    plain = np.arange(6.0).reshape(2, 3) + 1j
    x = fnp.asarray(plain)
    for name in ("T", "mT", "real", "imag"):
        got = getattr(x, name)
        assert type(got) is CountedArray and not got.flags.writeable
        np.testing.assert_array_equal(got, getattr(plain, name))
        assert "Counted by flopscope" in (getattr(CountedArray, name).__doc__ or "")
        # Python 3.10's property says "can't set attribute", later ones "has no setter"
        with pytest.raises(AttributeError, match=r"no setter|can't set attribute"):
            setattr(x, name, 0)
        with pytest.raises(AttributeError, match=r"no deleter|can't delete attribute"):
            delattr(x, name)
    s = flops.as_symmetric(fnp.asarray(np.eye(3)), symmetric_axes=(0, 1))
    assert type(s.T) is type(s)  # symmetric tensors keep their own transpose


def test_broadcast_results_read_their_flags_without_numpys_warning():
    x, y = fnp.broadcast_arrays(fnp.ones(3), fnp.ones((2, 3)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert x.flags.writeable is False and y.flags.writeable is False


# --- summaries stay consistent while other threads charge -----------------------------


def test_summaries_read_while_threads_charge_are_consistent():
    ctx = flops.BudgetContext(10**9, quiet=True)
    stop = threading.Event()

    @ctx
    def work():
        v = fnp.ones(3)
        while not stop.is_set():
            fnp.add(v, 1)
            fnp.exp(v)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(200):
            summary = ctx.summary_dict()
            billed = sum(op["flop_cost"] for op in summary["operations"].values())
            assert summary["flops_used"] == billed
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert ctx.flops_used == 3 * len(ctx.op_log)
    cumulative = [r.cumulative for r in ctx.op_log]
    assert cumulative == list(range(3, 3 * len(cumulative) + 1, 3))
