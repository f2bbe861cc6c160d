"""SymmetricTensor: a counted array that carries a permutation group over its axes.

The group is a promise about the data (``T[x∘g] == T[x]`` for every g), so it is only
ever attached by :func:`as_symmetric` (which checks, and projects when needed) or
derived by the rules of ``_propagate`` from operands that carry one; counted arrays
are read-only, so no later write can break it. The builders in ``_ops`` call the
helpers here only when an operand is a SymmetricTensor, keeping the dense path lean.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from time import perf_counter
from typing import Any

import numpy as np

from . import _costs, _einsum, _propagate
from ._array import CountedArray, plain, shape_of, to_counted
from ._dispatch import run
from ._flavor import FLOPSCOPE, Flavor
from ._symmetry import SymmetryGroup, unique_elements

Group = SymmetryGroup | None


class SymmetryWarning(UserWarning):
    """``as_symmetric`` was given data that is not symmetric and projected it."""


class SymmetricTensor(CountedArray):
    """A read-only counted array with a symmetry group over its axes.

    Pointwise ops and reductions on it are billed for its unique elements only, and
    einsum plans exploit the group. Made by ``flops.as_symmetric`` and by operations
    whose result provably keeps a symmetry.
    """

    __slots__ = ("_g",)
    _g: SymmetryGroup

    @property
    def symmetry(self) -> SymmetryGroup:
        """The permutation group over the axes that leaves the data unchanged."""
        return group_of(self) or SymmetryGroup.trivial(self.ndim)

    @property
    def symmetric_axes(self) -> tuple[tuple[int, ...], ...]:
        """The orbits of the group on the axes (axes that may be exchanged), singletons left out."""
        return tuple(o for o in self.symmetry.orbits() if len(o) > 1)

    @property
    def unique_elements(self) -> int:
        """Elements the symmetry leaves distinct: what a pointwise op on it is billed."""
        return unique_elements(group_of(self), self.shape)

    def __repr__(self) -> str:
        body = super().__repr__()
        return f"{body[:-1]}, symmetry={self.symmetry.describe()})"

    def __reduce__(self) -> Any:
        return (_restore, (np.array(self.view(np.ndarray)), group_of(self)))


def _restore(data: np.ndarray, group: Group) -> Any:
    return make(data, group)


def group_of(x: Any) -> Group:
    """The symmetry an operand carries (None for anything but a SymmetricTensor)."""
    return getattr(x, "_g", None) if type(x) is SymmetricTensor else None


def make(result: Any, group: Group) -> Any:
    """Wrap NumPy's result as a SymmetricTensor (a plain counted array without a group)."""
    if type(result) is tuple:
        return tuple(make(r, group) for r in result)
    if group is None or group.is_trivial or not isinstance(result, np.ndarray):
        return to_counted(result)
    base = plain(result) if isinstance(result, CountedArray) else result
    if base.base is None:
        # the owner of the data is ours (a fresh result or a private copy): freezing it
        # means no plain view of it (np.asarray(t)) can be made writable to break the tag
        np.ndarray.setflags(base, False)  # type: ignore[call-arg]
    view = base.view(SymmetricTensor)
    view._p = base
    view._g = group
    np.ndarray.setflags(view, False)  # type: ignore[call-arg]
    return view


def discounted(dense: int, group: Group, shape: Sequence[int]) -> int:
    """A per-element price ``dense`` over ``shape``, charged for the unique elements only."""
    if group is None:
        return dense
    total = 1
    for e in shape:
        total *= e
    return dense * unique_elements(group, shape) // total if total else dense


# ---------------------------------------------------------------------------------------
# ops on symmetric operands (called by the builders of ``_ops``)


def ufunc_call(
    flavor: Flavor,
    name: str,
    cost_rule: Any,
    ufunc: Any,
    args: tuple,
    out: Any,
    kwargs: dict[str, Any],
    t0: float,
) -> Any:
    """A pointwise op with a symmetric operand: billed for the unique elements of its output."""
    from ._ops import _check_out, _plain_kwargs

    shapes = tuple(shape_of(a) for a in args)
    out_shape = _costs.broadcast_shapes(*shapes)
    where = kwargs.get("where", True)
    group = None
    if where is True:
        group = _propagate.broadcast(
            [(group_of(a), s) for a, s in zip(args, shapes, strict=True)], out_shape
        )
    _plain_kwargs(kwargs)
    wrap = flavor.counted_outputs
    if out is not None:
        _check_out(out)
        kwargs["out"] = out
        wrap = False
    cost = discounted(cost_rule(*shapes), group, out_shape)
    plains = tuple(plain(a) for a in args)
    result = run(flavor, name, cost, shapes, ufunc, plains, kwargs, t0, False)
    return make(result, group) if wrap else result


