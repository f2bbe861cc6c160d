"""einsum: parsing, symmetry-aware planning and pricing, and execution of a plan.

A plan is a sequence of steps, each contracting some operands of the current list
(opt_einsum's path convention). Pricing is pure and lives in :mod:`flopscope._contraction`
(the symmetry model) and :mod:`flopscope._planner` (paths, steps): a step touching
``terms`` index combinations (unique ones, under the symmetry the contraction carries)
over ``n`` operands does ``n - 1`` multiplies and, if it sums a label, one add per term; a
multiply feeding an add is one multiply-add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from math import factorial
from typing import Any

import numpy as np
import opt_einsum
from opt_einsum import parser as oe_parser

from ._contraction import Identity, Network, operand_identities
from ._pathinfo import PathInfo, StepInfo
from ._permutations import multisets
from ._planner import Path, Step, check_path, find_path, price_path
from ._symmetry import SymmetryGroup

Shape = tuple[int, ...]

__all__ = [
    "Plan",
    "Step",
    "einsum_path_info",
    "execute",
    "operand_identities",
    "parse",
    "plan",
    "split_operands",
]


@dataclass(frozen=True)
class Plan:
    subscripts: str  # normalised, explicit output: "ij,jk->ik"
    shapes: tuple[Shape, ...]
    path: Path
    steps: tuple[Step, ...]
    planned_fma: int = 1  # the multiply-add price the path was optimised for
    network: Network | None = field(default=None, compare=False, repr=False)
    _costs: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    def cost(self, fma: int) -> int:
        """FLOPs billed for this plan with a multiply-add priced ``fma``."""
        c = self._costs.get(fma)
        if c is None:
            c = self._costs[fma] = sum(step.cost(fma) for step in self.steps)
        return c

    def dense_cost(self, fma: int) -> int:
        """The same path priced without any symmetry savings."""
        return sum(step.dense_cost(fma) for step in self.steps)

    @property
    def output_group(self) -> SymmetryGroup | None:
        """The symmetry of the result, on its axes (None when it has none)."""
        net = self.network
        if net is None or not self.steps:
            return None
        return _on_axes(net, net.output_group(self.steps[-1].ops), net.output)

    def step_infos(self, fma: int) -> tuple[StepInfo, ...]:
        net = self.network
        assert net is not None
        names = net.names
        current: list[tuple[int, bool]] = [(1 << t, False) for t in range(net.n)]
        out = []
        for step in self.steps:
            parts = [current[i] for i in step.operands]
            for i in sorted(step.operands, reverse=True):
                current.pop(i)
            ins = []
            in_groups = []
            for mask, reduced in parts:
                g = net.output_group(mask) if reduced else net.group(mask)
                ins.append("-" if g is None else g.describe(names))
                in_groups.append(g)
            g_out = net.output_group(step.ops)
            inputs, result = step.subscripts.split("->")
            out.append(
                StepInfo(
                    operands=step.operands,
                    subscripts=step.subscripts,
                    cost=step.cost(fma),
                    dense_cost=step.dense_cost(fma),
                    input_symmetries=tuple(ins),
                    output_symmetry="-" if g_out is None else g_out.describe(names),
                    output_group=_on_axes(net, g_out, result),
                    output_size=step.output_size,
                    bilinear_bound=_bilinear_bound(
                        net, inputs.split(","), result, [*in_groups, g_out]
                    ),
                )
            )
            current.append((step.ops, True))
        return tuple(out)

    def info(self, fma: int | None = None) -> PathInfo:
        """What ``einsum_path`` reports (``fma`` defaults to the one planned for)."""
        return PathInfo(self, self.planned_fma if fma is None else fma)


def _bilinear_bound(
    net: Network, inputs: list[str], result: str, groups: list[SymmetryGroup | None]
) -> int | None:
    """Solomonik & Demmel's multiplication count for a step contracting two fully symmetric
    operands into a fully symmetric result (no batch labels, one extent), else None: their
    symmetry-preserving algorithm makes one product per multiset of the step's ``w``
    distinct indices, C(n + w - 1, w) (its leading term n^w / w!; lower-order corrections
    come on top). "Contracting symmetric tensors using fewer multiplications", Proc. Royal
    Society A 472 (2016)."""
    if len(inputs) != 2 or not result:
        return None
    a, b = inputs
    in_a, in_b, out = set(a), set(b), set(result)
    if (
        any(len(set(x)) != len(x) for x in (a, b, result))  # repeated labels
        or not in_a & in_b  # nothing summed
        or in_a & in_b & out  # batch labels
        or not (in_a ^ in_b) <= out  # a label summed within one operand
    ):
        return None
    extents = {net.size[net.names.index(c)] for c in in_a | in_b}
    if len(extents) != 1:
        return None
    for labels, group in zip((a, b, result), groups, strict=True):
        if len(labels) > 1:
            on_axes = _on_axes(net, group, labels)
            if on_axes is None or on_axes.order != factorial(len(labels)):
                return None
    return multisets(extents.pop(), len(in_a | in_b))


def _on_axes(net: Network, group: SymmetryGroup | None, labels: str) -> SymmetryGroup | None:
    """A group on global labels (fixing all but ``labels``) as a group on those axes."""
    if group is None:
        return None
    index = {c: i for i, c in enumerate(net.names)}
    g = group.restrict([index[c] for c in labels])
    return None if g.is_trivial else g


def _normalise_optimize(optimize: Any) -> Any:
    if optimize is None or optimize is True:
        return "auto"
    if isinstance(optimize, str):
        if optimize == "einsum_path":
            raise ValueError("optimize='einsum_path' needs the path: ['einsum_path', (0, 1), ...]")
        return optimize
    if optimize is False:
        return False
    if isinstance(optimize, (list, tuple)):
        steps = list(optimize)
        if steps and isinstance(steps[0], str):
            if steps[0] != "einsum_path":
                raise ValueError(f"unknown path format {steps[0]!r}; expected 'einsum_path'")
            steps = steps[1:]
        try:
            return tuple(tuple(int(i) for i in step) for step in steps)
        except (TypeError, ValueError):
            raise TypeError(
                f"optimize must be a path such as [(0, 1), (0, 1)], got {optimize!r}"
            ) from None
    raise TypeError(
        f"optimize must be 'auto', 'optimal', 'dp', 'greedy', True, False or a path, "
        f"got {optimize!r}"
    )


def parse(subscripts: str, shapes: tuple[Shape, ...]) -> tuple[list[str], str]:
    """Input label strings and the output labels, with ellipses expanded."""
    # the common explicit form ("ij,jk->ik"), checked as opt_einsum checks it; anything
    # else (ellipses, spaces, an implicit output, an error to report) goes to opt_einsum
    lhs, arrow, output = subscripts.partition("->")
    if (
        arrow
        and subscripts.count("-") == 1
        and subscripts.count(">") == 1
        and "." not in subscripts
        and " " not in subscripts
        and len(set(output)) == len(output)
        and all(c in lhs for c in output)
    ):
        inputs = lhs.split(",")
        if len(inputs) == len(shapes) and not any(hasattr(s, "shape") for s in shapes):
            return _letters_only(inputs, output)
    joined, output, _ = oe_parser.parse_einsum_input((subscripts, *shapes), shapes=True)
    return _letters_only(joined.split(","), output)


def _letters_only(inputs: list[str], output: str) -> tuple[list[str], str]:
    """NumPy's rule (opt_einsum also takes digits and punctuation, which NumPy cannot run)."""
    for labels in (*inputs, output):
        if labels and not labels.isalpha():
            bad = next(c for c in labels if not c.isalpha())
            raise ValueError(
                f"invalid subscript {bad!r} in einstein sum subscripts string, "
                "subscripts must be letters"
            )
    return inputs, output


