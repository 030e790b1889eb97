"""Root pytest configuration: how nbval compares the notebooks' stored outputs.

- The sanitize file (nbval_sanitize.cfg) masks what can never be stable, such as memory addresses.
  It is set here, not in addopts, so that runs started from any folder find it.
- The notebooks' kernels run with one BLAS thread, without AVX-512 and with OpenBLAS's Haswell kernels
  (see KERNEL_ENV below).
- stderr is not compared (warnings from third-party libraries differ between versions).
"""

import os
from pathlib import Path

ROOT = Path(__file__).parent

# The environment of every notebook kernel started from pytest or tools/run_notebooks.py (they inherit it):
# - OPENBLAS_NUM_THREADS=1: the course's matrices are small; handing them to a second BLAS thread costs more
#   than it saves, and on a busy 2-core machine it made notebook cells several times slower. The stored
#   outputs are the same either way.
# - NPY_DISABLE_CPU_FEATURES: NumPy computes exp, log and friends with AVX-512 code where the CPU has it and
#   with AVX2 code where it does not; the two differ in the last bit, and a chaotic training run (a learning
#   rate at the edge of stability) turns that bit into a different accuracy. With AVX-512 switched off every
#   x86-64 machine takes the AVX2 path, so the stored outputs match on both kinds. (Both spellings: NumPy
#   >= 2.4 groups them as X86_V4; older NumPy names each; a name a machine lacks is ignored.)
# - OPENBLAS_CORETYPE=Haswell: OpenBLAS picks its matrix kernels by CPU as well (SkylakeX on AVX-512
#   machines), and their sums round differently; the Haswell kernels run on every x86-64 machine with AVX2.
KERNEL_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX AVX512_CLX "
    "AVX512_CNL AVX512_ICL AVX512_SPR",
}
for _name, _value in KERNEL_ENV.items():
    os.environ.setdefault(_name, _value)


def pytest_configure(config):
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        config.option.nbval_sanitize_with = str(ROOT / "nbval_sanitize.cfg")


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
