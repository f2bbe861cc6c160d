"""What ``einsum_path`` returns: the path in NumPy's format and a readable report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._symmetry import SymmetryGroup

if TYPE_CHECKING:
    from ._einsum import Plan


@dataclass(frozen=True)
class StepInfo:
    """One contraction step of a planned einsum."""

    operands: tuple[int, ...]  # positions contracted, in the current operand list
    subscripts: str  # e.g. "ijk,ai->ajk"
    cost: int  # FLOPs billed for this step
    dense_cost: int  # FLOPs of the same step without any symmetry savings
    input_symmetries: tuple[str, ...]  # e.g. ("S3{i,j,k}", "-")
    output_symmetry: str  # e.g. "S2{j,k}", "-" when none
    output_group: SymmetryGroup | None  # the result's group, on its axes (subscript order)
    output_size: int  # elements of the (dense) result
    # Solomonik & Demmel's symmetry-preserving algorithm: its multiplications, a lower bound
    # for this step (fully symmetric operands and result only; None otherwise)
    bilinear_bound: int | None = None


class PathInfo:
    """The plan of an einsum: costs, path and per-step records; ``str()`` is a table."""

    def __init__(self, plan: Plan, fma: int) -> None:
        self.subscripts = plan.subscripts
        self.shapes = plan.shapes
        self.fma = fma
        self.steps = plan.step_infos(fma)
        self.optimized_cost = plan.cost(fma)
        self.naive_cost = plan.dense_cost(fma)  # the same path without symmetry savings
        self.speedup = self.naive_cost / self.optimized_cost if self.optimized_cost else 1.0
        self.largest_intermediate = max((s.output_size for s in self.steps), default=0)
        self.output_group = plan.output_group
        self.output_symmetry = self.steps[-1].output_symmetry if self.steps else "-"

    @property
    def path(self) -> list[Any]:
        """NumPy's format: ``['einsum_path', (0, 1), ...]``."""
        return ["einsum_path", *(s.operands for s in self.steps)]

    @property
    def contraction_list(self) -> list[tuple[tuple[int, ...], str]]:
        return [(s.operands, s.subscripts) for s in self.steps]

    def __repr__(self) -> str:
        return (
            f"PathInfo({self.subscripts!r}, optimized_cost={self.optimized_cost:,}, "
            f"naive_cost={self.naive_cost:,}, path={self.path!r})"
        )

    def __str__(self) -> str:
        shapes = ", ".join("(" + ",".join(map(str, s)) + ")" for s in self.shapes)
        convention = "1 FLOP" if self.fma == 1 else f"{self.fma} FLOPs"
        head = [
            f"  Complete contraction:  {self.subscripts}",
            f"  Operand shapes:        {shapes}",
            f"  Optimized cost:        {self.optimized_cost:,} FLOPs (a multiply-add = {convention})",
            f"  Naive cost:            {self.naive_cost:,} (same path, no symmetry savings)",
            f"  Speedup:               {self.speedup:.3f}x",
            f"  Largest intermediate:  {self.largest_intermediate:,} elements",
            f"  Output symmetry:       {self.output_symmetry}",
        ]
        bounded = [(k + 1, s.bilinear_bound) for k, s in enumerate(self.steps) if s.bilinear_bound]
        if bounded:
            which = ", ".join(str(k) for k, _ in bounded)
            head.append(
                f"  Bilinear lower bound:  {sum(b for _, b in bounded):,} multiplications in "
                f"step{'s' if len(bounded) > 1 else ''} {which} (Solomonik-Demmel "
                f"symmetry-preserving algorithm; not the billing rule)"
            )
        rows = [
            (
                str(k + 1),
                str(s.operands),
                s.subscripts,
                f"{s.cost:,}",
                f"{s.dense_cost:,}",
                ", ".join(s.input_symmetries),
                s.output_symmetry,
            )
            for k, s in enumerate(self.steps)
        ]
        titles = ("step", "operands", "contraction", "cost", "dense cost", "symmetry in", "out")
        widths = [max(len(t), *(len(r[i]) for r in rows)) for i, t in enumerate(titles)]
        right = {0, 3, 4}

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(
                c.rjust(w) if i in right else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        rule = "-" * len(line(tuple("-" * w for w in widths)))
        return "\n".join([*head, rule, line(titles), rule, *(line(r) for r in rows)])
