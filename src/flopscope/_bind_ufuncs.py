"""The pointwise (ufunc) kind and CountedArray's Python operators.

Priced by the broadcast output (unique elements when an operand is symmetric); the
same-shape and scalar cases, which are most calls, skip the general broadcast rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from math import prod
from time import perf_counter
from typing import Any

import numpy as np

from . import _costs, _symmetric
from ._array import CountedArray, plain, shape_of
from ._dispatch import run
from ._flavor import Flavor
from ._ops import BUILDERS, Op, _check_out, _out_shapes, _plain_kwargs
from ._symmetric import SymmetricTensor

_CA = CountedArray
_ST = SymmetricTensor

# Python operators of CountedArray -> counted op (installed by _registry). Calling the
# counted op directly skips NumPy's override machinery (about 0.7 us a call); deferral to
# other types is kept.
OPERATORS = {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
    "floordiv": "floor_divide", "mod": "remainder", "pow": "power", "matmul": "matmul",
    "and": "bitwise_and", "or": "bitwise_or", "xor": "bitwise_xor",
}  # fmt: skip
COMPARISONS = {
    "eq": "equal", "ne": "not_equal", "lt": "less", "le": "less_equal",
    "gt": "greater", "ge": "greater_equal",
}  # fmt: skip
# Where ndarray's operator is not just its ufunc, the counted operator runs the operator
# itself: ``**`` has fast paths for scalar exponents (``a ** 2`` squares), ``==`` / ``!=``
# answer False / True for operands the ufunc cannot compare (``a == "x"``). The other
# operators are their ufunc exactly, and calling the ufunc is quicker.
_OPERATOR_IMPLEMENTATIONS = {"power": operator.pow, "equal": operator.eq, "not_equal": operator.ne}


def _ufunc(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """Pointwise ufuncs: cost from the broadcast shape of the operands."""
    ufunc: Any = op.numpy
    name = op.name
    cost = op.cost or _costs.elementwise
    cost2 = op.cost or _costs.elementwise2
    per_element = op.cost is None  # the default rule, inlined for same-shape operands
    wrap = flavor.counted_outputs

    if ufunc.nin == 1:

        def call(x: Any, /, out: Any = None, **kwargs: Any) -> Any:
            t0 = perf_counter()
            if type(x) is _CA:
                sx = x.shape
                try:
                    x = x._p
                except AttributeError:  # a view NumPy made itself
                    x = x.view(np.ndarray)
            elif type(x) is _ST:
                return _symmetric.ufunc_call(flavor, name, cost, ufunc, (x,), out, kwargs, t0)
            else:
                sx = shape_of(x)
                x = plain(x)
            if out is None and not kwargs:
                price = prod(sx) if per_element else cost(sx)
                return run(flavor, name, price, (sx,), ufunc, (x,), None, t0, wrap)
            return _ufunc_general(flavor, name, cost, ufunc, (sx,), (x,), out, kwargs, t0, wrap)

    elif ufunc.nin == 2:

        def binary(as_operator: bool) -> Callable[..., Any]:
            # as_operator=True: the body of CountedArray's forward operator (a + b), which
            # gives way to operands that opt out of ufuncs, as NumPy's operators do
            fn = _OPERATOR_IMPLEMENTATIONS.get(name, ufunc) if as_operator else ufunc

            # each operand is unwrapped inline, not by a helper: this is the hottest path of
            # the library, and a call per operand costs about 0.1 us (4% of a small add)
            def call(x1: Any, x2: Any, /, out: Any = None, **kwargs: Any) -> Any:
                t0 = perf_counter()
                orig1 = x1
                if type(x1) is _CA:
                    s1 = x1.shape
                    try:
                        x1 = x1._p
                    except AttributeError:  # a view NumPy made itself
                        x1 = x1.view(np.ndarray)
                elif type(x1) is _ST:
                    return _symmetric.ufunc_call(
                        flavor, name, cost, ufunc, (x1, x2), out, kwargs, t0
                    )
                else:
                    s1 = shape_of(x1)
                    x1 = plain(x1)
                if type(x2) is _CA:
                    s2 = x2.shape
                    try:
                        x2 = x2._p
                    except AttributeError:  # a view NumPy made itself
                        x2 = x2.view(np.ndarray)
                elif type(x2) is _ST:
                    return _symmetric.ufunc_call(
                        flavor, name, cost, ufunc, (orig1, x2), out, kwargs, t0
                    )
                elif type(x2) is float or type(x2) is int:  # a + 1.0: the common scalar
                    s2 = ()
                else:
                    if as_operator and defers(x2):
                        return NotImplemented
                    s2 = shape_of(x2)
                    x2 = plain(x2)
                if out is None and not kwargs:
                    same = s1 == s2 or not s2  # (a scalar x2 too)
                    price = prod(s1) if per_element and same else cost2(s1, s2)
                    return run(flavor, name, price, (s1, s2), fn, (x1, x2), None, t0, wrap)
                return _ufunc_general(
                    flavor, name, cost, ufunc, (s1, s2), (x1, x2), out, kwargs, t0, wrap
                )

            return call

        call = binary(False)
        call._operator = binary(True)  # type: ignore[attr-defined]

    else:

        def call(*args: Any, out: Any = None, **kwargs: Any) -> Any:  # type: ignore[misc]
            t0 = perf_counter()
            shapes = tuple(shape_of(a) for a in args)
            plains = tuple(plain(a) for a in args)
            return _ufunc_general(flavor, name, cost, ufunc, shapes, plains, out, kwargs, t0, wrap)

    return call


_FAST_OPERANDS = frozenset({CountedArray, SymmetricTensor, np.ndarray, int, float, complex, bool})


def defers(other: Any) -> bool:
    """NumPy's rule: give way to operands that opt out of ufuncs (``__array_ufunc__ = None``)."""
    return type(other) not in _FAST_OPERANDS and getattr(other, "__array_ufunc__", 0) is None


def _ufunc_general(
    flavor: Flavor,
    name: str,
    cost: Callable[..., int],
    fn: Callable[..., Any],
    shapes: tuple,
    args: tuple,
    out: Any,
    kwargs: dict[str, Any],
    t0: float,
    wrap: bool,
) -> Any:
    """The slower path of a ufunc call: ``out=``, ``where=`` and other keywords."""
    _plain_kwargs(kwargs)
    sizes = shapes
    if out is not None:
        _check_out(out)
        kwargs["out"] = out
        sizes = shapes + _out_shapes(out)
        wrap = False  # NumPy returns the caller's own out array
    return run(flavor, name, cost(*sizes), shapes, fn, args, kwargs, t0, wrap)


BUILDERS["ufunc"] = _ufunc
