"""What flopscope does differently for older NumPy releases matches the current NumPy."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pytest

from flopscope import _signatures


def _names(table: type) -> list[str]:
    return sorted(n for n in vars(table) if not n.startswith("_"))


PAIRS = [
    pytest.param(getattr(owner, name), getattr(table, name), id=f"{prefix}{name}")
    for owner, table, prefix in [
        (np, _signatures._Functions, "numpy."),
        (np.add, _signatures._UfuncMethods, "ufunc."),
        (np.ndarray, _signatures._NdarrayMethods, "ndarray."),
    ]
    for name in _names(table)
]


def _positional(sig: inspect.Signature) -> list[tuple[str, object, object]]:
    """What the op table's binding reads: keyword-only parameters vary between releases."""
    return [
        (p.name, p.kind, p.default) for p in sig.parameters.values() if p.kind != p.KEYWORD_ONLY
    ]


@pytest.mark.parametrize(("fn", "copy"), PAIRS)
def test_the_signatures_kept_for_old_numpy_are_numpys_own(fn, copy):
    # the op table binds arguments by these names; on an old NumPy it reads our copies
    ours = _signatures.signature(fn)
    try:
        theirs = inspect.signature(fn)
    except ValueError:  # NumPy < 2.4 gives none: the copy stands in for it
        assert ours == inspect.signature(copy)
        return
    assert ours == theirs
    assert _positional(inspect.signature(copy)) == _positional(theirs)


@pytest.mark.parametrize("owner", [np, np.ndarray], ids=["numpy", "ndarray"])
def test_every_numpy_function_and_ndarray_method_has_a_readable_signature(owner):
    # one missing from the copies would break binding on an old NumPy only
    for name in dir(owner):
        fn = getattr(owner, name)
        if name.startswith("_") or isinstance(fn, (type, np.ufunc)) or not callable(fn):
            continue
        if name in ("fromstring", "tostring"):
            continue  # deprecated, never counted, and no NumPy gives them a signature
        assert _signatures.signature(fn).parameters is not None, name


OLD_NUMPY_SESSION = """
import numpy as np
for name in ("matvec", "cumulative_sum"):  # as NumPy 2.0 has them: not at all
    vars(np).pop(name, None)
import flopscope as flops, flopscope.numpy as fnp, mechestim as me
from flopscope import _table
print(sorted({'matvec', 'cumulative_sum'} & _table.UNAVAILABLE.keys()))
for module in (fnp, me):
    try:
        module.matvec
    except AttributeError as error:
        print(error)
print(flops.cost("matvec", (3, 4), (4,)), me.flops.cost("cumulative_sum", (5,)))
with flops.budget(10**6) as b:
    print(fnp.matmul(fnp.ones(4), fnp.ones((4, 3))), fnp.cumsum(fnp.ones(3)), b.flops_used)
"""


def test_functions_newer_than_the_installed_numpy_are_missing_with_the_reason():
    # matvec came with NumPy 2.2 and cumulative_sum with 2.1: on an older NumPy the table
    # still prices them, the functions say NumPy is too old for them, and the rest works
    proc = subprocess.run(
        [sys.executable, "-c", OLD_NUMPY_SESSION], capture_output=True, text=True, check=True
    )
    version = np.__version__
    assert proc.stdout.splitlines() == [
        "['cumulative_sum', 'matvec']",
        f"flopscope.numpy.matvec is not available: numpy.matvec is newer than the NumPy "
        f"installed here ({version}); upgrade NumPy to use it",
        f"mechestim.matvec is not available: numpy.matvec is newer than the NumPy installed "
        f"here ({version}); upgrade NumPy to use it",
        "12 5",
        "[4. 4. 4.] [1. 2. 3.] 15",  # 12 multiply-adds + 3 additions
    ]
