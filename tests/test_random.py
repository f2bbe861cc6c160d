"""numpy.random, counted: module functions, default_rng() Generators and RandomState.

Every row draws exactly NumPy's numbers for the same seed (values, dtype, shape), is billed
its documented formula, and the cost query answers the same number. Shuffles of counted
arrays and over-budget draws are refused before anything (budget, log, data, generator
state) changes.
"""

from __future__ import annotations

import math
import pickle
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
from flopscope import _table_random
from flopscope._array import READ_ONLY_MESSAGE
from flopscope.numpy import CountedArray

SEED = 20240607


@dataclass(frozen=True)
class Flavor:
    """One face of the library: its namespace, budget class and cost query."""

    np_: Any  # fnp or me
    budget: Any
    cost: Any
    counted: bool
    fma: int


FNP = Flavor(fnp, flops.BudgetContext, flops.cost, True, 1)
ME = Flavor(me, me.BudgetContext, me.flops.cost, False, 2)
FLAVORS = [pytest.param(FNP, id="flopscope"), pytest.param(ME, id="mechestim")]

OWNERS = ("random", "random.Generator", "random.RandomState")


def counted_owner(flavor: Flavor, owner: str) -> Any:
    """A freshly seeded counted sampler: the module (global state) or a new object."""
    random = flavor.np_.random
    if owner == "random":
        random.seed(SEED)
        return random
    if owner == "random.Generator":
        return random.default_rng(SEED)
    return random.RandomState(SEED)


def numpy_owner(owner: str) -> Any:
    if owner == "random":
        np.random.seed(SEED)
        return np.random
    if owner == "random.Generator":
        return np.random.default_rng(SEED)
    return np.random.RandomState(SEED)


def charged(flavor: Flavor, fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, int, list[str]]:
    """(result, FLOPs charged, op names logged) of one call inside a fresh budget."""
    with flavor.budget(10**12, quiet=True) as ctx:
        result = fn(*args, **kwargs)
    return result, ctx.flops_used, [r.op_name for r in ctx.op_log]


def assert_same(flavor: Flavor, got: Any, want: Any) -> None:
    """Same values, dtype and shape as NumPy, in the flavor's array type."""
    if isinstance(want, np.ndarray):
        assert type(got) is (CountedArray if flavor.counted else np.ndarray)
        if flavor.counted:
            assert not got.flags.writeable
    np.testing.assert_array_equal(np.asarray(got), want)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    assert np.asarray(got).shape == np.shape(want)


def compare(flavor: Flavor, owner: str, method: str, /, *args: Any, **kwargs: Any) -> tuple:
    """Run ``method`` on a counted and a NumPy sampler seeded alike; return (result, cost)."""
    result, cost, names = charged(
        flavor, getattr(counted_owner(flavor, owner), method), *args, **kwargs
    )
    want = getattr(numpy_owner(owner), method)(*args, **kwargs)
    assert_same(flavor, result, want)
    assert names == [f"{owner}.{method}"]
    return result, cost


# ---------------------------------------------------------------------------
# every sampler of every owner: one FLOP per element drawn

PARAMS: dict[str, tuple] = {
    "beta": (2.0, 3.0), "binomial": (10, 0.3), "chisquare": (3.0,), "exponential": (2.0,),
    "f": (3.0, 5.0), "gamma": (2.0, 1.5), "geometric": (0.3,), "gumbel": (0.5, 2.0),
    "hypergeometric": (7, 5, 4), "laplace": (0.5, 2.0), "logistic": (0.5, 2.0),
    "lognormal": (0.1, 0.5), "logseries": (0.6,), "negative_binomial": (5, 0.4),
    "noncentral_chisquare": (3.0, 1.5), "noncentral_f": (3.0, 5.0, 1.5), "normal": (0.5, 2.0),
    "pareto": (3.0,), "poisson": (4.0,), "power": (2.0,), "rayleigh": (2.0,),
    "standard_cauchy": (), "standard_exponential": (), "standard_gamma": (2.0,),
    "standard_normal": (), "standard_t": (4.0,), "triangular": (0.0, 1.0, 3.0),
    "uniform": (-1.0, 2.0), "vonmises": (0.5, 2.0), "wald": (1.0, 2.0), "weibull": (1.5,),
    "zipf": (2.5,), "randint": (2, 9), "random_integers": (2, 9), "random_sample": (),
    "random": (), "integers": (2, 9), "tomaxint": (),
}  # fmt: skip

