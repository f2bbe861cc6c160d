"""The generated operations reference matches the op table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_operations_reference_is_up_to_date():
    proc = subprocess.run(
        [sys.executable, "scripts/gen_operations_doc.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
