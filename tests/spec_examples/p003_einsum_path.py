# Page 003 "Plan Your Budget": the multi-operand einsum_path snippet, verbatim.
import mechestim as me
import numpy as np
T = me.as_symmetric(np.random.randn(50, 50, 50), symmetric_axes=(0, 1, 2))
A = me.ones((50, 50))
B = me.ones((50, 50))
C = me.ones((50, 50))
path, info = me.einsum_path('ijk,ai,bj,ck->abc', T, A, B, C)
print(f"Optimized cost: {info.optimized_cost:,}")
print(f"Naive cost: {info.naive_cost:,}")
print(f"Speedup: {info.speedup:.1f}x")
print(f"Largest intermediate: {info.largest_intermediate:,} elements")
print(info) # full per-step table
