"""tools/run_notebooks.py writes the same bytes on every run: stable widget ids, one stream output per run of text."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "run_notebooks.py"
_spec = importlib.util.spec_from_file_location("run_notebooks", TOOL)
run_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_notebooks)

stream = nbformat.v4.new_output


def _view(model_id):
    return nbformat.v4.new_output(
        "display_data", data={run_notebooks.WIDGET_VIEW: {"model_id": model_id, "version_major": 2}}
    )


def test_consecutive_streams_of_one_name_are_merged_and_nothing_moves():
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = [
        stream("stream", name="stdout", text="a = 1"),
        stream("stream", name="stdout", text="\n"),
        stream("stream", name="stderr", text="careful\n"),
        stream("stream", name="stdout", text="b = 2\n"),
        figure,
        stream("stream", name="stdout", text="c = 3\n"),
        stream("stream", name="stdout", text="d\n"),
    ]
    merged = run_notebooks.coalesce_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "a = 1\n"),
        ("stream", "stderr", "careful\n"),
        ("stream", "stdout", "b = 2\n"),
        ("display_data", None, None),
        ("stream", "stdout", "c = 3\nd\n"),
    ]


def test_widget_ids_depend_on_the_notebook_and_the_order_only():
    def renumbered(ids, name="01_x.ipynb"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[_view(i)]) for i in ids])
        run_notebooks.stable_outputs(nb, name)
        return [cell.outputs[0].data[run_notebooks.WIDGET_VIEW]["model_id"] for cell in nb.cells]

    first = renumbered(["f00d", "beef", "f00d"])
    assert first == renumbered(["0123", "4567", "0123"])  # other random ids, same result
    assert first[0] == first[2] != first[1] and len(first[0]) == 32
    assert renumbered(["f00d", "beef", "f00d"], name="02_y.ipynb") != first


def test_two_runs_of_a_demo_notebook_write_the_same_bytes(tmp_path):
    copies = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        copies.append(shutil.copy(ROOT / "notebooks" / "01_perceptron.ipynb", tmp_path / run))
    subprocess.run([sys.executable, str(TOOL), *copies], check=True, capture_output=True)
    first, second = (Path(copy).read_bytes() for copy in copies)
    assert run_notebooks.WIDGET_VIEW.encode() in first  # the notebook does show a widget
    assert first == second
