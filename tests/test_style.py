"""Style: the whole repository passes ruff's lint rules and is formatted by ruff (configured in pyproject.toml)."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIX = (
    "Fix: python -m ruff check --fix .   (then by hand what it cannot fix; `# noqa: CODE` with a reason "
    "where the rule is wrong)\n     python -m ruff format ."
)


@pytest.mark.parametrize(
    "command", [["check", "--output-format", "concise", "."], ["format", "--check", "."]], ids=["lint", "format"]
)
def test_ruff(command):
    if importlib.util.find_spec("ruff") is None:
        if os.environ.get("CI"):
            pytest.fail("ruff is missing in CI; install the 'test' extra.")
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    out = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.fail(f"`ruff {' '.join(command)}` found problems:\n{out.stdout[-6000:]}{out.stderr}\n{FIX}")
