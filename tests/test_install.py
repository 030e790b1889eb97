"""A non-editable install works from anywhere: the data sets ship inside the package.

The test builds the sdist from the checkout's files, the wheel from the unpacked sdist (what `python -m build`
does), installs the wheel into a fresh virtual environment and, from a folder outside the checkout, loads every
data set and executes a data-using notebook with the installed copy.

Speed: the fresh environment gets no third-party packages of its own. A ``.pth`` file in it lists this
environment's site-packages folders, so NumPy, pandas, nbclient ... are found there; a folder added by a ``.pth``
line is not scanned for further ``.pth`` files, so this environment's editable install of course_nn (a ``.pth``
file with an import finder) stays inactive and the wheel's copy is the one imported (asserted below).
"""

import json
import os
import shutil
import site
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/08_tuning.ipynb"  # loads the digits and the expense table; no widget demo

CHECK = """
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
import course_nn
from course_nn import data

loaded = {}
for name, loader in [("digits.csv.gz", data.load_digits), ("breast_cancer.csv", data.load_breast_cancer),
                     ("xor.csv", data.load_xor), ("expense.csv", data.load_expense)]:
    X, y = loader()
    loaded[name] = [X.shape[0], X.shape[1] + 1]
nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import sys, course_nn; print(course_nn.__file__); print(sys.executable)"))
NotebookClient(nb, timeout=300, kernel_name="python3").execute()
kernel_file, kernel_python = nb.cells[-1].outputs[0]["text"].split()
print(json.dumps({"file": course_nn.__file__, "data_dir": str(data.data_dir()), "loaded": loaded,
                  "kernel_file": kernel_file, "kernel_python": kernel_python}))
"""


def _checkout_copy(dest: Path) -> Path:
    """The checkout's files that git knows (tracked or new, not ignored), copied to ``dest``."""
    files = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        if (ROOT / name).is_file():  # a file deleted but not yet committed is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def _build(python: str, source: Path, dist: Path, backend_call: str) -> Path:
    """Run one setuptools build hook (``build_sdist`` or ``build_wheel``) in ``source``; the file it wrote."""
    code = f"import sys; from setuptools import build_meta; print(build_meta.{backend_call}(sys.argv[1]))"
    out = subprocess.run([python, "-c", code, str(dist)], cwd=source, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return dist / out.stdout.strip().splitlines()[-1]


def _fresh_venv(folder: Path) -> Path:
    """A new virtual environment without pip; this environment's third-party packages visible through a .pth."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "outer_environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return python


def test_the_wheel_works_outside_the_checkout(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout (the files to build from are the ones git knows)")
    dist = tmp_path / "dist"
    sdist = _build(sys.executable, _checkout_copy(tmp_path / "checkout"), dist, "build_sdist")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    unpacked = next((tmp_path / "unpacked").iterdir())
    wheel = _build(sys.executable, unpacked, dist, "build_wheel")

    venv = tmp_path / "venv"
    python = _fresh_venv(venv)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    notebook = shutil.copy(unpacked / NOTEBOOK, elsewhere)  # the sdist carries the notebooks too
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COURSE_NN_DATA")}
    out = subprocess.run(
        [python, "-c", textwrap.dedent(CHECK), notebook], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])

    installed = str(venv.resolve())
    assert report["file"].startswith(installed), f"imported {report['file']}, not the wheel's copy in {venv}"
    assert report["data_dir"].startswith(installed)
    assert report["kernel_file"].startswith(installed) and report["kernel_python"].startswith(str(venv))
    from course_nn.data import FILES

    assert report["loaded"] == {name: [rows, columns] for name, (_, rows, columns) in FILES.items()}
