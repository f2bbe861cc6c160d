# Page 001 "Budget": the quick example, verbatim.
import mechestim as me

# Explicit budget with namespace
with me.BudgetContext(flop_budget=10**7, namespace="forward") as budget:
    W = me.ones((256, 256))
    x = me.ones((256,))
    h = me.einsum('ij,j->i', W, x)

    print(f"Used: {budget.flops_used:,} / {budget.flop_budget:,}")

# Session-wide summary across all namespaces
me.budget_summary()

# Programmatic access
data = me.budget_summary_dict()
