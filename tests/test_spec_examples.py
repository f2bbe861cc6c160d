"""Every example of spec pages 000-004 runs verbatim and
prints the numbers the pages show. Each runs in a fresh interpreter, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "spec_examples"


def run_example(name: str, **env: str) -> str:
    clean_env = {k: v for k, v in os.environ.items() if not k.endswith("_DEFAULT_BUDGET")}
    clean_env.update(env, COLUMNS="100")
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        env=clean_env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


MECHESTIM_CONTEXT_SUMMARY = """\
mechestim FLOP Budget Summary
=============================
  Total budget:      10,000,000
  Used:                 131,584  (1.3%)
  Remaining:          9,868,416  (98.7%)

  By operation:
    einsum                131,072  ( 99.6%)  [1 call]
    exp                       256  (  0.2%)  [1 call]
    sum                       256  (  0.2%)  [1 call]"""

MLP_OPERATIONS = """\
    einsum        1,310,720  ( 66.6%)  [10 calls]
    random.randn    655,616  ( 33.3%)  [11 calls]
    maximum           2,560  (  0.1%)  [10 calls]
    sum                 256  (  0.0%)   [1 call]"""


def test_page_000_debug_budget_overruns():
    out = run_example("p000_debug_overruns.py")
    assert MECHESTIM_CONTEXT_SUMMARY in out
    assert "Budget: 10,000,000\nUsed:   131,584\nLeft:   9,868,416\n" in out
    assert "  einsum: 131,072 (1 calls)\n  exp: 256 (1 calls)\n  sum: 256 (1 calls)\n" in out
    assert "einsum           ns=None  cost=     131,072  cumulative=     131,072" in out
    assert "exp              ns=None  cost=         256  cumulative=     131,328" in out
    assert "sum              ns=None  cost=         256  cumulative=     131,584" in out
    # budget_live() shows the training context: 100 x (131,072 + 256)
    assert "13,132,800" in out and "training" in out


def test_page_001_quick_example():
    out = run_example("p001_budget_quick.py")
    assert "Used: 131,072 / 10,000,000" in out
    assert "mechestim FLOP Budget Summary" in out
    assert "forward" in out and "9,868,928" in out


def test_page_002_first_budget_with_global_default():
    out = run_example("p002_first_budget.py")
    assert "mechestim FLOP Budget Summary" in out
    row = next(line for line in out.splitlines() if "(default)" in line and "│" in line)
    assert "1.00e+15" in row and "1,969,152" in row and "~1.00e+15" in row
    assert "  (default) — by operation\n" + MLP_OPERATIONS in out


def test_page_002_env_var_sets_the_default_budget():
    out = run_example("p002_first_budget.py", MECHESTIM_DEFAULT_BUDGET="1e9")
    row = next(line for line in out.splitlines() if "(default)" in line and "│" in line)
    assert "1,000,000,000" in row and "998,030,848" in row


@pytest.mark.parametrize("name", ["p002_explicit_context.py", "p002_decorator.py"])
def test_page_002_named_budget(name):
    out = run_example(name)
    row = next(line for line in out.splitlines() if "mlp-forward" in line and "│" in line)
    assert "50,000,000" in row and "1,969,152" in row and "48,030,848" in row
    assert "  mlp-forward — by operation\n" + MLP_OPERATIONS in out


def test_page_002_by_namespace_uses_the_summary_figure():
    # the page's comment says 1313536; the issue rules that the summary's 1,969,152 wins
    out = run_example("p002_decorator.py")
    assert "BY_NAMESPACE 1969152" in out


def test_page_003_cost_queries_and_plan():
    out = run_example("p003_plan.py")
    assert "Matmul cost: 33,554,432\n" in out
    assert "SVD cost: 655,360\n" in out
    assert "Pointwise cost: 65,536\n" in out
    assert "Reduction cost: 65,536\n" in out
    table = """\
Operation                   FLOPs
----------------------------------
einsum ij,j->i            131,072
ReLU (maximum)                256
sum reduction                 256
----------------------------------
Total                     131,584"""
    assert table in out
    assert "forward" in out and "backward" in out and "131,584" in out


def test_page_004_guide():
    out = run_example("p004_guide.py")
    assert "Matmul cost: 16,777,216\n" in out
    assert "SVD cost: 655,360\n" in out
    assert "Pointwise cost: 65,536\n" in out
    assert "Reduction cost: 65,536\n" in out
    assert "einsum ij,j->i             65,536\nReLU (maximum)                256\n" in out
    assert "Total                      66,048" in out
    summary = """\
flopscope FLOP Budget Summary
=============================
  Total budget:      10,000,000
  Used:                  66,048  (0.7%)
  Remaining:          9,933,952  (99.3%)

  By operation:
    einsum                 65,536  ( 99.2%)  [1 call]
    exp                       256  (  0.4%)  [1 call]
    sum                       256  (  0.4%)  [1 call]

  Wall time:"""
    assert summary in out
    assert "Budget: 10,000,000\nUsed:   66,048\nLeft:   9,933,952\n" in out
    assert "  einsum: 65,536 (1 calls)\n" in out
    lines = out.splitlines()
    assert lines[lines.index("  sum: 256 (1 calls)") + 1] == "1"  # predict.fallback.sampling
    assert "flopscope FLOP Budget Summary [predict]" in out
    assert "flopscope FLOP Budget Summary [solver]" in out


def test_page_003_einsum_path_with_a_symmetric_tensor():
    out = run_example("p003_einsum_path.py")
    # T is S3 (projected from random data), A, B, C distinct: mechestim prices a multiply-add 2
    assert "Optimized cost: 31,375,000\nNaive cost: 37,500,000\nSpeedup: 1.2x\n" in out
    assert "Largest intermediate: 125,000 elements" in out
    assert "ijk,ck->ijc   6,375,000  12,500,000  S3{i,j,k}, -  S2{i,j}" in out


def test_page_004_einsum_path_records_a_one_flop_planning_event():
    out = run_example("p004_einsum_path.py")
    assert "Optimized cost: 15,687,500\nNaive cost:     18,750,000\nSpeedup:        1.2x\n" in out
    assert "multiply-add = 1 FLOP" in out
    assert "{'flop_cost': 1, 'calls': 1}" in out