# the samplers of the table (and the core's normal / uniform / rand / randn for the module)
SAMPLER_ROWS = sorted(
    {op.name for op in _table_random.OPS if op.kind in ("random", "random:method")}
    | {"random.normal", "random.uniform", "random.rand", "random.randn"}
)
DIMS = ("rand", "randn")


def split(name: str) -> tuple[str, str]:
    owner, _, method = name.rpartition(".")
    return owner, method


@pytest.fixture(autouse=True)
def _quiet_deprecations():
    with warnings.catch_warnings():  # random_integers is deprecated by NumPy itself
        warnings.filterwarnings("ignore", "This function is deprecated", DeprecationWarning)
        yield


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("name", SAMPLER_ROWS)
def test_samplers_draw_numpys_numbers_and_cost_elements_drawn(flavor, name):
    owner, method = split(name)
    if method in DIMS:
        _, cost = compare(flavor, owner, method, 3, 4)
        assert cost == 12 == flavor.cost(name, (3, 4))
        return
    params = PARAMS[method]
    for size, drawn in [((3, 4), 12), (5, 5), ((), 1), ((2, 0), 0), (None, 1)]:
        _, cost = compare(flavor, owner, method, *params, size=size)
        assert cost == drawn == flavor.cost(name, size=size)
    _, cost = compare(flavor, owner, method, *params, (2, 3))  # size passed positionally
    assert cost == 6


BROADCASTING = [  # NumPy's legacy random_integers takes scalars only
    n for n in SAMPLER_ROWS if PARAMS.get(split(n)[1]) and not n.endswith("random_integers")
]


@pytest.mark.parametrize("name", BROADCASTING)
def test_sampler_parameters_broadcast_to_the_sample(name):
    owner, method = split(name)
    values = PARAMS[method]
    shapes = [(3, 4)] if len(values) == 1 else [(3, 1)] + [(4,)] * (len(values) - 1)
    arrays = [np.full(s, v) for s, v in zip(shapes, values, strict=True)]
    _, cost = compare(FNP, owner, method, *arrays)
    assert cost == 12 == flops.cost(name, *shapes)
    counted = [fnp.asarray(a) for a in arrays]  # counted parameters are accepted as such
    result, cost, _ = charged(FNP, getattr(counted_owner(FNP, owner), method), *counted)
    assert_same(FNP, result, getattr(numpy_owner(owner), method)(*arrays))
    assert cost == 12


def test_generator_out_fills_a_plain_array_and_refuses_counted_ones():
    with_out = {
        "random": (),
        "standard_normal": (),
        "standard_exponential": (),
        "standard_gamma": (2.0,),
    }
    for method, params in with_out.items():
        out = np.empty((2, 3))
        rng = fnp.random.default_rng(SEED)
        result, cost, _ = charged(FNP, getattr(rng, method), *params, out=out)
        assert result is out and cost == 6
        np.testing.assert_array_equal(
            out, getattr(np.random.default_rng(SEED), method)(*params, size=(2, 3))
        )
        with FNP.budget(10**6, quiet=True) as ctx, pytest.raises(TypeError, match="read-only"):
            getattr(rng, method)(*params, out=fnp.zeros(3))
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0


def test_ranf_and_sample_are_numpys_aliases_of_random_sample():
    for alias in ("ranf", "sample"):
        fnp.random.seed(SEED)
        result, cost, names = charged(FNP, getattr(fnp.random, alias), (2, 2))
        np.random.seed(SEED)
        assert_same(FNP, result, np.random.random_sample((2, 2)))
        assert (cost, names) == (4, ["random.random_sample"]) and flops.cost(
            f"random.{alias}", size=4
        ) == 4


