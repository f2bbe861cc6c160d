"""Cost queries: what an operation would be billed, from shapes alone.

They need no budget and charge nothing; they call the very cost rules the dispatch
uses, so a plan made with them matches the bill.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _costs, _einsum
from ._flavor import FLOPSCOPE, Flavor
from ._table import ALIASES, OPS

_KINDS = {op.name: op.kind for op in OPS}
_OPS_BY_NAME = {op.name: op for op in OPS}


def _shapes(shapes: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    if isinstance(shapes, (str, bytes)) or not isinstance(shapes, Sequence):
        raise TypeError(
            f"shapes must be a list of shapes such as [(256, 256), (256,)], got {shapes!r}"
        )
    return tuple(_costs.as_shape(s) for s in shapes)


def _check_op(op_name: str, kind: str, what: str) -> None:
    name = ALIASES.get(op_name, op_name)
    if _KINDS.get(name) != kind:
        known = sorted(n for n, k in _KINDS.items() if k == kind and "." not in n)
        raise ValueError(f"{op_name!r} is not a {what} operation; known ones: {', '.join(known)}")


def einsum_cost(
    subscripts: str, shapes: Sequence[Any], *, optimize: Any = "auto", _flavor: Flavor = FLOPSCOPE
) -> int:
    """FLOPs ``einsum(subscripts, *arrays)`` is billed for arrays of these shapes."""
    return _einsum.plan(subscripts, _shapes(shapes), optimize).cost(_flavor.fma)


def svd_cost(m: int, n: int, k: int | None = None) -> int:
    """FLOPs of a (truncated) SVD of an m x n matrix keeping k triplets: m * n * k."""
    m, n = _costs.as_shape((m, n), "m and n")
    if k is not None:
        (k,) = _costs.as_shape((k,), "k")
        if k > min(m, n):
            raise ValueError(f"k must be at most min(m, n) = {min(m, n)}, got {k}")
    return _costs.svd(m, n, k)


def pointwise_cost(op_name: str, shape: Any) -> int:
    """FLOPs of a pointwise op (``"exp"``, ``"add"`` …) producing an array of ``shape``."""
    _check_op(op_name, "ufunc", "pointwise")
    return _costs.elementwise(_costs.as_shape(shape))


def reduction_cost(op_name: str, input_shape: Any, axis: Any = None) -> int:
    """FLOPs of a reduction (``"sum"``, ``"max"`` …) over an input of ``input_shape``."""
    _check_op(op_name, "reduction", "reduction")
    return _costs.reduction(_costs.as_shape(input_shape, "input_shape"), axis)


def cost(op_name: str, *shapes: Any, _flavor: Flavor = FLOPSCOPE, **params: Any) -> int:
    """FLOPs any counted op is billed for, from its operands' shapes and its parameters.

    ``flops.cost("exp", (256, 256))``, ``flops.cost("matmul", (64, 32), (32, 16))``,
    ``flops.cost("sum", (10, 10), axis=0)``, ``flops.cost("random.normal", size=(5,))``,
    ``flops.cost("linalg.svd", (100, 50))``. Free operations cost 0.
    """
    name = ALIASES.get(op_name, op_name)
    op = _OPS_BY_NAME.get(name)
    if op is None:
        raise ValueError(f"unknown operation {op_name!r}; see docs/operations.md for the list")
    dims = tuple(_costs.as_shape(s) for s in shapes)
    return price(op, _flavor, dims, params)


def price(op: Any, flavor: Flavor, shapes: tuple, params: dict[str, Any]) -> int:
    """The cost rule of ``op`` applied the way its builder applies it when billing."""
    kind = op.kind.partition(":")[0]
    if kind == "free":
        return 0
    if kind == "ufunc":
        return (op.cost or _costs.elementwise)(*shapes)
    if kind == "reduction":
        rule: Any = op.cost or _costs.reduction
        return int(rule(*shapes, params.get("axis")))
    if kind == "contraction":
        return op.cost(*shapes, flavor.fma)
    if kind == "einsum":
        return einsum_cost(
            params["subscripts"], shapes, optimize=params.get("optimize", "auto"), _flavor=flavor
        )
    if kind == "random":
        if "size" in params and params["size"] is not None:
            shape = _costs.as_shape(params["size"], "size")
        else:
            shape = _costs.broadcast_shapes(*shapes) if shapes else ()
        return (op.cost or _costs.drawn)(shape)
    if kind == "shaped":
        extra = {"fma": flavor.fma} if op.multiply_adds else {}
        return op.cost(*shapes, **params, **extra)
    raise ValueError(f"{op.name!r} (kind {kind!r}) cannot be priced from shapes")
