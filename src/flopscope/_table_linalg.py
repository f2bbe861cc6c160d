"""Op-table rows for numpy.linalg and NumPy's contractions (tensordot, inner, outer, kron,
vdot, vecdot, matvec, vecmat, trace, cross).

The cost rules and where their formulas come from are in ``_cost_linalg`` and
``_cost_products``. Rows are of the general ``shaped`` kind (``_ops``); ``svd`` runs an
implementation with an extra ``k=``.
Results keep NumPy's types, named tuples included (``SVDResult``, ``QRResult`` …).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _cost_linalg as c  # factorisations, solvers, norms
from . import _cost_products as p  # products and contractions
from . import _costs
from ._ops import IMPLEMENTATIONS, Op, numpy_function
from ._table_core import FREE, MATMUL

L: Any = np.linalg  # (untyped: svd is called with runtime flags)
KIND = "shaped"

PER_MATRIX = ", per matrix of the stack (…, M, N)"
SVD_NOTE = "as flops.svd_cost(m, n, k)"


def _svd(a: Any, full_matrices: bool = True, compute_uv: bool = True,
         hermitian: bool = False, *, k: int | None = None) -> Any:  # fmt: skip
    """NumPy's svd, and with ``k`` the k largest singular triplets (a truncated SVD)."""
    if k is None:
        return L.svd(a, full_matrices, compute_uv, hermitian)
    result = L.svd(a, False, compute_uv, hermitian)
    if not compute_uv:
        return result[..., :k]
    u, s, vh = result
    return type(result)(u[..., :k], s[..., :k], vh[..., :k, :])


IMPLEMENTATIONS["linalg.svd"] = _svd  # svd(a, k=…): a truncated SVD


def _row(name: str, rule: Any, formula: str, arrays: tuple[str, ...] = ("a",), *,
         fma: bool = False, methods: tuple[str, ...] = (), category: str = "linalg") -> Op:  # fmt: skip
    """A ``shaped`` row: ``arrays`` are the leading array parameters."""
    return Op(name, KIND, numpy_function(name), rule, formula, methods=methods, arrays=arrays,
              multiply_adds=fma, category=category)  # fmt: skip


def _matmul(name: str) -> Op:
    """``linalg.matmul`` is ``matmul``: the core's binding, symmetric operands included."""
    return Op(
        name, "contraction", numpy_function(name), _costs.matmul, MATMUL, category="contraction"
    )


# ---------------------------------------------------------------------------
# formulas in words (the rules are in _cost_linalg)

LU = "2n³/3"
SOLVE = f"LU {LU} + 2n² per right-hand side (forward and back substitution)"
INV = f"8n³/3: LU {LU} + 2n² for each of the n columns of the identity"
HOUSEHOLDER = (
    "Householder QR (LAPACK Working Note 41, Golub & Van Loan §5.2): R costs "
    "4mnk − 2(m+n)k² + 4k³/3, k = min(m, n) (2mn² − 2n³/3 for m ≥ n), alone for modes "
    "'r' and 'raw'; forming Q adds 4mqk − 2(m+q)k² + 4k³/3 with q = k ('reduced') or q = m "
    "('complete')"
)
VALUES_ONLY = "values alone cost half of values and vectors"
NORM = (
    "per norm computed; vectors of n elements: FMA·n + 1 for the 2-norm (x·x and a square "
    "root), n for ord 1, ±inf or 0, 2n + 1 for other ord (|x|^p, the sum, the root); "
    "matrices m x n: FMA·m·n + 1 for 'fro', m·n + n for ord ±1, m·n + m for ±inf, the "
    "singular values (m·n·k/2) + k for ±2 and 'nuc' (k = min(m, n)); |x| is free; "
    "empty input costs 0"
)

