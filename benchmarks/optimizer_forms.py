"""What one Adam step costs on workload A's parameters, written four ways, and what the first layer's input
gradient costs: where the NumPy loop's lead over course_nn on workload A comes from.

    python benchmarks/optimizer_forms.py            # about 5 s
    python benchmarks/optimizer_forms.py --calls 500 --repeats 3

The four forms of the same update (digits 64-128-10: W1 64×128, b1 128, W2 128×10, b2 10; float64):

1. ``flat, folded``: the NumPy loop's ``_adam`` — one vector of all 9,610 weights, the bias corrections
   folded into two scalars, every operation written into a preallocated scratch vector (12 operations);
2. ``per parameter, folded``: the same 12 operations, run on each of the 4 parameters in turn;
3. ``per parameter, ŝ and r̂``: the loop doing course_nn's work (``NumpyMLPSameWork._adam``), the slide's
   lines with ŝ and r̂ (14 operations a parameter);
4. ``course_nn.optim.Adam.step``: the same lines on course_nn's ``Parameter`` objects.

(2) − (1) is the price of updating parameters one at a time, (3) − (2) that of writing ŝ and r̂ out, (4) − (3)
that of the optimizer being a class over ``Parameter`` objects. The next row times ``delta @ W1.T`` for a
batch of 32, the first layer's dL/dX that ``Sequential.backward`` returns and the NumPy loop leaves out; the
last, a whole training step of the NumPy loop on a batch of digits, the scale the others are read against
(the last column: each form's time over the flat Adam's, as a share of that step).
Times are the best of ``--repeats`` rounds of ``--calls`` calls, one BLAS thread, in µs per step.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads: the numbers are for one thread
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from numpy_loop import NumpyMLP, NumpyMLPSameWork  # noqa: E402

from course_nn.layers import Parameter  # noqa: E402
from course_nn.optim import Adam  # noqa: E402

SIZES, BATCH = [64, 128, 10], 32


def per_parameter_folded(loop: NumpyMLPSameWork, scratch: list):
    """The flat loop's 12 operations (``NumpyMLP._adam``), one parameter at a time (``scratch``: an array of
    each parameter's shape)."""
    b1, b2, lr, eps = loop.beta1, loop.beta2, loop.lr, loop.eps
    loop.t += 1
    c1, c2 = 1.0 - b1**loop.t, math.sqrt(1.0 - b2**loop.t)
    for w, g, s, r, tmp in zip(loop.params, loop.grads, loop.s_each, loop.r_each, scratch):
        s *= b1
        np.multiply(g, 1.0 - b1, out=tmp)
        s += tmp
        r *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - b2
        r += tmp
        np.sqrt(r, out=tmp)
        tmp += eps * c2
        np.divide(s, tmp, out=tmp)
        tmp *= lr * c2 / c1
        w -= tmp


def best_time(step, calls: int, repeats: int) -> float:
    """Best of ``repeats`` rounds of ``calls`` calls of ``step()``, in µs per call."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        best = min(best, (time.perf_counter() - start) / calls)
    return best * 1e6


def measure(calls: int, repeats: int) -> list[tuple[str, float]]:
    rng = np.random.default_rng(0)
    flat = NumpyMLP(SIZES, BATCH, rng=0)
    flat.g[...] = rng.standard_normal(flat.g.shape) * 1e-2
    same = NumpyMLPSameWork(SIZES, BATCH, rng=0)
    same.g[...] = flat.g
    scratch = [np.empty_like(p) for p in same.params]
    params = [Parameter(w.copy(), "p") for w in same.params]
    for p, g in zip(params, same.grads):
        p.grad = g
    adam = Adam(params, lr=1e-3)
    delta, W1 = rng.standard_normal((BATCH, SIZES[1])), same.W[0]
    step_loop = NumpyMLP(SIZES, BATCH, rng=0)
    x, y = rng.standard_normal((BATCH, SIZES[0])), rng.integers(0, SIZES[-1], BATCH)
    forms = [
        ("flat, folded (the NumPy loop)", flat._adam),
        ("per parameter, folded", lambda: per_parameter_folded(same, scratch)),
        ("per parameter, ŝ and r̂ (the loop doing course_nn's work)", same._adam),
        ("course_nn.optim.Adam.step", adam.step),
        ("first layer's dL/dX, delta @ W1.T (32×128 · 128×64)", lambda: delta @ W1.T),
        ("a whole step of the NumPy loop (batch of 32)", lambda: step_loop.train_step(x, y)),
    ]
    times = {name: math.inf for name, _ in forms}
    for _ in range(repeats):  # interleaved, so that a slow moment of the machine hits every form alike
        for name, step in forms:
            times[name] = min(times[name], best_time(step, calls, 1))
    return list(times.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    rows = measure(args.calls, args.repeats)
    flat, step = rows[0][1], rows[-1][1]
    print(f"{'workload A, one BLAS thread, best of ' + str(args.repeats):60s} {'µs':>7s} {'× flat':>7s} {'+ step':>7s}")
    for name, us in rows[:-2]:
        print(f"{name:60s} {us:7.1f} {us / flat:7.2f} {(us - flat) / step:+7.1%}")
    for name, us in rows[-2:]:
        extra = f"{us / step:+7.1%}" if us < step else ""
        print(f"{name:60s} {us:7.1f} {'':7s} {extra}")


if __name__ == "__main__":
    main()
