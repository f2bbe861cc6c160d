"""The counted array: a read-only ndarray whose every computation is billed.

Operators and NumPy calls reach flopscope through NumPy's own override protocols
(``__array_ufunc__`` for ufuncs, ``__array_function__`` for functions); methods are
installed from the op table. All of them end in the same dispatch (``_dispatch.run``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._compiled import speedups
from ._errors import UnsupportedOperationError

# filled by flopscope.numpy from the op table: how NumPy entry points map to counted ops
UFUNC_OPS: dict[tuple[np.ufunc, str], Callable[..., Any]] = {}
FUNCTION_OPS: dict[Callable[..., Any], Callable[..., Any]] = {}

READ_ONLY_MESSAGE = (
    "flopscope arrays are read-only, so nothing can change data that was already counted. "
    "Build a new array instead: fnp.where(mask, new_values, a) replaces elements, and "
    "fnp.concatenate / fnp.stack assemble pieces; np.array(a) gives a writable NumPy copy "
    "that is no longer counted."
)


class CountedArray(np.ndarray):
    """A read-only ``numpy.ndarray`` whose operators, methods and NumPy calls are counted.

    Made by flopscope functions (``fnp.asarray``, ``fnp.ones``, ``fnp.exp`` …), never
    constructed directly.
    """

    __slots__ = ("_p",)  # the plain ndarray this array views (unset on NumPy-made views)
    _p: np.ndarray

    def __new__(cls, *args: Any, **kwargs: Any) -> CountedArray:
        raise TypeError(
            "flopscope arrays are made by flopscope functions: use fnp.asarray(data) or "
            "fnp.array(data)"
        )

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        op = UFUNC_OPS.get((ufunc, method))
        if op is None:
            call = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
            raise UnsupportedOperationError(
                f"{call} is not counted by flopscope, so it cannot run on flopscope arrays. "
                f"Use the fnp equivalent, or np.asarray(x) to leave counting explicitly."
            )
        return op(*inputs, **kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        op = FUNCTION_OPS.get(func)
        if op is None:
            name = getattr(func, "__qualname__", getattr(func, "__name__", repr(func)))
            module = getattr(func, "__module__", "numpy") or "numpy"
            raise UnsupportedOperationError(
                f"{module}.{name} is not counted by flopscope, so it cannot run on flopscope "
                f"arrays. Use the fnp equivalent, or np.asarray(x) to leave counting explicitly."
            )
        return op(*args, **kwargs)

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError(READ_ONLY_MESSAGE)

    # the data may be shared with the array it was computed into, which NumPy would let a
    # view make writable again: refuse that at the Python level
    def setflags(self, write: Any = None, align: Any = None, uic: Any = None) -> None:
        if write:
            raise TypeError(READ_ONLY_MESSAGE)
        np.ndarray.setflags(self, write, align, uic)  # type: ignore[call-arg]

    @property
    def flags(self) -> Any:
        return _Flags(np.ndarray.flags.__get__(self))

    # In-place operators rebind the name to a new counted array (like tuples and ints):
    # returning NotImplemented makes Python fall back to the binary operator.
    def _inplace(self, other: Any) -> Any:
        return NotImplemented

    __iadd__ = __isub__ = __imul__ = __itruediv__ = __ifloordiv__ = __imod__ = _inplace
    __ipow__ = __imatmul__ = __iand__ = __ior__ = __ixor__ = __ilshift__ = __irshift__ = _inplace

    def __iter__(self) -> Any:
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(len(self)))

    # Printing is free: format the plain data, never run counted ufuncs on it.
    def __repr__(self) -> str:
        lines = repr(self.view(np.ndarray)).split("\n")
        indent = " " * (len(type(self).__name__) - len("array"))
        return "\n".join(
            [type(self).__name__ + lines[0][len("array") :], *(indent + ln for ln in lines[1:])]
        )

    def __str__(self) -> str:
        return str(self.view(np.ndarray))

    def __format__(self, spec: str) -> str:
        return format(self.view(np.ndarray), spec)

    def __reduce__(self) -> Any:
        return (_from_plain, (np.array(self.view(np.ndarray)),))

    def __copy__(self) -> CountedArray:
        return self  # immutable: a copy would be indistinguishable

    def __deepcopy__(self, memo: Any) -> CountedArray:
        return self


class _Flags:
    """NumPy's flags object of a counted array, refusing to make it writable."""

    __slots__ = ("_flags",)

    def __init__(self, flags: Any) -> None:
        object.__setattr__(self, "_flags", flags)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._flags, name)

    def __getitem__(self, key: str) -> Any:
        return self._flags[key]

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "writeable" and value:
            raise TypeError(READ_ONLY_MESSAGE)
        setattr(self._flags, name, value)

    def __setitem__(self, key: str, value: Any) -> None:
        if key.upper() in ("W", "WRITEABLE") and value:
            raise TypeError(READ_ONLY_MESSAGE)
        self._flags[key] = value

    def __eq__(self, other: object) -> bool:
        return self._flags == (other._flags if isinstance(other, _Flags) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._flags)


