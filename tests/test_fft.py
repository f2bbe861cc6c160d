"""numpy.fft, counted: every transform returns NumPy's result and is billed
5·N·ceil(log2 n) per transformed axis (real transforms half, rounded up); frequencies and
shifts are free. Figures below are worked out by hand from that rule."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _table_fft
from flopscope._array import READ_ONLY_MESSAGE
from flopscope.numpy import CountedArray


@dataclass(frozen=True)
class Flavor:
    np_: Any
    budget: Any
    cost: Any
    counted: bool


FNP = Flavor(fnp, flops.BudgetContext, flops.cost, True)
ME = Flavor(me, me.BudgetContext, me.flops.cost, False)
FLAVORS = [pytest.param(FNP, id="flopscope"), pytest.param(ME, id="mechestim")]


def run(flavor: Flavor, name: str, *args: Any, **kwargs: Any) -> tuple[Any, int, list[str]]:
    fn = getattr(flavor.np_.fft, name)
    with flavor.budget(10**15, quiet=True) as ctx:
        result = fn(*args, **kwargs)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


def data(shape: tuple[int, ...], complex_: bool = False, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    return x + 1j * rng.standard_normal(shape) if complex_ else x


def assert_same(result: Any, expected: np.ndarray, counted: bool) -> None:
    assert type(result) is (CountedArray if counted else np.ndarray)
    plain = np.asarray(result)
    assert plain.shape == expected.shape and plain.dtype == expected.dtype
    np.testing.assert_allclose(plain, expected, rtol=1e-10, atol=1e-10)


# name, input shape, complex input?, keyword arguments, FLOPs (worked out by hand)
CASES = [
    ("fft", (1024,), False, {}, 5 * 1024 * 10),
    ("fft", (3, 8), True, {}, 5 * 24 * 3),
    ("fft", (3, 8), False, {"n": 16}, 5 * 48 * 4),  # padded: 3 transforms of 16
    ("fft", (3, 8), False, {"n": 5, "axis": 0}, 5 * 40 * 3),  # (5, 8): 8 transforms of 5
    ("fft", (3, 8), False, {"n": 2, "axis": -2, "norm": "ortho"}, 5 * 16 * 1),  # truncated
    ("fft", (1,), False, {}, 0),  # a transform of length 1 is free
    ("fft", (5, 1), False, {}, 0),
    ("fft", (0, 8), False, {}, 0),  # no lanes to transform
    ("ifft", (8,), True, {"norm": "forward"}, 5 * 8 * 3),
    ("ifft", (2, 6), True, {"axis": 0}, 5 * 12 * 1),
    ("rfft", (8,), False, {}, 5 * 8 * 3 // 2),
    ("rfft", (5,), False, {}, 38),  # 5·5·3 = 75, halved and rounded up
    ("rfft", (3,), False, {}, 15),
    ("rfft", (4, 6), False, {"n": 10}, 5 * 40 * 4 // 2),
    ("ihfft", (8,), False, {}, 60),
    ("ihfft", (7,), False, {"n": 4}, 5 * 4 * 2 // 2),
    ("irfft", (5,), True, {}, 5 * 8 * 3 // 2),  # output length 2·(5-1) = 8
    ("irfft", (5,), True, {"n": 9}, 5 * 9 * 4 // 2),
    ("irfft", (3, 5), True, {"axis": 0}, 5 * 20 * 2 // 2),  # output (4, 5)
    ("irfft", (2,), True, {"n": 3}, 15),  # 5·3·2 = 30
    ("hfft", (5,), True, {}, 60),
    ("hfft", (4, 3), True, {"n": 5, "axis": -1}, 5 * 20 * 3 // 2),  # output (4, 5)
    ("fftn", (4, 8, 16), False, {}, 5 * 512 * (2 + 3 + 4)),
    ("fftn", (4, 8, 16), True, {"axes": (0, 2)}, 5 * 512 * (2 + 4)),
    ("fftn", (4, 8), False, {"s": (8, 8), "axes": (0, 1)}, 5 * 64 * (3 + 3)),
    ("fftn", (4, 8), False, {"s": (-1, 16), "axes": (0, 1)}, 5 * 64 * (2 + 4)),
    ("fftn", (), False, {}, 0),  # nothing to transform: NumPy returns the input
    ("ifftn", (8, 8), True, {}, 5 * 64 * 6),
    ("fft2", (3, 4, 8), False, {}, 5 * 96 * (2 + 3)),
    ("fft2", (3, 4, 8), False, {"s": (2, 2)}, 5 * 12 * (1 + 1)),
    ("fft2", (4, 8), False, {"axes": (1, 0)}, 5 * 32 * 5),
    ("ifft2", (6, 10), True, {}, 5 * 60 * (3 + 4)),
    ("rfftn", (4, 8), False, {}, 5 * 32 * (2 + 3) // 2),
    ("rfftn", (3, 4, 6), False, {"axes": (0, 2), "s": (4, 8)}, 5 * 128 * (2 + 3) // 2),
    ("rfft2", (6, 10), False, {}, 5 * 60 * (3 + 4) // 2),
    ("irfftn", (4, 5), True, {}, 5 * 32 * (2 + 3) // 2),  # output (4, 8)
    ("irfftn", (4, 5), True, {"s": (4, 9), "axes": (0, 1)}, 5 * 36 * (2 + 4) // 2),
    ("irfft2", (3, 4, 5), True, {}, 5 * 96 * (2 + 3) // 2),  # output (3, 4, 8)
    ("irfft2", (4, 5), True, {"s": (3, 3)}, 5 * 9 * (2 + 2) // 2),
]

TRANSFORMS = sorted(op.name.removeprefix("fft.") for op in _table_fft.TRANSFORMS)


def test_every_transform_row_has_a_case():
    assert sorted({case[0] for case in CASES}) == TRANSFORMS


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("name, shape, complex_, kwargs, expected", CASES)
def test_transforms_equal_numpy_and_bill_the_rule(flavor, name, shape, complex_, kwargs, expected):
    x = data(shape, complex_)
    result, cost, names = run(flavor, name, x, **kwargs)
    assert_same(result, getattr(np.fft, name)(x, **kwargs), flavor.counted)
    assert cost == expected == flavor.cost(f"fft.{name}", shape, **kwargs)
    assert names == [f"fft.{name}"]


def test_cost_query_examples():
    assert flops.cost("fft.fft", (1024,)) == 51_200
    assert me.flops.cost("fft.fft", (1024,)) == 51_200  # no multiply-adds: same in both
    assert flops.cost("fft.rfft", (1024,)) == 25_600
    assert flops.cost("fft.fft2", (256, 256)) == 5 * 256 * 256 * 16
    assert flops.cost("fft.irfft", (513,)) == 25_600  # output length 1024


def test_complex_input_costs_like_real():
    assert run(FNP, "fft", data((64,)))[1] == run(FNP, "fft", data((64,), True))[1] == 5 * 64 * 6


@pytest.mark.parametrize(
    "name, args, kwargs",
    [
        ("fftfreq", (8,), {}),
        ("fftfreq", (7,), {"d": 0.5}),
        ("rfftfreq", (9,), {"d": 2.0}),
        ("fftshift", (np.arange(10.0),), {}),
        ("fftshift", (np.arange(12.0).reshape(3, 4),), {"axes": 0}),
        ("ifftshift", (np.arange(12.0).reshape(3, 4),), {"axes": (0, 1)}),
    ],
)
@pytest.mark.parametrize("flavor", FLAVORS)
def test_frequencies_and_shifts_are_free(flavor, name, args, kwargs):
    result, cost, names = run(flavor, name, *args, **kwargs)
    assert_same(result, getattr(np.fft, name)(*args, **kwargs), flavor.counted)
    assert cost == 0 and names == [] and flavor.cost(f"fft.{name}", (8,)) == 0


def test_numpy_calls_on_counted_arrays_are_billed_like_fnp():
    x = fnp.asarray(data((4, 16)))
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        spectrum = np.fft.rfft(x)
        back = np.fft.irfft(spectrum, n=16)
        shifted = np.fft.fftshift(back)
    assert type(spectrum) is type(back) is type(shifted) is CountedArray
    np.testing.assert_allclose(np.asarray(back), np.asarray(x), atol=1e-12)
    assert [r.op_name for r in ctx.op_log] == ["fft.rfft", "fft.irfft"]
    assert ctx.flops_used == 2 * (5 * 64 * 4 // 2)


@pytest.mark.parametrize("positional", [False, True])
def test_out_receives_the_result_and_is_returned(positional):
    x = data((3, 8))
    out = np.empty((3, 8), complex)
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        result = fnp.fft.fft(x, None, -1, None, out) if positional else fnp.fft.fft(x, out=out)
    assert result is out
    np.testing.assert_allclose(out, np.fft.fft(x))
    assert ctx.flops_used == 5 * 24 * 3
    out2 = np.empty((4, 4), complex)
    assert fnp.fft.fft2(data((4, 4)), out=out2) is out2
    np.testing.assert_allclose(out2, np.fft.fft2(data((4, 4))))


def test_out_cannot_be_a_counted_array_and_cannot_be_passed_twice():
    x = data((8,))
    counted_out = fnp.asarray(np.empty(8, complex))
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        with pytest.raises(TypeError, match="read-only"):
            fnp.fft.fft(x, out=counted_out)
        with pytest.raises(TypeError, match="read-only"):
            fnp.fft.fft(x, None, -1, None, counted_out)
        with pytest.raises(TypeError, match="multiple values"):
            fnp.fft.fft(x, None, -1, None, np.empty(8, complex), out=np.empty(8, complex))
    assert READ_ONLY_MESSAGE.startswith("flopscope arrays are read-only")
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0


@pytest.mark.parametrize(
    "name, shape, kwargs, error, message",
    [
        ("fft", (8,), {"n": 0}, ValueError, r"Invalid number of FFT data points \(0\)"),
        ("fft", (8,), {"n": -3}, ValueError, r"Invalid number of FFT data points \(-3\)"),
        ("fft", (0,), {}, ValueError, r"Invalid number of FFT data points \(0\)"),
        ("irfft", (1,), {}, ValueError, r"Invalid number of FFT data points \(0\)"),
        ("rfft", (8,), {"norm": "bogus"}, ValueError, "Invalid norm value bogus"),
        ("fft", (8,), {"axis": 1}, IndexError, "out of"),
        ("fftn", (4, 4), {"s": (4,), "axes": (0, 1)}, ValueError, "Shape and axes"),
        ("fft2", (4, 4), {"s": (0, 4)}, ValueError, r"Invalid number of FFT data points \(0\)"),
        ("fftn", (4, 4), {"axes": (2,)}, IndexError, "out of"),
    ],
)
def test_invalid_calls_raise_numpys_errors_and_bill_nothing(name, shape, kwargs, error, message):
    x = data(shape)
    with pytest.raises(error, match=message):
        getattr(np.fft, name)(x, **kwargs)
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        with pytest.raises(error, match=message):
            getattr(fnp.fft, name)(x, **kwargs)
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    with pytest.raises(error, match=message):
        flops.cost(f"fft.{name}", shape, **kwargs)


def test_numpy_2_deprecations_still_warn_and_are_billed():
    x = data((4, 6))
    with pytest.warns(DeprecationWarning, match="axes"):
        result, cost, _ = run(FNP, "fftn", x, s=(4, 8))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        expected = np.fft.fftn(x, s=(4, 8))
        assert flops.cost("fft.fftn", (4, 6), s=(4, 8)) == cost == 5 * 32 * (2 + 3)
        none_cost = flops.cost("fft.irfftn", (4, 6), s=(None, None), axes=(0, 1))
        res2, cost2, _ = run(FNP, "irfftn", data((4, 6), True), s=(None, None), axes=(0, 1))
    assert_same(result, expected, True)
    assert none_cost == cost2 == 5 * 40 * (2 + 4) // 2 and np.asarray(res2).shape == (4, 10)


def test_refused_before_running_when_over_budget():
    x = data((1024,))
    with flops.BudgetContext(51_199, quiet=True) as ctx:
        with pytest.raises(flops.BudgetExhaustedError):
            fnp.fft.fft(x)
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0
        fnp.fft.rfft(x)  # 25,600 fits
    assert ctx.flops_used == 25_600


def test_fft_test_runner_is_refused_with_a_reason():
    for module in (fnp.fft, me.fft):
        with pytest.raises(AttributeError, match="NumPy's own test suite"):
            module.test  # noqa: B018


# ---------------------------------------------------------------------------
# property tests: random shapes, axes and lengths against an independent oracle
# (log2 through floats, N read off NumPy's own result)


def clog2(n: int) -> int:
    return math.ceil(math.log2(n)) if n > 1 else 0


shapes = st.lists(st.integers(1, 9), min_size=1, max_size=3).map(tuple)


@settings(max_examples=60, deadline=None)
@given(
    shape=shapes,
    name=st.sampled_from(["fft", "ifft", "rfft", "ihfft", "irfft", "hfft"]),
    axis_pick=st.integers(0, 2),
    n=st.one_of(st.none(), st.integers(2, 17)),
)
def test_one_axis_transforms_bill_5_n_log_n_per_lane(shape, name, axis_pick, n):
    axis = axis_pick % len(shape) - len(shape)  # a negative axis
    inverse_real = name in ("irfft", "hfft")
    if inverse_real and n is None and shape[axis] < 2:
        n = 2
    x = data(shape, complex_=name not in ("rfft", "ihfft"))
    result, cost, _ = run(FNP, name, x, n=n, axis=axis)
    expected_value = getattr(np.fft, name)(x, n=n, axis=axis)
    assert_same(result, expected_value, True)
    out_len = expected_value.shape[axis]
    if name in ("fft", "ifft"):
        expected = 5 * expected_value.size * clog2(out_len)
    elif inverse_real:
        expected = math.ceil(5 * expected_value.size * clog2(out_len) / 2)
    else:
        length = n if n is not None else shape[axis]
        expected = math.ceil(5 * expected_value.size // out_len * length * clog2(length) / 2)
    assert cost == expected == flops.cost(f"fft.{name}", shape, n=n, axis=axis)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.lists(st.integers(2, 6), min_size=1, max_size=3).map(tuple),
    name=st.sampled_from(["fftn", "ifftn", "rfftn", "irfftn"]),
    data_=st.data(),
)
def test_n_dimensional_transforms_sum_over_their_axes(shape, name, data_):
    axes = data_.draw(st.permutations(range(len(shape))))
    axes = axes[: data_.draw(st.integers(1, len(shape)))]
    s = data_.draw(st.one_of(st.none(), st.lists(st.integers(1, 9), min_size=len(axes),
                                                  max_size=len(axes))))  # fmt: skip
    if name == "irfftn" and s is not None and s[-1] < 2:
        s[-1] = 2
    x = data(shape, complex_=name != "rfftn")
    result, cost, _ = run(FNP, name, x, s=s, axes=axes)
    expected_value = getattr(np.fft, name)(x, s=s, axes=axes)
    assert_same(result, expected_value, True)
    if name == "rfftn":  # the real input after padding: the output's last axis is n//2+1
        n_last = s[-1] if s is not None else shape[axes[-1]]
        lengths = [expected_value.shape[ax] for ax in axes[:-1]] + [n_last]
        size = expected_value.size // expected_value.shape[axes[-1]] * n_last
    else:
        lengths = [expected_value.shape[ax] for ax in axes]
        size = expected_value.size
    total = 5 * size * sum(clog2(n) for n in lengths)
    expected = total if name in ("fftn", "ifftn") else math.ceil(total / 2)
    assert cost == expected == flops.cost(f"fft.{name}", shape, s=s, axes=axes)
