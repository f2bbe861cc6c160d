"""Op-table rows for numpy.random beyond the core samplers: every module function, Generator and RandomState.

Module functions are NumPy's (methods of its global RandomState); ``random.Generator.<m>``
and ``random.RandomState.<m>`` are the methods of the counted classes that
``fnp.random.default_rng()`` / ``fnp.random.RandomState()`` return (see ``_random``).
Sampling costs one FLOP per element drawn; shuffles and permutations n·ceil(log2 n).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _random
from ._ops import Op
from ._table_core import DRAWN, FREE

# distributions every generator has: name -> the parameters that broadcast to the sample
SAMPLERS: dict[str, tuple[str, ...]] = {
    "beta": ("a", "b"),
    "binomial": ("n", "p"),
    "chisquare": ("df",),
    "exponential": ("scale",),
    "f": ("dfnum", "dfden"),
    "gamma": ("shape", "scale"),
    "geometric": ("p",),
    "gumbel": ("loc", "scale"),
    "hypergeometric": ("ngood", "nbad", "nsample"),
    "laplace": ("loc", "scale"),
    "logistic": ("loc", "scale"),
    "lognormal": ("mean", "sigma"),
    "logseries": ("p",),
    "negative_binomial": ("n", "p"),
    "noncentral_chisquare": ("df", "nonc"),
    "noncentral_f": ("dfnum", "dfden", "nonc"),
    "normal": ("loc", "scale"),
    "pareto": ("a",),
    "poisson": ("lam",),
    "power": ("a",),
    "rayleigh": ("scale",),
    "standard_cauchy": (),
    "standard_exponential": (),
    "standard_gamma": ("shape",),
    "standard_normal": (),
    "standard_t": ("df",),
    "triangular": ("left", "mode", "right"),
    "uniform": ("low", "high"),
    "vonmises": ("mu", "kappa"),
    "wald": ("mean", "scale"),
    "weibull": ("a",),
    "zipf": ("a",),
}

# samplers only the legacy RandomState (and so the module) has
LEGACY_SAMPLERS: dict[str, tuple[str, ...]] = {
    "rand": ("*dims",),
    "randn": ("*dims",),
    "randint": ("low", "high"),
    "random_integers": ("low", "high"),
    "random_sample": (),
    "random": (),
}

GENERATOR_SAMPLERS: dict[str, tuple[str, ...]] = {"integers": ("low", "high"), "random": ()}

CORE = {"rand", "randn", "normal", "uniform"}  # module samplers already in _table_core

SHUFFLE = "n·ceil(log2 n), n = length of the shuffled axis"
PERMUTATION = "n·ceil(log2 n), n = length of the permuted axis (x itself for an int x)"
PERMUTED = "size(x)·ceil(log2 n), n = length of each shuffled lane (size(x) for axis=None)"
_CHOICE = (
    "k = elements drawn (prod(size)), n = population (a, or the length of a along axis); "
    "with p: k + 2n (normalised cumulative p) + k·ceil(log2 n) (a binary search per draw); "
    "without replacement (and no p): "
)
CHOICE = _CHOICE + "k·ceil(log2 n) (a partial permutation of the population)"
CHOICE_LEGACY = _CHOICE + "n·ceil(log2 n) (NumPy permutes the whole population)"
PER_SAMPLE = "N·k, the elements of the output: N samples (prod(size)) of k categories"
MULTINOMIAL = PER_SAMPLE + " (k−1 binomial draws and the remainder per sample)"
DIRICHLET = PER_SAMPLE + " (k gamma draws per sample; normalising them is part of the draw)"
MVN = (
    "N·n draws (N = prod(size), n = len(mean)) + the factorisation of cov (SVD n³ as "
    "linalg.svd, eigh n³, cholesky n³/3; RandomState always SVD) + n² to scale SVD / eigh "
    "vectors by sqrt(s) + FMA·n³ for the PSD check (SVD unless check_valid='ignore') + "
    "FMA·N·n² to transform the draws + N·n to add the mean"
)
BYTES = "length (bytes drawn)"


def _sampler(name: str, fn: Any, params: tuple[str, ...], kind: str = "random") -> Op:
    return Op(name, kind, fn, formula=DRAWN, params=params, dispatch=False, category="random")


def _shaped(name: str, fn: Any, rule: Any, formula: str, arrays: tuple[str, ...],
            kind: str = "shaped", fma: bool = False) -> Op:  # fmt: skip
    return Op(name, kind, fn, rule, formula, arrays=arrays, multiply_adds=fma, dispatch=False,
              category="random")  # fmt: skip


def _permute(name: str, fn: Any, rule: Any, formula: str) -> Op:
    return Op(name, "shaped:permute", fn, rule, formula, dispatch=False, category="random")


def _free(name: str, fn: Any) -> Op:
    return Op(name, "free", fn, formula=FREE, dispatch=False)


def _generator(name: str, fn: Any, formula: str) -> Op:
    return Op(name, "free:generator", fn, formula=formula, dispatch=False, category="free")


def _common(prefix: str, owner: Any, shaped: str, choice: tuple[Any, str]) -> list[Op]:
    """The rows the module and both classes share beyond the samplers (``shaped``: the kind
    of the rows priced by their arrays' shapes)."""
    return [
        _shaped(f"{prefix}.bytes", owner.bytes, _random.length, BYTES, (), shaped),
        _shaped(f"{prefix}.multinomial", owner.multinomial, _random.multinomial, MULTINOMIAL,
                ("n", "pvals"), shaped),
        _shaped(f"{prefix}.dirichlet", owner.dirichlet, _random.dirichlet, DIRICHLET,
                ("alpha",), shaped),
        _shaped(f"{prefix}.multivariate_normal", owner.multivariate_normal,
                _random.multivariate_normal, MVN, ("mean", "cov"), shaped, fma=True),
        _permute(f"{prefix}.shuffle", owner.shuffle, _random.shuffle, SHUFFLE),
        _permute(f"{prefix}.choice", owner.choice, *choice),
    ]  # fmt: skip


MODULE = [
    *(
        _sampler(f"random.{name}", getattr(np.random, name), params)
        for name, params in {**SAMPLERS, **LEGACY_SAMPLERS}.items()
        if name not in CORE
    ),
    *_common("random", np.random, "shaped", (_random.choice_legacy, CHOICE_LEGACY)),
    _permute("random.permutation", np.random.permutation, _random.permutation_legacy,
             PERMUTATION),
    _free("random.get_state", np.random.get_state),
    _free("random.set_state", np.random.set_state),
    _free("random.get_bit_generator", np.random.mtrand.get_bit_generator),
    _free("random.set_bit_generator", np.random.mtrand.set_bit_generator),
    _generator("random.default_rng", np.random.default_rng,
               "free; the Generator it returns is counted (random.Generator.*)"),
    _generator("random.Generator", np.random.Generator,
               "free; its sampling methods are counted (random.Generator.*)"),
    _generator("random.RandomState", np.random.RandomState,
               "free; its sampling methods are counted (random.RandomState.*)"),
]  # fmt: skip

G = np.random.Generator
GENERATOR = [
    *(
        _sampler(f"random.Generator.{name}", getattr(G, name), params, "random:method")
        for name, params in {**SAMPLERS, **GENERATOR_SAMPLERS}.items()
    ),
    *_common("random.Generator", G, "shaped:method", (_random.choice, CHOICE)),
    _shaped("random.Generator.multivariate_hypergeometric", G.multivariate_hypergeometric,
            _random.multivariate_hypergeometric, PER_SAMPLE, ("colors",), "shaped:method"),
    _permute("random.Generator.permutation", G.permutation, _random.shuffle, PERMUTATION),
    _permute("random.Generator.permuted", G.permuted, _random.permuted, PERMUTED),
    _free("random.Generator.spawn", _random.spawn),
]  # fmt: skip

R = np.random.RandomState
RANDOM_STATE = [
    *(
        _sampler(f"random.RandomState.{name}", getattr(R, name), params, "random:method")
        for name, params in {**SAMPLERS, **LEGACY_SAMPLERS, "tomaxint": ()}.items()
    ),
    *_common("random.RandomState", R, "shaped:method", (_random.choice_legacy, CHOICE_LEGACY)),
    _permute("random.RandomState.permutation", R.permutation, _random.permutation_legacy,
             PERMUTATION),
    *(_free(f"random.RandomState.{name}", _random.forward(getattr(R, name)))
      for name in ("seed", "get_state", "set_state")),
]  # fmt: skip

OPS: list[Op] = [*MODULE, *GENERATOR, *RANDOM_STATE]

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {
    "random.ranf": "random.random_sample",
    "random.sample": "random.random_sample",
}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {
    "random.test": "it runs NumPy's own test suite, not a computation on arrays",
    "random.mtrand": "it is NumPy's legacy implementation module; its functions are "
    "fnp.random.* and its RandomState is fnp.random.RandomState",
    "random.bit_generator": "it is NumPy's bit-generator module; use fnp.random.SeedSequence "
    "and fnp.random.BitGenerator",
}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes).
# Bit generators and seed sequences hold state and make seeds, they draw no samples for
# arrays; their raw stream (random_raw(), ctypes, cffi) is NumPy's and uncounted.
PASSTHROUGH: list[str] = [
    f"random.{name}"
    for name in ("BitGenerator", "SeedSequence", "MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64")
]
