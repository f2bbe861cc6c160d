"""Cost rules for numpy.fft: pure functions of the input shape and the call's parameters.

One 1-D complex transform of length n costs 5·n·ceil(log2 n) (the classic radix-2 count:
n/2·log2 n butterflies of one complex multiply (6 real FLOPs) and two complex adds (4);
complex FLOPs count like real ones, as everywhere in flopscope). A transform of length 1
costs 0. Transforming every lane of an array of N elements whose transformed axis has
length n therefore costs 5·N·ceil(log2 n), and an n-D transform is the sum of that over
its axes: 5·N·Σ ceil(log2 n_i), N being the elements of the transformed array (the input
with ``n=`` / ``s=`` padding or truncation applied). A real transform (rfft, irfft, hfft,
ihfft and their 2-D / n-D forms) costs half the complex transform of its real data,
rounded up; N is then the elements of the real array (the padded input of rfft / ihfft,
the output of irfft / hfft).

The rules take what NumPy takes, with the array replaced by its shape, and raise NumPy's
errors for lengths and axes it would refuse, so a bad call is rejected before it is billed.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import prod
from operator import index

from numpy.lib.array_utils import normalize_axis_index

Shape = tuple[int, ...]

NORMS = (None, "backward", "ortho", "forward")


def ceil_log2(n: int) -> int:
    """ceil(log2 n) for n >= 1, exactly."""
    return (n - 1).bit_length()


def _check_norm(norm: object) -> None:
    if norm not in NORMS:
        raise ValueError(f'Invalid norm value {norm}; should be "backward","ortho" or "forward".')


def _points(n: object) -> int:
    """A transform length, validated like NumPy's ``_raw_fft``."""
    n = index(n)  # type: ignore[arg-type]
    if n < 1:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified.")
    return n


def _complex_cost(shape: Sequence[int], lengths: Sequence[int]) -> int:
    """5·N·Σ ceil(log2 n_i): complex transforms of lengths n_i over an array of ``shape``."""
    return 5 * prod(shape) * sum(ceil_log2(n) for n in lengths)


def _half(flops: int) -> int:
    return -(-flops // 2)


# ---------------------------------------------------------------------------
# 1-D transforms: rule(a_shape, n=None, axis=-1, norm=None, out=None)


def _one_axis(a_shape: Shape, n: object, axis: object, norm: object, inverse_real: bool) -> int:
    _check_norm(norm)
    ax = normalize_axis_index(index(axis), len(a_shape))  # type: ignore[arg-type]
    if n is None:
        m = a_shape[ax]
        n = 2 * (m - 1) if inverse_real else m
    length = _points(n)
    shape = list(a_shape)
    shape[ax] = length
    return _complex_cost(shape, (length,))


def fft(
    a_shape: Shape, n: object = None, axis: object = -1, norm: object = None, out: object = None
) -> int:
    """fft / ifft: 5·N·ceil(log2 n), N = elements of the (padded) output."""
    return _one_axis(a_shape, n, axis, norm, inverse_real=False)


def rfft(
    a_shape: Shape, n: object = None, axis: object = -1, norm: object = None, out: object = None
) -> int:
    """rfft / ihfft: half of fft over the real (padded) input, rounded up."""
    return _half(_one_axis(a_shape, n, axis, norm, inverse_real=False))


def irfft(
    a_shape: Shape, n: object = None, axis: object = -1, norm: object = None, out: object = None
) -> int:
    """irfft / hfft: half of fft over the real output (length n, default 2(m-1)), rounded up."""
    return _half(_one_axis(a_shape, n, axis, norm, inverse_real=True))


# ---------------------------------------------------------------------------
# n-D transforms: rule(a_shape, s=None, axes=<default>, norm=None, out=None)


def transformed(
    a_shape: Shape, s: object, axes: object, inverse_real: bool
) -> tuple[list[int], list[int]]:
    """The transformed shape and the transform lengths, as NumPy's ``_cook_nd_args`` sets
    them up: ``axes`` defaults to the last len(s) axes (all axes without s); s[i] = -1 or
    None keeps the input length (None: the default of the 1-D transform)."""
    ndim = len(a_shape)
    shapeless = s is None
    if axes is None:
        sizes: list[object] = list(a_shape) if shapeless else list(s)  # type: ignore[call-overload]
        axis_list = list(range(-len(sizes), 0))
    else:
        axis_list = [index(ax) for ax in axes]  # type: ignore[attr-defined]
        if shapeless:
            sizes = [a_shape[normalize_axis_index(ax, ndim)] for ax in axis_list]
        else:
            sizes = list(s)  # type: ignore[call-overload]
    if len(sizes) != len(axis_list):
        raise ValueError("Shape and axes have different lengths.")
    norm_axes = [normalize_axis_index(ax, ndim) for ax in axis_list]
    if inverse_real and shapeless and sizes:
        sizes[-1] = (a_shape[norm_axes[-1]] - 1) * 2
    lengths = []
    for i, (size, ax) in enumerate(zip(sizes, norm_axes, strict=True)):
        if size is None:  # deprecated by NumPy 2.0: the 1-D transform's default
            m = a_shape[ax]
            size = 2 * (m - 1) if inverse_real and i == len(sizes) - 1 else m
        elif index(size) == -1:  # type: ignore[arg-type]
            size = a_shape[ax]
        lengths.append(_points(size))
    shape = list(a_shape)
    # NumPy transforms the last listed axis first (irfftn: the last one last), so with a
    # repeated axis the length it ends with is the first (irfftn: the last) listed one
    order = range(len(lengths)) if inverse_real else range(len(lengths) - 1, -1, -1)
    for i in order:
        shape[norm_axes[i]] = lengths[i]
    return shape, lengths


def fftn(
    a_shape: Shape, s: object = None, axes: object = None, norm: object = None, out: object = None
) -> int:
    """fftn / ifftn: 5·N·Σ ceil(log2 n_i) over the transformed axes."""
    _check_norm(norm)
    return _complex_cost(*transformed(a_shape, s, axes, inverse_real=False))


def fft2(
    a_shape: Shape,
    s: object = None,
    axes: object = (-2, -1),
    norm: object = None,
    out: object = None,
) -> int:
    """fft2 / ifft2: fftn over ``axes`` (default the last two)."""
    return fftn(a_shape, s, axes, norm)


def rfftn(
    a_shape: Shape, s: object = None, axes: object = None, norm: object = None, out: object = None
) -> int:
    """rfftn: half of fftn over the real (padded) input, rounded up."""
    _check_norm(norm)
    return _half(_complex_cost(*transformed(a_shape, s, axes, inverse_real=False)))


def rfft2(
    a_shape: Shape,
    s: object = None,
    axes: object = (-2, -1),
    norm: object = None,
    out: object = None,
) -> int:
    return rfftn(a_shape, s, axes, norm)


def irfftn(
    a_shape: Shape, s: object = None, axes: object = None, norm: object = None, out: object = None
) -> int:
    """irfftn: half of fftn over the real output, rounded up (last axis 2(m-1) by default)."""
    _check_norm(norm)
    return _half(_complex_cost(*transformed(a_shape, s, axes, inverse_real=True)))


def irfft2(
    a_shape: Shape,
    s: object = None,
    axes: object = (-2, -1),
    norm: object = None,
    out: object = None,
) -> int:
    return irfftn(a_shape, s, axes, norm)
