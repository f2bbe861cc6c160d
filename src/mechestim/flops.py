"""Cost queries at mechestim's prices (a multiply-add costs 2 FLOPs); nothing is charged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flopscope import _costs, _queries
from flopscope._flavor import MECHESTIM


def einsum_cost(
    subscripts: str,
    shapes: Sequence[Any],
    *,
    optimize: Any = "auto",
    symmetries: Sequence[Any] | None = None,
    identical: Sequence[Sequence[int]] | None = None,
) -> int:
    """FLOPs ``me.einsum(subscripts, *arrays)`` is billed for arrays of these shapes
    (``symmetries`` / ``identical`` as in ``flopscope.einsum_cost``)."""
    return _queries.einsum_cost(
        subscripts,
        shapes,
        optimize=optimize,
        symmetries=symmetries,
        identical=identical,
        _flavor=MECHESTIM,
    )


def svd_cost(m: int, n: int, k: int | None = None) -> int:
    """FLOPs of a (truncated) SVD of an m x n matrix keeping k triplets: m * n * k."""
    return _queries.svd_cost(m, n, k)


def pointwise_cost(shape: Any) -> int:
    """FLOPs of a unary or binary pointwise op producing an array of ``shape``."""
    return _costs.elementwise(_costs.as_shape(shape))


def reduction_cost(input_shape: Any, axis: Any = None) -> int:
    """FLOPs of a reduction over an input of ``input_shape``."""
    return _costs.reduction(_costs.as_shape(input_shape, "input_shape"), axis)


def cost(op_name: str, *shapes: Any, **params: Any) -> int:
    """FLOPs any counted op is billed for at mechestim's prices (see ``flopscope.cost``)."""
    return _queries.cost(op_name, *shapes, _flavor=MECHESTIM, **params)
