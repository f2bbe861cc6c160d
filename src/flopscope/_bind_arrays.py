"""Binders for the array-handling family (rows in ``_table_arrays``).

The kinds this family adds (registered in ``BUILDERS`` here) are written
``"<priced as>:<binding>"`` like the random family's: ``flops.cost`` prices a
``"shaped:args"`` row like any ``"shaped"`` row and every ``"free:*"`` row at 0.

- ``free:args`` — free (not logged). Every argument is unwrapped (also inside lists and
  keywords), a counted ``out=`` is refused, and results become counted arrays in
  flopscope (lists and tuples of arrays element by element).
- ``free:raw`` — free queries whose result is a Python object (shape, dtype, strings,
  ``tolist``): returned as NumPy returns it.
- ``free:iter`` — ``nested_iters``: iterators over read-only views of the data.
- ``free:writes`` — functions that write into their first argument (copyto, put, place …)
  and the in-place methods of CountedArray (sort, fill …): free on plain ndarrays, refused
  with the read-only error on a counted array.
- ``free:callback`` — apply_along_axis, apply_over_axes, fromfunction, mask_indices: the
  wrapper is free; in flopscope the Python callback receives counted arrays, so what it
  computes with them is billed by its own calls.
- ``free:index`` — ``mgrid``, ``ogrid``, ``r_``, ``c_``: objects indexed with slices.
- ``shaped:args`` — counted, priced by a ``_cost_arrays`` rule of the shapes of
  ``op.arrays`` (``"*name"``: a sequence of arrays, shape ``(len, *broadcast)``;
  ``"~name"``: histogramdd's (N, D) sample; ``"name?"``: optional) and the remaining
  parameters as given. Every argument is unwrapped before NumPy runs.
- ``shaped:piecewise`` — piecewise: the functions run first, on counted pieces, then the
  pieces are assembled (billed one selection per element per piece).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from time import perf_counter
from typing import Any

import numpy as np

from . import _cost_arrays as rules
from . import (
    _io,  # noqa: F401  (registers the free:save / free:load builders)
    _symmetric,
)
from ._array import READ_ONLY_MESSAGE, CountedArray, plain, plain_all, shape_of, to_counted
from ._costs import broadcast_shapes
from ._dispatch import run
from ._flavor import Flavor
from ._ops import BUILDERS, Op, _check_out
from ._signatures import signature
from ._symmetric import SymmetricTensor

# counted rows that are not logged when their cost is 0 (pad in a copying mode)
FREE_WHEN_ZERO = frozenset({"pad"})


def _position(fn: Any, param: str) -> int | None:
    """Where ``param`` can be passed positionally in ``fn``'s signature (None if nowhere)."""
    try:
        params = list(signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    for i, p in enumerate(params):
        if p.name == param:
            return i if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) else None
    return None


def _plain_kw(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: plain_all(v) for k, v in kwargs.items()}


def _out_given(out_pos: int | None, args: tuple, kwargs: dict[str, Any]) -> bool:
    """Refuse a counted ``out=`` (positional or keyword); True if a plain one was given."""
    out = kwargs.get("out")
    if out_pos is not None and len(args) > out_pos:
        out = args[out_pos]
    if out is None:
        return False
    _check_out(out)
    return True


def _free_args(op: Op, flavor: Flavor) -> Callable[..., Any]:
    fn = op.numpy
    out_pos = _position(fn, "out")
    counted = flavor.counted_outputs

    def call(*args: Any, **kwargs: Any) -> Any:
        has_out = _out_given(out_pos, args, kwargs)
        if keeps_symmetry and not has_out and args and type(args[0]) is SymmetricTensor:
            return _symmetric.free_call(op, flavor, fn, args, _plain_kw(kwargs))
        plains = plain_all(args)
        result = fn(*plains, **_plain_kw(kwargs)) if kwargs else fn(*plains)
        return to_counted(result) if counted and not has_out else result

    keeps_symmetry = bool(op.symmetry)
    return call


