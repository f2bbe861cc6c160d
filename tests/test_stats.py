"""flopscope.stats / mechestim.stats: SciPy's results from NumPy alone, billed honestly.

- values match SciPy (the oracle when it is installed; hard-coded reference values, some
  from 50-digit arithmetic, always), including tails, broadcasting, edges and bad parameters;
- every row's bill equals its rule and ``flops.cost`` / ``me.flops.cost``, exactly;
- the per-element constants are the FLOPs the implementation really performs: the kernels
  run on instrumented arrays, and the most expensive path measured equals the bill;
- ``rvs`` draws SciPy's variates for the same seed, reproducibly, with the right moments.
"""

from __future__ import annotations

import zlib
from math import prod

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flopscope as flops
import flopscope.numpy as fnp
import flopscope.stats as fstats
import mechestim as me
import mechestim.stats as mstats
from flopscope import _special as special
from flopscope import _stats_impl as impl
from flopscope import _table_stats as table
from flopscope._array import CountedArray

try:
    import scipy.stats as sstats
except ImportError:  # the hard-coded reference values below stand in for the oracle
    sstats = None

INF = float("inf")
NAMES = list(impl.DISTRIBUTIONS)
POINTWISE = ("pdf", "logpdf", "cdf", "ppf")
ROWS = {op.name: op for op in table.OPS}

# shape parameters used throughout (SciPy's order)
SHAPES: dict[str, tuple] = {"lognorm": (0.8,), "truncnorm": (-0.5, 2.0)}


def oracle(name: str, method: str, *args, **kwargs):
    """SciPy's value (its own RuntimeWarnings on NaN / inf inputs silenced)."""
    with np.errstate(all="ignore"):
        return getattr(getattr(sstats, name), method)(*args, **kwargs)


def billed(fn, *args, **kwargs):
    with flops.BudgetContext(10**15, quiet=True) as ctx:
        result = fn(*args, **kwargs)
    return ctx.flops_used, result


def per_element(name: str, method: str, fma: int) -> int:
    return table.per_element(name, method).flops(fma)


# ---------------------------------------------------------------------------
# values


# SciPy 1.17 at loc=0.5, scale=2 (x or q, then the expected values)
REFERENCE = {
    "norm": (
        (),
        {
            "pdf": (
                [-30.0, -1.5, 0.25, 4.0],
                [
                    6.303399694693792e-52,
                    0.12098536225957168,
                    0.19791884347237476,
                    0.043138659413255766,
                ],
            ),
            "logpdf": (
                [-30.0, -1.5, 0.25, 4.0],
                [-117.89333571376461, -2.112085713764618, -1.619898213764618, -3.143335713764618],
            ),
            "cdf": (
                [-30.0, -1.5, 0.25, 4.0],
                [
                    8.231656290531417e-53,
                    0.15865525393145707,
                    0.4502617751698871,
                    0.9599408431361829,
                ],
            ),
            "ppf": (
                [1e-100, 0.025, 0.6],
                [-42.046907121930644, -3.419927969080109, 1.0066942062715993],
            ),
        },
    ),
    "uniform": (
        (),
        {
            "pdf": ([-0.5, 0.25, 0.75, 2.0], [0.0, 0.0, 0.5, 0.5]),
            "logpdf": (
                [-0.5, 0.25, 0.75, 2.0],
                [-INF, -INF, -0.6931471805599453, -0.6931471805599453],
            ),
            "cdf": ([-0.5, 0.25, 0.75, 2.0], [0.0, 0.0, 0.125, 0.75]),
            "ppf": ([0.0, 0.3, 1.0], [0.5, 1.1, 2.5]),
        },
    ),
    "expon": (
        (),
        {
            "pdf": ([-1.0, 0.5, 3.0, 50.0], [0.0, 0.5, 0.14325239843009505, 8.916236454073194e-12]),
            "logpdf": (
                [-1.0, 0.5, 3.0, 50.0],
                [-INF, -0.6931471805599453, -1.9431471805599454, -25.443147180559944],
            ),
            "cdf": ([-1.0, 0.5, 3.0, 50.0], [0.0, 0.0, 0.7134952031398099, 0.9999999999821675]),
            "ppf": ([1e-10, 0.5, 0.999], [0.5000000002, 1.8862943611198906, 14.315510557964272]),
        },
    ),
    "cauchy": (
        (),
        {
            "pdf": (
                [-1000000.0, -1.0, 0.3, 20.0],
                [
                    6.3661913574574e-13,
                    0.10185916357881303,
                    0.157579151576134,
                    0.0016567853542422417,
                ],
            ),
            "logpdf": (
                [-1000000.0, -1.0, 0.3, 20.0],
                [-28.082604821221754, -2.284164169037765, -1.8478273972625137, -6.40287608770816],
            ),
            "cdf": (
                [-1000000.0, -1.0, 0.3, 20.0],
                [6.366194540570056e-07, 0.2951672353008665, 0.4682744825694464, 0.9674665911920614],
            ),
            "ppf": (
                [1e-08, 0.4, 0.9],
                [-63661976.73675811, -0.14983939246581268, 6.655367074350509],
            ),
        },
    ),
    "laplace": (
        (),
        {
            "pdf": (
                [-30.0, -0.5, 0.5, 2.0],
                [5.955924168754545e-08, 0.15163266492815836, 0.25, 0.11809163818525367],
            ),
            "logpdf": (
                [-30.0, -0.5, 0.5, 2.0],
                [-16.63629436111989, -1.8862943611198908, -1.3862943611198906, -2.136294361119891],
            ),
            "cdf": (
                [-30.0, -0.5, 0.5, 2.0],
                [1.191184833750909e-07, 0.3032653298563167, 0.5, 0.7638167236294926],
            ),
            "ppf": ([1e-12, 0.5, 0.8], [-53.37574787073721, 0.5, 2.3325814637483107]),
        },
    ),
    "logistic": (
        (),
        {
            "pdf": (
                [-40.0, -1.0, 0.5, 30.0],
                [8.026140250160489e-10, 0.108947496880907, 0.125, 1.9639302299302257e-07],
            ),
            "logpdf": (
                [-40.0, -1.0, 0.5, 30.0],
                [-20.9431471837704, -2.216889192789745, -2.0794415416798357, -15.4431479661325],
            ),
            "cdf": (
                [-40.0, -1.0, 0.5, 30.0],
                [1.6052280526088547e-09, 0.320821300824607, 0.5, 0.9999996072137998],
            ),
            "ppf": (
                [1e-15, 0.45, 0.99],
                [-68.57755278982137, 0.09865860907569779, 9.690239700269178],
            ),
        },
    ),
    "lognorm": (
        (0.8,),
        {
            "pdf": ([0.0, 0.2, 1.5, 30.0], [0.0, 0.0, 0.34261466156485515, 5.896217568079443e-05]),
            "logpdf": (
                [0.0, 0.2, 1.5, 30.0],
                [-INF, -INF, -1.0711488990140576, -9.738614409800746],
            ),
            "cdf": ([0.0, 0.2, 1.5, 30.0], [0.0, 0.0, 0.19312610938196512, 0.999615967228165]),
            "ppf": ([1e-09, 0.5, 0.95], [0.516488395781841, 2.5, 7.956082051776763]),
        },
    ),
    "truncnorm": (
        (-0.5, 2.0),
        {
            "pdf": (
                [-1.0, 0.0, 1.2, 1.99],
                [0.0, 0.2891139432053473, 0.2805693348702263, 0.22600528355390065],
            ),
            "logpdf": (
                [-1.0, 0.0, 1.2, 1.99],
                [-INF, -1.2409344014260428, -1.2709344014260429, -1.4871969014260429],
            ),
            "cdf": (
                [-1.0, 0.0, 1.2, 1.99],
                [0.0, 0.1387085769520686, 0.49093324296951835, 0.6928638534287662],
            ),
            "ppf": (
                [0.01, 0.5, 0.999],
                [-0.4621890361397596, 1.2324087087440172, 4.475529959469534],
            ),
        },
    ),
}