def _from_plain(data: np.ndarray) -> CountedArray:
    return to_counted(data)


_freeze = np.ndarray.setflags  # NumPy's own, not CountedArray's guarded override
_as_array = np.asarray
_ndarray = np.ndarray


def _to_counted_python(result: Any) -> Any:
    """Wrap what NumPy returned: arrays (and NumPy scalars) become read-only counted arrays."""
    if type(result) is not _ndarray:
        if not isinstance(result, np.generic):
            return _to_counted_other(result)
        result = _as_array(result)  # a reduction's scalar: a 0-d counted array
    view = result.view(CountedArray)
    view._p = result
    _freeze(view, False)  # type: ignore[call-arg]  # positional: keywords cost 2.5x
    return view


def _to_counted_other(result: Any) -> Any:
    if isinstance(result, np.ndarray):
        if isinstance(result, CountedArray):
            return result
        return to_counted(result.view(np.ndarray))
    if isinstance(result, tuple):
        items = [to_counted(item) for item in result]
        return type(result)(*items) if hasattr(result, "_fields") else tuple(items)
    if type(result) is list:
        return [to_counted(item) for item in result]
    return result


if speedups is None:
    to_counted = _to_counted_python
else:  # the compiled twin, same behaviour
    speedups.init_arrays(CountedArray, CountedArray.__dict__["_p"], _to_counted_other)
    to_counted = speedups.to_counted


def plain(x: Any) -> Any:
    """The plain ndarray behind a counted array; anything else is returned unchanged."""
    if isinstance(x, CountedArray):
        try:
            return x._p
        except AttributeError:  # a view NumPy made itself (e.g. while iterating)
            return x.view(np.ndarray)
    return x


# argument types that never hold a counted array
_PLAIN_TYPES = frozenset({np.ndarray, int, float, complex, bool, str, slice, type(None), type(...)})


def plain_all(items: Any) -> Any:
    """``plain`` applied inside lists and tuples (sequence arguments such as concatenate's)."""
    kind = type(items)
    if kind is tuple or kind is list:
        for item in items:  # most often nothing to unwrap: keep the caller's sequence
            if type(item) not in _PLAIN_TYPES:
                break
        else:
            return items
        out = []
        for item in items:  # a loop, not a comprehension: this runs on every counted call
            t = type(item)
            if t is CountedArray:
                try:
                    item = item._p
                except AttributeError:  # a view NumPy made itself
                    item = item.view(np.ndarray)
            elif t not in _PLAIN_TYPES:
                item = plain_all(item)
            out.append(item)
        return tuple(out) if kind is tuple else out
    if kind is CountedArray:
        try:
            return items._p
        except AttributeError:  # a view NumPy made itself
            return items.view(np.ndarray)
    return plain(items)


_SCALAR_TYPES = frozenset({int, float, complex, bool})


def shape_of(x: Any) -> tuple[int, ...]:
    """The shape NumPy would see for ``x`` (arrays, scalars, nested sequences)."""
    if isinstance(x, np.ndarray):
        return x.shape
    if type(x) in _SCALAR_TYPES:
        return ()
    shape = getattr(x, "shape", None)
    if type(shape) is tuple:
        return shape
    return np.shape(x)
