"""Training: one step of gradient descent (``train_step``), and the loop around it (``fit``).

A training step is forward, loss, backward, step::

    out = model.forward(xb, training=True)   # predictions; every layer keeps what backward needs
    value = loss(out, yb)                    # how wrong they are
    optimizer.zero_grad()
    model.backward(loss.backward())          # BP1-BP4, layer by layer: every parameter's gradient
    optimizer.step()                         # move the weights downhill

``fit`` repeats it: every epoch shuffles the training rows, cuts them into mini-batches and takes one
step per batch, then records the epoch's loss (and validation loss, metrics, learning rate) in a
``History`` and lets the callbacks (such as early stopping) act. Training that diverges (the loss becomes
NaN or infinite) stops with ``TrainingDiverged`` and a suggestion.
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import (
    as_rng,
    check_bool,
    check_data,
    check_int,
    check_list,
    check_methods,
    check_number,
    check_option,
    check_output,
    check_owner,
    check_pair,
    check_type,
    checked_inputs,
    inputs_checked,
)
from .callbacks import Callback, History
from .data import minibatches
from .layers import Layer
from .losses import get_loss
from .metrics.scorers import as_scorers, score_all
from .optim import Optimizer, clip_grad_norm, get_optimizer


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite: the steps were too large (or the data has extreme values)."""


def train_step(model, loss, optimizer, X, y, *, regularizer=None, clip_norm=None) -> float:
    """One step of gradient descent on the batch (X, y); returns the batch's loss (before the step).

    Parameters
    ----------
    model : Sequential (or any Layer)
    loss : Loss or str
    optimizer : Optimizer
        Over the model's parameters.
    X : array (N, n_features);  y : targets as ``loss`` takes them.
    regularizer : L1 or L2, optional
        Its gradient is added to the weights' gradients before the step.
    clip_norm : float, optional
        Scale the gradients down to this global norm before the step (``optim.clip_grad_norm``).

    Raises
    ------
    TrainingDiverged
        if the loss is NaN or infinite (the weights are then left unchanged).
    """
    if not inputs_checked():  # called by the user (fit checked its arguments once); X and y: by forward and loss
        check_type(optimizer, "optimizer", Optimizer, "Fix: pass an optimizer such as Adam(model.parameters()).")
        loss, _, _ = _arguments(model, loss, optimizer, None, regularizer, (), None, clip_norm)
    out = model.forward(X, training=True)  # forward pass: each layer keeps what backward needs
    value = loss(out, y)  # the loss of this batch
    if not math.isfinite(value):
        raise TrainingDiverged(_diverged(value, out, optimizer))
    optimizer.zero_grad()
    model.backward(loss.backward())  # backward pass (BP1-BP4): every parameter's gradient
    if regularizer is not None:
        regularizer.backward(optimizer.params)  # + the penalty's gradient
    if clip_norm is not None:
        clip_grad_norm(optimizer.params, clip_norm)
    optimizer.step()  # the only line that changes weights
    return value


def _diverged(value, out, optimizer) -> str:
    """Why training stopped (the loss ``value`` is not finite; with ``out=None``: a step made weights NaN or
    infinite) and what to try."""
    lr, bad_out = optimizer.current_lr(), out is not None and not np.isfinite(out).all()
    what = "the last step made some weights NaN or infinite" if out is None else f"the loss became {value}"
    what += " (the network's output has NaN or infinite values)" if bad_out else ""
    return (
        f"{what}. The steps are too large for this problem: try a smaller learning "
        f"rate (lr={lr:g} now; try lr={lr / 10:g}), and check that the inputs are standardized."
    )


def evaluate(model, X, y, loss, metrics=()) -> dict:
    """Loss and metrics of ``model`` on (X, y) in evaluation mode (dropout off); ``metrics`` as for ``fit``."""
    loss_fn = get_loss(loss)
    X, targets = check_data(check_type(model, "model", Layer), loss_fn, X, y)
    with checked_inputs():
        logs = {"loss": loss_fn(check_output(model.forward(X), "evaluate"), targets)}
        logs.update(score_all(as_scorers(metrics), model, X, targets))
    return logs


def _arguments(model, loss, optimizer, lr, regularizer, callbacks, validation_data, clip_norm):
    """The arguments of fit (and train_step) checked, with the loss and the optimizer made from their names if
    given so."""
    check_type(model, "model", Layer, "Fix: pass a Sequential([...]) of layers.")
    if optimizer is None or isinstance(optimizer, str):
        optimizer = get_optimizer(optimizer or "sgd", model.parameters(), lr=lr)
    check_type(optimizer, "optimizer", Optimizer, "Fix: pass Adam(model.parameters()), or a name such as 'adam'.")
    check_owner(model, optimizer)
    if regularizer is not None:
        check_methods(regularizer, "regularizer", ("loss", "backward"), "L2(1e-3)")
    if clip_norm is not None:
        check_number(clip_norm, "clip_norm", low=0.0, low_open=True)
    if validation_data is not None:
        check_pair(validation_data, "validation_data", "(X_val, y_val)")
    callbacks = check_list(callbacks, "callbacks", Callback, "Fix: pass callbacks such as [EarlyStopping(patience=5)].")
    return get_loss(loss), optimizer, callbacks