def _free_raw(op: Op, flavor: Flavor) -> Callable[..., Any]:
    fn = op.numpy

    def call(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            return fn(*plain_all(args), **_plain_kw(kwargs))
        return fn(*plain_all(args))

    return call


def _read_only(x: Any) -> Any:
    """A counted array as a read-only plain view (inside lists and tuples too)."""
    if isinstance(x, CountedArray):
        return x.view(np.ndarray)
    if type(x) in (list, tuple):
        return type(x)(_read_only(item) for item in x)
    return x


def _free_iter(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """Iterators over the data (nested_iters): NumPy gets read-only views, so an iterator
    asked to write (``op_flags=[["readwrite"]]``) is refused by NumPy itself."""
    fn = op.numpy

    def call(*args: Any, **kwargs: Any) -> Any:
        return fn(*_read_only(args), **{k: _read_only(v) for k, v in kwargs.items()})

    return call


def _free_writes(op: Op, flavor: Flavor) -> Callable[..., Any]:
    fn = op.numpy
    target = op.arrays[0]

    def call(*args: Any, **kwargs: Any) -> Any:
        dst = args[0] if args else kwargs.get(target)
        if isinstance(dst, CountedArray):
            raise TypeError(READ_ONLY_MESSAGE)
        return fn(*plain_all(args), **_plain_kw(kwargs))

    return call


def counted_callback(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` called with counted arrays (its computations are billed), returning plain."""

    @wraps(func)
    def callback(*args: Any, **kwargs: Any) -> Any:
        return plain_all(func(*to_counted(args), **kwargs))

    return callback


def _free_callback(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``op.params``: the callback parameter; ``op.arrays``: the array parameters NumPy
    receives. Other arguments go to the callback untouched, as NumPy passes them."""
    fn = op.numpy
    counted = flavor.counted_outputs
    (cb_name,) = op.params
    cb_pos = _position(fn, cb_name)
    array_pos = [(name, _position(fn, name)) for name in op.arrays]

    def call(*args: Any, **kwargs: Any) -> Any:
        if not counted:
            return fn(*args, **kwargs)
        args_list = list(args)
        if cb_pos is not None and len(args_list) > cb_pos:
            args_list[cb_pos] = counted_callback(args_list[cb_pos])
        elif cb_name in kwargs:
            kwargs[cb_name] = counted_callback(kwargs[cb_name])
        for name, pos in array_pos:
            if pos is not None and len(args_list) > pos:
                args_list[pos] = plain(args_list[pos])
            elif name in kwargs:
                kwargs[name] = plain(kwargs[name])
        return to_counted(fn(*args_list, **kwargs))

    return call


class IndexBuilder:
    """``mgrid[...]``-style objects: NumPy's, with counted results in flopscope."""

    def __init__(self, target: Any, counted: bool) -> None:
        self._target = target
        self._counted = counted

    def __getitem__(self, key: Any) -> Any:
        result = self._target[plain_all(key)]
        return to_counted(result) if self._counted else result

    def __len__(self) -> int:
        return len(self._target)

    def __repr__(self) -> str:
        return f"<{self.__name__} index builder>"  # type: ignore[attr-defined]


def _free_index(op: Op, flavor: Flavor) -> Any:
    return IndexBuilder(op.numpy, flavor.counted_outputs)


def _shape_getter(marker: str) -> Callable[[Any], tuple[int, ...]]:
    if marker.startswith("*"):
        return _sequence_shape
    if marker.startswith("~"):
        return _sample_shape
    return shape_of


def _sequence_shape(x: Any) -> tuple[int, ...]:
    """A sequence of arrays as NumPy stacks it: (len, *broadcast of the items' shapes)."""
    if isinstance(x, (list, tuple)):
        shapes = [shape_of(item) for item in x]
        return (len(x), *broadcast_shapes(*shapes)) if shapes else (0,)
    return shape_of(x)


def _sample_shape(sample: Any) -> tuple[int, ...]:
    """histogramdd's (N, D): an (N, D) array, or D coordinate sequences of N values."""
    shape = getattr(sample, "shape", None)
    if type(shape) is tuple and len(shape) == 2:
        return shape
    shape = shape_of(sample)
    if len(shape) <= 2:
        return tuple(reversed((1, 1, *shape)[-2:]))
    return shape


def _bind(op: Op) -> tuple[list[tuple[str, Callable[..., Any], bool]], int | None]:
    spec = [(m.strip("*~?"), _shape_getter(m), m.endswith("?")) for m in op.arrays]
    return spec, _position(op.numpy, "out")


def _shaped_args(op: Op, flavor: Flavor) -> Callable[..., Any]:
    fn = op.numpy
    name = op.name
    rule = op.cost
    assert rule is not None, f"{name}: a shaped op needs a cost rule"
    spec, out_pos = _bind(op)
    wrap = flavor.counted_outputs
    free_when_zero = name in FREE_WHEN_ZERO

    n = len(spec)
    getters = [get for _, get, _ in spec]
    get_first = getters[0] if getters else shape_of  # (unused without arrays)

    def call(*args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        if not kwargs and len(args) >= n:  # the common case: arrays positional, no keywords
            if n == 1:
                shapes: tuple = (get_first(args[0]),)
            else:
                shapes = tuple([get(a) for get, a in zip(getters, args, strict=False)])
            cost = rule(*shapes, *args[n:])
            call_args = plain_all(args)
            call_kwargs = None
            use_wrap = wrap and not (out_pos is not None and _out_given(out_pos, args, {}))
        else:
            arrays = list(args[:n])
            for key, _, optional in spec[len(arrays) :]:
                if key in kwargs:
                    arrays.append(kwargs.pop(key))
                elif optional:
                    break
                else:
                    raise TypeError(f"{name}() missing required argument {key!r}")
            shapes = tuple([get(a) for get, a in zip(getters, arrays, strict=False)])
            params = args[len(arrays) :]
            use_wrap = wrap and not _out_given(out_pos, args, kwargs)
            cost_kwargs = {k: v for k, v in kwargs.items() if k != "out"}
            cost = rule(*shapes, *params, **cost_kwargs)
            call_args = plain_all((*arrays, *params))
            call_kwargs = _plain_kw(kwargs) if kwargs else None
        if free_when_zero and cost == 0:
            result = fn(*call_args, **(call_kwargs or {}))
            return to_counted(result) if use_wrap else result
        return run(flavor, name, cost, shapes, fn, call_args, call_kwargs, t0, use_wrap)

    return call


def _piecewise_values(
    x: np.ndarray, condlist: Any, funclist: Any, args: tuple, kw: dict[str, Any]
) -> tuple[np.ndarray, list[Any]]:
    """NumPy's piecewise up to the assembly: the conditions as one boolean array, and each
    function's values on its piece (functions get counted pieces in flopscope)."""
    n2 = len(funclist)
    condlist = plain_all(condlist)  # a counted condition would index to 0-d arrays, not scalars
    if np.isscalar(condlist) or (not isinstance(condlist[0], (list, np.ndarray)) and x.ndim != 0):
        condlist = [condlist]
    conds = np.asarray(condlist, dtype=bool)
    n = len(conds)
    if n == n2 - 1:  # the "otherwise" piece
        conds = np.concatenate([conds, ~np.any(conds, axis=0, keepdims=True)], axis=0)
    elif n != n2:
        raise ValueError(f"with {n} condition(s), either {n} or {n + 1} functions are expected")
    values = []
    for cond, func in zip(conds, funclist, strict=True):
        if not callable(func):
            values.append(func)
            continue
        piece = x[cond]
        values.append(plain(func(to_counted(piece), *args, **kw)) if piece.size else piece)
    return conds, values


def _shaped_piecewise(op: Op, flavor: Flavor) -> Callable[..., Any]:
    name = op.name
    wrap = flavor.counted_outputs

    def call(x: Any, condlist: Any, funclist: Any, *args: Any, **kw: Any) -> Any:
        t0 = perf_counter()
        shape = shape_of(x)
        x = np.asanyarray(plain(x))
        cost = rules.piecewise(shape, (), funclist)
        if wrap:
            conds, values = _piecewise_values(x, condlist, funclist, args, kw)
            call_args: tuple = (x, list(conds), values)
            kwargs = None
        else:  # mechestim: the functions run inside NumPy on plain pieces
            call_args = (x, plain_all(condlist), funclist, *args)
            kwargs = kw or None
        return run(flavor, name, cost, (shape,), np.piecewise, call_args, kwargs, t0, wrap)

    return call


BUILDERS["free:args"] = _free_args
BUILDERS["free:raw"] = _free_raw
BUILDERS["free:writes"] = _free_writes
BUILDERS["free:iter"] = _free_iter
BUILDERS["free:callback"] = _free_callback
BUILDERS["free:index"] = _free_index
BUILDERS["shaped:args"] = _shaped_args
BUILDERS["shaped:piecewise"] = _shaped_piecewise
