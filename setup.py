"""Builds the optional compiled parts (everything else is in pyproject.toml):

- the dispatch, ``src/flopscope/_speedups.c``;
- the contraction planner's modules (``NATIVE_MODULES`` in ``src/flopscope/_compiled.py``),
  compiled from their Python source by mypyc.

Both are optional: without a C compiler installation still succeeds and flopscope runs
the same code as Python. ``FLOPSCOPE_NO_MYPYC=1`` skips the planner's compilation.
"""

import ast
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import numpy
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

PACKAGE = Path("src/flopscope")


def native_modules() -> list[str]:
    """``NATIVE_MODULES`` of _compiled.py, read without importing the package."""
    tree = ast.parse((PACKAGE / "_compiled.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "NATIVE_MODULES":
            return list(ast.literal_eval(node.value))
    raise RuntimeError("NATIVE_MODULES not found in _compiled.py")


def planner_extensions() -> list[Extension]:
    if os.environ.get("FLOPSCOPE_NO_MYPYC", "").strip() not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # a build without mypyc: the planner stays Python
        return []
    paths = [str(PACKAGE / f"{name}.py") for name in native_modules()]
    try:  # mypyc type-checks first and exits on an error: never let that fail the install
        # errors in the modules it only imports (NumPy's stubs differ between releases)
        # must not stop the planner's compilation: mypy reports only the compiled ones
        extensions = mypycify(
            ["--follow-imports=silent", *paths], group_name="flopscope._native", opt_level="3"
        )
    except (Exception, SystemExit) as error:
        print(f"flopscope: planner not compiled (mypyc: {error}); it runs as Python")
        return []
    for ext in extensions:
        ext.optional = True
        ext.mypyc = True
    return extensions


class BuildExt(build_ext):
    """Builds the extensions; if any of mypyc's fails, removes all of them (its modules
    need each other: a partial set could not be imported), leaving the planner Python."""

    def run(self) -> None:
        if self.inplace:  # an extension left by an earlier build would shadow its source
            for suffix in EXTENSION_SUFFIXES:
                for path in PACKAGE.glob(f"*{suffix}"):
                    path.unlink()
        super().run()

    def build_extensions(self) -> None:
        self.failed: set[str] = set()
        super().build_extensions()
        native = [ext for ext in self.extensions if getattr(ext, "mypyc", False)]
        if any(ext.name in self.failed for ext in native):
            for ext in native:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception:
            self.failed.add(ext.name)
            raise


setup(
    ext_modules=[
        Extension(
            "flopscope._speedups",
            ["src/flopscope/_speedups.c"],
            include_dirs=[numpy.get_include()],
            optional=True,
        ),
        *planner_extensions(),
    ],
    cmdclass={"build_ext": BuildExt},
)