def test_reference_values():
    """Hard-coded SciPy values: these run with or without SciPy installed."""
    for name, (shapes, methods) in REFERENCE.items():
        dist = getattr(fstats, name)
        for method, (points, expected) in methods.items():
            result = getattr(dist, method)(points, *shapes, loc=0.5, scale=2.0)
            np.testing.assert_allclose(
                np.asarray(result), expected, rtol=1e-13, atol=1e-300, err_msg=f"{name}.{method}"
            )


def test_normal_tails_against_50_digit_values():
    """Phi(-y) and log Phi(-y) from a 50-digit continued fraction: Cody's rational keeps full
    relative accuracy down to underflow (SciPy's ndtr is off by up to 2e-13 there)."""
    y = np.array([10.0, 20.0, 37.5])
    tail = [7.619853024160525e-24, 2.7536241186062337e-89, 4.605353009581955e-308]
    log_tail = [-53.23128515051247, -203.91715537109727, -707.6689893175072]
    np.testing.assert_allclose(np.asarray(fstats.norm.cdf(-y)), tail, rtol=2e-15)
    np.testing.assert_allclose(special.log_ndtr(-y), log_tail, rtol=2e-16)
    np.testing.assert_allclose(
        special.log_ndtr(np.array([-1e3])), [-500007.82669481216], rtol=1e-15
    )
    np.testing.assert_allclose(np.asarray(fstats.norm.cdf(y)), 1 - np.array(tail), rtol=1e-16)
    # the inverse, to the last bits, from either end and in logs far beyond underflow
    np.testing.assert_allclose(np.asarray(fstats.norm.ppf(tail)), -y, rtol=1e-15)
    np.testing.assert_allclose(special.ndtri_exp(np.array(log_tail)), -y, rtol=1e-15)
    np.testing.assert_allclose(
        special.ndtri_exp(np.array([-500007.82669481216])), [-1e3], rtol=1e-15
    )


# tolerances against SciPy: rtol 1e-10 everywhere it is achievable; atol 1e-14 for results
# near 0 (ppf near the median, logpdf near log 1), where relative error means nothing
RTOL = {
    # truncnorm on narrow intervals: log-space differences of nearby log Phi values carry
    # ~1e-10 relative error in SciPy's algorithm (which this one follows); against 160-digit
    # values ours is the closer one (1.5e-13 vs 2.3e-13, 7.6e-16 vs 6.1e-14 in the cases seen)
    ("truncnorm", "cdf"): 1e-9,
    ("truncnorm", "ppf"): 1e-9,
}


