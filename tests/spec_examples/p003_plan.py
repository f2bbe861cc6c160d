# Page 003 "Plan Your Budget": the cost-query, breakdown and namespace snippets, verbatim
# (indentation restored where the rendered page lost it).
import mechestim as me
# Einsum cost
cost = me.flops.einsum_cost('ij,jk->ik', shapes=[(256, 256), (256, 256)])
print(f"Matmul cost: {cost:,}") # 33,554,432 (2 × 256³)
# SVD cost
cost = me.flops.svd_cost(m=256, n=256, k=10)
print(f"SVD cost: {cost:,}") # 655,360
# Pointwise cost (unary/binary ops)
cost = me.flops.pointwise_cost(shape=(256, 256))
print(f"Pointwise cost: {cost:,}") # 65,536
# Reduction cost
cost = me.flops.reduction_cost(input_shape=(256, 256))
print(f"Reduction cost: {cost:,}") # 65,536

import mechestim as me
# Plan
steps = [
("einsum ij,j->i", me.flops.einsum_cost('ij,j->i', shapes=[(256, 256), (256,)])),
("ReLU (maximum)", me.flops.pointwise_cost(shape=(256,))),
("sum reduction", me.flops.reduction_cost(input_shape=(256,))),
]
total = sum(cost for _, cost in steps)
print(f"{'Operation':<20} {'FLOPs':>12}")
print("-" * 34)
for name, cost in steps:
    print(f"{name:<20} {cost:>12,}")
print("-" * 34)
print(f"{'Total':<20} {total:>12,}")

with me.BudgetContext(flop_budget=total, namespace="forward") as budget:
    # forward pass here
    ...
with me.BudgetContext(flop_budget=total, namespace="backward") as budget:
    # backward pass here
    ...
# Session-wide summary across all phases
me.budget_summary()
