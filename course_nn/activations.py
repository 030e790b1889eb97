"""Activation functions, as plain functions (for plotting) and as layers (for networks).

Each activation ``f`` acts element-wise: ``a = f(z)``. Its layer keeps ``z`` in ``forward`` and in
``backward`` turns dL/da into dL/dz = dL/da ⊙ f'(z). Softmax is the exception: it mixes the units of a
row, so its backward multiplies by its Jacobian.

All functions are written to be stable: no overflow warnings and no NaN for inputs as large as ±1e4.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_number, check_option, check_values
from .layers import Layer


# ---------------------------------------------------------------- plain functions and derivatives
# Each function first checks z with check_values (finite real numbers; float32 stays float32, ints and bools
# become float64). Inside a network's forward pass (checked_inputs) that is skipped: x was checked once.
def step(z, values: str = "pm1"):
    """Threshold unit: 1 if z > 0, else -1 (``values="pm1"``) or 0 (``values="01"``)."""
    check_option(values, "values", ("pm1", "01"))
    low = -1.0 if values == "pm1" else 0.0
    z = check_values(z, "z")
    return np.where(z > 0, 1.0, low).astype(z.dtype)


def identity(z):
    return check_values(z, "z")


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), computed without overflow: e^(-|z|) never exceeds 1."""
    z = check_values(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1 - σ(z))  (= e^(-z) / (1 + e^(-z))²)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)²."""
    return 1.0 - np.tanh(check_values(z, "z")) ** 2


def relu(z):
    """max(0, z)."""
    return np.maximum(check_values(z, "z"), 0.0)


def relu_prime(z, grad_at_zero: float = 0.0):
    """1 for z > 0, 0 for z < 0 and ``grad_at_zero`` at z = 0 (0 in PyTorch; 1 gives the slides' numbers)."""
    z = check_values(z, "z")
    d = (z > 0).astype(z.dtype)  # float32 stays float32
    if check_number(grad_at_zero, "grad_at_zero", low=0.0, high=1.0):
        d[z == 0] = grad_at_zero
    return d


def leaky_relu(z, slope: float = 0.01):
    """z for z >= 0, slope·z for z < 0 (``slope=0.1`` is the slides' max(0.1x, x))."""
    z = check_values(z, "z")
    return np.where(z >= 0, z, check_number(slope, "slope") * z)


def leaky_relu_prime(z, slope: float = 0.01):
    """1 for z > 0, slope for z <= 0 (at the kink the left branch, as ReLU' and PyTorch)."""
    z = check_values(z, "z")
    return np.where(z > 0, z.dtype.type(1), z.dtype.type(check_number(slope, "slope")))


def elu(z, alpha: float = 1.0):
    """z for z >= 0, α(e^z - 1) for z < 0 (``expm1`` of min(z, 0): no overflow for large z)."""
    z = check_values(z, "z")
    return np.where(z >= 0, z, check_number(alpha, "alpha") * np.expm1(np.minimum(z, 0.0)))


def elu_prime(z, alpha: float = 1.0):
    """1 for z > 0, α·e^z for z <= 0 (at the kink the left branch, as PyTorch)."""
    z = check_values(z, "z")
    return np.where(z > 0, 1.0, check_number(alpha, "alpha") * np.exp(np.minimum(z, 0.0)))


def softmax(z, axis: int = -1):
    """softmax(z)_k = e^(z_k) / Σ_j e^(z_j), row by row; subtracting the row maximum avoids overflow."""
    z = check_values(z, "z")
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# ---------------------------------------------------------------- layers
class Activation(Layer):
    """Base class of element-wise activation layers: a = f(z), and backward dL/dz = dL/da ⊙ f'(z).

    That product is BP1 for the output layer (dL/da from the loss) and the second half of BP2 for a
    hidden layer (dL/da = δ·Wᵀ from the Dense layer above).
    """

    z = None  # the last input, kept for backward
    probabilities = False  # True for Sigmoid and Softmax: the output is already a probability

    def value(self, z):
        raise NotImplementedError

    def derivative(self, z):
        raise NotImplementedError

    def forward(self, z, training: bool = False):
        self.z = check_values(z, "z")
        return self.value(self.z)

    def backward(self, grad):
        z = self._cached(self.z)
        return self._check_grad(grad, z.shape) * self.derivative(z)  # BP1 / BP2: δ = dL/da ⊙ f'(z)


class Step(Activation):
    """Threshold unit. Its derivative is 0 wherever it exists, so no gradient flows through it:
    ``backward`` returns zeros, which is exactly why gradient descent cannot train step networks."""

    def __init__(self, values: str = "pm1"):
        self.values = check_option(values, "values", ("pm1", "01"))

    def value(self, z):
        return step(z, self.values)

    def derivative(self, z):
        return np.zeros_like(z)

    def __repr__(self):
        return f"Step(values={self.values!r})"


class Identity(Activation):
    """a = z, f' = 1 (a linear output, for regression)."""

    def value(self, z):
        return z

    def derivative(self, z):
        return np.ones_like(z)


class Sigmoid(Activation):
    """σ(z) = 1 / (1 + e^(-z)); σ' = σ(1 - σ)."""

    probabilities = True

    def value(self, z):
        return sigmoid(z)

    def derivative(self, z):
        return sigmoid_prime(z)


class Tanh(Activation):
    """tanh(z); tanh' = 1 - tanh²."""

    def value(self, z):
        return np.tanh(z)

    def derivative(self, z):
        return tanh_prime(z)


class ReLU(Activation):
    """max(0, z). ``grad_at_zero`` is the derivative used at exactly z = 0: 0 (default, as PyTorch and
    TensorFlow) or 1 (reproduces the slides' XOR example, whose ReLU takes the x >= 0 branch)."""

    def __init__(self, grad_at_zero: float = 0.0):
        self.grad_at_zero = check_number(grad_at_zero, "grad_at_zero", low=0.0, high=1.0)

    def value(self, z):
        return relu(z)

    def derivative(self, z):
        return relu_prime(z, self.grad_at_zero)

    def __repr__(self):
        return "ReLU()" if self.grad_at_zero == 0 else f"ReLU(grad_at_zero={self.grad_at_zero})"


class LeakyReLU(Activation):
    """z for z >= 0, slope·z for z < 0.

    Give either ``slope`` (default 0.01, as PyTorch; the slides' max(0.1x, x) is ``slope=0.1``) or
    ``divisor`` a > 1 for the slides' x/a form (``divisor=10`` is the same as ``slope=0.1``).
    """

    def __init__(self, slope: float | None = None, divisor: float | None = None):
        if slope is not None and divisor is not None:
            raise ValueError("LeakyReLU: give slope or divisor, not both (divisor=a means slope=1/a).")
        if divisor is not None:
            slope = 1.0 / check_number(divisor, "divisor", low=1.0, low_open=True)
        self.slope = check_number(0.01 if slope is None else slope, "slope", low=0.0, high=1.0, high_open=True)

    def value(self, z):
        return leaky_relu(z, self.slope)

    def derivative(self, z):
        return leaky_relu_prime(z, self.slope)

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope:g})"


