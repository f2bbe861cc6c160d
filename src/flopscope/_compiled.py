"""The optional compiled dispatch (``_speedups.c``), or None to use the Python one.

Set ``FLOPSCOPE_PURE_PYTHON=1`` to run the pure-Python dispatch even when the
extension is built (the tests run both; the results and logs are identical).
"""

from __future__ import annotations

import os
from types import ModuleType

PURE_PYTHON = os.environ.get("FLOPSCOPE_PURE_PYTHON", "").strip() not in ("", "0")

speedups: ModuleType | None = None
if not PURE_PYTHON:
    try:
        from . import _speedups as speedups  # type: ignore[attr-defined, no-redef]
    except ImportError:  # not compiled (no C compiler at install time): Python dispatch
        speedups = None
