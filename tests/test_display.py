"""Session summaries: Rich table when available, the same content as plain text without."""

from __future__ import annotations

import os
import sys

import pytest

import flopscope as flops
import flopscope.numpy as fnp
import mechestim as me
from flopscope import _display


@pytest.fixture
def no_rich(monkeypatch):
    monkeypatch.setattr(_display, "_rich_available", lambda: False)


def _mlp_like():
    with me.BudgetContext(50_000_000, namespace="mlp-forward", quiet=True):
        w = me.random.randn(256, 256)
        h = me.einsum("ij,j->i", w, me.ones(256))
        me.maximum(h, 0)


def test_plain_text_session_table(no_rich, capsys):
    _mlp_like()
    me.exp(me.ones(10))
    assert me.budget_summary() is None
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("┌") and "mechestim FLOP Budget Summary" in lines[1]
    assert [c.strip() for c in lines[3].split("│")[1:-1]] == [
        "Namespace",
        "Budget",
        "Used",
        "Remaining",
    ]
    row = next(line for line in lines if "mlp-forward" in line)
    assert [c.strip() for c in row.split("│")[1:-1]] == [
        "mlp-forward",
        "50,000,000",
        "196,864",
        "49,803,136",
    ]
    default = next(line for line in lines if line.startswith("│ (default)"))
    assert [c.strip() for c in default.split("│")[1:-1]] == [
        "(default)",
        "1.00e+15",
        "10",
        "~1.00e+15",
    ]
    assert "  mlp-forward — by operation\n    einsum        131,072  ( 66.6%)   [1 call]" in out
    assert "    random.randn   65,536  ( 33.3%)   [1 call]" in out


def test_flopscope_header_and_by_namespace_sections(no_rich, capsys):
    with flops.BudgetContext(1000, namespace="predict", quiet=True):
        with fnp.namespace("sampling"):
            fnp.add(fnp.ones(4), 1)
    flops.budget_summary(by_namespace=True)
    out = capsys.readouterr().out
    assert "flopscope FLOP Budget Summary" in out
    assert "  predict.sampling — by namespace path\n    add  4  (100.0%)   [1 call]" in out


def test_rich_summary_is_a_renderable_with_the_same_numbers():
    pytest.importorskip("rich", reason="rich is an optional dependency")
    from rich.console import Console

    _mlp_like()
    renderable = _display.render_budget_summary(me.BudgetContext._flavor)
    with open(os.devnull, "w") as sink:
        console = Console(width=100, record=True, file=sink)
        console.print(renderable)
    text = console.export_text()
    assert "mechestim FLOP Budget Summary" in text and "196,864" in text and "49,803,136" in text


def test_budget_live_falls_back_to_plain_text_on_exit(no_rich, capsys):
    with flops.budget_live():
        with flops.BudgetContext(10**6, namespace="training", quiet=True):
            fnp.exp(fnp.ones(100))
        assert capsys.readouterr().out == ""
    out = capsys.readouterr().out
    assert "training" in out and "100" in out


def test_budget_live_with_rich_updates_while_running():
    pytest.importorskip("rich", reason="rich is an optional dependency")
    live = flops.budget_live()
    assert type(live).__name__ == "_RichLive"
    with live:
        with flops.BudgetContext(10**6, namespace="training", quiet=True):
            fnp.exp(fnp.ones(100))


def test_budget_summary_returns_the_renderable_inside_ipython(monkeypatch, no_rich, capsys):
    class FakeIPython:
        @staticmethod
        def get_ipython():
            return object()

    monkeypatch.setitem(sys.modules, "IPython", FakeIPython)
    fnp.exp(fnp.ones(3))
    result = flops.budget_summary()
    assert isinstance(result, str) and "flopscope FLOP Budget Summary" in result
    assert capsys.readouterr().out == ""


def test_summary_without_rich_installed_in_a_fresh_interpreter(tmp_path):
    """Block `import rich` entirely: everything still works, in plain text."""
    import subprocess

    script = tmp_path / "norich.py"
    script.write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'rich' or name.startswith('rich.'):\n"
        "            raise ImportError('rich is blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import mechestim as me\n"
        "with me.budget_live():\n"
        "    me.exp(me.ones(5))\n"
        "me.budget_summary()\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("mechestim FLOP Budget Summary") == 2 and "┌" in out.stdout