class ELU(Activation):
    """z for z >= 0, α(e^z - 1) for z < 0."""

    def __init__(self, alpha: float = 1.0):
        self.alpha = check_number(alpha, "alpha", low=0.0, low_open=True)

    def value(self, z):
        return elu(z, self.alpha)

    def derivative(self, z):
        return elu_prime(z, self.alpha)

    def __repr__(self):
        return f"ELU(alpha={self.alpha:g})"


class Softmax(Activation):
    """Row-wise softmax, turning K scores into K probabilities that sum to 1.

    Not element-wise: each output depends on the whole row, so backward multiplies by the Jacobian
    ∂s_k/∂z_j = s_k(δ_kj - s_j), without building it: dL/dz = s ⊙ (g - Σ_k g_k s_k).
    """

    s = None  # the output of the last forward pass, for backward
    probabilities = True

    def value(self, z):
        self.s = softmax(z)
        return self.s

    def backward(self, grad):
        s = self._cached(self.s)
        grad = self._check_grad(grad, s.shape)
        return s * (grad - (grad * s).sum(axis=-1, keepdims=True))


ACTIVATIONS = {
    "step": Step,
    "identity": Identity,
    "linear": Identity,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "softmax": Softmax,
}


def get_activation(name: str) -> Layer:
    """A fresh activation layer from its name (``"relu"``, ``"sigmoid"``, ...)."""
    check_option(name, "activation", ACTIVATIONS)
    return ACTIVATIONS[name]()
