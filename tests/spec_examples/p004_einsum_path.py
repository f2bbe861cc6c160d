# Page 004 "Budget Planning & Debugging": the einsum_path snippet, verbatim after a
# preamble (not on the page, which leaves T, A, B, C to the reader) that builds them as
# page 003 does.
import numpy as np

import flopscope as flops
import flopscope.numpy as fnp

T = flops.as_symmetric(np.random.randn(50, 50, 50), symmetric_axes=(0, 1, 2))
A = fnp.ones((50, 50))
B = fnp.ones((50, 50))
C = fnp.ones((50, 50))
# --- verbatim from here
path, info = fnp.einsum_path('ijk,ai,bj,ck->abc', T, A, B, C)
print(f"Optimized cost: {info.optimized_cost:,}")
print(f"Naive cost:     {info.naive_cost:,}")
print(f"Speedup:        {info.speedup:.1f}x")
print(info)  # full per-step table
# --- end of the page's snippet
print(flops.budget_summary_dict()["operations"]["einsum_path"])
