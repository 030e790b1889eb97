"""Weight initializers, and the output-layer rule that starts a network at the naive baseline.

Why random weights at all? If every hidden unit starts with the same weights, every unit computes the
same thing and receives the same gradient, forever (symmetry). Small random values break the tie; the
Xavier/Glorot and He rules choose the spread so that signals neither explode nor vanish with depth.

Every initializer takes ``rng`` and never touches NumPy's global random state.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_class_labels, as_rng, check_number, check_option, check_shape


def zeros(shape, rng=None):
    """All zeros. Fine for biases; for hidden weights it leaves every unit identical (symmetry)."""
    return np.zeros(check_shape(shape))


def uniform(shape, rng=None, scale=0.05):
    """Small uniform weights, U(-scale, scale)."""
    scale = check_number(scale, "scale", low=0.0)
    return as_rng(rng).uniform(-scale, scale, size=check_shape(shape))


def normal(shape, rng=None, std=0.01):
    """Small normal weights, N(0, std²)."""
    return as_rng(rng).normal(0.0, check_number(std, "std", low=0.0), size=check_shape(shape))


def xavier_uniform(shape, rng=None):
    """Glorot/Xavier uniform: U(-l, l) with l = sqrt(6 / (n_in + n_out)). Suits tanh and sigmoid."""
    n_in, n_out = shape = check_shape(shape, ndim=2)
    limit = np.sqrt(6.0 / (n_in + n_out))
    return as_rng(rng).uniform(-limit, limit, size=shape)


def xavier_normal(shape, rng=None):
    """Glorot/Xavier normal: N(0, 2 / (n_in + n_out))."""
    n_in, n_out = shape = check_shape(shape, ndim=2)
    return as_rng(rng).normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=shape)


def lecun_normal(shape, rng=None):
    """LeCun normal: N(0, 1 / n_in). Keeps the variance of the forward signal through a linear layer."""
    return as_rng(rng).normal(0.0, np.sqrt(1.0 / (shape := check_shape(shape, ndim=2))[0]), size=shape)


def he_uniform(shape, rng=None):
    """He/Kaiming uniform: U(-l, l) with l = sqrt(6 / n_in). Suits ReLU."""
    limit = np.sqrt(6.0 / (shape := check_shape(shape, ndim=2))[0])
    return as_rng(rng).uniform(-limit, limit, size=shape)


def he_normal(shape, rng=None):
    """He/Kaiming normal: N(0, 2 / n_in). Suits ReLU."""
    return as_rng(rng).normal(0.0, np.sqrt(2.0 / (shape := check_shape(shape, ndim=2))[0]), size=shape)


INITIALIZERS = {
    f.__name__: f for f in (zeros, uniform, normal, xavier_uniform, xavier_normal, lecun_normal, he_uniform, he_normal)
}
INITIALIZERS["glorot_uniform"] = xavier_uniform
INITIALIZERS["glorot_normal"] = xavier_normal


def initialize(name: str, shape, rng=None) -> np.ndarray:
    """Draw an array of ``shape`` with the initializer called ``name`` (see ``INITIALIZERS``)."""
    check_option(name, "init", INITIALIZERS)
    return INITIALIZERS[name](shape, rng=rng)


def init_output_bias(layer, y, task: str) -> float | np.ndarray:
    """Start the output layer at the naive baseline: weights 0, bias from the targets.

    - ``task="regression"``: ``b = mean(y)`` (per output column), the best constant under squared error.
    - ``task="binary"``: ``b = log(p / (1 - p))`` with ``p`` the fraction of positive labels, so that
      ``sigmoid(b) = p``: the network starts by predicting the class prior.
    - ``task="multiclass"``: ``b_k = log(p_k)``, so that ``softmax(b) = p``.

    Parameters
    ----------
    layer : Dense
        The output layer (it must have a bias).
    y : array_like
        Training targets: values (regression), 0/1 labels (binary) or integer labels (multiclass).

    Returns
    -------
    The bias that was set.
    """
    check_option(task, "task", ("regression", "binary", "multiclass"))
    if getattr(layer, "b", None) is None:
        raise ValueError(f"layer: the output-bias rule needs a Dense layer with a bias, got {layer!r}.")
    y = as_array(y, "y")
    if task == "regression":
        b = y.reshape(len(y), -1).mean(axis=0)
        if b.size not in (1, layer.n_out):
            raise ValueError(f"y: expected {layer.n_out} target column(s), one per output of {layer!r}, got {b.size}.")
    elif task == "binary":
        p = y.mean()
        if not np.isin(y, (0, 1)).all() or p in (0.0, 1.0):
            raise ValueError("y: expected 0/1 labels containing both classes for task='binary'.")
        b = np.full(layer.n_out, np.log(p / (1 - p)))
    else:
        counts = np.bincount(
            as_class_labels(y, "y", layer.n_out, f" (the layer has {layer.n_out} outputs)"), minlength=layer.n_out
        )
        if (counts == 0).any():
            raise ValueError(f"y: expected every class 0..{layer.n_out - 1} to appear, got counts {counts.tolist()}.")
        b = np.log(counts / counts.sum())
    layer.W.value = np.zeros(layer.W.shape)
    layer.b.value = np.broadcast_to(b, layer.b.shape)
    return layer.b.value.copy()