def fit(
    model,
    X,
    y,
    *,
    loss,
    optimizer=None,
    lr: float = 0.1,
    epochs: int = 10,
    batch_size: int | None = 32,
    shuffle: bool = True,
    rng=None,
    validation_data=None,
    metrics=(),
    callbacks=(),
    regularizer=None,
    clip_norm=None,
    verbose=True,
) -> History:
    """Train ``model`` on (X, y) with mini-batch gradient descent.

    Parameters
    ----------
    model : Sequential (or any Layer)
    X : array_like, shape (N, n_features)
    y : array_like, shape (N,) or (N, K)
        Targets in the form the loss expects.
    loss : Loss or str
        ``MSE()``, ``BinaryCrossEntropy()``, ``CrossEntropy()`` ... or a name such as ``"mse"``.
    optimizer : Optimizer or str, optional
        An optimizer over ``model.parameters()``, or a name (``"sgd"``, ``"adam"``, ... see
        ``optim.OPTIMIZERS``) made with learning rate ``lr``. Default: ``"sgd"``.
    lr : float
        Learning rate of an optimizer given by name (ignored when ``optimizer`` is an object).
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
        Scorer strings (``course_nn.metrics.get_scorer_names()``, e.g. ``"accuracy"``, ``"roc_auc"``,
        ``"neg_log_loss"``) or functions ``f(y_true, y_pred)`` of the labels, computed on the training data
        and the validation data after every epoch; History keys are the strings (``val_accuracy`` ...).
    callbacks : sequence of Callback
        For example ``EarlyStopping``.
    regularizer : L1, L2 or an object with ``loss(params)`` and ``backward(params)``, optional
        A weight penalty. Its value is recorded separately as ``penalty``; ``loss`` is always the
        data loss alone.
    clip_norm : float, optional
        Clip the gradients to this global norm before every step.
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
    loss, optimizer, callbacks = _arguments(
        model, loss, optimizer, lr, regularizer, callbacks, validation_data, clip_norm
    )
    X, t = check_data(model, loss, X, y)  # t: the targets as the loss uses them
    if validation_data is not None:
        X_val, t_val = check_data(model, loss, *validation_data, names=("validation_data[0]", "validation_data[1]"))
    epochs = check_int(epochs, "epochs", low=1)
    batch_size = None if batch_size is None else check_int(batch_size, "batch_size", low=1)
    shuffle, rng = check_bool(shuffle, "shuffle"), as_rng(rng)
    verbose = check_option(verbose, "verbose", (0, 1, 2))
    scorers = as_scorers(metrics)
    if getattr(model, "task", "unset") is None and loss.task is not None:
        model.task = loss.task
    history = History()
    for cb in callbacks:
        cb.model, cb.optimizer, cb.history, cb.stop_training = model, optimizer, history, False
        cb.on_train_begin()
    try:
        for epoch in range(1, epochs + 1):
            lr_used = optimizer.current_lr()
            with checked_inputs(), np.errstate(over="ignore", invalid="ignore"):  # data checked above; divergence
                batches = minibatches(len(X), batch_size, shuffle=shuffle, rng=rng)  # is reported, not warned about
                logs = _train_epoch(epoch, model, loss, optimizer, X, t, batches, regularizer, clip_norm, callbacks)
                logs.update(score_all(scorers, model, X, t))
                if validation_data is not None:
                    logs.update(_validate(epoch, model, loss, optimizer, X_val, t_val, scorers))
            logs["lr"] = lr_used
            history.append(epoch, logs)
            for cb in callbacks:
                cb.on_epoch_end(epoch, logs)
            history.stopped_early = any(cb.stop_training for cb in callbacks)
            _progress(verbose, epoch, epochs, logs, history.stopped_early)
            if history.stopped_early:
                break
    finally:  # also when training diverges or is interrupted: EarlyStopping then restores the best weights
        for cb in callbacks:
            cb.on_train_end()
    return history


def _train_epoch(epoch, model, loss, optimizer, X, t, batches, regularizer, clip_norm, callbacks) -> dict:
    """One pass over the training data, one ``train_step`` per mini-batch (and the callbacks'
    ``on_train_batch_end`` after it): the epoch's mean loss (and penalty)."""
    total = penalty = 0.0
    for batch, idx in enumerate(batches, start=1):
        if regularizer is not None:
            penalty += regularizer.loss(optimizer.params) * len(idx)
        try:
            value = train_step(model, loss, optimizer, X[idx], t[idx], regularizer=regularizer, clip_norm=clip_norm)
        except TrainingDiverged as err:
            raise TrainingDiverged(f"Training diverged in epoch {epoch} (batch {batch}): {err}") from None
        total += value * len(idx)
        for cb in callbacks:
            cb.on_train_batch_end(batch, {"loss": value})
    if not all(np.isfinite(p.value).all() for p in optimizer.params):  # the last step is not checked by a loss
        raise TrainingDiverged(f"Training diverged in epoch {epoch} (last batch): {_diverged(None, None, optimizer)}")
    return {"loss": total / len(X)} | ({"penalty": penalty / len(X)} if regularizer is not None else {})


def _validate(epoch, model, loss, optimizer, X_val, t_val, scorers) -> dict:
    """Loss and metrics on the validation data, in evaluation mode, as ``val_<name>``."""
    out = model.forward(X_val)
    if not math.isfinite(value := loss(out, t_val)):
        where = f"Training diverged in epoch {epoch} (validation pass): "
        raise TrainingDiverged(where + _diverged(value, out, optimizer))
    val = {"loss": value} | score_all(scorers, model, X_val, t_val)
    return {f"val_{k}": v for k, v in val.items()}


def _progress(verbose, epoch: int, epochs: int, logs: dict, stop: bool) -> None:
    """Print a line about every tenth epoch (every epoch for ``verbose=2``), the last one and a stop."""
    every = 1 if verbose == 2 else max(1, math.ceil(epochs / 10))
    if verbose and (epoch % every == 0 or epoch == epochs or stop):
        shown = "  ".join(f"{k} {v:.4f}" for k, v in logs.items() if k != "lr")
        print(f"epoch {epoch:>{len(str(epochs))}}/{epochs}  {shown}")
