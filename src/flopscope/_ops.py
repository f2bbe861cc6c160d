"""Builders: turn a row of the op table into a public function for one flavor.

Each builder only binds arguments (which operands have shapes, which are parameters)
and calls the row's pure cost rule; the budget work is ``_dispatch.run``'s alone.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

import numpy as np

from . import _costs, _einsum, _symmetric
from ._array import (
    _PLAIN_TYPES,
    READ_ONLY_MESSAGE,
    CountedArray,
    plain,
    plain_all,
    shape_of,
    to_counted,
)
from ._dispatch import run
from ._flavor import Flavor
from ._signatures import signature
from ._symmetric import (
    MATMUL_LIKE,
    SymmetricTensor,
    contraction_plan,
    make,
    operand_groups,
)


@dataclass(frozen=True)
class Op:
    """One row of the op table."""

    name: str  # public dotted name: "exp", "random.randn", "add.reduce"
    kind: str  # a key of BUILDERS
    numpy: Callable[..., Any]  # what runs
    cost: Callable[..., int] | None = None  # pure cost rule (default: the kind's)
    formula: str = ""  # the rule in words, for the generated reference
    methods: tuple[str, ...] = ()  # CountedArray methods that are this op
    dispatch: bool = True  # route numpy.<func>(counted, ...) here via __array_function__
    params: tuple[str, ...] = ()  # random: distribution parameters that broadcast to the sample
    arrays: tuple[str, ...] = ()  # "shaped": names of the leading array parameters
    multiply_adds: bool = False  # "shaped": the cost rule takes the flavor's FMA price as fma=
    category: str = ""  # grouping in the generated reference (defaults to the kind)
    # how a SymmetricTensor operand's group reaches the result (see _symmetric.free_call);
    # "reduce" marks reductions billed for unique input elements
    symmetry: str = ""
    # the same computation for a plain ndarray first argument without NumPy's Python
    # wrapper (e.g. ndarray.sum for np.sum): what runs on the hot path
    on_ndarray: Callable[..., Any] | None = None

    @property
    def group(self) -> str:
        return self.category or self.kind


def numpy_function(dotted: str) -> Any:
    """``numpy.<dotted>``, or a stand-in when the installed NumPy predates it (the table lists
    every function of the newest NumPy; ``matvec`` came with NumPy 2.2, for instance)."""
    target: Any = np
    for part in dotted.split("."):
        target = getattr(target, part, _ABSENT)  # (not None: numpy.newaxis is None)
        if target is _ABSENT:
            return NotInThisNumpy(dotted)
    return target


_ABSENT = object()


@dataclass(frozen=True)
class NotInThisNumpy:
    """A row's NumPy function that the installed NumPy does not have: the row still answers
    cost queries, but no counted function is built for it, and its name says why."""

    dotted: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:  # an Op's numpy is a callable
        raise AttributeError(self.reason)

    @property
    def reason(self) -> str:
        return (
            f"numpy.{self.dotted} is newer than the NumPy installed here ({np.__version__}); "
            "upgrade NumPy to use it"
        )


_CA = CountedArray
_ST = SymmetricTensor


def _check_out(out: Any) -> None:
    outs = out if isinstance(out, tuple) else (out,)
    for o in outs:
        if isinstance(o, CountedArray):
            raise TypeError(READ_ONLY_MESSAGE)
        if o is not None and not isinstance(o, np.ndarray):
            raise TypeError(
                f"out must be a numpy.ndarray (or a tuple of them), got {type(o).__name__}"
            )


def _out_shapes(out: Any) -> tuple:
    outs = out if isinstance(out, tuple) else (out,)
    return tuple(o.shape for o in outs if o is not None)


def _plain_kwargs(kwargs: dict[str, Any]) -> None:
    where = kwargs.get("where")
    if isinstance(where, CountedArray):
        kwargs["where"] = plain(where)


# ---------------------------------------------------------------------------
# builders, one per kind


def _free(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """Creation, views and copies: no FLOPs, nothing logged."""
    fn = op.numpy
    wrap = flavor.counted_outputs
    keeps_symmetry = bool(op.symmetry)

    def call(*args: Any, **kwargs: Any) -> Any:
        if keeps_symmetry and args and type(args[0]) is _ST:
            return _symmetric.free_call(op, flavor, fn, args, kwargs)
        plains = plain_all(args)
        result = fn(*plains, **kwargs) if kwargs else fn(*plains)
        return to_counted(result) if wrap else result

    if not (wrap and op.name.startswith("ndarray.")):
        return call
    # CountedArray's own views (x[i], x.T, x.reshape(...)) run in loops: a plain
    # CountedArray with plain arguments skips the general unwrapping
    if op.name == "ndarray.__getitem__":

        def getitem(self: Any, key: Any) -> Any:
            if type(self) is not _CA:
                return call(self, key)
            if type(key) not in _PLAIN_TYPES:
                key = plain_all(key)
            try:
                return to_counted(self._p[key])
            except AttributeError:  # a view NumPy made itself
                return to_counted(self.view(np.ndarray)[key])

        return getitem
    if op.methods and op.methods[0] in PROPERTY_METHODS:

        def get(self: Any) -> Any:
            if type(self) is not _CA:
                return call(self)
            try:
                return to_counted(fn(self._p))
            except AttributeError:  # a view NumPy made itself
                return to_counted(fn(self.view(np.ndarray)))

        return get

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if type(self) is not _CA:
            return call(self, *args, **kwargs)
        for arg in args:
            if type(arg) not in _PLAIN_TYPES:
                args = plain_all(args)
                break
        data = plain(self)
        return to_counted(fn(data, *args, **kwargs) if kwargs else fn(data, *args))

    return method


# CountedArray attributes that are properties rather than methods (``x.T``)
PROPERTY_METHODS = frozenset({"T", "mT", "real", "imag"})


def _reduction(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """Reductions (and anything priced by the input size alone, e.g. cumulative ops)."""
    fn = op.numpy
    fast = op.on_ndarray or fn
    name = op.name
    cost = op.cost or _costs.reduction
    wrap = flavor.counted_outputs
    on_orbits = op.symmetry == "reduce"

    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        shape = shape_of(a)
        axis = args[0] if args else kwargs.get("axis")
        price = cost(shape, axis)
        group = None
        if on_orbits and type(a) is _ST:
            price, group = _symmetric.reduction_terms(a, price, axis, kwargs)
        a = plain(a)
        use_wrap = wrap
        if kwargs:
            _plain_kwargs(kwargs)
            out = kwargs.get("out")
            if out is not None:
                _check_out(out)
                use_wrap = False
        if len(args) > 2 and args[2] is not None:  # out passed positionally (axis, dtype, out)
            _check_out(args[2])
            use_wrap = False
        runs = fast if type(a) is np.ndarray else fn
        if group is None:
            return run(flavor, name, price, (shape,), runs, (a, *args), kwargs, t0, use_wrap)
        result = run(flavor, name, price, (shape,), runs, (a, *args), kwargs, t0, False)
        return make(result, group) if use_wrap else result

    return call


def _binary_contraction(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """matmul / dot style: two operands, a cost rule of both shapes and the FMA price."""
    fn = op.numpy
    name = op.name
    cost = op.cost
    fma = flavor.fma
    wrap = flavor.counted_outputs
    assert cost is not None
    matmul_like = name in MATMUL_LIKE

    def call(a: Any, b: Any, /, out: Any = None, **kwargs: Any) -> Any:
        t0 = perf_counter()
        sa, sb = shape_of(a), shape_of(b)
        use_wrap = wrap
        if out is not None:
            _check_out(out)
            kwargs["out"] = out
            use_wrap = False
        plan = contraction_plan(name, a, b, fma) if matmul_like else None
        if plan is None:
            price = cost(sa, sb, fma)
            return run(
                flavor, name, price, (sa, sb), fn, (plain(a), plain(b)), kwargs, t0, use_wrap
            )
        # a symmetric operand or the same data twice (X.T @ X): priced by the einsum model
        result = run(
            flavor, name, plan.cost(fma), (sa, sb), fn, (plain(a), plain(b)), kwargs, t0, False
        )
        return make(result, plan.output_group) if use_wrap else result

    return call


def _einsum_op(op: Op, flavor: Flavor) -> Callable[..., Any]:
    name = op.name
    fma = flavor.fma
    wrap = flavor.counted_outputs

    def call(*operands: Any, out: Any = None, optimize: Any = "auto", **kwargs: Any) -> Any:
        t0 = perf_counter()
        subscripts, arrays = _einsum.split_operands(operands)
        shapes = tuple(shape_of(a) for a in arrays)
        plains = tuple(np.asarray(plain(a)) for a in arrays)
        plan = _einsum.plan(
            subscripts,
            shapes,
            optimize,
            groups=operand_groups(arrays),
            identities=_einsum.operand_identities(plains),
            fma=fma,
        )
        use_wrap = wrap
        if out is not None:
            _check_out(out)
            kwargs["out"] = out
            use_wrap = False
        args = (plan, plains, kwargs)
        price = plan.cost(fma)
        result = run(flavor, name, price, shapes, _einsum.execute, args, {}, t0, False, subscripts)
        return make(result, plan.output_group) if use_wrap else result

    return call


def _einsum_path_op(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``einsum_path``: plans without executing; flopscope logs a 1-FLOP planning event."""
    fma = flavor.fma
    planning_cost = 1 if flavor.counted_outputs else 0

    def call(*operands: Any, optimize: Any = "auto", einsum_call: bool = False) -> Any:
        t0 = perf_counter()
        subscripts, arrays = _einsum.split_operands(operands)
        shapes = tuple(shape_of(a) for a in arrays)
        plains = tuple(np.asarray(plain(a)) for a in arrays)
        plan = _einsum.plan(
            subscripts,
            shapes,
            optimize,
            groups=operand_groups(arrays),
            identities=_einsum.operand_identities(plains),
            fma=fma,
        )
        info = plan.info(fma)
        if not planning_cost:
            return info.path, info
        answer = (info.path, info)
        return run(flavor, op.name, 1, shapes, tuple, (answer,), None, t0, False, subscripts)

    return call