def reduction_terms(a: Any, cost: int, axis: Any, kwargs: dict[str, Any]) -> tuple[int, Group]:
    """The cost of a reduction over a symmetric input and the group its result keeps."""
    group = group_of(a)
    if group is None or kwargs.get("where", True) is not True:
        return cost, None
    result_group = _propagate.reduce(group, a.ndim, axis, bool(kwargs.get("keepdims", False)))
    return discounted(cost, group, a.shape), result_group


def free_call(op: Any, flavor: Flavor, fn: Any, args: tuple, kwargs: dict[str, Any]) -> Any:
    """A free view or copy of a symmetric array: the result keeps what the op respects."""
    from ._array import plain_all

    result = fn(*plain_all(args), **kwargs)
    if not flavor.counted_outputs:
        return result
    first: Any = args[0]  # the builder only calls here when it is a SymmetricTensor
    group = group_of(first)
    if group is None:
        return to_counted(result)
    rule = op.symmetry
    ndim = first.ndim
    if rule == "keep":
        new: Group = group if shape_of(result) == first.shape else None
    elif rule == "transpose":
        axes = args[1:] or ((kwargs["axes"],) if "axes" in kwargs else ())
        new = _propagate.permute(group, _propagate.transpose_axes(ndim, axes))
    elif rule == "reverse":
        new = _propagate.permute(group, tuple(reversed(range(ndim))))
    elif rule == "matrix_transpose":
        new = _propagate.permute(group, _propagate.swap(ndim, -1, -2))
    elif rule == "swapaxes":
        pair = (*args[1:3], *(kwargs[k] for k in ("axis1", "axis2") if k in kwargs))
        new = _propagate.permute(group, _propagate.swap(ndim, *pair))
    elif rule == "index":
        new = _propagate.index(group, first.shape, args[1])
    else:
        new = None
    return make(result, new)


def _memory_owner(x: np.ndarray) -> np.ndarray:
    """The array owning x's memory (counted arrays are views of their plain data)."""
    base = x.base
    while isinstance(base, np.ndarray):
        x, base = base, base.base
    return x


MATMUL_LIKE = frozenset({"matmul", "dot", "linalg.matmul"})


def contraction_plan(name: str, a: Any, b: Any, fma: int) -> Any:
    """The einsum plan of ``name`` (one of MATMUL_LIKE) when an operand is symmetric or both
    hold the same data (``X.T @ X``); None when the dense rule applies, which is decided by
    type checks first, as most products are neither."""
    if type(a) is SymmetricTensor or type(b) is SymmetricTensor:
        ga, gb = group_of(a), group_of(b)
    elif (
        isinstance(a, np.ndarray)
        and isinstance(b, np.ndarray)
        and (a is b or _memory_owner(a) is _memory_owner(b))
    ):
        ga = gb = None
    else:
        return None
    sa, sb = shape_of(a), shape_of(b)
    subscripts = _matmul_subscripts(name, sa, sb)
    if subscripts is None:
        return None
    plains = (plain(a), plain(b))
    groups = None if ga is None and gb is None else (ga, gb)
    identities = _einsum.operand_identities(plains)
    return _einsum.plan(
        subscripts,
        (sa, sb),
        "auto",
        groups=groups,
        identities=identities,
        fma=fma,
    )


def _matmul_subscripts(name: str, sa: tuple, sb: tuple) -> str | None:
    da, db = len(sa), len(sb)
    if not da or not db or sa[-1] != sb[-2 if db > 1 else -1]:
        return None  # not a valid product: the dense path lets NumPy raise its own error
    if da == 2 and db == 2:
        return "ij,jk->ik"
    if da == 1 and db == 2:
        return "j,jk->k"
    if da == 2 and db == 1:
        return "ij,j->i"
    if da == 1 and db == 1:
        return "i,i->"
    if name != "dot" and da == db and da > 2 and sa[:-2] == sb[:-2]:
        return "...ij,...jk->...ik"
    return None


