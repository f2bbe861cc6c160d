"""What flopscope does differently for older NumPy releases matches the current NumPy."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from flopscope import _ops


@pytest.mark.parametrize("method", sorted(_ops._UFUNC_METHODS))
def test_the_ufunc_method_signatures_kept_for_old_numpy_are_numpys_own(method):
    # NumPy < 2.3 gives ufunc methods no signature that inspect can read; the op table
    # then binds arguments with these copies, so they must be exactly NumPy's
    ours = inspect.signature(_ops._UFUNC_METHODS[method])
    try:
        theirs = inspect.signature(getattr(np.add, method))
    except ValueError:  # this NumPy is one of the old ones: nothing to compare with
        pytest.skip(f"NumPy {np.__version__} has no readable signature for ufunc.{method}")
    assert [(p.name, p.kind) for p in ours.parameters.values()] == [
        (p.name, p.kind) for p in theirs.parameters.values()
    ]
