"""The implementations being compared, and the worker process that runs each of them.

Every implementation trains the same network on the same data and reports how long the training
took (model construction and data preparation are not timed). ``run.py`` starts one worker process per
implementation, so that each one runs with only its own libraries loaded (course_nn never shares a
process with PyTorch's thread pool), and asks the workers in turn to train.

Workloads (``run.py`` fills in the epochs):

- "A": digits 1,797×64 (standardized), 64-128-10, ReLU, softmax cross-entropy, Adam lr 1e-3,
  batch 32, reshuffled every epoch.
- "B": random float32 data 8192×784 with 10 classes, 784-1024-1024-10, ReLU, softmax cross-entropy,
  plain SGD lr 0.01, batch 512.
"""

from __future__ import annotations

import math
import os
import platform
import time
import warnings
from functools import partial

import numpy as np

WORKLOADS = {
    "A": dict(n_samples=1797, sizes=[64, 128, 10], optimizer="adam", lr=1e-3, batch_size=32),
    "B": dict(n_samples=8192, sizes=[784, 1024, 1024, 10], optimizer="sgd", lr=0.01, batch_size=512),
}


# ------------------------------------------------------------------------------------------- data
def digits():
    """Digits (the package's copy, equal to scikit-learn's), standardized per pixel (constant pixels are left at
    0), and integer labels."""
    from course_nn.data import load_digits

    X, y = load_digits()
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return X.astype(np.float64), np.asarray(y, dtype=np.int64)


def random_b():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((8192, 784), dtype=np.float32)
    y = rng.integers(0, 10, size=8192)
    return X, y


def data_for(workload):
    return digits() if workload == "A" else random_b()


def flops_per_epoch(sizes, n_samples) -> float:
    """Matrix-product FLOPs of one epoch: forward (x @ W), weight gradients (x.T @ delta) and input
    gradients (delta @ W.T) of every layer but the first, 2 FLOPs per multiply-add."""
    macs = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return 2.0 * n_samples * (2 * sum(macs) + sum(macs[1:]))


# ------------------------------------------------------------------------------- implementations
def train_numpy(workload, epochs, dtype, same_work=False):
    from numpy_loop import NumpyMLP, NumpyMLPSameWork

    w = WORKLOADS[workload]
    X, y = data_for(workload)
    X = np.ascontiguousarray(X, dtype)
    make = NumpyMLPSameWork if same_work else NumpyMLP
    model = make(w["sizes"], w["batch_size"], w["optimizer"], w["lr"], dtype, rng=0)
    start = time.perf_counter()
    losses = model.fit(X, y, epochs, w["batch_size"], rng=0)
    return time.perf_counter() - start, losses[-1]


def train_course_nn(workload, epochs, dtype):
    import course_nn as cn
    from course_nn import optim

    w = WORKLOADS[workload]
    X, y = data_for(workload)
    X = np.ascontiguousarray(X, dtype)
    sizes, layers = w["sizes"], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers += [cn.Dense(n_in, n_out, rng=i, dtype=dtype), cn.ReLU()]
    model = cn.Sequential(layers[:-1])
    if w["optimizer"] == "adam":
        opt = optim.Adam(model.parameters(), lr=w["lr"])
    else:
        opt = optim.SGD(model.parameters(), lr=w["lr"])
    start = time.perf_counter()
    history = cn.fit(
        model,
        X,
        y,
        loss=cn.CrossEntropy(),
        optimizer=opt,
        epochs=epochs,
        batch_size=w["batch_size"],
        shuffle=True,
        rng=0,
        verbose=False,
    )
    return time.perf_counter() - start, history["loss"][-1]


