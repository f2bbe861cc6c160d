"""Shared hypothesis building block for the planner tests: operands drawn as (possibly
transposed) views of a few base arrays, each base carrying its own symmetry group."""

from __future__ import annotations

from hypothesis import strategies as st


def draw_operands(draw, bases, labels, extent, *, loners=False):
    """2-6 operands over ``labels`` (one ``extent``), each a view of one of ``bases``
    (``(group or None, ndim)``) under a random axis permutation; with ``loners``, now and
    then an operand of its own. Returns (inputs, output, shapes, groups, identities)."""
    inputs, groups, identities = [], [], []
    for _ in range(draw(st.integers(2, 6))):
        if loners and draw(st.integers(0, 4)) == 0:  # an operand of its own
            ndim = draw(st.integers(1, 3))
            inputs.append("".join(draw(st.sampled_from(labels)) for _ in range(ndim)))
            groups.append(None)
            identities.append(None)
            continue
        cid = draw(st.integers(0, len(bases) - 1))
        group, ndim = bases[cid]
        perm = tuple(draw(st.permutations(list(range(ndim)))))
        inputs.append("".join(draw(st.sampled_from(labels)) for _ in range(ndim)))
        groups.append(None if group is None else group.relabel(perm))
        identities.append((cid, perm))
    used = sorted(set("".join(inputs)))
    output = "".join(c for c in used if draw(st.booleans()))
    shapes = [(extent,) * len(s) for s in inputs]
    return inputs, output, shapes, groups, identities
