# Page 000 "Debug Budget Overruns": every snippet, verbatim, in page order.
import mechestim as me

with me.BudgetContext(flop_budget=10_000_000) as budget:
    A = me.ones((256, 256))
    x = me.ones((256,))

    h = me.einsum('ij,j->i', A, x)
    h = me.exp(h)
    h = me.sum(h)

    print(budget.summary())

# Outside the context — summarises every namespace recorded this session
print(me.budget_summary())

data = me.budget_summary_dict()
print(f"Budget: {data['flop_budget']:,}")
print(f"Used:   {data['flops_used']:,}")
print(f"Left:   {data['flops_remaining']:,}")
for op_name, op_data in data["operations"].items():
    print(f"  {op_name}: {op_data['flops']:,} ({op_data['calls']} calls)")

for record in budget.op_log:
    print(f"{record.op_name:<16} ns={record.namespace!r}  cost={record.flop_cost:>12,}  cumulative={record.cumulative:>12,}")

import mechestim as me

with me.budget_live():
    with me.BudgetContext(flop_budget=10**8, namespace="training") as budget:
        for i in range(100):
            W = me.ones((256, 256))
            x = me.ones((256,))
            h = me.einsum('ij,j->i', W, x)
            h = me.exp(h)
            # The live display updates automatically as FLOPs are consumed
