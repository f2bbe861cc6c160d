"""Builds the optional compiled dispatch (src/flopscope/_speedups.c).

Everything else is in pyproject.toml. The extension is optional: when there is no C
compiler, installation still succeeds and flopscope runs its pure-Python dispatch.
"""

import numpy
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "flopscope._speedups",
            ["src/flopscope/_speedups.c"],
            include_dirs=[numpy.get_include()],
            optional=True,
        )
    ]
)
