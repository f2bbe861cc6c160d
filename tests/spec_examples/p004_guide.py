# Page 004 "Budget Planning & Debugging" (flopscope): every snippet that does not need
# symmetric tensors, verbatim and in page order.
import flopscope as flops
import flopscope.numpy as fnp

# Einsum cost
cost = flops.einsum_cost('ij,jk->ik', shapes=[(256, 256), (256, 256)])
print(f"Matmul cost: {cost:,}")         # 16,777,216 (256^3, FMA=1)

# SVD cost
cost = flops.svd_cost(m=256, n=256, k=10)
print(f"SVD cost: {cost:,}")            # 655,360

# Pointwise cost (unary/binary ops like exp, add, multiply)
cost = flops.pointwise_cost("exp", shape=(256, 256))
print(f"Pointwise cost: {cost:,}")      # 65,536

# Reduction cost (sum, mean, max, etc.)
cost = flops.reduction_cost("sum", input_shape=(256, 256))
print(f"Reduction cost: {cost:,}")      # 65,536

steps = [
    ("einsum ij,j->i", flops.einsum_cost('ij,j->i', shapes=[(256, 256), (256,)])),
    ("ReLU (maximum)", flops.pointwise_cost("maximum", shape=(256,))),
    ("sum reduction", flops.reduction_cost("sum", input_shape=(256,))),
]

total = sum(cost for _, cost in steps)
print(f"{'Operation':<20} {'FLOPs':>12}")
print("-" * 34)
for name, cost in steps:
    print(f"{name:<20} {cost:>12,}")
print("-" * 34)
print(f"{'Total':<20} {total:>12,}")

with flops.BudgetContext(flop_budget=10_000_000) as budget:
    A = fnp.ones((256, 256))
    x = fnp.ones((256,))
    h = fnp.einsum('ij,j->i', A, x)
    h = fnp.exp(h)
    h = fnp.sum(h)
    print(budget.summary())

data = flops.budget_summary_dict()
print(f"Budget: {data['flop_budget']:,}")
print(f"Used:   {data['flops_used']:,}")
print(f"Left:   {data['flops_remaining']:,}")
for op_name, op_data in data["operations"].items():
    print(f"  {op_name}: {op_data['flop_cost']:,} ({op_data['calls']} calls)")

with flops.BudgetContext(flop_budget=1000, namespace="predict") as budget:
    x = fnp.ones((1,))
    with fnp.namespace("fallback"):
        with fnp.namespace("sampling"):
            sample = fnp.add(x, 1)

data = budget.summary_dict(by_namespace=True)
print(data["by_namespace"]["predict.fallback.sampling"]["flops_used"])

with flops.BudgetContext(
    flop_budget=10_000_000,
    wall_time_limit_s=2.0,
    namespace="predict",
) as budget:
    # computation must stay within both limits
    ...

print(budget.summary())

for record in budget.op_log:
    print(f"{record.op_name:<16} cost={record.flop_cost:>12,}  cumulative={record.cumulative:>12,}")

with flops.budget_live():
    with flops.BudgetContext(flop_budget=10**8, namespace="training") as budget:
        for i in range(100):
            # ... computation ...
            pass
        # The live display updates automatically as FLOPs are consumed

with flops.BudgetContext(flop_budget=10**8, namespace="solver") as budget:
    with fnp.namespace("init"):
        # initialization
        ...

    with fnp.namespace("solve"):
        # main computation
        ...

print(budget.summary(by_namespace=True))
