"""Signals through depth: a deep network's activations and gradients, layer by layer (notebook 09).

Through one Dense layer with n_in inputs, independent zero-mean weights of variance Var(w) and inputs of
variance Var(x), the pre-activation z = Σ_i x_i w_i has variance Var(z) = n_in · Var(w) · Var(x). Stack
layers and these factors multiply: unless n_in · Var(w) is about 1 (about 2 for ReLU, which zeroes half
its inputs), the signal shrinks or grows geometrically with depth, and so does the gradient on its way
back. The functions here build such deep networks and record what flows through them:

- ``deep_mlp(depth, ...)``: ``depth`` hidden layers Dense [+ BatchNorm] + activation, then a Dense output;
- ``layer_signals(model, X, y, loss)``: one forward and backward pass, keeping every hidden layer's
  activations a and gradients dL/da;
- ``loss_curve(model, X, y, loss, optimizer, steps)``: the loss of every training step (NaN once it diverges).
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_rng,
    check_bool,
    check_data,
    check_int,
    check_list,
    check_number,
    check_owner,
    check_shape,
    check_type,
    checked_inputs,
)
from .activations import Activation, get_activation
from .callbacks import Callback
from .init import INITIALIZERS, initialize
from .layers import Dense
from .losses import get_loss
from .model import Sequential
from .normalization import BatchNorm
from .optim import Optimizer
from .training import TrainingDiverged, train_step


def draw_weights(init, shape, rng=None) -> np.ndarray:
    """Weights of ``shape`` = (n_in, n_out): ``init`` is an initializer name from ``course_nn.init``
    (``"xavier_normal"``, ``"he_normal"``, ...) or a number, the standard deviation σ of N(0, σ²)."""
    if isinstance(init, str):
        if init not in INITIALIZERS:
            raise ValueError(
                f"init: unknown initializer {init!r}; expected one of {sorted(INITIALIZERS)} "
                "or a number (the standard deviation of normal weights)."
            )
        return initialize(init, shape, rng=rng)
    std = check_number(init, "init (standard deviation)", low=0.0, low_open=True)
    return as_rng(rng).normal(0.0, std, size=check_shape(shape, ndim=2))


def deep_mlp(
    depth: int = 10,
    width: int = 100,
    n_in: int = 64,
    n_out: int = 10,
    init="he_normal",
    activation: str = "relu",
    batch_norm: bool = False,
    rng=None,
) -> Sequential:
    """A deep multilayer perceptron n_in → width → ... → width → n_out.

    Each of the ``depth`` hidden layers is ``Dense`` (weights from ``init``, see ``draw_weights``), then
    ``BatchNorm`` if ``batch_norm`` (and then the Dense layer has no bias: the mean subtraction would cancel
    it), then the ``activation`` (a name such as ``"tanh"`` or ``"relu"``). The output layer is a Dense with
    the same ``init`` and gives logits (train with ``CrossEntropy()``). Every layer draws from one ``rng``.
    """
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    rng = as_rng(rng)
    get_activation(activation)  # a clear error for an unknown name, before any weights are drawn
    layers, n = [], check_int(n_in, "n_in", low=1)
    for _ in range(depth):
        layers.append(Dense(n, width, init=draw_weights(init, (n, width), rng), bias=not batch_norm))
        if batch_norm:
            layers.append(BatchNorm(width))
        layers.append(get_activation(activation))
        n = width
    layers.append(Dense(n, check_int(n_out, "n_out", low=1), init=draw_weights(init, (n, n_out), rng)))
    return Sequential(layers, task="multiclass")


def layer_signals(model, X, y, loss, training: bool = True) -> dict:
    """One forward and one backward pass of ``model`` on (X, y), keeping what every hidden layer passes on.

    The hidden layers are the activation layers (Tanh, ReLU, ...) of ``model.layers``. ``training=True``
    (the default) runs the forward pass as in a training step: batch normalization uses the batch's
    statistics. The parameters' gradients are zeroed first and hold this batch's gradients afterwards.

    Returns
    -------
    dict with
        ``"activations"``: list of arrays (N, width), the output a of each hidden layer, first to last;
        ``"gradients"``: list of arrays (N, width), dL/da for the same layers;
        ``"loss"``: the loss of the batch (a float).
    """
    layers = check_type(model, "model", Sequential, "Fix: pass a network such as deep_mlp(...).").layers
    loss, training = get_loss(loss), check_bool(training, "training")
    X, y = check_data(model, loss, X, y)
    hidden = [i for i, layer in enumerate(layers) if isinstance(layer, Activation)]
    if not hidden:
        raise ValueError(
            "model: expected a network with activation layers (Tanh, ReLU, ...) between its Dense layers, got none."
        )
    model.zero_grad()
    outputs, a = [], X
    for layer in layers:
        a = layer.forward(a, training=training)
        outputs.append(a)
    value = loss(a, y)
    grads, grad = [None] * len(layers), loss.backward()
    for i in reversed(range(len(layers))):
        grads[i] = grad  # dL/d(output of layer i)
        grad = layers[i].backward(grad)
    return {"activations": [outputs[i] for i in hidden], "gradients": [grads[i] for i in hidden], "loss": float(value)}


def loss_curve(
    model, X, y, loss, optimizer, steps: int = 100, batch_size: int = 100, rng=None, callbacks=()
) -> np.ndarray:
    """Train ``model`` for ``steps`` mini-batch steps and return each step's training loss.

    Every step is ``training.train_step`` (forward in training mode, loss, backward, optimizer step) on
    ``batch_size`` rows drawn without replacement with ``rng``. When the network's output or the loss
    stops being finite the training has diverged: it stops, and the remaining entries are NaN (``fit``
    would raise ``TrainingDiverged`` instead; a curve that ends is easier to draw). Each of ``callbacks``
    (``course_nn.Callback``) gets ``on_train_batch_end(batch, {"loss": ...})`` after every step and
    ``on_epoch_end(epoch, {"loss": ...})`` after every epoch's worth of steps (``len(X) / batch_size`` of them,
    rounded up), as in ``fit``.

    Returns
    -------
    ndarray of shape (steps,)
    """
    check_type(model, "model", Sequential, "Fix: pass a network such as deep_mlp(...).")
    loss = get_loss(loss)
    X, y = check_data(model, loss, X, y)
    check_type(optimizer, "optimizer", Optimizer, "Fix: pass an optimizer such as SGD(model.parameters(), lr=0.1).")
    check_owner(model, optimizer)
    steps = check_int(steps, "steps", low=1)
    batch_size = min(check_int(batch_size, "batch_size", low=1), len(X))
    rng = as_rng(rng)
    callbacks = check_list(callbacks, "callbacks", Callback)
    per_epoch = -(-len(X) // batch_size)
    losses = np.full(steps, np.nan)
    with checked_inputs(), np.errstate(over="ignore", invalid="ignore"):  # X, y checked; divergence: NaN in the curve
        for t in range(steps):
            rows = rng.choice(len(X), size=batch_size, replace=False)
            try:
                losses[t] = train_step(model, loss, optimizer, X[rows], y[rows])
            except TrainingDiverged:
                break
            for callback in callbacks:
                callback.on_train_batch_end(t % per_epoch + 1, {"loss": float(losses[t])})
            if (t + 1) % per_epoch == 0:
                for callback in callbacks:
                    callback.on_epoch_end((t + 1) // per_epoch, {"loss": float(losses[t])})
    return losses
