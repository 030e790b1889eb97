"""Root pytest configuration: how nbval compares the notebooks' stored outputs.

- The sanitize file (nbval_sanitize.cfg) masks what can never be stable, such as memory addresses.
  It is set here, not in addopts, so that runs started from any folder find it.
- stderr is not compared (warnings from third-party libraries differ between versions).
"""
from pathlib import Path

ROOT = Path(__file__).parent


def pytest_configure(config):
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        config.option.nbval_sanitize_with = str(ROOT / "nbval_sanitize.cfg")


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
