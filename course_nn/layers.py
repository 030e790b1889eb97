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

from ._checks import (
    as_array,
    as_rng,
    as_shaped,
    check_batch,
    check_bool,
    check_dtype,
    check_grad_shape,
    check_int,
    check_number,
    check_ran,
    check_values,
)


class Parameter:
    """A trainable array and its gradient. The parameter owns both arrays; nothing else holds them.

    Attributes
    ----------
    value : ndarray
        The weights. Optimizers change them in place (``p.value -= lr * p.grad``); assigning
        ``p.value = new`` checks ``new`` (same shape or a single number, finite numbers) and copies it in.
    grad : ndarray, same shape as ``value``
        dL/d(value), added to by ``backward`` and reset by ``zero_grad``.
    name : str
        ``"W"`` or ``"b"`` for a Dense layer; used in summaries and in saved files.
    regularize : bool
        Whether L1/L2 penalties and AdamW's weight decay apply (True for weights, False for biases).
    """

    def __init__(self, value, name: str = "W", regularize: bool = True):
        self._value = as_array(value, name, dtype=None, empty=True).copy()
        self._grad = np.zeros_like(self._value)
        self.name = name
        self.regularize = check_bool(regularize, "regularize")

    @property
    def value(self) -> np.ndarray:
        return self._value

    @value.setter
    def value(self, new):
        self._copy_in(self._value, new, "value")

    @property
    def grad(self) -> np.ndarray:
        return self._grad

    @grad.setter
    def grad(self, new):
        self._copy_in(self._grad, new, "grad")

    def _copy_in(self, mine, new, what):
        """``p.value = new`` (or ``p.grad = new``): check ``new`` and copy it into the parameter's own array."""
        if new is mine:  # an in-place update such as p.value -= lr * p.grad: nothing to copy
            return
        new = as_array(new, f"Parameter {self.name} {what}", dtype=mine.dtype, empty=True)
        if new.shape != mine.shape and new.ndim != 0:  # a single number fills the whole array
            raise ValueError(f"Parameter {self.name}: expected a {what} of shape {mine.shape}, got {new.shape}.")
        mine[...] = new

    @property
    def shape(self) -> tuple:
        return self._value.shape

    @property
    def size(self) -> int:
        return self._value.size

    def zero_grad(self) -> None:
        self._grad[...] = 0.0

    def __repr__(self) -> str:
        return f"Parameter({self.name}, shape={self.shape}, dtype={self._value.dtype})"


class Layer:
    """Base class: a step of the network. Subclasses implement ``forward`` and ``backward``."""

    def forward(self, x, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        """The trainable arrays, which optimizers update."""
        return []

    def named_parameters(self) -> dict[str, Parameter]:
        """The parameters by name (``"W"``, ``"b"``), as ``state_dict`` and ``gradcheck`` label them."""
        return {p.name: p for p in self.parameters()}

    def buffers(self) -> dict[str, np.ndarray]:
        """State that is not trained but belongs to the layer (running statistics): saved and loaded
        with the parameters, never touched by an optimizer."""
        return {}

    def output_shape(self, input_shape: tuple) -> tuple:
        """Shape of the output for an input of shape ``input_shape`` (``None`` for the batch size)."""
        return input_shape

    def __call__(self, x, training: bool = False):
        return self.forward(x, training=training)

    def _cached(self, value):
        """``value`` (what forward kept for backward), or a clear error when forward has not run."""
        return check_ran(value, f"{type(self).__name__}.backward", "run forward(x, training=True) on the batch first.")

    def _check_grad(self, grad, shape):
        """``grad`` = dL/d(output) must have the shape of the last output."""
        return check_grad_shape(grad, shape, self)

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
        shape, dtype = (self.n_in, self.n_out), check_dtype(dtype)
        if isinstance(init, str):
            W = initialize(init, shape, rng=as_rng(rng))
        else:
            W = as_shaped(init, "init (explicit W)", shape, "Fix: transpose it if it is (n_out, n_in).")
        self.W = Parameter(np.asarray(W, dtype=dtype), "W", regularize=True)
        self.b = None
        if bias is not False and bias is not None:
            b = np.zeros(self.n_out) if bias is True else as_shaped(np.ravel(bias), "bias", (self.n_out,))
            self.b = Parameter(np.asarray(b, dtype=dtype), "b", regularize=False)
        self.x = None  # the last input, kept for backward

    def forward(self, x, training: bool = False):
        x = check_batch(x, "x", self.n_in, who=self, dtype=self.W.value.dtype)
        self.x = x
        z = x @ self.W.value
        if self.b is not None:
            z += self.b.value
        return z

    def backward(self, delta):
        """Add dL/dW and dL/db into the parameters' grads and return dL/dx.

        ``delta`` is dL/dz, shape (N, n_out): the error signal δ of this layer's units."""
        x = self._cached(self.x)
        delta = self._check_grad(delta, (len(x), self.n_out))
        self.W.grad += x.T @ delta  # BP4: dL/dW = xᵀ·δ  (x is the previous layer's activation)
        if self.b is not None:
            self.b.grad += delta.sum(axis=0)  # BP3: dL/db = δ summed over the batch
        return delta @ self.W.value.T  # BP2, first half: δ·Wᵀ (the activation below multiplies by f'(z))

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
        self.mask = None  # the last mask, kept for backward (1 in evaluation)

    def forward(self, x, training: bool = False):
        x = check_values(x, "x")
        if not training or self.rate == 0.0:
            self.mask = np.ones(x.shape, dtype=x.dtype)
            return x
        keep = 1.0 - self.rate
        self.mask = (self.rng.random(x.shape) < keep).astype(x.dtype) / keep
        return x * self.mask

    def backward(self, grad):
        mask = self._cached(self.mask)
        return self._check_grad(grad, mask.shape) * mask

    def __repr__(self):
        return f"Dropout({self.rate})"