def train_sklearn(workload, epochs, dtype):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    w = WORKLOADS[workload]
    X, y = data_for(workload)
    X = np.ascontiguousarray(X, dtype)
    clf = MLPClassifier(
        hidden_layer_sizes=tuple(w["sizes"][1:-1]),
        activation="relu",
        solver=w["optimizer"],
        alpha=0.0,
        batch_size=w["batch_size"],
        learning_rate_init=w["lr"],
        max_iter=epochs,
        shuffle=True,
        random_state=0,
        tol=1e-30,
        n_iter_no_change=10**9,
        early_stopping=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        clf.fit(X, y)
        seconds = time.perf_counter() - start
    if clf.n_iter_ != epochs:
        raise RuntimeError(f"MLPClassifier stopped after {clf.n_iter_} of {epochs} epochs")
    return seconds, float(clf.loss_curve_[-1])


def train_torch(workload, epochs, dtype):
    import torch

    w = WORKLOADS[workload]
    X, y = data_for(workload)
    tdtype = {"float64": torch.float64, "float32": torch.float32}[np.dtype(dtype).name]
    torch.manual_seed(0)
    sizes, layers = w["sizes"], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out, dtype=tdtype), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    if w["optimizer"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=w["lr"])
    else:
        opt = torch.optim.SGD(model.parameters(), lr=w["lr"])
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(np.ascontiguousarray(X, dtype)), torch.from_numpy(y)
    gen = torch.Generator().manual_seed(0)
    n, bs = len(Xt), w["batch_size"]
    start = time.perf_counter()
    for _ in range(epochs):
        order, total = torch.randperm(n, generator=gen), 0.0
        for i in range(0, n, bs):
            idx = order[i : i + bs]
            opt.zero_grad()
            loss = loss_fn(model(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
    return time.perf_counter() - start, total / n


def products_only(workload, epochs, dtype):
    """Only the matrix products of ``epochs`` epochs of training (full batches, no elementwise work at
    all): the time a perfect implementation would need, and so the bound for all the others."""
    w = WORKLOADS[workload]
    sizes, bs = w["sizes"], w["batch_size"]
    rng = np.random.default_rng(0)
    W = [rng.standard_normal(shape, dtype=np.float32).astype(dtype) for shape in zip(sizes[:-1], sizes[1:])]
    a = [rng.standard_normal((bs, n)).astype(dtype) for n in sizes]  # layer inputs / outputs
    d = [np.empty((bs, n), dtype) for n in sizes]  # gradients wrt them
    gW = [np.empty_like(x) for x in W]
    d[-1][...] = a[-1]
    start = time.perf_counter()
    for _ in range(epochs * math.ceil(w["n_samples"] / bs)):
        for i in range(len(W)):  # forward
            np.matmul(a[i], W[i], out=a[i + 1])
        for i in reversed(range(len(W))):  # backward
            np.matmul(a[i].T, d[i + 1], out=gW[i])
            if i > 0:
                np.matmul(d[i + 1], W[i].T, out=d[i])
    return time.perf_counter() - start, None


def matmul_gflops(n=2048, repeats=5):
    """The best of ``repeats`` float32 products of two n×n matrices with NumPy, in GFLOP/s."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n), dtype=np.float32), rng.standard_normal((n, n), dtype=np.float32)
    c = np.empty((n, n), np.float32)
    np.matmul(a, b, out=c)  # warm up the thread pool
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b, out=c)
        best = min(best, time.perf_counter() - start)
    return 2.0 * n**3 / best / 1e9


TRAINERS = {
    "numpy": train_numpy,
    "numpy_same_work": partial(train_numpy, same_work=True),
    "course_nn": train_course_nn,
    "sklearn": train_sklearn,
    "torch": train_torch,
    "products": products_only,
}
NEEDS = {"numpy": [], "course_nn": ["course_nn"], "sklearn": ["sklearn"], "torch": ["torch"]}


# ---------------------------------------------------------------------------------- environment
def environment(kind):
    """Versions, BLAS and thread counts as this worker sees them."""
    info = {"numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info

        info["threadpools"] = [
            {
                k: p.get(k)
                for k in ("user_api", "internal_api", "version", "num_threads", "threading_layer", "architecture")
            }
            for p in threadpool_info()
        ]
    except ImportError:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["threadpools"] = [{"internal_api": blas.get("name"), "version": blas.get("version"), "num_threads": None}]
    if kind == "torch":
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        info["torch_blas"] = "MKL" if torch.backends.mkl.is_available() else "other"
    if kind == "sklearn":
        import sklearn

        info["sklearn"] = sklearn.__version__
    if kind == "course_nn":
        import course_nn

        info["course_nn"] = course_nn.__version__
    return info


def machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
    }


# ------------------------------------------------------------------------------------- the worker
def serve(kind, conn):
    """Worker loop: import what ``kind`` needs, report the environment, then train on request.

    Requests are ``(trainer, workload, epochs, dtype)`` tuples or ``("matmul", n, repeats)``; the answer
    is a dict with ``seconds`` (or ``gflops``), or ``error``. ``None`` ends the worker.
    """
    try:
        for module in NEEDS[kind]:
            __import__(module)
        conn.send({"ok": True, "env": environment(kind)})
    except ImportError as err:
        conn.send({"ok": False, "skipped": f"{kind}: {err}"})
        return
    while (request := conn.recv()) is not None:
        try:
            if request[0] == "matmul":
                conn.send({"gflops": matmul_gflops(*request[1:])})
            else:
                trainer, workload, epochs, dtype = request
                seconds, loss = TRAINERS[trainer](workload, epochs, dtype)
                conn.send({"seconds": seconds, "loss": None if loss is None else float(loss)})
        except Exception as err:  # report and keep serving: one failing competitor must not stop the run
            conn.send({"error": f"{type(err).__name__}: {err}"})