def sweep(name: str, method: str) -> tuple[np.ndarray, tuple, np.ndarray, np.ndarray]:
    """Points, shape parameters, loc and scale that broadcast to (3, n), tails included."""
    rng = np.random.default_rng(zlib.crc32(f"{name}.{method}".encode()))
    loc = rng.normal(0, 2, (3, 1))
    scale = 10.0 ** rng.uniform(-1, 1, (3, 1))
    if method == "ppf":
        points = np.concatenate(
            [[0.0, 1e-300, 1e-100, 1e-20, 1e-8, 0.01], np.linspace(0.05, 0.95, 19),
             [0.99, 1 - 1e-8, 1 - 1e-15, 1.0]]
        )  # fmt: skip
    else:
        z = np.concatenate([[-35, -20, -8.5], np.linspace(-6, 6, 41), [8.5, 20, 35]])
        points = loc[0, 0] + scale[0, 0] * z
    if name == "lognorm":
        shapes: tuple = (np.array([[0.3], [0.8], [2.5]]),)
    elif name == "truncnorm":
        shapes = (np.array([[-1.0], [0.5], [-8.0]]), np.array([[2.0], [3.0], [-7.0]]))
    else:
        shapes = ()
    return points, shapes, loc, scale


@pytest.mark.parametrize("method", POINTWISE)
@pytest.mark.parametrize("name", NAMES)
def test_values_match_scipy(name, method):
    if sstats is None:  # no oracle: the reference values of this function instead
        shapes, methods = REFERENCE[name]
        points, expected = methods[method]
        result = getattr(getattr(fstats, name), method)(points, *shapes, loc=0.5, scale=2.0)
        np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-13, atol=1e-300)
        return
    points, shapes, loc, scale = sweep(name, method)
    expected = oracle(name, method, points, *shapes, loc=loc, scale=scale)
    if (name, method) == ("laplace", "logpdf"):  # SciPy's log(pdf) underflows; ours is exact
        exact = -np.abs((points - loc) / scale) - np.log(2 * scale)
        expected = np.where(np.isneginf(expected), exact, expected)
    for module in (fstats, mstats):
        result = getattr(getattr(module, name), method)(points, *shapes, loc=loc, scale=scale)
        assert result.shape == expected.shape == (3, len(points))
        assert result.dtype == np.float64
        np.testing.assert_allclose(
            np.asarray(result), expected, rtol=RTOL.get((name, method), 1e-10), atol=1e-14
        )


EDGE_X = [-INF, -1e308, -40.0, -1.0, -0.0, 0.0, 1e-320, 0.5, 1.0, 2.0, 40.0, 1e308, INF, np.nan]
EDGE_Q = [-0.5, 0.0, 1e-320, 1e-300, 0.25, 0.5, 0.75, 1 - 1e-16, 1.0, 1.5, np.nan, INF]
EDGE_SHAPES = {
    "lognorm": [(0.5,), (0.0,), (-1.0,), (np.nan,), (INF,)],
    "truncnorm": [(-1.0, 2.0), (2.0, 1.0), (1.0, 1.0), (-INF, INF), (-INF, 0.5), (0.5, INF),
                  (np.nan, 1.0), (-50.0, -45.0), (45.0, 50.0)],
}  # fmt: skip
EDGE_LOC_SCALE = [(0.0, 1.0), (1.0, 2.0), (0.0, 0.0), (0.0, -1.0), (np.nan, 1.0), (0.0, np.nan),
                  (0.0, INF), (INF, 1.0)]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_edges_and_invalid_parameters_behave_like_scipy(name):
    """±inf, ±0, NaN, subnormals, scale <= 0, invalid shapes (NaN), support ends.
    (laplace.logpdf at |x| = 1e308 is excluded: SciPy's log(pdf) underflows to -inf there;
    ours is the exact -|z| - log 2, see test_laplace_logpdf_does_not_underflow.)"""
    if sstats is None:  # the invariants SciPy defines, without it
        dist = getattr(fstats, name)
        shapes = SHAPES.get(name, ())
        for method in POINTWISE:
            assert np.isnan(getattr(dist, method)(0.5, *shapes, scale=-1.0))
            assert np.isnan(getattr(dist, method)(np.nan, *shapes))
        return
    for shapes in EDGE_SHAPES.get(name, [()]):
        for loc, scale in EDGE_LOC_SCALE:
            for method in POINTWISE:
                points = np.array(EDGE_Q if method == "ppf" else EDGE_X)
                if (name, method) == ("laplace", "logpdf"):
                    points = points[np.abs(points) != 1e308]
                got = getattr(getattr(fstats, name), method)(points, *shapes, loc=loc, scale=scale)
                want = oracle(name, method, points, *shapes, loc=loc, scale=scale)
                np.testing.assert_allclose(
                    np.asarray(got), want, rtol=1e-12, atol=1e-300, equal_nan=True,
                    err_msg=f"{name}.{method}{shapes} loc={loc} scale={scale}",
                )  # fmt: skip


