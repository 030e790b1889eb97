import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # lets test files import oracles.py

try:  # tests draw figures off screen; the notebooks' kernels (nbval) keep their inline backend
    import matplotlib

    matplotlib.use("Agg")
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures do not pile up across tests."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
