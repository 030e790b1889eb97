"""Execute notebooks top to bottom on a fresh kernel and store their outputs.

This is the one way the committed outputs are produced, so that ``pytest --nbval`` (strict) can compare
them: execution counts 1..n, no saved widget state, matplotlib's inline backend.

    python tools/run_notebooks.py                     # every notebook in notebooks/
    python tools/run_notebooks.py notebooks/01_*.ipynb
    python tools/run_notebooks.py --check             # run, report times, write nothing
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from conftest import KERNEL_ENV  # noqa: E402  (the kernels' environment, the same as under pytest)

for name, value in KERNEL_ENV.items():
    os.environ.setdefault(name, value)


def run(path: Path, write: bool = True, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    if write:
        nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="execute without writing outputs")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    for path in paths:
        seconds = run(path, write=not args.check)
        total += seconds
        print(f"{path.name:45s} {seconds:6.1f} s", flush=True)
    print(f"{'total':45s} {total:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
