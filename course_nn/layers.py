"""Parameters and layers: the building blocks of a network.

A layer is a function with memory. ``forward(x)`` computes its output and keeps what ``backward`` will
need; ``backward(grad)`` receives dL/d(output) and returns dL/d(input), adding dL/d(parameter) into each
parameter's ``grad`` on the way. Layers never change their own weights: that is the optimizer's job.

This is the slides' ``Dense`` pseudocode (``output``, ``Backprop``, ``update``) with ``update`` moved into
an optimizer, so that optimizers can be swapped without touching a layer.

Layout: batch first. ``x`` has shape ``(n_samples, n_in)`` and ``Dense`` computes ``z = x @ W + b`` with
``W`` of shape ``(n_in, n_out)`` and ``b`` of shape ``(n_out,)``.
"""
from __future__ import annotations

import numpy as np

from ._checks import as_array, as_rng, check_int, check_number


class Parameter:
    """A trainable array and its gradient.

    Attributes
    ----------
    value : ndarray
        The current weights. Assigning ``p.value = new`` copies *into* the existing array (same shape
        required), so optimizers and models that hold views of it stay in sync.
    grad : ndarray, same shape as ``value``
        dL/d(value), accumulated by ``backward`` and reset by ``zero_grad``.
    name : str
        ``"W"`` or ``"b"`` for a Dense layer; used in summaries and in saved files.
    regularize : bool
        Whether L1/L2 penalties apply (True for weights, False for biases).
    """

    def __init__(self, value, name: str = "W", regularize: bool = True):
        value = np.array(value, dtype=np.result_type(np.asarray(value).dtype, np.float32))
        self._value = value
        self._grad = np.zeros_like(value)
        self.name = name
        self.regularize = regularize
        self._home = None  # (w, g, offset) once flatten() has moved it into flat vectors

    @property
    def value(self) -> np.ndarray:
        return self._value

    @value.setter
    def value(self, new):
        new = np.asarray(new)
        if new.shape != self._value.shape:
            raise ValueError(
                f"Parameter {self.name}: expected a value of shape {self._value.shape}, got {new.shape}."
            )
        self._value[...] = new

    @property
    def grad(self) -> np.ndarray:
        return self._grad

    @grad.setter
    def grad(self, new):
        self._grad[...] = new

    @property
    def shape(self):
        return self._value.shape

    @property
    def size(self) -> int:
        return self._value.size

    def bind(self, value_view: np.ndarray, grad_view: np.ndarray) -> None:
        """Move the storage of ``value`` and ``grad`` into the given views (used by ``flatten``)."""
        value_view[...] = self._value
        grad_view[...] = self._grad
        self._value, self._grad = value_view, grad_view

    def zero_grad(self) -> None:
        self._grad[...] = 0.0

    def __repr__(self) -> str:
        return f"Parameter({self.name}, shape={self.shape}, dtype={self._value.dtype})"


def flatten(params) -> tuple[np.ndarray, np.ndarray]:
    """Store all ``params`` in one flat value vector and one flat gradient vector.

    Each parameter's ``value`` and ``grad`` become views into the two vectors, so an optimizer can
    update the whole model with a few vectorized operations (``w -= lr * g``) instead of a Python loop
    over layers. Calling it again on the same parameters, in the same order, returns the same vectors.

    Returns
    -------
    w, g : ndarray of shape (n_parameters,)
    """
    params = list(params)
    if not params:
        raise ValueError("params: expected at least one Parameter, got none. Does the model have a Dense layer?")
    dtypes = {p.value.dtype for p in params}
    if len(dtypes) > 1:
        raise TypeError(f"params: all parameters must share one dtype, got {sorted(map(str, dtypes))}.")
    # Already flattened together, in this order? Then reuse the same vectors.
    homes = [p._home for p in params]
    if homes[0] is not None and all(h is not None and h[0] is homes[0][0] for h in homes):
        offsets = [h[2] for h in homes]
        sizes = np.cumsum([0] + [p.size for p in params])
        if offsets == list(sizes[:-1]) and sizes[-1] == homes[0][0].size:
            return homes[0][0], homes[0][1]
    offset = sum(p.size for p in params)
    dtype = dtypes.pop()
    w, g = np.empty(offset, dtype), np.empty(offset, dtype)
    offset = 0
    for p in params:
        n = p.size
        p.bind(w[offset:offset + n].reshape(p.shape), g[offset:offset + n].reshape(p.shape))
        p._home = (w, g, offset)
        offset += n
    return w, g


