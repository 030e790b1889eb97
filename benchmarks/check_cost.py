"""What do the input checks cost? Workload A (digits 64-128-10, ReLU, softmax cross-entropy, Adam, batch 32,
30 epochs, float64) with the package's checks, and with the checks replaced by bare conversions.

    python benchmarks/check_cost.py             # 21 paired rounds of fit, about 15 s on 2 cores
    python benchmarks/check_cost.py --rounds 3 --epochs 10

The checks run at the API boundary: once per ``fit`` call (the whole data set, ``_checks.check_data``) and once
per ``forward``/``predict`` call from user code (``check_batch``); the steps inside ``fit`` run inside
``checked_inputs()``, where layers and losses skip them. Three measurements:

1. the boundary checks alone, timed directly (min of many repeats): what one ``fit`` call and one
   ``predict(X)`` on the whole data set pay, as a fraction of one ``fit`` of workload A;
2. ``fit`` of workload A, checked and unchecked, in pairs (the order alternates from round to round): min of
   the rounds and the median of the paired ratios. On a shared machine the noise of one fit is larger than
   the difference; (1) is the precise number, (2) shows that the whole run agrees;
3. ``predict(X)`` on the whole data set, checked and unchecked (min of many repeats).

"Unchecked" replaces, in every course_nn module, ``as_array``, ``check_batch``, ``check_values``,
``check_data`` and ``as_class_labels`` by conversions without checks, and ``inputs_checked``/``checked_inputs``
by constants: the engine as it would run with no checks at all.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from implementations import WORKLOADS, digits  # noqa: E402

import course_nn as cn  # noqa: E402
from course_nn import _checks  # noqa: E402


# ------------------------------------------------------------------------------------ the unchecked engine
def _convert(x, name=None, *, ndim=None, dtype=np.float64, finite=True, empty=False):
    a = np.asarray(x)
    return a.astype(a.dtype if dtype is None and a.dtype.kind == "f" else dtype or np.float64, copy=False)


def _same(x, *args, **kwargs):
    return x if isinstance(x, np.ndarray) else _convert(x, dtype=kwargs.get("dtype"))


def _data(model, loss, X, y, names=("X", "y")):
    params = model.parameters()
    X = _convert(X, dtype=params[0].value.dtype if params else None)
    return X, loss.check_targets(y, (len(X), model.forward(X[:1]).shape[1]), X.dtype)


UNCHECKED = {
    "as_array": _convert,
    "check_batch": _same,
    "check_values": _same,
    "check_data": _data,
    "as_class_labels": lambda y, *args, **kwargs: np.asarray(y).reshape(-1).astype(np.intp),
    "inputs_checked": lambda: True,
    "checked_inputs": contextlib.nullcontext,
}


@contextlib.contextmanager
def unchecked():
    """Every course_nn module's check helpers replaced by the bare conversions above, for the block."""
    saved = []
    for module in [m for name, m in sys.modules.items() if name == "course_nn" or name.startswith("course_nn.")]:
        for name, replacement in UNCHECKED.items():
            if getattr(module, name, None) is getattr(_checks, name):
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


# ------------------------------------------------------------------------------------------- workload A
def model_a():
    sizes, layers = WORKLOADS["A"]["sizes"], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers += [cn.Dense(n_in, n_out, rng=i), cn.ReLU()]
    return cn.Sequential(layers[:-1], task="multiclass")


def fit_a(X, y, epochs):
    model = model_a()
    opt = cn.Adam(model.parameters(), lr=WORKLOADS["A"]["lr"])
    start = time.perf_counter()
    cn.fit(
        model,
        X,
        y,
        loss=cn.CrossEntropy(),
        optimizer=opt,
        epochs=epochs,
        batch_size=WORKLOADS["A"]["batch_size"],
        shuffle=True,
        rng=0,
        verbose=False,
    )
    return time.perf_counter() - start, model


def best(stmt, repeats, number):
    return min(timeit.repeat(stmt, repeat=repeats, number=number)) / number


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=21, help="paired rounds of fit (default 21)")
    parser.add_argument("--epochs", type=int, default=30, help="epochs of workload A (default 30)")
    args = parser.parse_args(argv)

    X, y = digits()
    fit_a(X, y, 1)  # warm up (imports, BLAS threads)
    with unchecked():
        fit_a(X, y, 1)
        assert np.isnan(model_a().forward(np.full((1, 64), np.nan))).all()  # the checks are really gone
    try:
        model_a().forward(np.full((1, 64), np.nan))
        raise AssertionError("the checks were not put back")
    except ValueError:
        pass

    # 1. the boundary checks alone
    model, loss = model_a(), cn.CrossEntropy()
    data_checked = best(lambda: _checks.check_data(model, loss, X, y), 21, 5)
    with unchecked():
        data_bare = best(lambda: _data(model, loss, X, y), 21, 5)
    predict_checked = best(lambda: model.predict(X), 21, 5)
    with unchecked():
        predict_bare = best(lambda: model.predict(X), 21, 5)

    # 2. fit, checked and unchecked, in pairs
    times = {"checked": [], "unchecked": []}
    ratios = []
    for r in range(args.rounds):
        pair = {}
        for variant in ("checked", "unchecked") if r % 2 == 0 else ("unchecked", "checked"):
            with unchecked() if variant == "unchecked" else contextlib.nullcontext():
                pair[variant] = fit_a(X, y, args.epochs)[0]
            times[variant].append(pair[variant])
        ratios.append(pair["checked"] / pair["unchecked"])
        print(
            f"round {r + 1}/{args.rounds}: fit checked {pair['checked']:.3f} s, unchecked {pair['unchecked']:.3f} s,"
            f" ratio {ratios[-1]:.4f}",
            flush=True,
        )

    fit_time = min(times["unchecked"])
    once_per_fit = data_checked - data_bare
    once_per_predict = predict_checked - predict_bare
    print(f"\nworkload A: digits {X.shape}, 64-128-10, Adam, batch 32, {args.epochs} epochs, float64")
    print(
        f"fit, min of {args.rounds}: checked {min(times['checked']):.3f} s, unchecked {fit_time:.3f} s; "
        f"median paired ratio {statistics.median(ratios):.4f} (min {min(ratios):.4f}, max {max(ratios):.4f})"
    )
    print(
        f"checks once per fit call:      {once_per_fit * 1e3:8.3f} ms = {once_per_fit / fit_time:.4%} of fit "
        f"(check_data {data_checked * 1e3:.3f} ms, bare {data_bare * 1e3:.3f} ms)"
    )
    print(
        f"checks once per predict(X):    {once_per_predict * 1e3:8.3f} ms = {once_per_predict / fit_time:.4%} of fit "
        f"({once_per_predict / predict_bare:.2%} of the predict itself, {predict_bare * 1e3:.3f} ms)"
    )
    print(f"both together:                 {(once_per_fit + once_per_predict) / fit_time:.4%} of fit (target < 3 %)")


if __name__ == "__main__":
    main()