LINALG = [
    _row("linalg.cholesky", c.cholesky,
         "n³/3 (Golub & Van Loan Alg. 4.2.2)" + PER_MATRIX),
    _row("linalg.det", c.det, f"{LU} (LU with partial pivoting)" + PER_MATRIX),
    _row("linalg.slogdet", c.slogdet, f"{LU} (LU with partial pivoting)" + PER_MATRIX),
    _row("linalg.inv", c.inv, INV + PER_MATRIX),
    _row("linalg.solve", c.solve,
         SOLVE + ", per matrix of the broadcast stack; b is one right-hand side when 1-D, "
         "else (…, n, k) holds k", ("a", "b")),
    _row("linalg.tensorinv", c.tensorinv, "as linalg.inv of the N x N matrix, "
         "N = prod(a.shape[ind:])"),
    _row("linalg.tensorsolve", c.tensorsolve, "as linalg.solve of one right-hand side, "
         "N = prod(x.shape): 2N³/3 + 2N²", ("a", "b")),
    _row("linalg.qr", c.qr, HOUSEHOLDER + PER_MATRIX),
    _row("linalg.svd", c.svd,
         "m·n·k, k = min(m, n), or the k given for a truncated SVD (svd(a, k=…) returns "
         f"the k largest triplets), {SVD_NOTE}; m·n·k/2 for compute_uv=False" + PER_MATRIX),
    _row("linalg.svdvals", c.svdvals, "m·n·min(m, n)/2: the singular values alone, "
         "half of linalg.svd" + PER_MATRIX, ("x",)),
    _row("linalg.eig", c.eig,
         "25n³ (Hessenberg QR with the Schur vectors, Golub & Van Loan §7.5.6)" + PER_MATRIX),
    _row("linalg.eigvals", c.eigvals,
         "10n³ (Hessenberg QR, eigenvalues alone, Golub & Van Loan §7.5.6)" + PER_MATRIX),
    _row("linalg.eigh", c.eigh, "n³, as linalg.svd of the same matrix (for a positive "
         "semi-definite matrix they are the same factorisation)" + PER_MATRIX),
    _row("linalg.eigvalsh", c.eigvalsh,
         "n³/2, as linalg.svdvals of the same matrix" + PER_MATRIX),
    _row("linalg.pinv", c.pinv,
         "thin SVD m·n·k + k reciprocals + k·m to scale Uᴴ + FMA·n·k·m for V·(S⁺Uᴴ), "
         "k = min(m, n)" + PER_MATRIX, fma=True),
    _row("linalg.lstsq", c.lstsq,
         "by the SVD (LAPACK xGELSD): m·n·k + k reciprocals, then per right-hand side "
         "FMA·(m+n)·k (Uᴴb and V·…) + k (scaling) + FMA·(m−n) for the residual when m > n; "
         "k = min(m, n)", ("a", "b"), fma=True),
    _row("linalg.matrix_rank", c.matrix_rank,
         "the singular values (m·n·k/2) + k comparisons with the tolerance, k = min(m, n), "
         "per matrix; one comparison per element below 2 dimensions", ("A",)),
    _row("linalg.cond", c.cond,
         "p None or ±2: the singular values (m·n·k/2) + 1 division; other p: linalg.inv "
         "+ two matrix norms (see linalg.norm) + 1 multiplication" + PER_MATRIX, ("x",),
         fma=True),
    _row("linalg.norm", c.norm, NORM, ("x",), fma=True),
    _row("linalg.vector_norm", c.vector_norm, NORM, ("x",), fma=True),
    _row("linalg.matrix_norm", c.matrix_norm, NORM, ("x",), fma=True),
    _row("linalg.matrix_power", p.matrix_power,
         "NumPy's binary powering: (bit_length(|n|) − 1 + popcount(|n|) − 1) products of "
         "FMA·m³, + linalg.inv when n < 0" + PER_MATRIX, fma=True),
    _row("linalg.multi_dot", p.multi_dot,
         "FMA x Σ m·k·n over the products of the order NumPy picks (the optimal chain "
         "order); two arrays as dot", ("*",), fma=True, category="contraction"),
]  # fmt: skip

TENSORDOT = (
    "FMA x prod(free axes of a) x prod(contracted axes) x prod(free axes of b); with no "
    "contracted axis (axes=0) an outer product: one multiply per output element"
)
GUFUNC = "FMA x {} per element of the broadcast loop dimensions (conjugation is free)"
TRACE = "one addition per diagonal element summed (as sum: the elements of its input)"
CROSS = (
    "per pair of vectors: 9 for 3-vectors (6 multiplies, 3 subtractions), 3 for 2-vectors "
    "(2 multiplies, 1 subtraction), 6 for a 2-vector with a 3-vector (4 multiplies, a "
    "negation, a subtraction), over the broadcast stack"
)
OUTER = "one multiply per output element: size(a)·size(b)"

CONTRACTIONS = [
    _row("tensordot", p.tensordot, TENSORDOT, ("a", "b"), fma=True, category="contraction"),
    _row("linalg.tensordot", p.linalg_tensordot, TENSORDOT, ("x1", "x2"), fma=True,
         category="contraction"),
    _row("inner", p.inner, "FMA x prod(a.shape) x prod(b.shape) / n, n the shared last axis; "
         "a scalar operand: one multiply per output element", ("a", "b"), fma=True,
         category="contraction"),
    _row("outer", p.outer, OUTER, ("a", "b"), category="contraction"),
    _row("linalg.outer", p.linalg_outer, OUTER + " (1-D operands)", ("x1", "x2"),
         category="contraction"),
    _row("kron", p.kron, OUTER, ("a", "b"), category="contraction"),
    _row("vdot", p.vdot, "FMA x size(a) (conjugation is free)", ("a", "b"), fma=True,
         category="contraction"),
    _matmul("linalg.matmul"),
    _row("vecdot", p.vecdot, GUFUNC.format("n"), ("x1", "x2"), fma=True,
         category="contraction"),
    _row("linalg.vecdot", p.linalg_vecdot, GUFUNC.format("n"), ("x1", "x2"), fma=True,
         category="contraction"),
    _row("matvec", p.matvec, GUFUNC.format("m·n"), ("x1", "x2"), fma=True,
         category="contraction"),
    _row("vecmat", p.vecmat, GUFUNC.format("n·m"), ("x1", "x2"), fma=True,
         category="contraction"),
    _row("trace", p.trace, TRACE, methods=("trace",), category="contraction"),
    _row("linalg.trace", p.linalg_trace, TRACE + ", over the last two axes", ("x",),
         category="contraction"),
    _row("cross", p.cross, CROSS, ("a", "b"), category="contraction"),
    _row("linalg.cross", p.linalg_cross, CROSS + " (3-vectors only)", ("x1", "x2"),
         category="contraction"),
]  # fmt: skip

VIEWS = [
    Op("linalg.diagonal", "free", L.diagonal, formula=FREE),
    Op(
        "linalg.matrix_transpose",
        "free",
        L.matrix_transpose,
        formula=FREE,
        symmetry="matrix_transpose",
    ),
]

OPS: list[Op] = [*LINALG, *CONTRACTIONS, *VIEWS]

# other public names for the same op: alias -> dotted name of the row
ALIASES: dict[str, str] = {}

# names deliberately not provided: dotted name -> why, and what to use instead
REFUSED: dict[str, str] = {
    "linalg.test": "it runs NumPy's own test suite, not a computation on arrays",
}

# NumPy names re-exported unchanged by flopscope.numpy (constants, dtypes, classes)
PASSTHROUGH: list[str] = ["linalg.LinAlgError"]
