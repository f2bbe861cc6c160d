"""Cost queries: what an operation would be billed, from shapes alone.

They need no budget and charge nothing; they call the very cost rules the dispatch
uses, so a plan made with them matches the bill.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _costs, _einsum
from ._flavor import FLOPSCOPE, Flavor
from ._symmetric import discounted
from ._symmetry import SymmetryGroup, unique_elements
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
    subscripts: str,
    shapes: Sequence[Any],
    *,
    optimize: Any = "auto",
    symmetries: Sequence[Any] | None = None,
    identical: Sequence[Sequence[int]] | None = None,
    _flavor: Flavor = FLOPSCOPE,
) -> int:
    """FLOPs ``einsum(subscripts, *arrays)`` is billed for arrays of these shapes.

    ``symmetries``: one entry per operand, None or what ``as_symmetric`` takes (a tuple of
    axes, a tuple of such tuples, or a SymmetryGroup). ``identical``: groups of operand
    positions that are the same array, e.g. ``[(1, 2, 3)]`` for ``T, A, A, A``.
    """
    dims = _shapes(shapes)
    groups = _groups(symmetries, dims)
    ids = _identities(identical, dims)
    plan = _einsum.plan(subscripts, dims, optimize, groups=groups, identities=ids, fma=_flavor.fma)
    return plan.cost(_flavor.fma)


def _groups(symmetries: Sequence[Any] | None, shapes: tuple) -> tuple | None:
    if symmetries is None:
        return None
    if len(symmetries) != len(shapes):
        raise ValueError(
            f"symmetries needs one entry per operand ({len(shapes)}), got {len(symmetries)}"
        )
    groups = []
    for spec, shape in zip(symmetries, shapes, strict=True):
        g = None if spec is None else SymmetryGroup.from_spec(len(shape), spec)
        if g is not None:
            unique_elements(g, shape)  # exchanged axes must have equal extents
        groups.append(None if g is None or g.is_trivial else g)
    return tuple(groups) if any(g is not None for g in groups) else None


def _identities(identical: Sequence[Sequence[int]] | None, shapes: tuple) -> tuple | None:
    if not identical:
        return None
    ids: list[Any] = [None] * len(shapes)
    for cls, members in enumerate(identical):
        members = [int(i) for i in members]
        for i in members:
            if not 0 <= i < len(shapes) or ids[i] is not None:
                raise ValueError(f"identical: operand {i} is out of range or listed twice")
            if shapes[i] != shapes[members[0]]:
                raise ValueError(
                    f"identical operands must have equal shapes, got {shapes[members[0]]} "
                    f"and {shapes[i]}"
                )
            ids[i] = (cls, tuple(range(len(shapes[i]))))
    return tuple(ids)


def svd_cost(m: int, n: int, k: int | None = None) -> int:
    """FLOPs of a (truncated) SVD of an m x n matrix keeping k triplets: m * n * k."""
    m, n = _costs.as_shape((m, n), "m and n")
    if k is not None:
        (k,) = _costs.as_shape((k,), "k")
        if k > min(m, n):
            raise ValueError(f"k must be at most min(m, n) = {min(m, n)}, got {k}")
    return _costs.svd(m, n, k)


def pointwise_cost(op_name: str, shape: Any, *, symmetry: Any = None) -> int:
    """FLOPs of a pointwise op (``"exp"``, ``"add"`` …) producing an array of ``shape``;
    with ``symmetry`` (as ``as_symmetric`` takes it), its unique elements only."""
    _check_op(op_name, "ufunc", "pointwise")
    dims = _costs.as_shape(shape)
    groups = _groups(None if symmetry is None else [symmetry], (dims,))
    return unique_elements(groups[0] if groups else None, dims)


def reduction_cost(
    op_name: str, input_shape: Any, axis: Any = None, *, symmetry: Any = None
) -> int:
    """FLOPs of a reduction (``"sum"``, ``"max"`` …) over an input of ``input_shape``;
    with ``symmetry`` (as ``as_symmetric`` takes it), its unique elements only."""
    _check_op(op_name, "reduction", "reduction")
    dims = _costs.as_shape(input_shape, "input_shape")
    rule = _OPS_BY_NAME[ALIASES.get(op_name, op_name)].cost or _costs.reduction
    dense = rule(dims, axis)
    groups = _groups(None if symmetry is None else [symmetry], (dims,))
    return discounted(dense, groups[0] if groups else None, dims)


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
    if kind == "einsum_path":
        return 1 if flavor.counted_outputs else 0
    if kind == "einsum":
        return einsum_cost(
            params["subscripts"],
            shapes,
            optimize=params.get("optimize", "auto"),
            symmetries=params.get("symmetries"),
            identical=params.get("identical"),
            _flavor=flavor,
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
