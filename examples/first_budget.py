"""The 10-layer MLP of "Your First Budget", written with flopscope.

Run it under a budget with `make demo` (or `flopscope run examples/first_budget.py`).
In flopscope a multiply-add costs 1 FLOP, and arithmetic on counted arrays is
counted too, so `randn(...) * scale` is billed here (mechestim left it uncounted).
"""

import math

import flopscope.numpy as fnp

depth = 10  # number of layers
width = 256  # hidden dimension

fnp.random.seed(0)
scale = math.sqrt(2.0 / width)  # Kaiming init scale: Python float math is free
weights = [fnp.random.randn(width, width) * scale for _ in range(depth)]
x = fnp.random.randn(width)

h = x
for W in weights:
    h = fnp.einsum("ij,j->i", W, h)  # matrix-vector product: 256 x 256 = 65,536 FLOPs
    h = fnp.maximum(h, 0)  # ReLU: 256 FLOPs

result = fnp.sum(h)  # reduction: 256 FLOPs
print(f"output: {float(result):.6f}")
