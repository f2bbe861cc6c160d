"""Every test starts from an empty session: no budgets, no defaults, no namespaces."""

from __future__ import annotations

import numpy as np
import pytest

from flopscope import _session
from flopscope._budget import state


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
