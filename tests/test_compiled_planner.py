"""The planner compiled by mypyc and the Python planner are the same source.

setup.py compiles the modules of ``NATIVE_MODULES`` from their ``.py`` files; a failed
compilation leaves the whole planner Python (the install never fails for it).
``FLOPSCOPE_PURE_PYTHON=1`` imports them from source even when compiled.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import flopscope
from flopscope import _planner
from flopscope._compiled import NATIVE_MODULES, PURE_PYTHON, planner_is_compiled

PACKAGE = Path(flopscope.__file__).parent
ROOT = PACKAGE.parent.parent


def loaded_from_source(name: str) -> bool:
    return sys.modules[f"flopscope.{name}"].__file__.endswith(".py")


def test_the_planner_modules_are_all_compiled_or_all_python():
    for name in NATIVE_MODULES:
        __import__(f"flopscope.{name}")
    from_source = {name: loaded_from_source(name) for name in NATIVE_MODULES}
    if PURE_PYTHON:
        assert all(from_source.values()) and not planner_is_compiled()
    elif os.environ.get("CI"):
        # CI can compile: a build that fell back silently would leave every user
        # planning several times slower
        assert not any(from_source.values()) and planner_is_compiled()
    else:  # the group's modules import each other: a partial set cannot work
        assert len(set(from_source.values())) == 1
        assert planner_is_compiled() is not from_source["_subset_dp"]


def test_every_native_module_is_a_source_file_the_makefile_can_name():
    # setup.py compiles NATIVE_MODULES; the Makefile extracts the same names with a
    # regular expression to rebuild when one of them changes
    assert len(set(NATIVE_MODULES)) == len(NATIVE_MODULES)
    for name in NATIVE_MODULES:
        assert re.fullmatch(r"_[a-z_]*", name), name
        assert (PACKAGE / f"{name}.py").is_file(), name
    makefile = ROOT / "Makefile"
    if makefile.is_file():  # a source checkout (not an installed wheel)
        assert "NATIVE_MODULES = (" in (PACKAGE / "_compiled.py").read_text()
        assert "_compiled.py" in makefile.read_text()


def test_ci_has_the_dense_path_source():
    # cotengrust supplies the first cost cap of large networks; without it the planner
    # is still exact, only slower
    if os.environ.get("CI"):
        assert _planner._cotengrust is not None


PLANS = textwrap.dedent(
    """
    import json
    from flopscope import _einsum
    from flopscope._symmetry import SymmetryGroup

    cases = [
        ("ijk,ai,bj,ck->abc", [(6, 6, 6), (5, 6), (5, 6), (5, 6)],
         [SymmetryGroup.symmetric(3), None, None, None], [None] + [(1, (0, 1))] * 3),
        ("ab,bc,cd,de,ea->", [(7, 7)] * 5, None, [(0, (0, 1))] * 5),
        ("ab,bc,cd,de,ef,fg,gh,hi,ij,jk,kl,lm->am",
         [(2 + i % 3, 2 + (i + 1) % 3) for i in range(12)], None, None),
    ]
    out = []
    for eq, shapes, groups, ids in cases:
        plan = _einsum.plan(eq, shapes, groups=groups, identities=ids, fma=1)
        out.append([[list(s) for s in plan.path], plan.cost(1), plan.dense_cost(1)])
    print(json.dumps(out))
    """
)


def test_compiled_and_python_planners_choose_the_same_paths_at_the_same_cost():
    def run(pure: bool) -> list:
        env = {**os.environ, "FLOPSCOPE_PURE_PYTHON": "1" if pure else "0"}
        done = subprocess.run(
            [sys.executable, "-c", PLANS], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)

    compiled, python = run(False), run(True)
    assert compiled == python
    assert all(cost <= dense for _, cost, dense in compiled)
    assert compiled[0][1] < compiled[0][2]  # the symmetric network saves work
