"""Build the public functions of a flavor from the op table, and hook them into NumPy."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from ._array import FUNCTION_OPS, UFUNC_OPS, CountedArray
from ._bind_ufuncs import COMPARISONS, OPERATORS, defers
from ._compiled import speedups
from ._flavor import FLOPSCOPE, Flavor
from ._ops import PROPERTY_METHODS, NotInThisNumpy, build, numpy_function
from ._table import ALIASES, OPS, PASSTHROUGH, REFUSED, UNAVAILABLE

_AVAILABLE = [op for op in OPS if op.name not in UNAVAILABLE]  # the installed NumPy has them


@cache
def functions(flavor: Flavor) -> dict[str, Callable[..., Any]]:
    """Every op of the table as a function of ``flavor``, by dotted name (aliases included)."""
    fns = {op.name: build(op, flavor) for op in _AVAILABLE}
    for alias, target in ALIASES.items():
        if target in fns:
            fns[alias] = fns[target]
    for op in _AVAILABLE:  # ufunc methods are attributes of the counted ufunc: fnp.add.accumulate
        owner = getattr(op.numpy, "__self__", None)
        if isinstance(owner, np.ufunc) and owner.__name__ in fns:
            setattr(fns[owner.__name__], op.numpy.__name__, fns[op.name])
    if flavor is FLOPSCOPE:
        _install_overrides(fns)
    return fns


def missing(module: str, prefix: str, name: str) -> AttributeError:
    """The error for a name a counted module does not provide: refused (and why), or absent."""
    dotted = f"{prefix}.{name}" if prefix else name
    reason = REFUSED.get(dotted) or UNAVAILABLE.get(dotted)
    if reason:
        return AttributeError(f"{module}.{name} is not available: {reason}")
    if not name.startswith("_") and not isinstance(numpy_function(dotted), NotInThisNumpy):
        return AttributeError(
            f"{module}.{name} is not counted by flopscope, so it is not provided; "
            f"call numpy.{dotted} on np.asarray(...) data to leave counting explicitly"
        )
    return AttributeError(f"module {module!r} has no attribute {name!r}")


def submodule(flavor: Flavor, prefix: str) -> dict[str, Callable[..., Any]]:
    """The functions of one submodule (``""`` for the top level, ``"random"``, ``"linalg"``...)."""
    fns = functions(flavor)
    if not prefix:
        return {name: fn for name, fn in fns.items() if "." not in name}
    start = prefix + "."
    return {
        name[len(start) :]: fn
        for name, fn in fns.items()
        if name.startswith(start) and "." not in name[len(start) :]
    }


UNARY = {"neg": "negative", "pos": "positive", "abs": "absolute", "invert": "invert"}


def _reflected_operator(fn: Callable[..., Any]) -> Callable[..., Any]:
    def operator(self: Any, other: Any) -> Any:
        return NotImplemented if defers(other) else fn(other, self)

    return operator


def _install_operators(fns: dict[str, Callable[..., Any]]) -> None:
    # forward operators are the counted ufunc's own operator variant (one call, no wrapper)
    for dunder, name in OPERATORS.items():
        fn = fns[name]
        forward = getattr(fn, "_operator", None) or _forward_operator(fn)
        setattr(CountedArray, f"__{dunder}__", forward)
        setattr(CountedArray, f"__r{dunder}__", _reflected_operator(fn))
    for dunder, name in COMPARISONS.items():
        fn = fns[name]
        setattr(
            CountedArray, f"__{dunder}__", getattr(fn, "_operator", None) or _forward_operator(fn)
        )
    for dunder, name in UNARY.items():
        setattr(CountedArray, f"__{dunder}__", fns[name])


def _forward_operator(fn: Callable[..., Any]) -> Callable[..., Any]:
    def operator(self: Any, other: Any) -> Any:
        return NotImplemented if defers(other) else fn(self, other)

    return operator


def passthrough(prefix: str) -> dict[str, Any]:
    """NumPy objects re-exported unchanged (constants, dtypes, classes) in one submodule."""
    result = {}
    for dotted in PASSTHROUGH:
        module, _, name = dotted.rpartition(".")
        if module == prefix:
            target = numpy_function(dotted)
            if not isinstance(target, NotInThisNumpy):  # e.g. __array_namespace_info__ < 2.1
                result[name] = target
    return result


def _install_overrides(fns: dict[str, Callable[..., Any]]) -> None:
    """Route NumPy's ufunc / function overrides and CountedArray's methods to the counted ops."""
    for op in _AVAILABLE:
        fn = fns[op.name]
        target = op.numpy
        if isinstance(target, np.ufunc):
            UFUNC_OPS[(target, "__call__")] = fn
        elif isinstance(getattr(target, "__self__", None), np.ufunc):  # e.g. np.add.reduce
            UFUNC_OPS[(target.__self__, target.__name__)] = fn  # type: ignore[attr-defined]
        elif op.dispatch:
            FUNCTION_OPS[target] = fn
        for method in op.methods:
            attribute: Any = fn
            if method in PROPERTY_METHODS:
                attribute = property(fn)
                if speedups is not None:  # x.T in loops: NumPy's attribute, wrapped in C
                    attribute = speedups.view_attribute(getattr(np.ndarray, method), attribute)
            setattr(CountedArray, method, attribute)
    if speedups is not None:  # x[i] in loops: the compiled twin, which calls fn for rare keys
        CountedArray.__getitem__ = speedups.getitem_method(fns["ndarray.__getitem__"])  # type: ignore[method-assign]
    _install_operators(fns)
    for alias, name in ALIASES.items():
        numpy_alias = getattr(np, alias, None)
        if numpy_alias is not None and not isinstance(numpy_alias, np.ufunc):
            FUNCTION_OPS[numpy_alias] = fns[name]
