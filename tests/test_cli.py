"""`flopscope run` / `python -m flopscope run`: runs a script under a budget, prints the
summary, writes JSON, and reports budget or time exhaustion with distinct exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flopscope._cli import EXIT_BUDGET_EXHAUSTED, EXIT_TIME_EXHAUSTED, UsageError, parse_run_args

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DEFAULT_BUDGET")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [sys.executable, "-m", "flopscope", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_demo_example_runs_and_prints_the_summary(tmp_path):
    out_json = tmp_path / "summary.json"
    proc = cli("run", "examples/first_budget.py", "--budget", "1e8", "--json", str(out_json))
    assert proc.returncode == 0, proc.stderr
    assert "output:" in proc.stdout
    assert "flopscope FLOP Budget Summary" in proc.stdout
    row = next(line for line in proc.stdout.splitlines() if "(default)" in line and "│" in line)
    assert "100,000,000" in row and "1,969,152" in row and "98,030,848" in row
    data = json.loads(out_json.read_text())
    assert data["flops_used"] == 1_969_152
    assert data["operations"]["einsum"] == {"flop_cost": 655_360, "calls": 10}
    assert data["operations"]["random.randn"] == {"flop_cost": 655_616, "calls": 11}
    assert data["by_namespace"]["(default)"]["flops_used"] == 1_969_152


def test_namespace_option_and_script_arguments(tmp_path):
    script = tmp_path / "args.py"
    script.write_text(
        "import sys\nimport flopscope.numpy as fnp\n"
        "n = int(sys.argv[1])\nfnp.exp(fnp.ones(n))\nprint('argv', sys.argv[1:])\n"
    )
    proc = cli(
        "run", str(script), "7", "--verbose", "--namespace", "job", "--json", "-", "--", "--budget"
    )
    assert proc.returncode == 0, proc.stderr
    assert "argv ['7', '--verbose', '--budget']" in proc.stdout
    data = json.loads(proc.stdout[proc.stdout.index("{") :])
    assert data["by_namespace"]["job"]["flops_used"] == 7


def test_budget_exhaustion_exits_3_with_one_line_and_still_prints_summary(tmp_path):
    proc = cli("run", "--budget", "1000", "examples/first_budget.py")
    assert proc.returncode == EXIT_BUDGET_EXHAUSTED == 3
    message = [line for line in proc.stderr.splitlines() if line.startswith("flopscope:")]
    assert len(message) == 1 and "random.randn" in message[0] and "65,536" in message[0]
    assert "flopscope FLOP Budget Summary" in proc.stdout and "1,000" in proc.stdout


def test_time_exhaustion_exits_4(tmp_path):
    script = tmp_path / "slow.py"
    script.write_text(
        "import time\nimport flopscope as flops\nimport flopscope.numpy as fnp\n"
        "with flops.BudgetContext(10**9, wall_time_limit_s=0.01, quiet=True):\n"
        "    time.sleep(0.05)\n    fnp.exp(fnp.ones(3))\n"
    )
    proc = cli("run", str(script))
    assert proc.returncode == EXIT_TIME_EXHAUSTED == 4
    assert "time limit" in proc.stderr and "flopscope FLOP Budget Summary" in proc.stdout


def test_the_scripts_own_exit_status_is_kept(tmp_path):
    script = tmp_path / "exit7.py"
    script.write_text("import sys\nsys.exit(7)\n")
    assert cli("run", str(script)).returncode == 7
    script.write_text("raise KeyError('boom')\n")
    proc = cli("run", str(script))
    assert proc.returncode == 1 and "KeyError: 'boom'" in proc.stderr


def test_scripts_own_contexts_work_under_the_cli(tmp_path):
    script = tmp_path / "own.py"
    script.write_text(
        "import flopscope as flops\nimport flopscope.numpy as fnp\n"
        "fnp.exp(fnp.ones(5))\n"
        "with flops.BudgetContext(100, namespace='inner', quiet=True):\n    fnp.exp(fnp.ones(9))\n"
        "import mechestim as me\nme.einsum('i,i->', me.ones(4), me.ones(4))\n"
    )
    proc = cli("run", str(script), "--namespace", "outer", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout[proc.stdout.index("{") :])
    assert data["by_namespace"]["outer"]["flops_used"] == 5 + 8  # mechestim prices its own ops
    assert data["by_namespace"]["inner"]["flops_used"] == 9


@pytest.mark.parametrize(
    "argv, message",
    [([], ""), (["frobnicate"], "unknown command"), (["run"], "no script"), (["run", "nope.py"], "no such file"),
     (["run", "x.py", "--budget"], "needs a value"), (["run", "--budget", "lots", "examples/first_budget.py"], "--budget")],
)  # fmt: skip
def test_usage_errors_exit_2(argv, message):
    proc = cli(*argv)
    assert proc.returncode == 2
    assert message in proc.stderr + proc.stdout


def test_parse_run_args_accepts_options_on_both_sides():
    args = parse_run_args(["--budget=1e6", "s.py", "a", "--json", "o.json", "b"])
    assert (args.script, args.script_args, args.budget, args.json_path) == (
        "s.py",
        ["a", "b"],
        "1e6",
        "o.json",
    )
    with pytest.raises(UsageError):
        parse_run_args(["--weird", "s.py"])


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("flopscope")
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("flopscope ")
