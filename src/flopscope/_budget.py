"""Budgets: the ledger every counted operation is charged to.

A ``BudgetContext`` owns a compact, append-only log. Each recorded call is one
44-byte row in a ``bytearray``: a signature id, the cumulative FLOPs and four raw
clock readings (entry, backend start, backend end, exit). The repeating parts of a
record (op name, namespace, subscripts, shapes, cost) are interned once per distinct
*signature*. ``OpRecord`` objects are materialised only when the log is read;
summaries do one vectorised NumPy pass over the rows and Python work per signature.
"""

from __future__ import annotations

import functools
import math
import numbers
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from time import perf_counter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

import numpy as np

from ._compiled import speedups
from ._errors import BudgetExhaustedError, TimeExhaustedError
from ._flavor import FLOPSCOPE, Flavor

MAX_FLOP_BUDGET = 2**63 - 1  # the ledger stores FLOP totals as signed 64-bit integers
DEFAULT_LABEL = "(default)"  # how summaries name a budget without a namespace

# signature id, cumulative FLOPs, clock at entry / backend start / backend end / exit
_ROW = struct.Struct("<Iqdddd")
_pack_row = _ROW.pack
_ROW_SIZE = _ROW.size
_ROW_DTYPE = np.dtype(
    [
        ("sid", "<u4"),
        ("cumulative", "<i8"),
        ("t0", "<f8"),
        ("t1", "<f8"),
        ("t2", "<f8"),
        ("t3", "<f8"),
    ]
)
assert _ROW_DTYPE.itemsize == _ROW_SIZE

F = TypeVar("F", bound=Callable[..., Any])


class OpRecord(NamedTuple):
    """One counted call, as read back from a budget's ``op_log``."""

    op_name: str
    namespace: str | None
    subscripts: str | None
    shapes: tuple
    flop_cost: int
    cumulative: int
    flopscope_context_start_offset_s: float
    flopscope_backend_duration_s: float
    flopscope_overhead_duration_s: float


class Snapshot(NamedTuple):
    flops_used: int
    sigs: list[tuple[str, str | None, str | None, tuple, int]]
    calls: list[int]  # per signature
    wall_time_s: float
    backend_s: float
    overhead_s: float


class _ThreadState(threading.local):
    # (explicit context active in this thread or None, dotted namespace suffix pushed by
    # namespace() blocks): one attribute, so the dispatch reads both in one lookup
    where: tuple[BudgetContext | None, str] = (None, "")
    depth: int = 0  # re-entries of the active context in this thread

    @property
    def budget(self) -> BudgetContext | None:
        return self.where[0]

    @property
    def ns(self) -> str:
        return self.where[1]


state: _ThreadState = _ThreadState()


def join_namespace(root: str | None, suffix: str) -> str | None:
    if not suffix:
        return root
    return f"{root}.{suffix}" if root else suffix


# ---------------------------------------------------------------------------
# argument validation


def validate_flop_budget(value: object, what: str = "flop_budget") -> int:
    """Return ``value`` as a positive int, or raise ValueError saying what is wrong."""
    bad = ValueError(
        f"{what} must be a positive integer number of FLOPs (e.g. 10_000_000 or 1e7), got {value!r}"
    )
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise bad
    if isinstance(value, numbers.Integral):
        result = int(value)
    else:
        as_float = float(value)
        if not math.isfinite(as_float) or not as_float.is_integer():
            raise bad
        result = int(as_float)
    if result <= 0:
        raise bad
    if result > MAX_FLOP_BUDGET:
        raise ValueError(f"{what} must be at most {MAX_FLOP_BUDGET:,} (2**63 - 1), got {value!r}")
    return result


def _validate_positive_real(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what} must be a positive finite number, got {value!r}")
    result = float(value)
    if not math.isfinite(result) or result <= 0:
        raise ValueError(f"{what} must be a positive finite number, got {value!r}")
    return result


def _validate_namespace(value: object, what: str = "namespace") -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value or any(not part for part in value.split(".")):
        raise ValueError(
            f"{what} must be None or a non-empty string of dot-separated names "
            f"such as 'predict' or 'predict.sampling', got {value!r}"
        )
    return value


# ---------------------------------------------------------------------------
# the context


# The compiled dispatch keeps a budget's hot fields (_flop_budget, _used, _guarded,
# _sig_ids, _rows) in C members of this base; the Python dispatch in the __dict__.
if TYPE_CHECKING or speedups is None:  # noqa: SIM108  (mypy needs a plain base here)
    _LedgerBase = object
else:
    _LedgerBase = speedups.Ledger