# ---------------------------------------------------------------------------
# samplers with a category axis, and multivariate_normal

N_DRAWS, DIM = 4, 3
COV = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, 0.2], [0.1, 0.2, 1.5]])


def mvn_cost(fma: int, method: str = "svd", check: bool = True, n: int = DIM, draws: int = N_DRAWS):
    """The documented formula, written out independently."""
    factor = {"svd": n**3 + n**2, "eigh": n**3 + n**2, "cholesky": n**3 // 3}[method]
    check_cost = fma * n**3 if method == "svd" and check else 0
    return draws * n + factor + check_cost + fma * draws * n * n + draws * n


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("owner", OWNERS)
def test_multivariate_normal_bills_draws_factorisation_and_transform(flavor, owner):
    mean = np.array([0.5, -1.0, 2.0])
    _, cost = compare(flavor, owner, "multivariate_normal", mean, COV, size=N_DRAWS)
    expected = mvn_cost(flavor.fma)
    assert cost == expected == flavor.cost(f"{owner}.multivariate_normal", (3,), (3, 3), size=4)
    assert expected == {1: 12 + 36 + 27 + 36 + 12, 2: 12 + 36 + 54 + 72 + 12}[flavor.fma]
    _, cost = compare(flavor, owner, "multivariate_normal", mean, COV, (2, 2), "ignore")
    assert cost == mvn_cost(flavor.fma, check=False)
    _, cost = compare(flavor, owner, "multivariate_normal", mean, COV)  # size=None: one draw
    assert cost == mvn_cost(flavor.fma, draws=1)


@pytest.mark.parametrize("method", ["svd", "eigh", "cholesky"])
def test_generator_multivariate_normal_prices_each_factorisation(method):
    mean = np.zeros(3)
    _, cost = compare(FNP, "random.Generator", "multivariate_normal", mean, COV, 4, method=method)
    assert (
        cost
        == mvn_cost(1, method)
        == flops.cost("random.Generator.multivariate_normal", (3,), (3, 3), size=4, method=method)
    )
    assert mvn_cost(1, "cholesky") == 12 + 9 + 36 + 12


def test_multivariate_normal_shape_errors_are_numpys():
    rng = fnp.random.default_rng(SEED)
    for mean, cov, message in [
        (np.zeros((2, 2)), np.eye(2), "mean must be 1 dimensional"),
        (np.zeros(2), np.eye(3), "mean and cov must have same length"),
        (np.zeros(2), np.ones(2), "cov must be 2 dimensional and square"),
    ]:
        with pytest.raises(ValueError, match=message):
            np.random.default_rng(SEED).multivariate_normal(mean, cov)
        with pytest.raises(ValueError, match=message):
            rng.multivariate_normal(mean, cov)
    with pytest.raises(ValueError, match="method must be one of"):
        rng.multivariate_normal(np.zeros(2), np.eye(2), method="qr")


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("owner", OWNERS)
def test_category_samplers_cost_the_elements_of_their_output(flavor, owner):
    pvals = [0.2, 0.3, 0.5]
    cases = [
        ("multinomial", (20, pvals), {"size": 4}, 12, ((), (3,))),
        ("multinomial", (20, pvals), {}, 3, ((), (3,))),
        ("dirichlet", ([1.0, 2.0, 3.0],), {"size": (2, 2)}, 12, ((3,),)),
        ("dirichlet", ([1.0, 2.0, 3.0],), {}, 3, ((3,),)),
        ("bytes", (7,), {}, 7, ()),
    ]
    if owner == "random.Generator":
        cases += [
            ("multinomial", ([[3], [5]], pvals), {}, 6, ((2, 1), (3,))),
            ("multinomial", (3, [[0.2, 0.8], [0.5, 0.5]]), {"size": (4, 2)}, 16, ((), (2, 2))),
            ("multivariate_hypergeometric", ([3, 4, 5], 6), {"size": 2}, 6, ((3,),)),
            ("multivariate_hypergeometric", ([3, 4, 5], 6), {"method": "count"}, 3, ((3,),)),
        ]
    for method, args, kwargs, expected, shapes in cases:
        _, cost = compare(flavor, owner, method, *args, **kwargs)
        params = {**kwargs, **({"length": args[0]} if method == "bytes" else {})}
        if method == "multivariate_hypergeometric":
            params["nsample"] = args[1]
        assert cost == expected == flavor.cost(f"{owner}.{method}", *shapes, **params), method


# ---------------------------------------------------------------------------
# shuffle, permutation, permuted, choice: n·ceil(log2 n)


def nlog(n: int) -> int:
    return n * math.ceil(math.log2(n)) if n > 1 else 0


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("n", [0, 1, 2, 7, 8, 9, 100])
def test_shuffle_in_place_costs_n_log_n(flavor, owner, n):
    x, y = np.arange(n * 2).reshape(n, 2), np.arange(n * 2).reshape(n, 2)
    _, cost, names = charged(flavor, counted_owner(flavor, owner).shuffle, x)
    numpy_owner(owner).shuffle(y)
    np.testing.assert_array_equal(x, y)
    assert cost == nlog(n) == flavor.cost(f"{owner}.shuffle", (n, 2))
    assert names == [f"{owner}.shuffle"]


def test_generator_shuffle_and_permutation_along_an_axis():
    x, y = np.arange(12.0).reshape(3, 4), np.arange(12.0).reshape(3, 4)
    _, cost, _ = charged(FNP, fnp.random.default_rng(SEED).shuffle, x, axis=1)
    np.random.default_rng(SEED).shuffle(y, axis=1)
    np.testing.assert_array_equal(x, y)
    assert cost == 4 * 2 == flops.cost("random.Generator.shuffle", (3, 4), axis=1)
    _, cost = compare(FNP, "random.Generator", "permutation", np.arange(12).reshape(3, 4), axis=-1)
    assert cost == 8 == flops.cost("random.Generator.permutation", (3, 4), axis=-1)


def test_shuffle_of_a_python_list_is_counted_by_its_length():
    for owner in OWNERS:
        x, y = list(range(9)), list(range(9))
        _, cost, _ = charged(FNP, counted_owner(FNP, owner).shuffle, x)
        numpy_owner(owner).shuffle(y)
        assert x == y and cost == 9 * 4


@pytest.mark.parametrize("owner", OWNERS)
def test_shuffle_refuses_counted_arrays_and_changes_nothing(owner):
    data = fnp.arange(10)
    sampler = counted_owner(FNP, owner)
    with FNP.budget(10**6, quiet=True) as ctx:
        with pytest.raises(TypeError) as error:
            sampler.shuffle(data)
        assert str(error.value) == READ_ONLY_MESSAGE
        with pytest.raises(TypeError, match="read-only"):
            sampler.shuffle(data[2:])  # views of counted arrays too
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    np.testing.assert_array_equal(np.asarray(data), np.arange(10))
    # nothing was drawn: the next numbers are the seed's first ones
    assert_same(FNP, sampler.random(3), numpy_owner(owner).random(3))


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("owner", OWNERS)
def test_permutation_of_an_int_or_an_array(flavor, owner):
    for x, shape, expected in [
        (10, (10,), 40),
        (np.int64(8), (8,), 24),
        (np.arange(9.0), (9,), 36),
        (np.arange(15).reshape(5, 3), (5, 3), 15),
        (0, (0,), 0),
    ]:
        _, cost = compare(flavor, owner, "permutation", x)
        assert cost == expected == flavor.cost(f"{owner}.permutation", shape)
    counted = fnp.arange(6.0)  # permutation copies: counted arrays are fine
    result, cost, _ = charged(flavor, counted_owner(flavor, owner).permutation, counted)
    assert_same(flavor, result, numpy_owner(owner).permutation(np.arange(6.0)))
    assert cost == 18


def test_permutation_errors_are_numpys():
    with pytest.raises(IndexError, match="x must be an integer or at least 1-dimensional"):
        fnp.random.permutation(np.array(5.0))
    with pytest.raises(np.exceptions.AxisError):
        fnp.random.default_rng(SEED).permutation(np.arange(3), axis=1)
    with pytest.raises(TypeError, match="len\\(\\) of unsized object"):
        fnp.random.default_rng(SEED).shuffle(np.array(5.0))


@pytest.mark.parametrize("flavor", FLAVORS)
def test_permuted_shuffles_every_lane(flavor):
    x = np.arange(20.0).reshape(4, 5)
    for kwargs, expected in [({}, 20 * 5), ({"axis": 1}, 20 * 3), ({"axis": 0}, 20 * 2)]:
        _, cost = compare(flavor, "random.Generator", "permuted", x, **kwargs)
        assert cost == expected == flavor.cost("random.Generator.permuted", (4, 5), **kwargs)
    out = np.empty_like(x)
    result, cost, _ = charged(
        flavor, counted_owner(flavor, "random.Generator").permuted, x, axis=1, out=out
    )
    assert result is out and cost == 60
    np.testing.assert_array_equal(out, np.random.default_rng(SEED).permuted(x, axis=1))
    if flavor.counted:
        with FNP.budget(10**6, quiet=True) as ctx, pytest.raises(TypeError, match="read-only"):
            fnp.random.default_rng(SEED).permuted(x, out=fnp.asarray(x))
        assert ctx.flops_used == 0


P = np.array([0.1, 0.2, 0.3, 0.15, 0.05, 0.1, 0.02, 0.03, 0.04, 0.01])


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("owner", OWNERS)
def test_choice_costs_draws_searches_and_permutations(flavor, owner):
    legacy = owner != "random.Generator"
    cases = [
        ((10, 3), {}, 3),
        ((10,), {}, 1),
        ((np.arange(10.0), (2, 3)), {}, 6),
        ((np.array(10), 4), {}, 4),  # a 0-d integer array is a population size
        ((10, 3), {"replace": False}, 40 if legacy else 3 * 4),
        ((10, 10), {"replace": False}, 40),
        ((10, 0), {"replace": False}, 0),
        ((10, 3), {"p": P}, 3 + 20 + 3 * 4),
        ((10, 3), {"p": P, "replace": False}, 3 + 20 + 3 * 4),
    ]
    if not legacy:
        cases += [
            ((np.arange(12).reshape(6, 2), 4), {}, 4),
            ((np.arange(12).reshape(2, 6), 4), {"axis": 1, "replace": False}, 4 * 3),
            ((10, 3), {"replace": False, "shuffle": False}, 12),
        ]
    for args, kwargs, expected in cases:
        _, cost = compare(flavor, owner, "choice", *args, **kwargs)
        a = args[0]
        shape = (int(a),) if np.ndim(a) == 0 else np.shape(a)
        query = {**kwargs, **({"size": args[1]} if len(args) > 1 else {})}
        assert cost == expected == flavor.cost(f"{owner}.choice", shape, **query), (args, kwargs)


def test_choice_errors_are_numpys():
    with pytest.raises(ValueError, match="a must be 1-dimensional"):
        fnp.random.choice(np.ones((3, 4)), 2)
    with pytest.raises(ValueError, match="a must be greater than 0 unless no samples are taken"):
        fnp.random.RandomState(SEED).choice(-3, 2)
    with pytest.raises(ValueError, match="Cannot take a larger sample than population"):
        fnp.random.default_rng(SEED).choice(5, 6, replace=False)


# ---------------------------------------------------------------------------
# budgets: refused draws leave everything as it was


@pytest.mark.parametrize("owner", OWNERS)
def test_a_refused_draw_does_not_advance_the_generator(owner):
    sampler = counted_owner(FNP, owner)
    with FNP.budget(10, quiet=True) as ctx:
        with pytest.raises(flops.BudgetExhaustedError):
            sampler.normal(size=11)
        with pytest.raises(flops.BudgetExhaustedError):
            sampler.permutation(10)  # 40 FLOPs
        assert ctx.flops_used == 0 and len(ctx.op_log) == 0
        got = sampler.normal(size=10)
    assert_same(FNP, got, numpy_owner(owner).normal(size=10))


def test_refused_module_draw_leaves_numpys_global_state_alone():
    fnp.random.seed(SEED)
    state = np.random.get_state()
    with FNP.budget(5, quiet=True), pytest.raises(flops.BudgetExhaustedError):
        fnp.random.beta(2.0, 3.0, size=6)
    after = np.random.get_state()
    np.testing.assert_array_equal(state[1], after[1])
    assert state[2:] == after[2:]


# ---------------------------------------------------------------------------
# the counted classes


@pytest.mark.parametrize("flavor", FLAVORS)
def test_state_functions_and_constructors_are_free(flavor):
    random = flavor.np_.random
    with flavor.budget(10**6, quiet=True) as ctx:
        random.seed(1)
        state = random.get_state()
        random.set_state(state)
        bits = random.get_bit_generator()
        random.set_bit_generator(bits)
        rng = random.default_rng(3)
        children = rng.spawn(2)
        gen = random.Generator(random.PCG64(4))
        legacy = random.RandomState(5)
        legacy.seed(6)
        legacy.set_state(legacy.get_state())
    assert ctx.flops_used == 0 and len(ctx.op_log) == 0
    assert all(isinstance(g, random.Generator) for g in (rng, gen, *children))
    assert isinstance(legacy, random.RandomState)
    np.testing.assert_array_equal(
        np.asarray(children[1].random(3)), np.random.default_rng(3).spawn(2)[1].random(3)
    )


def test_default_rng_accepts_what_numpy_accepts():
    rng = fnp.random.default_rng(SEED)
    assert fnp.random.default_rng(rng) is rng  # a Generator is returned unaltered
    seeds = [
        (lambda: np.random.SeedSequence(SEED), lambda: np.random.SeedSequence(SEED)),
        (lambda: fnp.random.PCG64(SEED), lambda: np.random.PCG64(SEED)),
        (lambda: [1, 2, 3], lambda: [1, 2, 3]),
        (lambda: fnp.asarray([1, 2]), lambda: np.array([1, 2])),
    ]
    for counted_seed, numpy_seed in seeds:
        want = np.random.default_rng(numpy_seed()).random(3)
        assert_same(FNP, fnp.random.default_rng(counted_seed()).random(3), want)
    shared = me.random.default_rng(rng)  # the same stream, now in mechestim's flavor
    assert type(shared) is me.random.Generator and shared.bit_generator is rng.bit_generator


@pytest.mark.parametrize("flavor", FLAVORS)
def test_counted_classes_pickle_copy_and_print(flavor):
    import copy

    rng = flavor.np_.random.default_rng(SEED)
    legacy = flavor.np_.random.RandomState(SEED)
    for obj in (rng, legacy):
        for clone in (lambda o: pickle.loads(pickle.dumps(o)), copy.deepcopy):
            twin = clone(obj)
            assert type(twin) is type(obj)
            assert_same(flavor, twin.standard_normal(4), np.asarray(obj.standard_normal(4)))
    name = "flopscope" if flavor.counted else "mechestim"
    assert repr(rng).startswith("Generator(PCG64) at 0x") and repr(rng).endswith(
        f"counted by {name}"
    )
    assert repr(legacy).startswith("RandomState(MT19937)")
    assert isinstance(rng.bit_generator, np.random.PCG64)


def test_the_numpy_generator_is_not_public():
    rng = fnp.random.default_rng(SEED)
    public = {n for n in dir(rng) if not n.startswith("_")}
    numpy_public = {n for n in dir(np.random.default_rng()) if not n.startswith("_")}
    assert public == numpy_public
    with pytest.raises(AttributeError):
        rng.extra = 1  # no __dict__: nothing can be attached or swapped in


@pytest.mark.parametrize("flavor", FLAVORS)
def test_methods_document_their_cost(flavor):
    name = "flopscope" if flavor.counted else "mechestim"
    doc = flavor.np_.random.Generator.normal.__doc__
    assert doc.startswith(f"Counted by {name}: elements drawn.") and "normal(loc=0.0" in doc
    assert "n·ceil(log2 n)" in flavor.np_.random.RandomState.shuffle.__doc__


# ---------------------------------------------------------------------------
# completeness: every public callable of numpy.random, Generator and RandomState


def test_every_public_numpy_random_name_is_provided_or_refused():
    from flopscope._table import ALIASES, OPS, PASSTHROUGH, REFUSED

    names = {op.name for op in OPS} | set(ALIASES) | set(PASSTHROUGH) | set(REFUSED)
    public = {f"random.{n}" for n in dir(np.random) if not n.startswith("_")}
    assert public - names == set()
    for name in public - set(REFUSED):
        getattr(fnp.random, name.split(".", 1)[1])
        getattr(me.random, name.split(".", 1)[1])
    with pytest.raises(AttributeError, match="NumPy's own test suite"):
        fnp.random.test  # noqa: B018


@pytest.mark.parametrize("cls", ["Generator", "RandomState"])
def test_every_public_method_is_a_counted_row(cls):
    rows = {op.name for op in _table_random.OPS}
    numpy_cls = getattr(np.random, cls)
    public = {n for n in dir(numpy_cls) if not n.startswith("_") and n != "bit_generator"}
    assert {f"random.{cls}.{n}" for n in public} <= rows
    assert {n.rsplit(".", 1)[1] for n in rows if n.startswith(f"random.{cls}.")} == public
    for n in public:
        assert getattr(fnp.random, cls).__dict__[n].__qualname__ == f"{cls}.{n}"


def test_every_row_is_exercised_by_these_tests():
    tested_elsewhere = {
        f"{owner}.{m}"
        for owner in OWNERS
        for m in ("multivariate_normal", "multinomial", "dirichlet", "bytes", "shuffle",
                  "permutation", "choice", "seed", "get_state", "set_state")
    } | {
        "random.Generator.permuted", "random.Generator.multivariate_hypergeometric",
        "random.Generator.spawn", "random.get_bit_generator", "random.set_bit_generator",
        "random.default_rng", "random.Generator", "random.RandomState",
    }  # fmt: skip
    rows = {op.name for op in _table_random.OPS}
    assert rows - set(SAMPLER_ROWS) - tested_elsewhere == set()


def test_sampler_params_are_numpys_leading_parameters():
    import inspect

    for op in _table_random.OPS:
        if op.kind in ("random", "random:method") and op.params != ("*dims",):
            names = [p for p in inspect.signature(op.numpy).parameters if p != "self"]
            assert tuple(names[: len(op.params)]) == op.params and names[len(op.params)] == "size"


# ---------------------------------------------------------------------------
# properties over random sizes

sizes = st.lists(st.integers(0, 5), max_size=3).map(tuple)
sampler_names = st.sampled_from([n for n in SAMPLER_ROWS if split(n)[1] not in DIMS])


@settings(max_examples=60, deadline=None)
@given(name=sampler_names, size=sizes)
def test_any_size_costs_its_element_count(name, size):
    owner, method = split(name)
    _, cost = compare(FNP, owner, method, *PARAMS[method], size=size)
    assert cost == math.prod(size) == flops.cost(name, size=size)


@settings(max_examples=40, deadline=None)
@given(owner=st.sampled_from(OWNERS), n=st.integers(0, 300), k=st.integers(0, 5))
def test_any_permutation_or_choice_costs_its_formula(owner, n, k):
    _, cost = compare(FNP, owner, "permutation", n)
    assert cost == nlog(n)
    k = min(k, n)
    if n:
        _, cost = compare(FNP, owner, "choice", n, k, replace=False)
        legacy = owner != "random.Generator"
        expected = 0 if k == 0 else (nlog(n) if legacy else k * math.ceil(math.log2(n)))
        assert cost == expected
