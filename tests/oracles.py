"""Access to the oracle libraries (PyTorch, scikit-learn) used by the tests, and to other tools tests need.

On a student's laptop a missing oracle skips its tests. In CI (the environment variable CI is set) a
missing oracle is a failure: CI must prove the package against the oracles, never skip them. ``missing``
applies the same rule to anything else a test needs (a browser, a Python version, an extra).
"""

import importlib
import os

import pytest


def missing(what: str, fix: str):
    """Skip on a laptop; fail in CI, where every test must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: {fix}")
    pytest.skip(f"{what} is not installed ({fix})")


def require(module: str, extra: str = "oracle"):
    """Import and return ``module``; skip the test if it is missing, or fail when running in CI."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        missing(f"the Python package {module.split('.')[0]!r} ({err})", f"pip install -e '.[{extra}]'")
