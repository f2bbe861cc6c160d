"""Safe file I/O for the op table: ``save`` / ``savez`` / ``savez_compressed`` / ``load``.

NumPy's ``.npy`` / ``.npz`` formats are kept, without pickles: loading a pickle runs
arbitrary code from the file, and pickled object arrays would carry Python objects
whose arithmetic flopscope cannot count. Every other NumPy file or text reader and
writer is refused in ``_table_arrays.REFUSED`` with the reason and what to use instead.

Saving and loading are free (not logged); flopscope's ``load`` returns read-only counted
arrays (an ``.npz`` archive yields them by name), mechestim's plain ndarrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ._array import plain, to_counted
from ._flavor import Flavor
from ._ops import BUILDERS, Op
from ._signatures import signature

PICKLE_MESSAGE = (
    "flopscope never reads or writes pickles: loading one runs arbitrary code from the file, "
    "and object arrays hold Python objects whose arithmetic is not counted. Save numeric "
    "arrays (allow_pickle=False), or use numpy.{name} on np.asarray(...) data to leave "
    "counting explicitly"
)


def _no_pickle(name: str, kwargs: dict[str, Any]) -> None:
    if kwargs.get("allow_pickle", False):
        raise ValueError(PICKLE_MESSAGE.format(name=name))
    kwargs["allow_pickle"] = False


class CountedNpz(Mapping[str, Any]):
    """The arrays of an ``.npz`` archive, read lazily by name as read-only counted arrays."""

    def __init__(self, npz: Any) -> None:
        self._npz = npz

    def __getitem__(self, key: str) -> Any:
        return to_counted(self._npz[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._npz)

    def __len__(self) -> int:
        return len(self._npz)

    def __contains__(self, key: object) -> bool:
        return key in self._npz

    @property
    def files(self) -> list[str]:
        return list(self._npz.files)

    def close(self) -> None:
        self._npz.close()

    def __enter__(self) -> CountedNpz:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CountedNpz({self.files})"


def _save(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """save / savez / savez_compressed: arrays written as they are, never pickled."""
    fn = op.numpy
    name = op.name
    takes_flag = "allow_pickle" in signature(fn).parameters  # savez: from NumPy 2.2

    def call(file: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "save" and len(args) > 1:  # save(file, arr, allow_pickle)
            if args[1]:
                raise ValueError(PICKLE_MESSAGE.format(name=name))
            args = (*args[:1], False, *args[2:])
        else:
            _no_pickle(name, kwargs)
        if not takes_flag:  # an older savez would store the flag as an array, and pickle
            del kwargs["allow_pickle"]  # object arrays unasked: refuse those here
            if any(np.asarray(plain(a)).dtype.hasobject for a in (*args, *kwargs.values())):
                raise ValueError(PICKLE_MESSAGE.format(name=name))
        plains = {k: plain(v) for k, v in kwargs.items()}
        return fn(file, *(plain(a) for a in args), **plains)

    return call


def _load(op: Op, flavor: Flavor) -> Callable[..., Any]:
    """load: ``allow_pickle=False`` always; counted arrays in flopscope."""
    fn = op.numpy
    counted = flavor.counted_outputs

    def call(file: Any, *args: Any, **kwargs: Any) -> Any:
        if len(args) >= 2:  # allow_pickle passed positionally (file, mmap_mode, allow_pickle)
            if args[1]:
                raise ValueError(PICKLE_MESSAGE.format(name="load"))
            args = (*args[:1], False, *args[2:])
        else:
            _no_pickle("load", kwargs)
        result = fn(file, *args, **kwargs)
        if not counted:
            return result
        if isinstance(result, np.ndarray):
            return to_counted(result)
        return CountedNpz(result)

    return call


BUILDERS["free:save"] = _save
BUILDERS["free:load"] = _load