def _sizes(inputs: list[str], shapes: tuple[Shape, ...], subscripts: str) -> dict[str, int]:
    if len(inputs) != len(shapes):
        raise ValueError(
            f"einsum subscripts {subscripts!r} name {len(inputs)} operands but "
            f"{len(shapes)} were given"
        )
    sizes: dict[str, int] = {}
    for labels, shape in zip(inputs, shapes, strict=True):
        if len(labels) != len(shape):
            raise ValueError(
                f"einsum operand with subscripts {labels!r} has {len(shape)} dimensions, "
                f"expected {len(labels)}"
            )
        for label, extent in zip(labels, shape, strict=True):
            known = sizes.setdefault(label, extent)
            if known != extent:
                if 1 not in (known, extent):
                    raise ValueError(
                        f"einsum label {label!r} has extent {extent} in one operand and "
                        f"{known} in another"
                    )
                sizes[label] = max(known, extent)  # an extent of 1 broadcasts
    return sizes


@lru_cache(maxsize=4096)
def _plan(
    subscripts: str,
    shapes: tuple[Shape, ...],
    optimize: Any,
    groups: tuple[SymmetryGroup | None, ...] | None,
    identities: tuple[Identity | None, ...] | None,
    fma: int,
) -> Plan:
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum subscripts must be a string, got {subscripts!r}")
    optimize = _normalise_optimize(optimize)
    inputs, output = parse(subscripts, shapes)
    sizes = _sizes(inputs, shapes, subscripts)
    net = Network(inputs, output, shapes, sizes, groups, identities)
    if isinstance(optimize, tuple):
        path = check_path(optimize, net.n)
        if net.n == 1:
            path = ((0,),)
    else:
        path = find_path(net, optimize, fma)
    steps = price_path(net, path)
    net.compact()
    return Plan(",".join(inputs) + "->" + output, shapes, path, steps, fma, net)


