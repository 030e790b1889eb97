"""Root pytest configuration: how nbval compares the notebooks' stored outputs.

- The sanitize file (nbval_sanitize.cfg) masks what can never be stable, such as memory addresses.
  It is set here, not in addopts, so that runs started from any folder find it.
- BLAS runs one thread in the notebooks' kernels (see below).
- stderr is not compared (warnings from third-party libraries differ between versions).
"""
import os
from pathlib import Path

ROOT = Path(__file__).parent

# The course's matrices are small: handing them to a second BLAS thread costs more than it saves, and on a
# busy 2-core machine it made notebook cells several times slower. The notebooks' kernels inherit this; the
# stored outputs are the same either way (checked with nbval under both settings).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def pytest_configure(config):
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        config.option.nbval_sanitize_with = str(ROOT / "nbval_sanitize.cfg")


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
