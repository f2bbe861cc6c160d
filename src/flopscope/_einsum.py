"""einsum: parsing, contraction planning, pricing and execution of a plan.

A plan is a sequence of steps, each contracting some operands of the current list
(opt_einsum's path convention). Pricing is pure: a step over ``n`` operands touching
``terms`` index combinations does ``n - 1`` multiplies and (if it sums an index) one
add per term; a multiply feeding an add is one multiply-add.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import prod
from typing import Any

import numpy as np
import opt_einsum
from opt_einsum import parser as oe_parser

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Step:
    operands: tuple[int, ...]  # positions in the current operand list
    subscripts: str  # e.g. "ij,jk->ik"
    terms: int  # product of the extents of every label in the step
    n_inputs: int
    sums: bool  # whether the step sums over at least one label

    def cost(self, fma: int) -> int:
        mults = self.n_inputs - 1
        adds = 1 if self.sums else 0
        fmas = min(mults, adds)
        return self.terms * (fmas * fma + mults + adds - 2 * fmas)


@dataclass(frozen=True)
class Plan:
    subscripts: str  # normalised, explicit output: "ij,jk->ik"
    shapes: tuple[Shape, ...]
    path: tuple[tuple[int, ...], ...]
    steps: tuple[Step, ...]
    _expression: Any = None

    def cost(self, fma: int) -> int:
        return sum(step.cost(fma) for step in self.steps)


def _normalise_optimize(optimize: Any) -> Any:
    if optimize is None or optimize is True:
        return "auto"
    if isinstance(optimize, (list, tuple)):
        steps = list(optimize)
        if steps and steps[0] == "einsum_path":  # NumPy's explicit-path format
            steps = steps[1:]
        try:
            return tuple(tuple(int(i) for i in step) for step in steps)
        except TypeError:
            raise TypeError(
                f"optimize must be a path such as [(0, 1), (0, 1)], got {optimize!r}"
            ) from None
    return optimize


def parse(subscripts: str, shapes: tuple[Shape, ...]) -> tuple[list[str], str]:
    """Input label strings and the output labels, with ellipses expanded."""
    inputs, output, _ = oe_parser.parse_einsum_input((subscripts, *shapes), shapes=True)
    return inputs.split(","), output


@lru_cache(maxsize=4096)
def _plan(subscripts: str, shapes: tuple[Shape, ...], optimize: Any) -> Plan:
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum subscripts must be a string, got {subscripts!r}")
    inputs, output = parse(subscripts, shapes)
    if len(inputs) != len(shapes):
        raise ValueError(
            f"einsum subscripts {subscripts!r} name {len(inputs)} operands but "
            f"{len(shapes)} were given"
        )
    sizes: dict[str, int] = {}
    for labels, shape in zip(inputs, shapes):
        if len(labels) != len(shape):
            raise ValueError(
                f"einsum operand with subscripts {labels!r} has {len(shape)} dimensions, "
                f"expected {len(labels)}"
            )
        for label, extent in zip(labels, shape):
            known = sizes.setdefault(label, extent)
            if known != extent and 1 not in (known, extent):
                raise ValueError(
                    f"einsum label {label!r} has extent {extent} in one operand and "
                    f"{known} in another"
                )
            sizes[label] = max(known, extent)
    normalised = ",".join(inputs) + "->" + output
    if len(shapes) == 1:
        path: tuple[tuple[int, ...], ...] = ((0,),)
        contractions = [((0,), set(inputs[0]) - set(output), normalised)]
    else:
        opt = optimize if optimize is not False else [tuple(range(len(shapes)))]
        raw_path, info = opt_einsum.contract_path(normalised, *shapes, shapes=True, optimize=opt)
        path = tuple(tuple(step) for step in raw_path)
        contractions = [(c[0], c[1], c[2]) for c in info.contraction_list]
    steps = []
    for positions, removed, step_subscripts in contractions:
        step_inputs = step_subscripts.split("->")[0].split(",")
        labels = set("".join(step_inputs))
        steps.append(
            Step(
                operands=tuple(positions),
                subscripts=step_subscripts,
                terms=prod(sizes[label] for label in labels),
                n_inputs=len(step_inputs),
                sums=bool(removed),
            )
        )
    return Plan(normalised, shapes, path, tuple(steps))


def plan(subscripts: str, shapes: tuple[Shape, ...], optimize: Any = "auto") -> Plan:
    return _plan(subscripts, tuple(tuple(s) for s in shapes), _normalise_optimize(optimize))


def split_operands(args: tuple) -> tuple[str, tuple]:
    """Accept both ``einsum('ij,jk', a, b)`` and the interleaved ``einsum(a, [0, 1], b, [1, 2])``."""
    if args and isinstance(args[0], str):
        return args[0], args[1:]
    subscripts, operands = oe_parser.convert_interleaved_input(args)
    return subscripts, tuple(operands)


_SMALL_TERMS = 1 << 14  # below this, NumPy's C einsum beats a BLAS round trip


@lru_cache(maxsize=1024)
def _expression(subscripts: str, shapes: tuple[Shape, ...], path: tuple) -> Any:
    return opt_einsum.contract_expression(subscripts, *shapes, optimize=list(path))


def execute(p: Plan, operands: tuple, kwargs: dict[str, Any]) -> Any:
    """Run a plan on plain ndarrays, following its path step by step."""
    if kwargs:  # dtype / order / casting / out: NumPy's einsum supports them with a path
        return np.einsum(p.subscripts, *operands, optimize=["einsum_path", *p.path], **kwargs)
    if len(p.steps) == 1 and (p.steps[0].terms <= _SMALL_TERMS or len(operands) == 1):
        return np.einsum(p.subscripts, *operands)
    return _expression(p.subscripts, p.shapes, p.path)(*operands)