def plan(
    subscripts: str,
    shapes: Any,
    optimize: Any = "auto",
    *,
    groups: Any = None,
    identities: Any = None,
    fma: int = 1,
) -> Plan:
    """The plan (path, steps, billed cost) of ``einsum(subscripts, *arrays)``.

    ``groups``: one :class:`SymmetryGroup` (on the operand's axes) or None per operand.
    ``identities``: as returned by :func:`operand_identities`. ``fma``: the multiply-add
    price the path is optimised for (1 for flopscope, 2 for mechestim). Cached.
    """
    if type(shapes) is list:  # a list of shapes: hashable for the cache without a retry
        shapes = tuple(map(tuple, shapes))
    try:
        return _plan(subscripts, shapes, optimize, groups, identities, fma)
    except TypeError:  # unhashable arguments (lists): normalise them and retry
        pass
    return _plan(
        subscripts,
        tuple(tuple(s) for s in shapes),
        _normalise_optimize(optimize),
        None if groups is None else tuple(groups),
        None
        if identities is None
        else tuple(None if i is None else (i[0], tuple(i[1])) for i in identities),
        fma,
    )


def einsum_path_info(
    subscripts: str,
    shapes: Any,
    optimize: Any = "auto",
    groups: Any = None,
    identities: Any = None,
    fma: int = 1,
) -> tuple[list[Any], PathInfo]:
    """``(path, info)`` as ``einsum_path`` returns them, planned and priced for ``fma``."""
    info = plan(subscripts, shapes, optimize, groups=groups, identities=identities, fma=fma).info(
        fma
    )
    return info.path, info


def split_operands(args: tuple) -> tuple[str, tuple]:
    """Accept both ``einsum('ij,jk', a, b)`` and the interleaved ``einsum(a, [0, 1], b, [1, 2])``."""
    if args and isinstance(args[0], str):
        return args[0], args[1:]
    subscripts, operands = oe_parser.convert_interleaved_input(args)
    return subscripts, tuple(operands)


_SMALL_TERMS = 1 << 14  # below this, NumPy's C einsum beats a BLAS round trip


@lru_cache(maxsize=1024)
def _expression(subscripts: str, shapes: tuple[Shape, ...], path: Path) -> Any:
    return opt_einsum.contract_expression(subscripts, *shapes, optimize=list(path))


def execute(p: Plan, operands: tuple, kwargs: dict[str, Any]) -> Any:
    """Run a plan on plain ndarrays, following its path step by step."""
    if len(operands) == 1 or (len(p.steps) == 1 and p.steps[0].dense_terms <= _SMALL_TERMS):
        return np.einsum(p.subscripts, *operands, **kwargs)
    if kwargs:  # dtype / order / casting / out: NumPy's einsum supports them with a path
        if kwargs.get("dtype") is not None:
            # NumPy < 2.4 ignores dtype along a path; computing in dtype from the start is what
            # einsum without a path does (and raises its TypeError when casting forbids it)
            kwargs = dict(kwargs)
            dtype = kwargs.pop("dtype")
            casting = kwargs.get("casting", "safe")
            operands = tuple(
                np.asarray(a).astype(dtype, casting=casting, copy=False) for a in operands
            )
        return np.einsum(p.subscripts, *operands, optimize=["einsum_path", *p.path], **kwargs)
    return _expression(p.subscripts, p.shapes, p.path)(*operands)