def test_invalid_parameters_give_nan():
    x = np.array([0.5, 1.0])
    for method in POINTWISE:
        for scale in (0.0, -1.0, np.nan):
            assert np.isnan(np.asarray(getattr(fstats.norm, method)(x, scale=scale))).all()
        assert np.isnan(np.asarray(getattr(fstats.lognorm, method)(x, [[0.0], [-1.0]]))).all()
        assert np.isnan(np.asarray(getattr(fstats.truncnorm, method)(x, 2.0, 1.0))).all()
    # only the invalid entries of a broadcast parameter
    result = np.asarray(fstats.norm.pdf(0.0, scale=[1.0, -1.0, 2.0]))
    assert np.isnan(result[1]) and np.isfinite(result[[0, 2]]).all()


def test_laplace_logpdf_does_not_underflow():
    z = np.array([-1e308, -800.0, 800.0, 1e300])
    np.testing.assert_allclose(np.asarray(fstats.laplace.logpdf(z)), -np.abs(z) - np.log(2))


def test_cauchy_ppf_is_accurate_near_the_median():
    """tan(pi (q - 1/2)) without cancellation (SciPy's differs by 5e-7 relative here)."""
    q = 0.5 + np.array([1e-10, -1e-12, 1e-15])
    d = q - 0.5  # exact: the offsets the inputs really carry
    np.testing.assert_allclose(np.asarray(fstats.cauchy.ppf(q)), np.pi * d, rtol=1e-15)
    # logistic: logit(1/2 + d) = 4d (1 + O(d²)), through 2 artanh(2d)
    np.testing.assert_allclose(np.asarray(fstats.logistic.ppf(q)), 4 * d, rtol=1e-15)


def test_results_are_float64_scalars_or_counted_arrays():
    assert type(mstats.norm.pdf(0.5)) is np.float64  # as SciPy
    assert type(mstats.norm.pdf([0.5])) is np.ndarray
    assert mstats.norm.pdf(np.float32(0.5)).dtype == np.float64
    result = fstats.norm.pdf(0.5)
    assert isinstance(result, CountedArray) and result.shape == ()
    result = fstats.lognorm.cdf(np.ones((2, 3), dtype=np.float32), 0.5)
    assert isinstance(result, CountedArray) and result.dtype == np.float64
    assert not result.flags.writeable
    # counted arrays go in, counted arithmetic on what comes out
    x = fnp.linspace(-1.0, 1.0, 5)
    cost, result = billed(lambda: fstats.norm.cdf(x) + 1.0)
    assert cost == 5 * per_element("norm", "cdf", 1) + 5


def test_broadcasting_follows_numpy():
    x = np.linspace(-2, 2, 4)
    result = fstats.norm.pdf(x, loc=np.zeros((3, 1)), scale=[1.0, 2.0, 3.0, 4.0])
    assert result.shape == (3, 4)
    np.testing.assert_allclose(
        np.asarray(result)[1], np.asarray(fstats.norm.pdf(x, 0, [1, 2, 3, 4]))
    )
    assert fstats.truncnorm.ppf(0.5, np.zeros((2, 1, 1)), np.ones(5)).shape == (2, 1, 5)
    with pytest.raises(ValueError, match="broadcast"):
        fstats.norm.pdf(np.ones(3), loc=np.ones(4))


# ---------------------------------------------------------------------------
# costs


@pytest.mark.parametrize("name", list(ROWS))
def test_billed_cost_equals_the_rule_and_the_query(name):
    op = ROWS[name]
    dist, method = name.split(".")[1:]
    nshapes = len(impl.DISTRIBUTIONS[dist].shapes)
    valid = {"lognorm": [0.8], "truncnorm": [-0.5, 2.0]}.get(dist, [])
    # (first argument or None for rvs, shape parameters, loc, scale) shapes
    layouts = [((7,), [()] * nshapes, (), ()), ((4, 1), [(3,)] * nshapes, (3,), (1, 3)),
               ((2, 3), [(1, 3)] * nshapes, (2, 1), ())]  # fmt: skip
    for first, shape_shapes, loc_shape, scale_shape in layouts:
        args = [np.full(s, v) for s, v in zip(shape_shapes, valid, strict=True)]
        loc, scale = np.zeros(loc_shape), np.full(scale_shape, 2.0)
        shapes = [*shape_shapes, loc_shape, scale_shape]
        if method == "rvs":
            call = (*args, loc, scale)
            kwargs: dict = {"random_state": 0}
        else:
            call = (np.full(first, 0.3), *args, loc, scale)
            shapes = [first, *shapes]
            kwargs = {}
        out = np.broadcast_shapes(*shapes)
        n = prod(out)
        for fma, module, query in ((1, fstats, flops.cost), (2, mstats, me.flops.cost)):
            expected = n * per_element(dist, method, fma)
            if dist == "truncnorm":
                expected += prod(
                    np.broadcast_shapes(*shape_shapes)
                ) * table.TRUNCNORM_PREPARE.flops(fma)
            cost, result = billed(getattr(getattr(module, dist), method), *call, **kwargs)
            assert cost == expected == query(name, *shapes), (name, shapes)
            assert op.cost(*shapes, fma=fma) == expected
            # rvs: SciPy drops the parameters' leading 1s
            assert np.shape(result) == (impl.rvs_size(out, None) if method == "rvs" else out)


