"""Access to the oracle libraries (PyTorch, scikit-learn) used by the tests.

On a student's laptop a missing oracle skips its tests. In CI (the environment variable CI is set) a
missing oracle is a failure: CI must prove the package against the oracles, never skip them.
"""
import importlib
import os

import pytest


def require(module: str):
    """Import and return ``module``; skip the test if it is missing, or fail when running in CI."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        if os.environ.get("CI"):
            pytest.fail(f"oracle {module!r} is missing in CI ({err}); install the 'oracle' extra.")
        pytest.skip(f"oracle {module!r} is not installed (pip install -e '.[oracle]')")
