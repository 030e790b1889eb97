"""Package-level promises: a light import, and environment.yml agreeing with pyproject.toml."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "pandas", "ipywidgets", "torch", "sklearn", "scipy", "IPython")


def test_import_loads_numpy_only():
    code = (
        f"import sys, course_nn; heavy = {HEAVY!r}; print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_exist():
    import course_nn

    missing = [name for name in course_nn.__all__ if not hasattr(course_nn, name)]
    assert not missing and course_nn.__version__


def _name(requirement: str) -> str:
    """'dask[distributed]>=2024.1' -> 'dask'; 'torch==2.13.0' -> 'torch' (lower case, '_' as '-')."""
    return re.split(r"[\[<>=!~; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


# conda-forge packages whose names differ from PyPI's
CONDA_NAMES = {"torch": "pytorch"}


def test_environment_yml_matches_pyproject():
    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")  # tomli: test extra
    yaml = pytest.importorskip("yaml")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    wanted = {CONDA_NAMES.get(n, n) for n in wanted}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    pip_lines = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_lines and any(line.startswith("-e .") for line in pip_lines[0]["pip"]), (
        "environment.yml must install the package itself with pip: - pip: [-e .]"
    )
    pip_only = {_name(line) for line in pip_lines[0]["pip"] if not line.startswith("-e")}  # not on conda-forge
    listed = conda | pip_only
    assert listed == wanted, (
        f"only in pyproject.toml: {sorted(wanted - listed)}; only in environment.yml: {sorted(listed - wanted)}"
    )
    assert "conda-forge" in env["channels"]
