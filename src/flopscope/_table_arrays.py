"""Op-table rows for NumPy's array-handling top level: creation, shape manipulation,
indexing, sorting / searching / sets, structural logic, dtype queries, I/O policy, and the
names deliberately refused.

Cost rules are in ``_cost_arrays`` (see its docstring for the model); the safe I/O in
``_io``; the kinds this family adds (``free:*``, ``shaped:args``, ``shaped:piecewise``) are
bound in ``_bind_arrays``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from . import _bind_arrays  # noqa: F401  (registers this family's kinds)
from . import _cost_arrays as rules
from ._ops import Op, numpy_function
from ._table_core import FREE

# ---------------------------------------------------------------------------
# rows

SORT = "size·⌈log2 n⌉, n = length of the sorted axis (size for axis=None)"
SEARCH = "size(v)·⌈log2(n + 1)⌉ (a binary search among the n sorted items per query)"
SET = "t·⌈log2 t⌉, t = the sizes of both inputs added (sort-based)"
UNIQUE = "n·⌈log2 n⌉ (sort-based), n = size; along an axis of length n: size·⌈log2 n⌉"
UNIQUE_FLAT = "n·⌈log2 n⌉ (sort-based), n = size"
TESTED = "size(a): one truth test per element"
RAW = "free (not logged); returns NumPy's Python object as is"
WRITES = "free on plain ndarrays; refused on counted arrays (read-only)"
CALLBACK = "free; the callback gets counted arrays, so what it computes is billed"
HISTOGRAM = (
    "n to find the data range (bins a count, range=None) + the estimator for a named rule "
    "(n; 'stone' n·max(100, ⌊√n⌋)) + the binning: n for uniform bins, n·⌈log2(b + 1)⌉ for "
    "b explicit edges"
)


def _free(name: str, fn: Any = None, *, methods: tuple[str, ...] = (),
          kind: str = "free:args", formula: str = FREE, arrays: tuple[str, ...] = (),
          params: tuple[str, ...] = ()) -> Op:  # fmt: skip
    if fn is None:
        fn = numpy_function(name)
    dispatch = not name.startswith("ndarray.") and kind != "free:index"
    return Op(name, kind, fn, formula=formula, methods=methods, dispatch=dispatch,
              arrays=arrays, params=params, category="free",
              symmetry=KEEPS_SYMMETRY.get(name, ""))  # fmt: skip


# what these free views and copies keep of a SymmetricTensor's group (_symmetric.free_call)
KEEPS_SYMMETRY = {
    "copy": "keep", "asanyarray": "keep", "ascontiguousarray": "keep",
    "asfortranarray": "keep", "swapaxes": "swapaxes",
}  # fmt: skip


def _counted(name: str, rule: Any, formula: str, arrays: tuple[str, ...], *,
             fn: Any = None, methods: tuple[str, ...] = ()) -> Op:  # fmt: skip
    if fn is None:
        fn = numpy_function(name)
    return Op(name, "shaped:args", fn, rule, formula, methods=methods,
              dispatch=not name.startswith("ndarray."), arrays=arrays)  # fmt: skip


def _grouped(category: str, ops: list[Op]) -> list[Op]:
    return [replace(op, category=category) for op in ops]


CREATION = [
    *(_free(name) for name in (
        "fromiter", "frombuffer", "fromstring", "from_dlpack", "identity", "logspace",
        "geomspace", "meshgrid", "indices", "tri", "tril", "triu", "diag", "diagflat",
        "vander", "copy", "asanyarray", "ascontiguousarray", "asfortranarray", "require",
        "astype",
    )),
    _free("fromfunction", kind="free:callback", params=("function",), formula=CALLBACK),
    *(_free(name, getattr(np, name), kind="free:index") for name in ("mgrid", "ogrid", "r_", "c_")),
]  # fmt: skip

SHAPE = [
    _free(name)
    for name in (
        "ravel", "squeeze", "expand_dims", "moveaxis", "rollaxis", "swapaxes",
        "matrix_transpose", "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_to",
        "broadcast_arrays", "resize", "diagonal",
        # joining and splitting
        "concatenate", "stack", "vstack", "hstack", "dstack", "column_stack", "block",
        "append", "insert", "delete", "unstack", "split", "array_split", "hsplit", "vsplit",
        "dsplit",
        # tiling, flipping, rolling, rotating
        "tile", "flip", "fliplr", "flipud", "roll", "rot90",
    )
] + [
    _free("repeat", methods=("repeat",)),
]  # fmt: skip

INDEXING = [
    _free("take", methods=("take",)),
    *(_free(name) for name in (
        "take_along_axis", "diag_indices", "diag_indices_from", "tril_indices",
        "tril_indices_from", "triu_indices", "triu_indices_from", "ix_", "ravel_multi_index",
        "unravel_index", "packbits", "unpackbits",
    )),
    _free("mask_indices", kind="free:callback", params=("mask_func",), formula=CALLBACK),
    _free("apply_along_axis", kind="free:callback", params=("func1d",), arrays=("arr",),
          formula=CALLBACK),
    _free("apply_over_axes", kind="free:callback", params=("func",), arrays=("a",),
          formula=CALLBACK),
    *(_free(name, kind="free:writes", formula=WRITES, arrays=(target,)) for name, target in (
        ("copyto", "dst"), ("put", "a"), ("place", "arr"), ("putmask", "a"),
        ("fill_diagonal", "a"), ("put_along_axis", "arr"),
    )),
]  # fmt: skip

QUERIES = [
    _free(name, kind="free:raw", formula=RAW)
    for name in (
        "shape", "ndim", "size", "result_type", "can_cast", "min_scalar_type", "promote_types",
        "common_type", "mintypecode", "isdtype", "issubdtype", "typename", "isscalar",
        "iterable", "isfortran", "may_share_memory", "shares_memory", "broadcast_shapes",
        "array2string", "array_repr", "array_str", "format_float_positional",
        "format_float_scientific", "base_repr", "binary_repr", "get_printoptions", "geterr",
        "getbufsize", "geterrcall", "datetime_data",
    )
] + [
    _free("datetime_as_string"),
    _free("nested_iters", kind="free:iter", formula=RAW + " (iterators over read-only views)"),
]  # fmt: skip

SORTING = [
    _counted("sort", rules.sort, SORT, ("a",)),
    _counted("argsort", rules.sort, SORT, ("a",), methods=("argsort",)),
    _counted("sort_complex", rules.sort_complex, "size·⌈log2 n⌉ along the last axis (complex "
             "values compare like real ones)", ("a",)),
    _counted("lexsort", rules.lexsort, "k·size·⌈log2 n⌉ for k keys (a comparison may look at "
             "every key), n = length of the sorted axis", ("*keys",)),
    _counted("partition", rules.partition, "per lane of n items: n per kth value (introselect), "
             "at most n·⌈log2 n⌉", ("a",)),
    _counted("argpartition", rules.partition, "per lane of n items: n per kth value "
             "(introselect), at most n·⌈log2 n⌉", ("a",), methods=("argpartition",)),
    _counted("searchsorted", rules.searchsorted, SEARCH, ("a", "v"), methods=("searchsorted",)),
    _counted("digitize", rules.digitize, "size(x)·⌈log2(b + 1)⌉ for b bin edges (a binary "
             "search per value)", ("x", "bins")),
]  # fmt: skip

SETS = [
    _counted("unique", rules.unique, UNIQUE, ("ar",)),
    *(_counted(name, rules.unique_flat, UNIQUE_FLAT, ("x",))
      for name in ("unique_all", "unique_counts", "unique_inverse", "unique_values")),
    _counted("isin", rules.merged, SET, ("element", "test_elements")),
    *(_counted(name, rules.merged, SET, ("ar1", "ar2"))
      for name in ("intersect1d", "setdiff1d", "setxor1d", "union1d")),
]  # fmt: skip

COUNTING = [
    _counted("bincount", rules.bincount, "size(x): one accumulation per element", ("x",)),
    _counted("histogram", rules.histogram, HISTOGRAM, ("a",)),
    _counted("histogram_bin_edges", rules.histogram_bin_edges, "n to find the data range (bins "
             "a count, range=None) + the estimator for a named rule (n; 'stone' "
             "n·max(100, ⌊√n⌋)); explicit edges cost 0", ("a",)),
    _counted("histogram2d", rules.histogram2d, "histogram's rule for each of the 2 coordinates "
             "of the N points", ("x", "y")),
    _counted("histogramdd", rules.histogramdd, "histogram's rule for each of the D coordinates "
             "of the N points of an (N, D) sample", ("~sample",)),
]  # fmt: skip

SELECTION = [
    _counted("where", rules.where, "where(c, x, y): size of the broadcast output (one selection "
             "each); where(c): size(c), as nonzero", ("condition", "x?", "y?")),
    _counted("nonzero", rules.tested, TESTED, ("a",), methods=("nonzero",)),
    _counted("argwhere", rules.tested, TESTED, ("a",)),
    _counted("flatnonzero", rules.tested, TESTED, ("a",)),
    _counted("trim_zeros", rules.tested, TESTED + " (the trimmed ends are found by testing "
             "every element)", ("filt",)),
    _counted("extract", rules.extract, "size(condition): one truth test per element (gathering "
             "is free)", ("condition", "arr")),
    _counted("compress", rules.compress, "size(condition): one truth test per element "
             "(gathering is free)", ("condition", "a")),
    _counted("ndarray.compress", rules.compress_method, "size(condition): one truth test per "
             "element (gathering is free)", ("a", "condition"), fn=np.ndarray.compress,
             methods=("compress",)),
    _counted("choose", rules.choose, "size of the broadcast output: one selection per element",
             ("a", "*choices"), methods=("choose",)),
    _counted("select", rules.select, "k·size(output) for k conditions (one where per "
             "condition, as NumPy evaluates it)", ("*condlist", "*choicelist")),
    Op("piecewise", "shaped:piecewise", np.piecewise, rules.piecewise,
       "pieces·size(x): one masked assignment per element per piece; functions are billed "
       "for their own counted operations (they receive counted pieces)"),
    _counted("asarray_chkfinite", rules.asarray_chkfinite, "size(a): one finiteness test per "
             "element", ("a",)),
    _counted("pad", rules.pad, "copying modes free (not logged); reflect_type='odd' 2 per "
             "padded element; maximum / minimum / mean / median: per axis, the stat_length "
             "values read per lane and side", ("array",)),
]  # fmt: skip

IO = [
    *(Op(name, "free:save", getattr(np, name), formula=FREE + "; never pickles",
         category="free") for name in ("save", "savez", "savez_compressed")),
    Op("load", "free:load", np.load, formula=FREE + "; allow_pickle=False always",
       dispatch=False, category="free"),
]  # fmt: skip

# CountedArray methods without a NumPy function of the same signature
METHODS = [
    *(_free(f"ndarray.{name}", getattr(np.ndarray, name), methods=(name,), kind="free:raw",
            formula=RAW) for name in ("tolist", "item", "tobytes")),
    *(_free(f"ndarray.{name}", getattr(np.ndarray, name), methods=(name,), kind="free:writes",
            formula="refused on counted arrays: it works in place (read-only)",
            arrays=("self",)) for name in ("sort", "partition", "fill", "put", "resize")),
]  # fmt: skip

OPS: list[Op] = [
    *CREATION, *SHAPE, *INDEXING, *QUERIES, *IO, *METHODS,
    *_grouped("sorting and searching", SORTING),
    *_grouped("sets", SETS),
    *_grouped("counting and histograms", COUNTING),
    *_grouped("truth tests and selection", SELECTION),
]  # fmt: skip

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {
    "concat": "concatenate",
    "row_stack": "vstack",
    "permute_dims": "transpose",
}

_IO_READ = (
    "flopscope reads arrays only from .npy / .npz files, without pickles (fnp.load); read "
    "other formats with numpy.{name} and wrap the result with fnp.asarray"
)
_IO_WRITE = (
    "flopscope writes arrays only as .npy / .npz, without pickles (fnp.save, fnp.savez, "
    "fnp.savez_compressed); for text, write np.asarray(x) with numpy.{name}"
)
_MEMMAP = (
    "a memory map is writable NumPy data that changes behind counted arrays; use "
    "fnp.load(path, mmap_mode='r') for a read-only counted view of a .npy file"
)
_SETTER = (
    "it changes NumPy's global {what}, which is not a computation on arrays; call "
    "numpy.{name} directly"
)
_NOT_COMPUTATION = "it is not a computation on arrays; call numpy.{name} directly"
_CALENDAR = (
    "business-day calendar arithmetic on datetime64 is outside flopscope's cost model; "
    "call numpy.{name} on np.asarray(...) data"
)
_PYFUNC = (
    "it runs a Python function element by element on plain NumPy scalars, so its arithmetic "
    "would escape counting; write the function with fnp operations on whole arrays (they "
    "broadcast), or use fnp.apply_along_axis / fnp.piecewise, whose callbacks receive "
    "counted arrays"
)
_MATRIX = (
    "numpy.matrix's operators (* is a matrix product) are NumPy's own and not counted; use "
    "2-D arrays with @ (fnp.matmul)"
)

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {
    **{name: _IO_READ.format(name=name)
       for name in ("loadtxt", "genfromtxt", "fromfile", "fromregex")},
    "savetxt": _IO_WRITE.format(name="savetxt"),
    "memmap": _MEMMAP,
    "set_printoptions": _SETTER.format(what="print options", name="set_printoptions"),
    "seterr": _SETTER.format(what="floating-point error handling", name="seterr"),
    "seterrcall": _SETTER.format(what="floating-point error handling", name="seterrcall"),
    "setbufsize": _SETTER.format(what="ufunc buffer size", name="setbufsize"),
    **{name: _NOT_COMPUTATION.format(name=name)
       for name in ("show_config", "show_runtime", "info", "test", "get_include")},
    **{name: _CALENDAR.format(name=name)
       for name in ("busday_count", "busday_offset", "is_busday", "busdaycalendar")},
    "vectorize": _PYFUNC,
    "frompyfunc": _PYFUNC,
    "matrix": _MATRIX,
    "asmatrix": _MATRIX,
    "bmat": _MATRIX,
    "recarray": "record arrays access fields as attributes of plain NumPy data, which "
    "flopscope does not count; use structured dtypes with fnp arrays, or numpy.recarray "
    "explicitly",
    "record": "it is the scalar type of numpy.recarray, which flopscope does not provide",
    "rec": "record arrays are not counted; use numpy.rec on np.asarray(...) data",
    "ma": "masked arrays compute with NumPy's own uncounted code; use fnp.where with a mask, "
    "or numpy.ma on np.asarray(...) data",
    "emath": "numpy.emath's functions (complex results for negative inputs) are not counted; "
    "pass complex input to the counted fnp.sqrt, fnp.log, fnp.power ... instead",
    "char": "string operations are not floating-point work; use numpy.char on "
    "np.asarray(...) data",
    "strings": "string operations are not floating-point work; use numpy.strings on "
    "np.asarray(...) data",
    "ctypeslib": "it hands NumPy buffers to C code, which flopscope cannot count",
    "f2py": "it builds Fortran extensions; it is not a computation on arrays",
    "testing": "NumPy's test helpers compute with NumPy itself; use numpy.testing on "
    "np.asarray(...) data",
    "lib": "it is NumPy's implementation namespace; its public functions are fnp.* "
    "(numpy.lib.stride_tricks.as_strided would give writable views of counted data)",
    "core": "it is NumPy's private implementation module; use the fnp.* functions",
    "in1d": "it is deprecated since NumPy 2.0 (and gone from 2.4); use "
    "fnp.isin(element, test_elements).ravel()",
}  # fmt: skip

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = [
    # constants and index helpers
    "e", "pi", "inf", "nan", "newaxis", "euler_gamma", "little_endian", "False_", "True_",
    "ScalarType", "sctypeDict", "typecodes", "s_", "index_exp",
    # classes: array, dtype, iteration and error-state types
    "ndarray", "dtype", "ufunc", "finfo", "iinfo", "errstate", "printoptions", "broadcast",
    "flatiter", "ndenumerate", "ndindex", "nditer", "__array_namespace_info__",
    # scalar types
    "generic", "number", "integer", "signedinteger", "unsignedinteger", "inexact",
    "floating", "complexfloating", "flexible", "character", "bool", "bool_", "object_",
    "bytes_", "str_", "void", "datetime64", "timedelta64",
    "byte", "short", "intc", "int_", "long", "longlong", "intp",
    "ubyte", "ushort", "uintc", "uint", "ulong", "ulonglong", "uintp",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "half", "single", "double", "longdouble", "float16", "float32", "float64",
    "csingle", "cdouble", "clongdouble", "complex64", "complex128",
    # submodules for typing and exceptions
    "dtypes", "exceptions", "typing",
] + [name for name in ("float128", "complex256") if hasattr(np, name)]  # fmt: skip
