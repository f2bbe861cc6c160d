"""Op-table rows for numpy.fft.

A complex 1-D transform of length n costs 5·n·ceil(log2 n); over a whole array that is
5·N·ceil(log2 n) (N elements transformed), an n-D transform sums it over its axes, and
real transforms cost half (see ``_cost_fft``). Frequencies and shifts are free.

The rows use the signature-binding ``shaped:signature`` kind (``_ops``): every
parameter reaches NumPy as plain data (a counted ``n=`` or ``w=`` is not billed again
inside NumPy's own code) and ``out`` is accepted positionally, as NumPy's transforms do.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _cost_fft
from ._ops import Op
from ._table_core import FREE

COMPLEX = (
    "5·N·ceil(log2 n), n = transform length (n=, default the axis length), "
    "N = elements of the output; complex FLOPs count like real"
)
FORWARD_REAL = (
    "ceil(5·N·ceil(log2 n) / 2): half of fft over the real input of N elements "
    "(after n= padding / truncation)"
)
INVERSE_REAL = (
    "ceil(5·N·ceil(log2 n) / 2): half of fft over the real output of N elements, "
    "n = n= or 2(m-1) for m input points"
)
COMPLEX_ND = (
    "5·N·Σ ceil(log2 n_i) over the transformed axes (lengths n_i after s=), "
    "N = elements of the output"
)
FORWARD_REAL_ND = (
    "ceil(5·N·Σ ceil(log2 n_i) / 2): half of fftn over the real input of N elements (after s=)"
)
INVERSE_REAL_ND = (
    "ceil(5·N·Σ ceil(log2 n_i) / 2): half of fftn over the real output of N elements "
    "(last axis s[-1] or 2(m-1))"
)


def _transform(name: str, rule: Callable[..., int], formula: str) -> Op:
    return Op(f"fft.{name}", "shaped:signature", getattr(np.fft, name), rule, formula, arrays=("a",),
              category="fft")  # fmt: skip


TRANSFORMS = [
    _transform("fft", _cost_fft.fft, COMPLEX),
    _transform("ifft", _cost_fft.fft, COMPLEX),
    _transform("rfft", _cost_fft.rfft, FORWARD_REAL),
    _transform("ihfft", _cost_fft.rfft, FORWARD_REAL),
    _transform("irfft", _cost_fft.irfft, INVERSE_REAL),
    _transform("hfft", _cost_fft.irfft, INVERSE_REAL),
    _transform("fftn", _cost_fft.fftn, COMPLEX_ND),
    _transform("ifftn", _cost_fft.fftn, COMPLEX_ND),
    _transform("fft2", _cost_fft.fft2, COMPLEX_ND + " (axes default (-2, -1))"),
    _transform("ifft2", _cost_fft.fft2, COMPLEX_ND + " (axes default (-2, -1))"),
    _transform("rfftn", _cost_fft.rfftn, FORWARD_REAL_ND),
    _transform("rfft2", _cost_fft.rfft2, FORWARD_REAL_ND + " (axes default (-2, -1))"),
    _transform("irfftn", _cost_fft.irfftn, INVERSE_REAL_ND),
    _transform("irfft2", _cost_fft.irfft2, INVERSE_REAL_ND + " (axes default (-2, -1))"),
]

HELPERS = [
    # fftfreq / rfftfreq take no arrays (NumPy does not dispatch them)
    Op("fft.fftfreq", "free", np.fft.fftfreq, formula=FREE, dispatch=False),
    Op("fft.rfftfreq", "free", np.fft.rfftfreq, formula=FREE, dispatch=False),
    Op("fft.fftshift", "free", np.fft.fftshift, formula=FREE),
    Op("fft.ifftshift", "free", np.fft.ifftshift, formula=FREE),
]

OPS: list[Op] = [*TRANSFORMS, *HELPERS]

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {
    "fft.test": "it runs NumPy's own test suite, not a computation on arrays",
}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = []
