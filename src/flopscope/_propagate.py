"""How a symmetry group on an array's axes survives each kind of array operation.

Pure functions of groups, shapes and index expressions (no NumPy execution). Each
returns the group of the result on the result's axes, or None when nothing provable is
left. They may lose symmetry but never claim more than is true.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._symmetry import SymmetryGroup

Group = SymmetryGroup | None
Shape = tuple[int, ...]


def _nontrivial(group: Group) -> Group:
    return None if group is None or group.is_trivial else group


def broadcast(operands: Sequence[tuple[Group, Shape]], out_shape: Shape) -> Group:
    """Pointwise ops: the intersection of the operands' groups, each placed on the output
    axes it aligns with. Operands that are constant on every output axis (scalars, fully
    broadcast arrays) impose nothing; a dense operand that varies imposes the identity."""
    n = len(out_shape)
    result: Group = None
    constrained = False
    for group, shape in operands:
        if all(e == 1 for e in shape):  # a scalar / fully broadcast operand: no constraint
            continue
        constrained = True
        if group is None:
            return None
        placed = group.embed(n, range(n - len(shape), n)) if len(shape) < n else group
        result = placed if result is None else result & placed
        if result.is_trivial:
            return None
    return _nontrivial(result) if constrained else None


def normalise_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple of ints) as sorted non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if not isinstance(axis, (tuple, list)) else tuple(axis)
    out = []
    for a in axes:
        a = operator.index(a)
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of bounds for array of dimension {ndim}")
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError("duplicate value in 'axis'")
    return tuple(sorted(out))


def reduce(group: Group, ndim: int, axis: Any, keepdims: bool = False) -> Group:
    """Reductions: the setwise stabiliser of the reduced axes, acting on the others (an S3
    tensor summed over one axis is S2 on the other two)."""
    if group is None:
        return None
    axes = normalise_axes(axis, ndim)
    if len(axes) == ndim:
        return None
    if keepdims:  # the reduced axes stay, as extent-1 axes fixed by the group
        rest = [p for p in range(ndim) if p not in axes]
        left = group.reduce(axes)
        return _nontrivial(left.embed(ndim, rest))
    return _nontrivial(group.reduce(axes))


def permute(group: Group, axes: Sequence[int]) -> Group:
    """``transpose(axes)``: axis i of the result is the old axis ``axes[i]``."""
    return None if group is None else group.relabel(axes)


def transpose_axes(ndim: int, args: tuple) -> tuple[int, ...]:
    """The ``axes`` of ``np.transpose(a, axes)`` / ``a.transpose(*axes)`` / ``a.transpose(axes)``."""
    if not args or (len(args) == 1 and args[0] is None):
        return tuple(reversed(range(ndim)))
    axes = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    return tuple(operator.index(a) % ndim for a in axes)


def swap(ndim: int, axis1: int, axis2: int) -> tuple[int, ...]:
    perm = list(range(ndim))
    a, b = operator.index(axis1) % ndim, operator.index(axis2) % ndim
    perm[a], perm[b] = perm[b], perm[a]
    return tuple(perm)


def index(group: Group, shape: Shape, key: Any) -> Group:
    """Basic indexing: keep the elements of the group that map every axis to one indexed
    the same way (same slice or same integer); integer-indexed axes disappear. Anything
    else (fancy or boolean indices, new axes) drops the symmetry."""
    if group is None:
        return None
    ndim = len(shape)
    items = key if isinstance(key, tuple) else (key,)
    if sum(1 for k in items if k is Ellipsis) > 1:
        return None
    entries: list[Any] = []
    for k in items:
        if k is Ellipsis:
            entries.extend([slice(None)] * (ndim - (len(items) - 1)))
        else:
            entries.append(k)
    if len(entries) > ndim:
        return None
    entries.extend([slice(None)] * (ndim - len(entries)))
    classes: list[Any] = []
    kept: list[int] = []
    for axis, (k, extent) in enumerate(zip(entries, shape, strict=True)):
        if isinstance(k, slice):
            classes.append(("slice", k.indices(extent)))
            kept.append(axis)
        elif isinstance(k, (bool, np.bool_)):
            return None  # a boolean scalar index adds an axis
        elif isinstance(k, int):
            classes.append(("int", k % extent if extent else k))
        else:
            try:
                k = operator.index(k)
            except TypeError:
                return None  # fancy / boolean / None: nothing provable is kept
            classes.append(("int", k % extent if extent else k))
    kept_group = group.preserving_classes(classes)
    # an integer-indexed axis is only mapped to one with the same integer: the group
    # maps the kept axes onto themselves, so it acts on them
    return _nontrivial(kept_group.restrict(kept))
