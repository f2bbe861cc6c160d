"""Every test starts from an empty session: no budgets, no defaults, no namespaces."""

from __future__ import annotations

import numpy as np
import pytest

from flopscope import _session
from flopscope._budget import state
from flopscope._table import UNAVAILABLE


def _clean() -> None:
    _session.uninstall_default()
    _session.reset()
    _session._env_budgets.clear()
    state.where = (None, "")
    state.depth = 0


@pytest.fixture(autouse=True)
def fresh_session():
    _clean()
    yield
    _clean()


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


def _names_in(value: object) -> set[str]:
    """Op names a test parameter stands for: a name, a case's ``.name``, a tuple's first item."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, tuple) and value and isinstance(value[0], str):
        return {value[0]}
    name = getattr(value, "name", None)
    return {name} if isinstance(name, str) else set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A case of a function the installed NumPy predates (matvec before NumPy 2.2, ...) is
    skipped with that reason: there is no NumPy result to compare with."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        for value in callspec.params.values() if callspec else ():
            missing = _names_in(value) & UNAVAILABLE.keys()
            if missing:
                item.add_marker(pytest.mark.skip(reason=UNAVAILABLE[missing.pop()]))
                break
