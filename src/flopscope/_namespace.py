"""namespace(): label a phase of work; the label nests as a dotted path under the budget's."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from ._budget import _validate_namespace, state

F = TypeVar("F", bound=Callable[..., Any])


class namespace:  # noqa: N801 - used like a function: `with fnp.namespace("init"):`
    """Attribute the operations inside the block to ``<budget namespace>.<name>``.

    Namespaces only label work; they never split the budget. Usable as a context
    manager or a decorator, and nestable: ``predict`` > ``fallback`` > ``sampling``
    records under ``predict.fallback.sampling``.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        _validate_namespace(name, what="namespace name")
        self.name = name

    def __enter__(self) -> namespace:
        budget, outer = state.where
        state.where = (budget, f"{outer}.{self.name}" if outer else self.name)
        return self

    def __exit__(self, *exc_info: object) -> None:
        # blocks nest properly, so the suffix ends with our name: drop it (thread-safe, no state)
        budget, inner = state.where
        state.where = (budget, inner[: max(len(inner) - len(self.name) - 1, 0)])

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"namespace({self.name!r})"