def test_exact_costs_in_both_conventions():
    x = np.linspace(-3, 3, 1000)
    assert billed(fstats.norm.pdf, x)[0] == 7_000  # (x-loc)/scale 2, exp(-z²/2)/√2π 4, /scale 1
    assert billed(mstats.norm.pdf, x)[0] == 7_000  # no multiply-adds
    assert billed(fstats.norm.cdf, x)[0] == 34_000  # 19 + 15 multiply-adds (Cody's rationals)
    assert billed(mstats.norm.cdf, x)[0] == 49_000
    assert billed(fstats.norm.ppf, np.linspace(0.01, 0.99, 1000))[0] == 24_000  # 9 + 15
    assert billed(fstats.norm.rvs, size=1000, random_state=0)[0] == 2_000  # draw + scale·z + loc
    assert billed(mstats.norm.rvs, size=1000, random_state=0)[0] == 3_000
    # truncnorm: 8 per element, and its normaliser once for the scalar (a, b): 73 + 60 FMA
    assert billed(fstats.truncnorm.pdf, x, -1.0, 2.0)[0] == 8_000 + 133
    assert billed(mstats.truncnorm.pdf, x, -1.0, 2.0)[0] == 8_000 + 193
    assert flops.cost("stats.truncnorm.pdf", (1000,), (), ()) == 8_133
    assert flops.cost("stats.norm.pdf", (1000,)) == 7_000
    assert flops.cost("stats.norm.pdf", (10, 1), loc=(10,)) == 700
    # draw 1, exp(s·z) 2, scale·v + loc 1 multiply-add
    assert flops.cost("stats.lognorm.rvs", (), size=(10, 10)) == 100 * 4
    assert me.flops.cost("stats.lognorm.rvs", (), size=(10, 10)) == 100 * 5


def test_empty_arrays_cost_nothing():
    empty = np.zeros((0, 3))
    for name in NAMES:
        shapes = SHAPES.get(name, ())
        for method in POINTWISE:
            cost, result = billed(getattr(getattr(fstats, name), method), empty, *shapes)
            assert cost == 0 and result.shape == (0, 3)
        cost, result = billed(getattr(fstats, name).rvs, *shapes, size=(4, 0), random_state=1)
        assert cost == 0 and result.shape == (4, 0)
        assert flops.cost(f"stats.{name}.pdf", (0,), *[()] * len(shapes)) == 0


def test_refused_before_running():
    rng = fnp.random.default_rng(3)
    state = rng.bit_generator.state
    with flops.BudgetContext(1_999, quiet=True) as ctx:
        with pytest.raises(flops.BudgetExhaustedError):
            fstats.norm.rvs(size=1000, random_state=rng)
        with pytest.raises(flops.BudgetExhaustedError):
            fstats.norm.pdf(np.ones(1000))
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    assert rng.bit_generator.state == state  # nothing was drawn


def test_calls_are_logged_under_their_dotted_names():
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        fstats.norm.pdf(np.ones((2, 3)), loc=np.ones(3))
        mstats.truncnorm.rvs(0.0, 1.0, size=4, random_state=0)
    records = list(ctx.op_log)
    assert [r.op_name for r in records] == ["stats.norm.pdf", "stats.truncnorm.rvs"]
    assert records[0].shapes == ((2, 3), (3,), ())  # x, loc, scale
    assert records[1].shapes == ((), (), (), ())  # a, b, loc, scale


# ---------------------------------------------------------------------------
# the constants are the work done: run the implementation on instrumented arrays


class Tally(np.ndarray):
    """Counts one FLOP per element of every floating-point ufunc result it takes part in."""

    plain = 0
    madds = 0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = tuple(i.view(np.ndarray) if isinstance(i, Tally) else i for i in inputs)
        result = getattr(ufunc, method)(*inputs, **kwargs)
        if isinstance(result, np.generic):  # 0-d operands: keep counting what follows
            result = np.asarray(result)
        if method == "__call__" and isinstance(result, np.ndarray) and result.dtype.kind == "f":
            Tally.plain += result.size
        return result.view(Tally) if isinstance(result, np.ndarray) else result

    def __array_function__(self, func, types, args, kwargs):  # np.where, broadcast_arrays …
        result = super().__array_function__(func, types, args, kwargs)
        return _tally(result)


def _tally(value):
    if type(value) is np.ndarray:
        return value.view(Tally)
    if isinstance(value, (list, tuple)):
        return type(value)(_tally(v) for v in value)
    return value


def _counting_madd(acc, z, c):
    Tally.madds += np.size(z)
    plain = (v.view(np.ndarray) if isinstance(v, Tally) else v for v in (acc, z, c))
    a, b, d = plain
    return (a * b + d).view(Tally)


