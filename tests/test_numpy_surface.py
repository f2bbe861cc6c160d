"""NumPy's public surface is covered: every public callable of numpy, numpy.linalg,
numpy.fft and numpy.random is a counted row, an alias, a passthrough or a refusal, and
each of those is what flopscope.numpy and mechestim actually expose."""

from __future__ import annotations

import importlib
import types

import numpy as np
import pytest

import flopscope.numpy as fnp
import mechestim as me
from flopscope._array import CountedArray
from flopscope._registry import passthrough
from flopscope._table import ALIASES, OPS, PASSTHROUGH, REFUSED, UNAVAILABLE

ROWS = {op.name for op in OPS}
PASSED = set(PASSTHROUGH)
MODULES = {"": np, "linalg": np.linalg, "fft": np.fft, "random": np.random}


def public_names(module: types.ModuleType) -> list[str]:
    """``__all__`` plus the public names of ``dir()`` (submodules excluded)."""
    names = set(getattr(module, "__all__", ())) | set(dir(module))
    names = {n for n in names if not n.startswith("_")}  # NumPy < 2.2's __all__ has some
    return sorted(n for n in names if not isinstance(getattr(module, n, None), types.ModuleType))


def dotted(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def classify(name: str) -> str | None:
    if name in ROWS:
        return "row"
    if name in ALIASES:
        return "alias"
    if name in PASSED:
        return "passthrough"
    if name in REFUSED:
        return "refused"
    return None


def resolve(root: object, name: str) -> object:
    target = root
    for part in name.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize("prefix", sorted(MODULES))
def test_every_public_callable_is_classified(prefix):
    module = MODULES[prefix]
    unclassified = [
        name
        for name in public_names(module)
        if callable(getattr(module, name)) and classify(dotted(prefix, name)) is None
    ]
    assert unclassified == [], (
        f"numpy{'.' + prefix if prefix else ''}: public callables that are neither a row, an "
        f"alias, a passthrough nor refused: {', '.join(unclassified)}"
    )


@pytest.mark.parametrize("prefix", sorted(MODULES))
def test_public_names_are_exposed_as_classified(prefix):
    """A provided name is an attribute of both flavors; anything else is an AttributeError
    that says why (refused) or that it is not counted."""
    module = MODULES[prefix]
    wrong = []
    for name in public_names(module):
        full = dotted(prefix, name)
        kind = classify(full)
        if kind is None and not callable(getattr(module, name)):
            continue  # e.g. __version__: each module states its own
        for flavor in (fnp, me):
            root = resolve(flavor, prefix) if prefix else flavor
            if kind in ("row", "alias", "passthrough"):
                if not hasattr(root, name):
                    wrong.append(f"{flavor.__name__}.{full} missing")
            else:
                try:
                    getattr(root, name)
                except AttributeError as error:
                    if kind == "refused" and REFUSED[full] not in str(error):
                        wrong.append(f"{flavor.__name__}.{full}: refusal reason not shown")
                else:
                    wrong.append(f"{flavor.__name__}.{full} exists but is not in the table")
    assert wrong == []


def test_passthrough_is_numpys_own_object():
    for name in PASSTHROUGH:
        prefix, _, short = name.rpartition(".")
        owner = resolve(np, prefix) if prefix else np
        for flavor in (fnp, me):
            root = resolve(flavor, prefix) if prefix else flavor
            if hasattr(owner, short):
                assert getattr(root, short) is getattr(owner, short), name
            else:  # not in this NumPy (__array_namespace_info__ came with 2.1)
                assert not hasattr(root, short), name
    for prefix in MODULES:  # the re-exports themselves (a module may import some by hand)
        module = resolve(np, prefix) if prefix else np
        expected = {
            name.rpartition(".")[2]
            for name in PASSTHROUGH
            if name.rpartition(".")[0] == prefix and hasattr(module, name.rpartition(".")[2])
        }
        assert set(passthrough(prefix)) == expected, prefix


def test_refused_names_raise_attribute_error_with_the_reason():
    for name, reason in REFUSED.items():
        prefix, _, short = name.rpartition(".")
        assert len(reason) > 30, f"{name}: say why, and what to use instead"
        for flavor in (fnp, me):
            root = resolve(flavor, prefix) if prefix else flavor
            with pytest.raises(AttributeError, match="is not available") as info:
                getattr(root, short)
            assert reason in str(info.value)


def test_every_row_is_reachable_in_both_flavors():
    """``fnp.<dotted>`` and ``me.<dotted>`` for module rows (``flopscope.stats`` /
    ``mechestim.stats`` for ``stats.*``); CountedArray methods for the rows that declare them."""
    unreachable = []
    for op in OPS:
        for method in op.methods:
            if not hasattr(CountedArray, method):
                unreachable.append(f"CountedArray.{method}")
        if op.name.startswith("ndarray."):
            continue
        for flavor in (fnp, me):
            root, name = flavor, op.name
            if name.startswith("stats."):  # flopscope.stats / mechestim.stats, beside numpy
                root = importlib.import_module(f"{flavor.__name__.split('.')[0]}.stats")
                name = name.removeprefix("stats.")
            try:
                resolve(root, name)
            except AttributeError as error:
                if op.name not in UNAVAILABLE or UNAVAILABLE[op.name] not in str(error):
                    unreachable.append(f"{root.__name__}.{name}")
    assert unreachable == [], f"{len(unreachable)} rows unreachable: {', '.join(unreachable)}"


def test_names_are_classified_once():
    for name in ALIASES:
        assert name not in PASSED and name not in REFUSED
    for name in PASSED:
        assert name not in ROWS and name not in REFUSED
    assert len(PASSTHROUGH) == len(PASSED)
