"""Execute notebooks top to bottom on a fresh kernel and store their outputs.

This is the one way the committed outputs are produced, so that ``pytest --nbval`` (strict) can compare
them: execution counts 1..n, no saved widget state, matplotlib's inline backend. Two runs in a row write the
same bytes (see ``stable_outputs``), so a regeneration shows in git only what really changed.

    python tools/run_notebooks.py                     # every notebook in notebooks/
    python tools/run_notebooks.py notebooks/01_*.ipynb
    python tools/run_notebooks.py --check             # run, report times, write nothing
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _root_conftest():
    """The repository's conftest.py, loaded by its path (under pytest, the module name ``conftest`` may be
    tests/conftest.py)."""
    spec = importlib.util.spec_from_file_location("course_nn_root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


KERNEL_ENV = _root_conftest().KERNEL_ENV  # the kernels' environment, the same as under pytest
for name, value in KERNEL_ENV.items():
    os.environ.setdefault(name, value)


def run(path: Path, write: bool = True, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    stable_outputs(nb, path.name)
    if write:
        nbformat.write(nb, path)
    return seconds


def stable_outputs(nb, name: str) -> None:
    """Make the outputs the same bytes on every run (in place): what varies between runs of the same code is
    how the kernel cut stdout into messages and the random ids of the widgets."""
    widget_ids: dict[str, str] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
            renumber_widgets(cell.outputs, f"{name}:{index}", widget_ids)


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same name (stdout, stderr) into one; other outputs stay in place."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def renumber_widgets(outputs: list, where: str, widget_ids: dict) -> None:
    """Replace each widget view's random ``model_id`` by one derived from the notebook, the cell and the order
    of appearance (the notebooks are saved without widget state, so nothing else refers to these ids)."""
    for output in outputs:
        view = output.get("data", {}).get(WIDGET_VIEW)
        if view and "model_id" in view:
            if view["model_id"] not in widget_ids:
                key = f"{where}:{len(widget_ids)}"
                widget_ids[view["model_id"]] = hashlib.sha256(key.encode()).hexdigest()[:32]
            view["model_id"] = widget_ids[view["model_id"]]


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