def operand_groups(arrays: Sequence[Any]) -> tuple[Group, ...] | None:
    """Each operand's group, or None when no operand is a SymmetricTensor."""
    for a in arrays:
        if type(a) is SymmetricTensor:
            return tuple(group_of(x) for x in arrays)
    return None


# ---------------------------------------------------------------------------------------
# as_symmetric


def as_symmetric(
    data: Any,
    symmetric_axes: Any = None,
    *,
    symmetry: SymmetryGroup | None = None,
    _flavor: Flavor = FLOPSCOPE,
    _stacklevel: int = 2,
) -> SymmetricTensor:
    """``data`` as a read-only SymmetricTensor with the given symmetry.

    ``symmetric_axes``: one tuple of axes (they may be permuted freely) or several tuples
    (each permuted freely, independently); default: all axes. ``symmetry``: a
    ``SymmetryGroup`` instead (cyclic groups, block swaps …). Axes in one orbit must have
    equal extents. Data that is not symmetric within floating-point tolerance is
    projected onto the symmetric subspace (the average over the group, billed as
    pointwise work) with a warning; symmetric data is kept as is, for free.
    """
    t0 = perf_counter()
    a = np.array(plain(data))  # a private copy: later writes to `data` cannot break the tag
    if symmetry is not None and symmetric_axes is not None:
        raise TypeError("give either symmetric_axes or symmetry, not both")
    spec = symmetry if symmetry is not None else symmetric_axes
    group = SymmetryGroup.from_spec(a.ndim, tuple(range(a.ndim)) if spec is None else spec)
    unique_elements(group, a.shape)  # ValueError when exchanged axes have unequal extents
    if group.is_trivial or _is_symmetric(a, group):
        return make(a, group if not group.is_trivial else None)  # type: ignore[no-any-return]
    warnings.warn(
        f"as_symmetric: the data is not symmetric under {group.describe()}; it was replaced by "
        "its projection (the average over the group), billed as pointwise work",
        SymmetryWarning,
        stacklevel=_stacklevel,
    )
    passes = _projection_passes(group)
    cost = a.size * sum(len(p) for p in passes)
    result = run(_flavor, "as_symmetric", cost, (a.shape,), _project, (a, passes), None, t0, False)
    return make(result, group)  # type: ignore[no-any-return]


def _is_symmetric(a: np.ndarray, group: SymmetryGroup) -> bool:
    if a.size == 0:
        return True
    if a.dtype.kind in "biu":
        return all(np.array_equal(a, a.transpose(g)) for g in group.generators())
    scale = float(np.max(np.abs(a[np.isfinite(a)]), initial=0.0))
    return all(
        np.allclose(a, a.transpose(g), rtol=1e-9, atol=1e-12 * scale, equal_nan=True)
        for g in group.generators()
    )


def _projection_passes(group: SymmetryGroup) -> list[list[tuple[int, ...]]]:
    """Averaging passes whose composition is the average over the group: for S_k the coset
    chain (1/j)(1 + sum of transpositions (i j)) for j = 2..k; explicit factors in one pass."""
    n = group.n
    identity = tuple(range(n))
    passes = []
    for support, elements in group._factors:
        if elements is None:
            for j in range(1, len(support)):
                moves = [identity]
                for i in range(j):
                    p = list(identity)
                    p[support[i]], p[support[j]] = support[j], support[i]
                    moves.append(tuple(p))
                passes.append(moves)
        else:
            moves = []
            for local in elements:
                p = list(identity)
                for i, j in enumerate(local):
                    p[support[i]] = support[j]
                moves.append(tuple(p))
            passes.append(moves)
    return passes


def _project(a: np.ndarray, passes: list[list[tuple[int, ...]]]) -> np.ndarray:
    out = a if a.dtype.kind in "fc" else a.astype(np.result_type(a.dtype, np.float64))
    for moves in passes:
        acc = np.zeros_like(out)
        for perm in moves:
            acc += out.transpose(perm)
        out = acc / len(moves)
    return out