class BudgetContext(_LedgerBase):
    """A FLOP budget: a context manager (and decorator) that every counted op is charged to.

    Parameters
    ----------
    flop_budget : int
        Maximum number of FLOPs allowed; a positive integer.
    flop_multiplier : float
        Each operation is charged ``int(cost * flop_multiplier)``.
    quiet : bool
        Do not print the one-line banner to stderr when the context is first entered.
    namespace : str, optional
        Label for this budget in summaries; ``namespace()`` blocks nest below it.
    wall_time_limit_s : float, optional
        Raise ``TimeExhaustedError`` at the first operation that starts after this
        many seconds of (active) wall time.
    """

    _flavor: Flavor = FLOPSCOPE

    def __init__(
        self,
        flop_budget: int,
        flop_multiplier: float = 1.0,
        quiet: bool = False,
        namespace: str | None = None,
        wall_time_limit_s: float | None = None,
    ) -> None:
        self._flop_budget = validate_flop_budget(flop_budget)
        self._flop_multiplier = _validate_positive_real(flop_multiplier, "flop_multiplier")
        self._scale = None if self._flop_multiplier == 1.0 else self._flop_multiplier
        self._quiet = bool(quiet)
        self._namespace = _validate_namespace(namespace)
        self._time_limit = (
            None
            if wall_time_limit_s is None
            else _validate_positive_real(wall_time_limit_s, "wall_time_limit_s")
        )
        self._name_from_function = False  # set by budget(): namespace defaults to func name
        # the dispatch takes a slower path only when a multiplier or time limit is set
        self._guarded = self._scale is not None or self._time_limit is not None
        self._lock = threading.Lock()
        self._used = 0
        # clock: active wall time accumulates over every period the context is entered
        self._depth = 0
        self._t_start: float | None = None
        self._active_since = 0.0
        self._elapsed = 0.0
        self._deadline = math.inf
        self._announced = False
        self._registered = False
        self._is_default = False  # an environment-variable default (see _session)
        # the log: interned signatures + one packed row per call
        self._sig_ids: dict[tuple, int] = {}
        self._sigs: list[tuple[str, str | None, str | None, tuple, int]] = []
        self._rows = bytearray()
        # running totals of the rows summaries have already read (see _snapshot)
        self._aggregated = 0  # bytes of _rows aggregated
        self._calls = np.zeros(0, dtype=np.int64)  # per signature
        self._backend = 0.0
        self._overhead = 0.0

    # -- read-only views -----------------------------------------------------
    @property
    def flop_budget(self) -> int:
        return self._flop_budget

    @property
    def flops_used(self) -> int:
        return self._used

    @property
    def flops_remaining(self) -> int:
        return self._flop_budget - self._used

    @property
    def flop_multiplier(self) -> float:
        return self._flop_multiplier

    @property
    def namespace(self) -> str | None:
        return self._namespace

    @property
    def wall_time_limit_s(self) -> float | None:
        return self._time_limit

    @property
    def op_log(self) -> OpLog:
        """Every counted call, oldest first (a live, read-only sequence of ``OpRecord``)."""
        return OpLog(self)

    @property
    def wall_time_s(self) -> float:
        """Seconds this context has been active (summed over all its entries)."""
        if self._depth > 0:
            return self._elapsed + (perf_counter() - self._active_since)
        return self._elapsed

    # -- accounting (the dispatch, _dispatch.run, writes the log) --------------
    def _intern(self, key: tuple) -> int:
        """The id of a new signature (a dispatch found ``key`` missing from ``_sig_ids``)."""
        with self._lock:  # two threads may miss the same key: the second finds it here
            sid = self._sig_ids.get(key)
            if sid is None:
                op_name, suffix, subscripts, shapes, cost = key
                sid = len(self._sigs)
                self._sigs.append(
                    (op_name, join_namespace(self._namespace, suffix), subscripts, shapes, cost)
                )
                self._sig_ids[key] = sid
            return sid

    def _guard(self, op_name: str, cost: int, t0: float) -> int:
        """The wall-time check and the multiplier, for budgets that have them."""
        if t0 > self._deadline:
            raise self._timed_out(op_name)
        return cost if self._scale is None else int(cost * self._scale)

    def _refuse(self, op_name: str, cost: int) -> BudgetExhaustedError:
        return BudgetExhaustedError(op_name, flop_cost=cost, flops_remaining=self.flops_remaining)

    def _timed_out(self, op_name: str) -> TimeExhaustedError:
        assert self._time_limit is not None
        return TimeExhaustedError(
            op_name, wall_time_s=self.wall_time_s, wall_time_limit_s=self._time_limit
        )

    def _snapshot(self) -> Snapshot:
        """A consistent copy of what summaries need, aggregated per signature.

        Rows already aggregated by an earlier summary are not read again, so a summary
        costs O(op kinds + calls since the last one) (``budget_live`` refreshes cheaply).
        """
        with self._lock:
            # The compiled dispatch appends rows without this lock (see _speedups.c), so
            # copy the rows first and read the total from the last one: the signatures,
            # read next, include every one those rows use. (No memoryview either: an
            # exported buffer would make a concurrent append fail.)
            start = self._aggregated
            new = np.frombuffer(bytes(self._rows[start:]), dtype=_ROW_DTYPE)
            end = start + new.nbytes
            used = _ROW.unpack_from(self._rows, end - _ROW_SIZE)[1] if end else 0
            sigs = list(self._sigs)
            wall = self.wall_time_s
            calls = np.bincount(new["sid"], minlength=len(sigs))
            calls[: len(self._calls)] += self._calls
            self._calls = calls
            self._backend += float(np.sum(new["t2"] - new["t1"]))
            self._overhead += float(np.sum((new["t1"] - new["t0"]) + (new["t3"] - new["t2"])))
            self._aggregated = end
            return Snapshot(used, sigs, calls.tolist(), wall, self._backend, self._overhead)

    # -- activation ----------------------------------------------------------
    def _activate(self, now: float | None = None) -> None:
        with self._lock:
            if self._depth == 0:
                now = perf_counter() if now is None else now
                if self._t_start is None:
                    self._t_start = now
                self._active_since = now
                if self._time_limit is not None:
                    self._deadline = now + (self._time_limit - self._elapsed)
            self._depth += 1
        from . import _session

        _session.register(self)

    def _deactivate(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                self._elapsed += perf_counter() - self._active_since
                self._deadline = math.inf

    def __enter__(self) -> BudgetContext:
        current, ns = state.where
        if current is self:
            state.depth += 1
        elif current is not None:
            raise RuntimeError(
                f"Cannot nest BudgetContexts: {current!r} is already active in this thread. "
                f"Use namespace('phase') blocks to label phases inside one budget."
            )
        else:
            state.where = (self, ns)
            state.depth = 1
        self._activate()
        if not self._quiet and not self._announced:
            self._announced = True
            print(self._banner(), file=sys.stderr)
        return self

    def __exit__(self, *exc_info: object) -> None:
        state.depth -= 1
        if state.depth == 0:
            state.where = (None, state.where[1])
        self._deactivate()

    def _banner(self) -> str:
        import numpy as np

        from ._version import __version__

        text = (
            f"{self._flavor.name} {__version__} (numpy {np.__version__} backend) | "
            f"budget: {self._flop_budget:.2e} FLOPs"
        )
        if self._namespace:
            text += f" | namespace: {self._namespace}"
        return text

    def __call__(self, func: F) -> F:
        """Use the context as a decorator: every call of ``func`` draws on this budget."""
        if not callable(func):
            raise TypeError(f"a BudgetContext decorates a function, got {func!r}")
        if self._name_from_function and self._namespace is None:
            self._namespace = _validate_namespace(func.__name__)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    # -- summaries -----------------------------------------------------------
    def summary(self, by_namespace: bool = False) -> str:
        """A plain-text summary: budget, use, and cost per operation (highest first)."""
        from ._display import context_text

        return context_text(self, by_namespace=by_namespace)

    def summary_dict(self, by_namespace: bool = False) -> dict[str, Any]:
        """The summary as a dict (see ``budget_summary_dict`` for the keys)."""
        from ._session import context_dict

        return context_dict(self, by_namespace=by_namespace)

    def __repr__(self) -> str:
        ns = f", namespace={self._namespace!r}" if self._namespace else ""
        return (
            f"{type(self).__module__.split('.')[0]}.BudgetContext(flop_budget={self._flop_budget:,}"
            f"{ns}, flops_used={self._used:,})"
        )


def budget(
    flop_budget: int,
    flop_multiplier: float = 1.0,
    quiet: bool = False,
    namespace: str | None = None,
    wall_time_limit_s: float | None = None,
    *,
    _context_class: type[BudgetContext] = BudgetContext,
) -> BudgetContext:
    """A BudgetContext for ``with`` or ``@``; as a decorator its namespace defaults to the function name."""
    ctx = _context_class(
        flop_budget,
        flop_multiplier=flop_multiplier,
        quiet=quiet,
        namespace=namespace,
        wall_time_limit_s=wall_time_limit_s,
    )
    ctx._name_from_function = True
    return ctx


# ---------------------------------------------------------------------------
# the log, read back


class OpLog(Sequence[OpRecord]):
    """A live, read-only view of a budget's log; records are built on access."""

    __slots__ = ("_ctx",)

    def __init__(self, ctx: BudgetContext) -> None:
        self._ctx = ctx

    def __len__(self) -> int:
        return len(self._ctx._rows) // _ROW_SIZE

    def _record(self, row: tuple[int, int, float, float, float, float]) -> OpRecord:
        sid, cumulative, t0, t1, t2, t3 = row
        op_name, namespace, subscripts, shapes, cost = self._ctx._sigs[sid]
        start = self._ctx._t_start or 0.0
        return OpRecord(
            op_name,
            namespace,
            subscripts,
            shapes,
            cost,
            cumulative,
            t0 - start,
            t2 - t1,
            (t1 - t0) + (t3 - t2),
        )

    @overload
    def __getitem__(self, index: int) -> OpRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[OpRecord]: ...
    def __getitem__(self, index: int | slice) -> OpRecord | list[OpRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        i = index.__index__()
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"op_log index {index} out of range for {n} records")
        return self._record(_ROW.unpack_from(self._ctx._rows, i * _ROW_SIZE))

    def __iter__(self) -> Iterator[OpRecord]:
        # iterate over a copy: appending to the live buffer while it is exported would fail
        data = bytes(self._ctx._rows)
        return (self._record(row) for row in _ROW.iter_unpack(data))

    def __repr__(self) -> str:
        return f"<op_log: {len(self)} records>"