def sample_shape(op: Op, args: tuple, kwargs: dict[str, Any]) -> tuple[int, ...]:
    """The shape of what a sampler draws: ``size``, or the broadcast of its parameters."""
    if op.params == ("*dims",):
        return _costs.as_shape(tuple(args), "dimensions")
    size = kwargs.get("size")
    if size is None and len(args) > len(op.params):
        size = args[len(op.params)]
    if size is not None:
        return _costs.as_shape(size, "size")
    shapes = [shape_of(a) for a in args[: len(op.params)]]
    shapes += [shape_of(kwargs[p]) for p in op.params[len(args) :] if p in kwargs]
    return _costs.broadcast_shapes(*shapes) if shapes else ()


def _random(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """Samplers: one FLOP per element drawn."""
    fn = op.numpy
    name = op.name
    cost = op.cost or _costs.drawn
    wrap = flavor.counted_outputs

    def call(*args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        shape = sample_shape(op, args, kwargs)
        args = plain_all(args)
        for key in op.params:
            if key in kwargs:
                kwargs[key] = plain(kwargs[key])
        return run(flavor, name, cost(shape), (shape,), fn, args, kwargs, t0, wrap)

    return call


# what runs instead of a row's NumPy callable (which stays the override hook's key), e.g.
# linalg.svd with its extra ``k=``; filled by the family tables
IMPLEMENTATIONS: dict[str, Callable[..., Any]] = {}


def _out_position(fn: Any, n_arrays: int) -> int | None:
    """Where a positional ``out`` sits among the parameters after the arrays (None: nowhere)."""
    if isinstance(fn, np.ufunc):
        return 0
    params = [p for p in _parameters(fn) if p.name != "self"]
    for at, param in enumerate(params[n_arrays:]):
        if param.name == "out" and param.kind is param.POSITIONAL_OR_KEYWORD:
            return at
    return None


def shaped_binder(op: Op, flavor: Flavor) -> Callable[[tuple, dict[str, Any]], tuple]:
    """The binding of the general ``shaped`` kind: the cost rule mirrors NumPy's signature
    with arrays replaced by their shapes, e.g. ``rule(a_shape, full_matrices=True)`` for
    ``svd(a, full_matrices=True)``. ``op.arrays`` names the leading array parameters
    (``"*"``: one sequence of arrays). Every other argument reaches NumPy as plain data
    (array-valued ones such as ``matrix_rank``'s ``tol`` too), and counted ``out`` arrays
    are refused before anything is charged.

    Returns ``bind(args, kwargs) -> (cost, shapes, call_args, kwargs, wrap)``."""
    name = op.name
    rule = op.cost
    assert rule is not None, f"{name}: a shaped op needs a cost rule"
    names = op.arrays
    n = len(names)
    sequence = names == ("*",)
    first = _first_param(op.numpy) if sequence else ""
    out_at = _out_position(op.numpy, 1 if sequence else n)
    fma_kw = {"fma": flavor.fma} if op.multiply_adds else {}
    wrap = flavor.counted_outputs

    def bind(args: tuple, kwargs: dict[str, Any]) -> tuple:
        if sequence:
            if args:
                arrays, params = list(args[0]), args[1:]
            elif first in kwargs:
                arrays, params = list(kwargs.pop(first)), ()
            else:
                raise TypeError(f"{name}() missing required argument {first!r}")
            shapes = tuple(shape_of(a) for a in arrays)
            plains: tuple = ([plain(a) for a in arrays],)
        else:
            arrays, params = list(args[:n]), args[n:]
            for key in names[len(arrays) :]:
                if key not in kwargs:
                    raise TypeError(f"{name}() missing required argument {key!r}")
                arrays.append(kwargs.pop(key))
            shapes = tuple(shape_of(a) for a in arrays)
            plains = tuple(plain(a) for a in arrays)
        use_wrap = wrap
        if out_at is not None and len(params) > out_at and params[out_at] is not None:
            _check_out(params[out_at])
            use_wrap = False
        if params:
            params = plain_all(params)
        if kwargs:
            out = kwargs.get("out")
            if out is not None:
                _check_out(out)
                use_wrap = False
            for key, value in kwargs.items():
                kwargs[key] = plain_all(value)
            cost_kwargs = {k: v for k, v in kwargs.items() if k != "out"}
            cost = rule(*shapes, *params, **cost_kwargs, **fma_kw)
        else:
            cost = rule(*shapes, *params, **fma_kw)
        return cost, shapes, (*plains, *params), kwargs, use_wrap

    return bind


def _shaped(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """The general kind (see :func:`shaped_binder`)."""
    fn = IMPLEMENTATIONS.get(op.name, op.numpy)
    name = op.name
    bind = shaped_binder(op, flavor)

    def call(*args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        cost, shapes, call_args, kwargs, use_wrap = bind(args, kwargs)
        return run(flavor, name, cost, shapes, fn, call_args, kwargs, t0, use_wrap)

    return call


# ---------------------------------------------------------------------------
# the "shaped:signature" builder: arguments bound by NumPy's own signature

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_NO_VALUE: Any = np._NoValue  # NumPy's "argument not given" default

# rows that write into an argument: name -> (argument, flag, flag value that writes);
# a counted array there is refused (flag None: always)
WRITES: dict[str, tuple[str, str | None, bool]] = {}


def _out_shape(out: Any) -> Any:
    if isinstance(out, tuple):
        shapes = tuple(None if o is None else o.shape for o in out)
        return shapes[0] if len(shapes) == 1 else shapes
    return out.shape


def _bind(key: str | None, value: Any, arrays: frozenset[str], shapes: list) -> tuple[Any, Any]:
    """(what the cost rule gets, what NumPy gets) for one argument: ``out`` checked and
    priced by its shape, array arguments unwrapped and priced by their shapes (None when
    not given; their shapes are logged), anything else unwrapped and passed as is."""
    if key == "out" and value is not None:
        _check_out(value)
        return _out_shape(value), value
    value = plain_all(value)
    if key in arrays:
        if value is None or value is _NO_VALUE:
            return None, value
        shape = shape_of(value)
        shapes.append(shape)
        return shape, value
    return value, value


def _no_out(positional: tuple[str, ...], args: tuple, kwargs: dict[str, Any]) -> bool:
    """No ``out=`` given (NumPy then returns a new array, which the flavor may wrap)."""
    if kwargs.get("out") is not None:
        return False
    if "out" in positional:
        i = positional.index("out")
        return i >= len(args) or args[i] is None
    return True


def _refuses_writes(spec: tuple[str, str | None, bool], given: dict[str, Any]) -> None:
    target, flag, writes = spec
    if not isinstance(given.get(target), CountedArray):
        return
    if flag is None or (flag in given and bool(given[flag]) == writes):
        raise TypeError(READ_ONLY_MESSAGE)


def _signature(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """``shaped:signature``: arguments bound by name from NumPy's signature; the ones named in
    ``op.arrays`` (a ``*varargs`` name covers every extra positional argument) reach the
    cost rule as shapes (None when not given), ``out`` as its shape, the rest as values."""
    fn = op.numpy
    name = op.name
    rule = op.cost
    assert rule is not None, f"{name}: a shaped:signature op needs a cost rule"
    parameters = _parameters(fn)
    positional = tuple(p.name for p in parameters if p.kind in _POSITIONAL)
    varargs = next((p.name for p in parameters if p.kind is p.VAR_POSITIONAL), None)
    npos = len(positional)
    arrays = frozenset(op.arrays)
    fma_kw = {"fma": flavor.fma} if op.multiply_adds else {}
    writes = WRITES.get(name)
    wrap = flavor.counted_outputs

    def call(*args: Any, **kwargs: Any) -> Any:
        t0 = perf_counter()
        if writes is not None:
            given = dict(zip(positional, args, strict=False))  # extra args: NumPy's error
            given.update(kwargs)
            _refuses_writes(writes, given)
        shapes: list[tuple[int, ...]] = []
        rule_args: list[Any] = []
        call_args: list[Any] = []
        for i, value in enumerate(args):
            priced, value = _bind(positional[i] if i < npos else varargs, value, arrays, shapes)
            rule_args.append(priced)
            call_args.append(value)
        rule_kwargs: dict[str, Any] = {}
        for key, value in kwargs.items():
            rule_kwargs[key], kwargs[key] = _bind(key, value, arrays, shapes)
        use_wrap = wrap and _no_out(positional, args, kwargs)
        cost = rule(*rule_args, **rule_kwargs, **fma_kw)
        return run(flavor, name, cost, tuple(shapes), fn, tuple(call_args), kwargs, t0, use_wrap)

    return call


def _first_param(fn: Callable[..., Any]) -> str:
    return next(iter(_parameters(fn))).name


def _parameters(fn: Callable[..., Any]) -> Any:
    """``fn``'s parameters, as ``inspect.signature`` reads them."""
    return signature(fn).parameters.values()


BUILDERS: dict[str, Callable[[Op, Flavor], Callable[..., Any]]] = {
    "free": _free,
    "reduction": _reduction,
    "contraction": _binary_contraction,
    "einsum": _einsum_op,
    "einsum_path": _einsum_path_op,
    "random": _random,
    "shaped": _shaped,
    "shaped:signature": _signature,
}


def build(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """The public function for ``op`` in ``flavor``, documented from NumPy's own."""
    fn = BUILDERS[op.kind](op, flavor)
    short = op.name.rsplit(".", 1)[-1]
    fn.__name__ = short
    fn.__qualname__ = short
    fn.__module__ = f"{flavor.name}.numpy" if flavor.counted_outputs else flavor.name
    numpy_doc = getattr(op.numpy, "__doc__", None) or ""
    cost_line = f"Counted by {flavor.name}: {op.formula or op.kind}."
    fn.__doc__ = f"{cost_line}\n\n{numpy_doc}" if numpy_doc else cost_line
    fn.__wrapped__ = op.numpy  # type: ignore[attr-defined]
    return fn
