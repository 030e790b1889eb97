"""Training: the loop that turns forward, loss, backward and step into a fitted network.

One epoch = shuffle the training rows, cut them into mini-batches, and for each batch::

    out = model.forward(xb, training=True)   # predictions
    loss = loss_fn(out, yb)                  # how wrong they are
    optimizer.zero_grad()
    model.backward(loss_fn.backward())       # every parameter's gradient
    optimizer.step()                         # move the weights downhill

``fit`` adds what a real run needs around that: validation, metrics, a penalty (L1/L2), callbacks
such as early stopping, a progress line, and a clear stop when the loss becomes NaN or infinite.
"""
from __future__ import annotations

import math

import numpy as np

from ._checks import as_array, as_rng, check_int
from .data import minibatches
from .losses import get_loss


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite: the steps were too large (or the data has extreme values)."""


class Callback:
    """Base class for callbacks. ``fit`` calls the hooks below; ``self.model``, ``self.optimizer`` and
    ``self.history`` are set before training starts. Set ``self.stop_training = True`` to stop."""

    stop_training = False

    def on_train_begin(self):
        pass

    def on_epoch_end(self, epoch: int, logs: dict):
        pass

    def on_train_end(self):
        pass


class History:
    """Per-epoch records of a training run.

    ``history.history`` maps a name (``"loss"``, ``"val_loss"``, ``"penalty"``, ``"accuracy"``,
    ``"val_accuracy"``, ``"lr"``, ...) to a list with one value per epoch; ``history["loss"]`` is the
    same list. ``history.to_frame()`` gives a pandas DataFrame indexed by epoch (1, 2, ...).
    """

    def __init__(self):
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []
        self.stopped_early = False

    def append(self, epoch: int, logs: dict):
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __getitem__(self, key):
        return self.history[key]

    def __contains__(self, key):
        return key in self.history

    def __len__(self):
        return len(self.epoch)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.history, index=pd.Index(self.epoch, name="epoch"))

    def __repr__(self):
        last = {k: round(v[-1], 6) for k, v in self.history.items()} if self.epoch else {}
        return f"History(epochs={len(self.epoch)}, last={last})"


def _metric(name):
    """The scorer of one entry of ``metrics=``: a scorer string (``course_nn.metrics.get_scorer_names()``,
    e.g. ``"accuracy"``) or a function ``f(y_true, y_pred)`` of the labels."""
    from .metrics.scorers import Scorer, get_scorer

    if callable(name):
        title = getattr(name, "__name__", "metric")
        return Scorer(title, name, "labels", True, title)
    try:
        return get_scorer(name)
    except ValueError as err:
        raise ValueError(f"metrics: {err} Or pass a function f(y_true, y_pred).") from None


def _metric_values(model, X, y, scorers) -> dict:
    from .metrics.scorers import score_all

    return score_all(scorers, model, X, y)


def evaluate(model, X, y, loss, metrics=()) -> dict:
    """Loss and label metrics of ``model`` on (X, y) in evaluation mode (dropout off)."""
    loss_fn = get_loss(loss)
    logs = {"loss": loss_fn(model.forward(X), y)}
    logs.update(_metric_values(model, X, y, [_metric(m) for m in metrics]))
    return logs


def _diverged(epoch, where, value, optimizer):
    lr = optimizer.current_lr()
    raise TrainingDiverged(
        f"Training diverged in epoch {epoch} ({where}): the loss became {value}. The steps are too "
        f"large for this problem: try a smaller learning rate (lr={lr:g} now; try lr={lr / 10:g}), "
        "and check that the inputs are standardized."
    )


def fit(model, X, y, *, loss, optimizer=None, lr: float = 0.1, epochs: int = 10, batch_size: int | None = 32,
        shuffle: bool = True, rng=None, validation_data=None, metrics=(), callbacks=(), regularizer=None,
        verbose=True) -> History:
    """Train ``model`` on (X, y) with mini-batch gradient descent.

    Parameters
    ----------
    model : Sequential (or any Layer)
    X : array_like, shape (N, n_features)
    y : array_like, shape (N,) or (N, K)
        Targets in the form the loss expects.
    loss : Loss or str
        ``MSE()``, ``BinaryCrossEntropy()``, ``CrossEntropy()`` ... or a name such as ``"mse"``.
    optimizer : Optimizer, optional
        Defaults to ``SGD(model.parameters(), lr=lr)``.
    lr : float
        Learning rate of the default optimizer (ignored when ``optimizer`` is given).
    epochs : int
        Passes over the training data.
    batch_size : int or None
        Rows per step; ``None`` means the whole training set (batch gradient descent), 1 means
        stochastic gradient descent. The last batch of an epoch may be smaller.
    shuffle : bool
        Reshuffle the rows at the start of every epoch (with ``rng``).
    rng : None, int or Generator
        Random source for shuffling.
    validation_data : (X_val, y_val), optional
        Evaluated after every epoch in evaluation mode; gives ``val_loss`` and ``val_<metric>``.
    metrics : sequence of str or callables
        Label metrics from ``course_nn.metrics`` (e.g. ``"accuracy"``), computed on the training data
        and the validation data after every epoch.
    callbacks : sequence of Callback
        For example ``EarlyStopping``.
    regularizer : object with ``loss(params) -> float`` and ``backward(params)``, optional
        A penalty such as ``L2(lam)``. Its value is recorded separately as ``penalty``; ``loss``
        is always the data loss alone.
    verbose : bool or int
        0/False: silent. 1/True: a line about every tenth epoch and the last. 2: a line every epoch.

    Returns
    -------
    History

    Raises
    ------
    TrainingDiverged
        if the loss becomes NaN or infinite; the message suggests a smaller learning rate.
    """
    from .model import Sequential
    from .optim import SGD

    params = model.parameters()
    dtype = params[0].value.dtype if params else np.float64  # float32 models train on float32 data
    X = as_array(X, "X", ndim=2, dtype=dtype)
    y = as_array(y, "y", ndim=(1, 2), dtype=dtype)
    if len(y) != len(X):
        raise ValueError(f"fit: X has {len(X)} rows but y has {len(y)}; expected one target per row.")
    epochs = check_int(epochs, "epochs", low=1)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", low=1)
    loss_fn = get_loss(loss)
    if getattr(model, "task", "unset") is None and loss_fn.task is not None:
        model.task = loss_fn.task
    optimizer = SGD(model.parameters(), lr=lr) if optimizer is None else optimizer
    rng = as_rng(rng)
    metric_fns = [_metric(m) for m in metrics]
    if validation_data is not None:
        X_val, y_val = validation_data
        X_val = as_array(X_val, "validation_data[0]", ndim=2, dtype=dtype)
        y_val = as_array(y_val, "validation_data[1]", ndim=(1, 2), dtype=dtype)
    # Check the targets once, for the whole training set, against the shape of the network's output
    # (one row's forward pass gives it); every batch below then calls loss_fn.compute, which skips the checks.
    n_outputs = model.forward(X[:1]).shape[1]
    targets = loss_fn.check_targets(y, (len(X), n_outputs), dtype)
    # fit has no use for dL/d(input): a Sequential can skip computing it in its first layer
    backward_options = {"input_grad": False} if isinstance(model, Sequential) else {}
    history = History()
    callbacks = list(callbacks)
    for cb in callbacks:
        cb.model, cb.optimizer, cb.history, cb.stop_training = model, optimizer, history, False
        cb.on_train_begin()
    every = 1 if verbose == 2 else max(1, math.ceil(epochs / 10))
    for epoch in range(1, epochs + 1):
        lr_used = optimizer.current_lr()
        total, penalty_total = 0.0, 0.0
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below, not warned about
            for batch, idx in enumerate(minibatches(len(X), batch_size, shuffle=shuffle, rng=rng), start=1):
                xb, tb = X[idx], targets[idx]
                out = model.forward(xb, training=True)
                value = loss_fn.compute(out, tb)
                if not math.isfinite(value):  # then say whether the network's output is already bad
                    bad_output = not np.isfinite(out).all()
                    _diverged(epoch, f"batch {batch}",
                              "NaN or infinite (in the network's output)" if bad_output else value, optimizer)
                optimizer.zero_grad()
                model.backward(loss_fn.backward(), **backward_options)
                if regularizer is not None:
                    penalty_total += regularizer.loss(params) * len(idx)
                    regularizer.backward(params)
                optimizer.step()
                total += value * len(idx)
        logs = {"loss": total / len(X)}
        if regularizer is not None:
            logs["penalty"] = penalty_total / len(X)
        logs.update(_metric_values(model, X, y, metric_fns))
        if validation_data is not None:
            with np.errstate(over="ignore", invalid="ignore"):
                out_val = model.forward(X_val)
                val_loss = loss_fn(out_val, y_val) if np.isfinite(out_val).all() else math.inf
            if not math.isfinite(val_loss):
                _diverged(epoch, "validation pass", val_loss, optimizer)
            val = {"loss": val_loss} | _metric_values(model, X_val, y_val, metric_fns)
            logs.update({f"val_{k}": v for k, v in val.items()})
        logs["lr"] = lr_used
        history.append(epoch, logs)
        for cb in callbacks:
            cb.on_epoch_end(epoch, logs)
        stop = any(cb.stop_training for cb in callbacks)
        if verbose and (epoch % every == 0 or epoch == epochs or stop):
            shown = "  ".join(f"{k} {v:.4f}" for k, v in logs.items() if k != "lr")
            print(f"epoch {epoch:>{len(str(epochs))}}/{epochs}  {shown}")
        if stop:
            history.stopped_early = True
            break
    for cb in callbacks:
        cb.on_train_end()
    return history
