"""Build the course as a JupyterLite site: the notebooks, runnable in a browser with nothing installed.

    python tools/build_lite.py                       # -> build/site/lite/ (beside the book, which links to it)
    python tools/build_lite.py --output DIR

What it writes:
- the course_nn wheel (pure Python, ``py3-none-any``) in the site's own package index (``pypi/``), so
  ``%pip install course_nn`` inside Lite installs this checkout's package with its data;
- copies of ``notebooks/[0-9][0-9]_*.ipynb`` (stored outputs included), each with a first cell that installs
  course_nn; the notebooks themselves are not changed;
- JupyterLab and the Notebook interface, the Pyodide kernel and the widget manager (ipywidgets' JavaScript),
  and no other JupyterLab extension of this environment.

At run time the Lite site fetches Pyodide (Python compiled to WebAssembly) and the packages it ships (NumPy,
matplotlib, pandas) from Pyodide's CDN, and packages neither Pyodide nor the site has (ipywidgets) from PyPI:
the student's browser needs the internet on first use. Needs the ``docs`` extra (jupyterlite-core,
jupyterlite-pyodide-kernel).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
OUTPUT = ROOT / "build" / "site" / "lite"
# JupyterLab extensions the Lite site needs: the Python kernel and the widget manager (demos)
EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")
# What a wheel is built from (a clean copy: setuptools' build/ folder in the checkout could hold stale modules)
WHEEL_SOURCES = ("pyproject.toml", "README.md", "course_nn")

INSTALL_NOTE = (
    "**Running in your browser (JupyterLite).** The next cell installs the course package from this "
    "site; run it once per session, then the notebook from the top."
)
INSTALL_CELL = "%pip install course_nn"


def build_wheel(dest: Path) -> Path:
    """Build the course_nn wheel into ``dest`` from a clean copy of the package; returns its path."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in WHEEL_SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, Path(tmp) / name)
        # setuptools comes with the docs extra, so the build needs no isolated environment (much faster)
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(dest), tmp],
            check=False,
            capture_output=True,
            text=True,
        )
        if build.returncode:
            raise RuntimeError(f"building the course_nn wheel failed:\n{build.stdout}\n{build.stderr}")
    wheels = sorted(dest.glob("course_nn-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one pure-Python course_nn wheel in {dest}, found {[w.name for w in wheels]}")
    return wheels[0]


def lite_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook with a note and an install cell in front (the Lite kernel starts without course_nn)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells[:0] = [
        nbformat.v4.new_markdown_cell(INSTALL_NOTE, id="lite-install-note"),
        nbformat.v4.new_code_cell(INSTALL_CELL, id="lite-install"),
    ]
    return nb


def extension_folders() -> list[str]:
    """Where this environment keeps the JupyterLab extensions of EXTENSIONS."""
    from jupyter_core.paths import jupyter_path

    found = {}
    for folder in jupyter_path("labextensions"):
        for name in EXTENSIONS:
            candidate = Path(folder) / name
            if name not in found and (candidate / "package.json").is_file():
                found[name] = str(candidate)
    missing = [name for name in EXTENSIONS if name not in found]
    if missing:
        raise SystemExit(
            f"JupyterLab extensions {missing} not found; install the docs extra: python -m pip install -e '.[docs]'"
        )
    return [found[name] for name in EXTENSIONS]


def build(output: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lite_dir = Path(tmp)
        wheel = build_wheel(lite_dir / "wheels")
        contents = lite_dir / "contents"
        contents.mkdir()
        for path in sorted((ROOT / "notebooks").glob(NOTEBOOK_GLOB)):
            nbformat.write(lite_notebook(path), contents / path.name)
        config = {
            "LiteBuildConfig": {
                "contents": [str(contents)],
                "output_dir": str(output),
                "ignore_sys_prefix": ["federated_extensions"],  # only the extensions listed above
                "federated_extensions": extension_folders(),
                "no_sourcemaps": True,
            },
            "PipliteAddon": {"piplite_urls": [str(wheel)]},
        }
        (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2))
        if output.exists():
            shutil.rmtree(output)
        lite = subprocess.run(
            [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)],
            check=False,
            cwd=lite_dir,
            capture_output=True,
            text=True,
        )
        if lite.returncode:
            raise RuntimeError(f"jupyter lite build failed:\n{lite.stdout[-3000:]}\n{lite.stderr[-3000:]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.output.resolve())
    print(f"JupyterLite site in {args.output} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