class Layer:
    """Base class: a step of the network. Subclasses implement ``forward`` and ``backward``."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        return []

    def output_shape(self, input_shape: tuple) -> tuple:
        """Shape of the output for an input of shape ``input_shape`` (``None`` for the batch size)."""
        return input_shape

    def __call__(self, x, training: bool = False):
        return self.forward(x, training=training)

    def _need_forward(self, cached):
        if cached is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward was called before forward. "
                "Fix: run forward(x, training=True) on the batch first."
            )

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Dense(Layer):
    """Fully connected layer: ``z = x @ W + b``.

    Parameters
    ----------
    n_in, n_out : int
        Number of input and output units.
    init : str or array_like, default "xavier_uniform"
        Initializer name (see ``course_nn.init``) or an explicit ``(n_in, n_out)`` array for ``W``.
    bias : bool or array_like, default True
        ``False`` for no bias; an array of shape ``(n_out,)`` sets the initial bias (zeros otherwise).
    rng : None, int or Generator
        Random source for the initializer.
    dtype : numpy dtype, default float64

    Notes
    -----
    Shapes, with N samples in the batch:

    - forward:  x (N, n_in) -> z = x @ W + b  (N, n_out)
    - backward: delta = dL/dz (N, n_out) ->
      dL/dW = x.T @ delta (n_in, n_out), dL/db = delta summed over the batch (n_out,),
      dL/dx = delta @ W.T (N, n_in).

    The sum over the batch is done by the matrix product; whether it is a sum or a mean is decided by
    the loss (mean by default), not here.
    """

    def __init__(self, n_in: int, n_out: int, init="xavier_uniform", bias=True, rng=None, dtype=np.float64):
        from .init import initialize

        self.n_in = check_int(n_in, "n_in", low=1)
        self.n_out = check_int(n_out, "n_out", low=1)
        if isinstance(init, str):
            W = initialize(init, (self.n_in, self.n_out), rng=as_rng(rng))
        else:
            W = as_array(init, "init (explicit W)", ndim=2)
            if W.shape != (self.n_in, self.n_out):
                raise ValueError(
                    f"Dense({n_in}, {n_out}): init array must have shape (n_in, n_out) = "
                    f"{(self.n_in, self.n_out)}, got {W.shape}. Fix: transpose it if it is (n_out, n_in)."
                )
        self.W = Parameter(np.asarray(W, dtype=dtype), "W", regularize=True)
        if bias is False or bias is None:
            self.b = None
        else:
            b0 = np.zeros(self.n_out) if bias is True else as_array(bias, "bias", ndim=(1, 2)).reshape(-1)
            if b0.shape != (self.n_out,):
                raise ValueError(f"Dense({n_in}, {n_out}): bias must have shape ({self.n_out},), got {np.shape(bias)}.")
            self.b = Parameter(np.asarray(b0, dtype=dtype), "b", regularize=False)
        self._x = None

    def forward(self, x, training: bool = False):
        if not isinstance(x, np.ndarray) or x.ndim != 2:
            x = as_array(x, "x", ndim=2, dtype=self.W.value.dtype)
        if x.shape[1] != self.n_in:
            raise ValueError(
                f"Dense({self.n_in}, {self.n_out}): expected input of shape (N, {self.n_in}), got {x.shape}. "
                "Fix: the previous layer's n_out (or the number of features) must equal this layer's n_in."
            )
        self._x = x
        z = x @ self.W.value
        if self.b is not None:
            z += self.b.value
        return z

    def backward(self, delta, input_grad: bool = True):
        """Add dL/dW and dL/db into the parameters' grads and return dL/dx (``None`` when
        ``input_grad=False``: the first layer of a network being trained needs no dL/dx)."""
        self._need_forward(self._x)
        if delta.shape != (self._x.shape[0], self.n_out):
            raise ValueError(
                f"Dense({self.n_in}, {self.n_out}).backward: expected grad of shape "
                f"{(self._x.shape[0], self.n_out)}, got {delta.shape}."
            )
        self.W.grad += self._x.T @ delta
        if self.b is not None:
            self.b.grad += delta.sum(axis=0)
        return delta @ self.W.value.T if input_grad else None

    def parameters(self):
        return [self.W] if self.b is None else [self.W, self.b]

    def output_shape(self, input_shape):
        return input_shape[:-1] + (self.n_out,)

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out}{'' if self.b is not None else ', bias=False'})"


class Dropout(Layer):
    """Inverted dropout.

    In training each unit is kept with probability ``1 - rate`` and the kept ones are multiplied by
    ``1 / (1 - rate)``, so the expected activation is unchanged; in evaluation the layer is the identity
    (no scaling at test time).

    Parameters
    ----------
    rate : float in [0, 1)
        Fraction of units dropped in training.
    rng : None, int or Generator
        Random source of the masks.
    """

    def __init__(self, rate: float = 0.5, rng=None):
        self.rate = check_number(rate, "rate", low=0.0, high=1.0, high_open=True)
        self.rng = as_rng(rng)
        self._mask = None

    def forward(self, x, training: bool = False):
        if not training or self.rate == 0.0:
            self._mask = np.ones(1, dtype=x.dtype)  # identity in evaluation: backward passes grad through
            return x
        keep = 1.0 - self.rate
        self._mask = (self.rng.random(x.shape) < keep).astype(x.dtype) / keep
        return x * self._mask

    def backward(self, grad):
        self._need_forward(self._mask)
        return grad * self._mask

    def __repr__(self):
        return f"Dropout({self.rate})"
