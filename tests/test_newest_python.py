"""course_nn on the newest Python this machine offers, installed from its wheel as a JupyterLite user gets it.

The Lite site runs the course in Pyodide (Python 3.14 in the browser), which cannot be started here. The
nearest check: build the wheel that the Lite site serves, install it with its dependencies from PyPI into
a fresh virtual environment of the newest Python found (3.13 or later; 3.13 here), and outside the checkout

- ``import course_nn`` loads NumPy and nothing else outside the standard library;
- the first code cell of every notebook (its imports and set-up) runs, matplotlib drawing off screen.

Skipped on a laptop without that Python; a failure in CI, where it must run (``CI`` set).
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from oracles import missing, require

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
OLDEST = (3, 13)  # the newest this course's machines offer; Pyodide runs 3.14
_spec = importlib.util.spec_from_file_location("build_lite", ROOT / "tools" / "build_lite.py")
build_lite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_lite)

# Run by the new interpreter: which modules `import course_nn` adds beyond the standard library.
IMPORT_CHECK = """
import sys
before = set(sys.modules)
import course_nn
added = {name.split(".")[0] for name in set(sys.modules) - before}
print(course_nn.__file__)
print(sorted(added - set(sys.stdlib_module_names) - {"course_nn"}))
"""

# Run by the new interpreter: each notebook's first code cell in an IPython shell, as a kernel would.
FIRST_CELLS = """
import contextlib, io, json, sys
from IPython.core.interactiveshell import InteractiveShell


class Shell(InteractiveShell):
    def enable_gui(self, gui=None):   # %matplotlib inline needs no GUI event loop
        pass


shell = Shell.instance(colors="NoColor")
failed = []
for path in sys.argv[1:]:
    cells = json.load(open(path, encoding="utf-8"))["cells"]
    source = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
    shell.reset()
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):   # what the cell prints, and IPython's traceback
        result = shell.run_cell(source, silent=True)
    if not result.success:
        failed.append(f"{path}: {result.error_before_exec or result.error_in_exec!r}\\n{shown.getvalue()[-2000:]}")
print(json.dumps(failed))
"""


def newest_python() -> str:
    """The newest Python 3.13 or later in pyenv (its ``versions/*/bin``) or on the PATH."""
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = {}
    for minor in range(OLDEST[1], OLDEST[1] + 10):
        name = f"python3.{minor}"
        on_path = shutil.which(name)  # pyenv's shims stand for whatever version pyenv selects: not those
        for path in sorted(glob.glob(f"{pyenv}/versions/3.{minor}*/bin/{name}")) + [on_path]:
            if path and "shims" not in Path(path).parts:
                found.setdefault(minor, path)
    if not found:
        missing(f"Python 3.{OLDEST[1]} or newer", f"install it, for example `pyenv install 3.{OLDEST[1]}`")
    return found[max(found)]


@pytest.fixture(scope="module")
def venv_python(tmp_path_factory) -> Path:
    """A fresh virtual environment of the newest Python with the course_nn wheel and its dependencies."""
    newest = newest_python()
    require("setuptools", extra="docs")  # builds the wheel in place (tools/build_lite.py)
    where = tmp_path_factory.mktemp("newest-python")
    wheel = build_lite.build_wheel(where / "wheel")
    subprocess.run([newest, "-m", "venv", str(where / "venv")], check=True)
    python = where / "venv" / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check", str(wheel)],
        check=False,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, f"installing {wheel.name} failed:\n{install.stdout}\n{install.stderr}"
    return python


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without what would let the checkout's course_nn in (PYTHONPATH) or mix interpreters."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, **extra}


def _run(python: Path, code: str, *args: str) -> str:
    """Run ``code`` with ``python`` outside the checkout, so only the installed course_nn can be imported."""
    done = subprocess.run(
        [str(python), "-c", code, *args],
        check=False,
        cwd=python.parents[2],
        env=_clean_env(MPLBACKEND="Agg"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_import_loads_numpy_only(venv_python):
    location, added = _run(venv_python, IMPORT_CHECK).splitlines()
    assert Path(location).is_relative_to(venv_python.parents[1]), f"imported {location}, not the installed wheel"
    assert added == "['numpy']", f"import course_nn loaded {added} besides the standard library"


def test_first_cell_of_every_notebook_runs(venv_python):
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob(build_lite.NOTEBOOK_GLOB))
    assert notebooks
    failed = json.loads(_run(venv_python, FIRST_CELLS, *notebooks))
    assert not failed, "\n".join(failed)