class _Draws:
    """A random state whose every variate is ``value``, instrumented (the transforms count)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __getattr__(self, name):
        def sampler(*args, size=None):
            size = args[-1] if args else size
            return np.full(size, self.value).view(Tally)

        return sampler


@pytest.fixture
def instrumented(monkeypatch):
    monkeypatch.setattr(impl, "_madd", _counting_madd)
    monkeypatch.setattr(special, "_madd", _counting_madd)
    monkeypatch.setattr(impl, "_floats", lambda *v: [np.asarray(x, float).view(Tally) for x in v])
    monkeypatch.setattr(impl, "check_random_state", lambda seed: seed)

    def measure(fn, *args):
        Tally.plain = Tally.madds = 0
        fn(*args)
        return Tally.plain, Tally.madds

    return measure


# probes reaching every branch of every kernel (one element each)
Z = [-1e5, -40.0, -37.0, -10.0, -6.0, -5.0, -3.0, -1.0, -0.7, -0.5, -0.1, 0.0, 0.1, 0.5, 0.7,
     1.0, 3.0, 5.0, 6.0, 10.0, 37.0, 40.0, 1e5]  # fmt: skip
Q = [1e-300, 1e-20, 1e-9, 0.01, 0.07, 0.2, 0.3, 0.5, 0.7, 0.8, 0.93, 0.99, 1 - 1e-9]
PROBE_SHAPES = {
    "lognorm": [(0.5,), (2.0,)],
    "truncnorm": [(-1.0, 2.0), (0.5, 3.0), (-3.0, -1.0), (-40.0, -39.0), (30.0, 31.0),
                  (40.0, 41.0), (-0.1, 0.1)],
}  # fmt: skip


def _probes(name: str, method: str, shapes: tuple) -> list:
    if method in ("ppf", "rvs"):
        return Q
    if name == "truncnorm":
        return list(np.linspace(*shapes, 13)[1:-1])
    if name in ("uniform", "expon", "lognorm"):
        return [0.01, 0.2, 0.5, 0.99, 1.5, 10.0, 40.0, 1e5]
    return Z


@pytest.mark.parametrize("name", list(ROWS))
def test_the_bill_is_the_costliest_path_actually_taken(name, instrumented):
    """For one element, the FLOPs the implementation performs (each ufunc result 1, each
    Horner step one multiply-add) never exceed the bill, and reach it on some input.
    (truncnorm: its normaliser is measured and billed apart, per (a, b); the two maxima
    need different (a, b), so only each part reaches its own bound.)"""
    dist, method = name.split(".")[1:]
    d = impl.DISTRIBUTIONS[dist]
    fn = impl.function(d, method)
    bills = {fma: table.per_element(dist, method).flops(fma) for fma in (1, 2)}
    counts = set()
    for shapes in PROBE_SHAPES.get(dist, [()]):
        setup = (0, 0)
        if d.prepare is not None:
            setup = instrumented(d.prepare, *(np.array([v]).view(Tally) for v in shapes))
        for point in _probes(dist, method, shapes):
            if method == "rvs":  # every variate is the probe
                args = (*shapes, 0.5, 2.0, (1,), _Draws(point))
            elif method == "ppf":
                args = (np.array([point]), *shapes, 0.5, 2.0)
            else:
                args = (np.array([0.5 + 2.0 * point]), *shapes, 0.5, 2.0)
            plain, madds = instrumented(fn, *args)
            counts.add((plain - setup[0], madds - setup[1]))
    for fma in (1, 2):
        bill = bills[fma]
        if method == "rvs":
            bill -= 1  # the draw itself (one FLOP per element drawn) is NumPy's, not a ufunc
        most = max(plain + fma * madds for plain, madds in counts)
        assert most == bill, (name, fma, sorted(counts))
        whole = flops.cost if fma == 1 else me.flops.cost
        shapes = [(1,)] * (method != "rvs") + [()] * len(d.shapes)
        setup_bill = table.TRUNCNORM_PREPARE.flops(fma) if d.prepare else 0
        assert whole(name, *shapes) == bills[fma] + setup_bill


@pytest.mark.parametrize("name", list(ROWS))
def test_broadcast_calls_do_no_more_work_than_billed(name, instrumented):
    """Parameters of other shapes than x (and than each other) are not re-prepared per
    output element: the work measured is within the bill, in both conventions."""
    dist, method = name.split(".")[1:]
    d = impl.DISTRIBUTIONS[dist]
    fn = impl.function(d, method)
    values = {"lognorm": [0.8], "truncnorm": [-0.5, 2.0]}.get(dist, [])
    layouts = [((5,), [()] * len(values), (4, 1), ()), ((2, 3), [(1, 3)] * len(values), (2, 1), (3,)),
               ((), [(3, 1)] * len(values), (), (1, 4))]  # fmt: skip
    for first, param_shapes, loc_shape, scale_shape in layouts:
        params = [np.full(s, v) for s, v in zip(param_shapes, values, strict=True)]
        loc, scale = np.full(loc_shape, 0.5), np.full(scale_shape, 2.0)
        if method == "rvs":
            shapes = (*param_shapes, loc_shape, scale_shape)
            plain, madds = instrumented(fn, *params, loc, scale, None, _Draws(0.3))
            plain += prod(impl.rvs_size(np.broadcast_shapes(*shapes), None))  # the draws
        else:
            shapes = (first, *param_shapes, loc_shape, scale_shape)
            point = np.full(first, 0.3 if method == "ppf" else 1.1)
            plain, madds = instrumented(fn, point, *params, loc, scale)
        for fma in (1, 2):
            assert plain + fma * madds <= ROWS[name].cost.price(shapes, None, fma), shapes


@pytest.mark.parametrize(
    "fn, work, probes",
    [
        (impl.ndtr, table.NDTR, Z),
        (special.log_ndtr, table.LOG_NDTR, Z),
        (special.log_ndtr, table.LOG_NDTR_NONPOS, [-abs(z) for z in Z]),
        (impl.ndtri, table.NDTRI, Q),
        (special.ndtri_exp, table.NDTRI_EXP, [-1e6, -700.5, -699.5, -50.0, -2.6, -1.0, -0.07, -1e-9]),
        (lambda ab: impl.truncnorm_prepare(ab[:1], ab[1:]), table.TRUNCNORM_PREPARE,
         [[-1.0, 2.0], [0.5, 3.0], [-3.0, -1.0], [-40, -39], [30, 31], [-0.1, 0.1], [1, 40]]),
    ],
    ids=["ndtr", "log_ndtr", "log_ndtr<=0", "ndtri", "ndtri_exp", "truncnorm_prepare"],
)  # fmt: skip
def test_special_function_constants(fn, work, probes, instrumented):
    counts = {instrumented(fn, np.array([p], float).ravel().view(Tally)) for p in probes}
    for fma in (1, 2):
        assert max(p + fma * m for p, m in counts) == work.flops(fma), sorted(counts)


# ---------------------------------------------------------------------------
# rvs


@pytest.mark.parametrize("name", NAMES)
def test_rvs_draws_scipys_variates_reproducibly(name):
    shapes = SHAPES.get(name, ())
    dist = getattr(fstats, name)
    first = np.asarray(dist.rvs(*shapes, loc=1.0, scale=2.0, size=(3, 4), random_state=7))
    again = np.asarray(dist.rvs(*shapes, loc=1.0, scale=2.0, size=(3, 4), random_state=7))
    assert first.shape == (3, 4) and np.array_equal(first, again)
    plain = getattr(mstats, name).rvs(*shapes, loc=1.0, scale=2.0, size=(3, 4), random_state=7)
    assert type(plain) is np.ndarray and np.array_equal(plain, first)
    for state in (np.random.default_rng(5), np.random.RandomState(5)):
        assert dist.rvs(*shapes, size=2, random_state=state).shape == (2,)
    if sstats is not None:
        want = oracle(name, "rvs", *shapes, loc=1.0, scale=2.0, size=(3, 4), random_state=7)
        # the same NumPy draws and transforms (inversion by our ppf for cauchy, truncnorm)
        np.testing.assert_allclose(first, want, rtol=1e-13)
        rng_a, rng_b = np.random.default_rng(11), np.random.default_rng(11)
        np.testing.assert_allclose(
            np.asarray(dist.rvs(*shapes, size=5, random_state=rng_a)),
            oracle(name, "rvs", *shapes, size=5, random_state=rng_b),
            rtol=1e-13,
        )


def test_rvs_accepts_counted_generators_and_bills_only_the_stats_call():
    rng = fnp.random.default_rng(42)
    with flops.BudgetContext(10**9, quiet=True) as ctx:
        draws = fstats.norm.rvs(loc=3.0, size=1000, random_state=rng)
    assert [r.op_name for r in ctx.op_log] == ["stats.norm.rvs"]
    assert ctx.flops_used == 2_000
    expected = np.random.default_rng(42).standard_normal(1000) + 3.0
    np.testing.assert_allclose(np.asarray(draws), expected, rtol=1e-15)
    legacy = fnp.random.RandomState(42)
    np.testing.assert_array_equal(
        np.asarray(fstats.expon.rvs(size=3, random_state=legacy)),
        np.random.RandomState(42).standard_exponential(3),
    )


def test_rvs_global_state_and_scalars():
    np.random.seed(3)
    a = mstats.norm.rvs()
    np.random.seed(3)
    assert type(a) is np.float64 and a == np.random.standard_normal()
    assert isinstance(fstats.norm.rvs(random_state=1), CountedArray)
    assert mstats.norm.rvs(size=1, random_state=1).shape == (1,)
    # SciPy's shapes: leading ones of the parameters dropped, size against the parameters
    assert mstats.norm.rvs(loc=np.zeros((1, 3)), random_state=1).shape == (3,)
    assert mstats.norm.rvs(loc=np.zeros((2, 1)), size=(2, 3), random_state=1).shape == (2, 3)
    assert mstats.norm.rvs(0, 1, 3, random_state=1).shape == (3,)  # size positionally
    np.testing.assert_array_equal(mstats.norm.rvs(loc=[1, 2], scale=0, size=2), [1.0, 2.0])


def test_rvs_errors_like_scipy():
    with pytest.raises(ValueError, match="size does not match"):
        fstats.norm.rvs(loc=np.zeros((2, 3)), size=3)
    with pytest.raises(ValueError, match="size does not match"):
        flops.cost("stats.norm.rvs", (2, 3), size=3)  # the rule knows before running
    with pytest.raises(ValueError, match="Domain error"):
        fstats.norm.rvs(scale=-1.0)
    with pytest.raises(ValueError, match="Domain error"):
        fstats.truncnorm.rvs(2.0, 1.0)
    with pytest.raises(ValueError, match="cannot be used to seed"):
        fstats.norm.rvs(random_state="x")
    with pytest.raises(TypeError, match="missing a required argument: 'a'"):
        fstats.truncnorm.rvs()


@pytest.mark.parametrize("name", NAMES)
def test_rvs_moments(name):
    """Large samples have the distribution's moments (quantiles for the Cauchy)."""
    shapes = SHAPES.get(name, ())
    loc, scale, n = 1.0, 2.0, 200_000
    x = np.asarray(getattr(mstats, name).rvs(*shapes, loc=loc, scale=scale, size=n, random_state=9))
    if name == "cauchy":  # no mean: the quartiles are loc -+ scale
        np.testing.assert_allclose(np.quantile(x, [0.25, 0.5, 0.75]), [-1.0, 1.0, 3.0], atol=0.03)
        return
    # standard mean and variance of each distribution
    a, b = SHAPES["truncnorm"]
    phi = lambda t: np.exp(-t * t / 2) / np.sqrt(2 * np.pi)  # noqa: E731
    z = float(impl.ndtr(np.array([b]))[0] - impl.ndtr(np.array([a]))[0])
    tn_mean = (phi(a) - phi(b)) / z
    tn_var = 1 + (a * phi(a) - b * phi(b)) / z - tn_mean**2
    s = SHAPES["lognorm"][0]
    moments = {
        "norm": (0.0, 1.0), "uniform": (0.5, 1 / 12), "expon": (1.0, 1.0),
        "laplace": (0.0, 2.0), "logistic": (0.0, np.pi**2 / 3),
        "lognorm": (np.exp(s * s / 2), (np.exp(s * s) - 1) * np.exp(s * s)),
        "truncnorm": (tn_mean, tn_var),
    }  # fmt: skip
    mean, var = moments[name]
    tol = 5 * np.sqrt(var / n) * scale  # 5 standard errors of the mean
    assert abs(x.mean() - (loc + scale * mean)) < tol
    assert abs(x.var() / (scale * scale * var) - 1) < 0.03
    assert x.min() >= loc + scale * {"uniform": 0, "expon": 0, "lognorm": 0}.get(name, -np.inf)


