"""The optional compiled parts, or their pure-Python twins.

Two parts are compiled at installation when a C compiler is there:

- the dispatch, ``_speedups.c`` (``speedups`` below; None runs the Python dispatch);
- the contraction planner's modules (:data:`NATIVE_MODULES`), compiled from their very
  Python source by mypyc (``setup.py``), so the compiled planner and the Python one
  cannot disagree: only their speed differs.

Set ``FLOPSCOPE_PURE_PYTHON=1`` to run everything as Python even when it is compiled (the
tests run both ways; results, costs and logs are identical).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

PURE_PYTHON = os.environ.get("FLOPSCOPE_PURE_PYTHON", "").strip() not in ("", "0")

#: the modules setup.py compiles with mypyc (the planner's hot loops and its group
#: theory); setup.py reads this list
NATIVE_MODULES = (
    "_bitsets",
    "_permutations",
    "_operand_swaps",
    "_subset_symmetry",
    "_contraction",
    "_subset_dp",
    "_planner",
    "_einsum",
)


class _SourceFinder:
    """Imports the modules of :data:`NATIVE_MODULES` from their ``.py`` source, which an
    installed extension of the same name would otherwise shadow."""

    @staticmethod
    def find_spec(fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __package__ or name not in NATIVE_MODULES:
            return None
        source = os.path.join(os.path.dirname(__file__), name + ".py")
        return importlib.util.spec_from_file_location(fullname, source)


speedups: ModuleType | None = None
if PURE_PYTHON:
    sys.meta_path.insert(0, _SourceFinder())  # type: ignore[arg-type]
else:
    try:
        from . import _speedups as speedups  # type: ignore[attr-defined, no-redef]
    except ImportError:  # not compiled (no C compiler at install time): Python dispatch
        speedups = None


def planner_is_compiled() -> bool:
    """Whether the planner's modules run compiled (mypyc) in this process."""
    module = sys.modules.get(f"{__package__}._subset_dp")
    return module is not None and not (module.__file__ or "").endswith(".py")
