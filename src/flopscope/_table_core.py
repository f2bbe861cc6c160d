"""Core rows of the op table: creation, basic pointwise ops and reductions, contractions,
the basic random samplers and CountedArray's view methods (see ``_table`` for the whole)."""

from __future__ import annotations

import numpy as np

from . import (
    _bind_ufuncs,  # noqa: F401  (registers the ufunc kind)
    _costs,
)
from ._array import READ_ONLY_MESSAGE
from ._ops import Op

ELEMENTWISE = "elements of the broadcast output (unique ones when operands are symmetric)"
INPUT = "elements of the input"
DRAWN = "elements drawn"
FREE = "free (not logged)"
MATMUL = "FMA x batch x m x k x n (a multiply-add costs FMA)"


# what a free view or copy keeps of a SymmetricTensor's group (see _symmetric.free_call)
KEEPS_SYMMETRY = {
    "array": "keep", "asarray": "keep", "transpose": "transpose",
    "ndarray.transpose": "transpose", "ndarray.swapaxes": "swapaxes", "ndarray.copy": "keep",
    "ndarray.astype": "keep", "ndarray.__getitem__": "index", "ndarray.T": "reverse",
    "ndarray.mT": "matrix_transpose", "ndarray.real": "keep", "ndarray.imag": "keep",
}  # fmt: skip


def _free(name: str, fn: object, *, methods: tuple[str, ...] = (), dispatch: bool = True) -> Op:
    symmetry = KEEPS_SYMMETRY.get(name, "")
    return Op(name, "free", fn, formula=FREE, methods=methods, dispatch=dispatch, symmetry=symmetry)  # type: ignore[arg-type]


def _ufunc(name: str) -> Op:
    return Op(name, "ufunc", getattr(np, name), formula=ELEMENTWISE)


UNIQUE_INPUT = "unique elements of the input (all of them unless it is a SymmetricTensor)"


def _reduction(name: str, fn: object, methods: tuple[str, ...] = ()) -> Op:
    # NumPy's np.sum & co. are Python wrappers around these C methods (same signature)
    on_ndarray = getattr(np.ndarray, name) if name != "mean" else None
    return Op(name, "reduction", fn, formula=UNIQUE_INPUT, methods=methods, symmetry="reduce",  # type: ignore[arg-type]
              on_ndarray=on_ndarray)  # fmt: skip


def _ufunc_reduce(ufunc: np.ufunc) -> Op:
    return Op(
        f"{ufunc.__name__}.reduce", "reduction", ufunc.reduce, formula=UNIQUE_INPUT,
        dispatch=False, symmetry="reduce",
    )  # fmt: skip


CREATION = [
    _free(name, getattr(np, name))
    for name in (
        "array", "asarray", "ones", "zeros", "full", "empty", "eye", "arange", "linspace",
        "ones_like", "zeros_like", "full_like", "empty_like", "reshape", "transpose",
    )
]  # fmt: skip

POINTWISE = [
    _ufunc(name)
    for name in (
        "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power",
        "maximum", "minimum", "negative", "positive", "absolute", "exp", "log", "sqrt", "tanh",
        "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
        "logical_and", "logical_or", "logical_not", "invert",
        "bitwise_and", "bitwise_or", "bitwise_xor",
    )
]  # fmt: skip

REDUCTIONS = [
    _reduction("sum", np.sum, ("sum",)),
    _reduction("mean", np.mean, ("mean",)),
    _reduction("max", np.max, ("max",)),
    _reduction("min", np.min, ("min",)),
    _reduction("prod", np.prod, ("prod",)),
    _reduction("all", np.all, ("all",)),
    _reduction("any", np.any, ("any",)),
    *(
        _ufunc_reduce(u)
        for u in (np.add, np.multiply, np.maximum, np.minimum, np.logical_and, np.logical_or)
    ),
]

CONTRACTIONS = [
    Op("matmul", "contraction", np.matmul, _costs.matmul, MATMUL),
    Op("dot", "contraction", np.dot, _costs.dot, "FMA x prod(a.shape) x prod(b.shape) / k",
       methods=("dot",)),
    Op("einsum", "einsum", np.einsum, formula="sum over the planned path's steps of (unique "
       "outputs x inner orbits) under the operands' symmetry; FMA per multiply-add"),
    Op("einsum_path", "einsum_path", np.einsum_path, formula="plans only: a 1-FLOP planning "
       "event in flopscope, free in mechestim"),
]  # fmt: skip

RANDOM = [
    Op("random.randn", "random", np.random.randn, formula=DRAWN, params=("*dims",)),
    Op("random.rand", "random", np.random.rand, formula=DRAWN, params=("*dims",)),
    Op("random.normal", "random", np.random.normal, formula=DRAWN, params=("loc", "scale")),
    Op("random.uniform", "random", np.random.uniform, formula=DRAWN, params=("low", "high")),
    _free("random.seed", np.random.seed, dispatch=False),
]

# CountedArray methods and properties that are views or copies (free)
METHODS = [
    _free(f"ndarray.{name}", getattr(np.ndarray, name), methods=(name,), dispatch=False)
    for name in (
        "reshape", "transpose", "ravel", "flatten", "squeeze", "swapaxes", "copy",
        "astype", "diagonal", "__getitem__",
    )
] + [
    _free(f"ndarray.{name}", getattr(np.ndarray, name).__get__, methods=(name,), dispatch=False)
    for name in ("T", "mT", "real", "imag")
]  # fmt: skip


def _byteswap(a: np.ndarray, inplace: bool = False) -> np.ndarray:
    if inplace:
        raise TypeError(READ_ONLY_MESSAGE)
    return a.byteswap()


METHODS.append(_free("ndarray.byteswap", _byteswap, methods=("byteswap",), dispatch=False))

OPS: list[Op] = [*CREATION, *POINTWISE, *REDUCTIONS, *CONTRACTIONS, *RANDOM, *METHODS]

REFUSED: dict[str, str] = {}

# other public names for the same op (NumPy's own aliases)
ALIASES = {
    "abs": "absolute",
    "true_divide": "divide",
    "pow": "power",
    "amax": "max",
    "amin": "min",
}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