# ---------------------------------------------------------------------------
# the module objects


def test_modules_and_distribution_objects():
    assert fstats.norm.shapes is None and fstats.lognorm.shapes == "s"
    assert mstats.truncnorm.shapes == "a, b"
    assert repr(fstats.norm) == "<flopscope.stats.norm: counted pdf, logpdf, cdf, ppf, rvs>"
    assert set(fstats.__all__) == {"Distribution", *NAMES}
    with pytest.raises(AttributeError, match="its distributions are norm"):
        fstats.gamma  # noqa: B018
    with pytest.raises(AttributeError, match="have pdf, logpdf, cdf, ppf, rvs"):
        mstats.norm.sf  # noqa: B018
    with pytest.raises(TypeError, match=r"stats.lognorm.pdf\(\): missing a required argument: 's'"):
        fstats.lognorm.pdf(1.0)
    with pytest.raises(TypeError, match="too many positional arguments"):
        fstats.norm.pdf(1.0, 0.0, 1.0, 5.0)
    assert "n·(7)" in fstats.norm.pdf.__doc__


# ---------------------------------------------------------------------------
# properties over random shapes


@st.composite
def broadcastable(draw, n: int):
    """n shapes that broadcast together (dimensions 1 or the common extent)."""
    ndim = draw(st.integers(0, 3))
    full = draw(st.lists(st.integers(0, 4), min_size=ndim, max_size=ndim))
    shapes = []
    for _ in range(n):
        k = draw(st.integers(0, ndim))
        shapes.append(tuple(d if draw(st.booleans()) else 1 for d in full[ndim - k :]))
    return shapes


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    method=st.sampled_from(POINTWISE),
    shapes=broadcastable(5),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_broadcast_is_billed_by_its_output_and_matches_scipy(name, method, shapes, seed):
    rng = np.random.default_rng(seed)
    nshapes = len(impl.DISTRIBUTIONS[name].shapes)
    first, loc_s, scale_s, *param_s = shapes
    param_s = param_s[:nshapes]
    first_v = rng.uniform(0, 1, first) if method == "ppf" else rng.normal(0, 3, first)
    if name == "lognorm":
        params = [rng.uniform(0.2, 2, param_s[0])]
    elif name == "truncnorm":
        a = rng.normal(0, 2, param_s[0])
        params = [a, a + rng.uniform(0.1, 3, param_s[1])]
    else:
        params = []
    loc, scale = rng.normal(0, 1, loc_s), rng.uniform(0.5, 2, scale_s)
    out = np.broadcast_shapes(first, *param_s, loc_s, scale_s)
    fn = getattr(getattr(fstats, name), method)
    cost, result = billed(fn, first_v, *params, loc=loc, scale=scale)
    expected = prod(out) * per_element(name, method, 1)
    if name == "truncnorm" and prod(out):
        expected += prod(np.broadcast_shapes(*param_s)) * table.TRUNCNORM_PREPARE.flops(1)
    assert cost == expected == flops.cost(f"stats.{name}.{method}", first, *param_s, loc_s, scale_s)
    assert result.shape == out
    if sstats is not None:
        want = oracle(name, method, first_v, *params, loc=loc, scale=scale)
        np.testing.assert_allclose(np.asarray(result), want, rtol=1e-9, atol=1e-14)
