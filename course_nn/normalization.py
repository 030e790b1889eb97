r"""Batch normalization: standardize every unit over the batch, then let the network rescale it.

A deep network trains badly when the scale of its signals drifts from layer to layer (notebook 09).
``BatchNorm`` fixes the scale inside the network: for each feature (unit) it subtracts the batch mean
and divides by the batch standard deviation, then multiplies by a learned ``gamma`` and adds a learned
``beta``, so the layer can still output any scale and offset the loss asks for.

Layout: batch first, ``x`` of shape ``(N, n_features)``, the same as ``torch.nn.BatchNorm1d``.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_batch, check_dtype, check_int, check_number
from .layers import Layer, Parameter


class BatchNorm(Layer):
    r"""Batch normalization of a batch-first ``(N, n_features)`` input (``torch.nn.BatchNorm1d``).

    Parameters
    ----------
    n_features : int
        Number of features (units) of the input; each is normalized on its own.
    momentum : float in [0, 1], default 0.1
        Weight of the newest batch in the running statistics (PyTorch's convention; Keras calls
        ``1 - momentum`` its momentum, 0.99 there is 0.01 here).
    eps : float > 0, default 1e-5
        Added to the variance before the square root, so a feature that is constant in a batch
        does not divide by 0.
    dtype : numpy dtype, default float64

    Attributes
    ----------
    gamma, beta : Parameter of shape (n_features,)
        Scale (starts at 1) and shift (starts at 0); neither is penalized by L1/L2.
    running_mean, running_var : ndarray of shape (n_features,)
        Buffers (``buffers()``), not parameters: no gradient, updated by every training forward pass,
        used in evaluation. They start at 0 and 1.

    Notes
    -----
    **Training** (``forward(x, training=True)``), for each feature over the N rows of the batch:

    .. math::

        \mu = \frac1N\sum_i x_i,\qquad \sigma^2 = \frac1N\sum_i (x_i-\mu)^2,\qquad
        \hat x_i = \frac{x_i-\mu}{\sqrt{\sigma^2+\varepsilon}},\qquad y_i = \gamma\hat x_i + \beta .

    The variance that normalizes is the biased one (divided by N). The running statistics are then
    moved towards the batch's, with the *unbiased* variance (divided by N - 1), as PyTorch does::

        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var  = (1 - momentum) * running_var  + momentum * var * N / (N - 1)

    **Evaluation** (``training=False``) uses ``running_mean`` and ``running_var`` in place of μ and σ²:
    the output of a row no longer depends on the other rows of its batch, and a single row works.

    **Backward.** With σ standing for √(σ² + ε) and dy = dL/dy of shape (N, n_features):
    dL/dβ = Σ_i dy_i and dL/dγ = Σ_i dy_i·x̂_i. For dL/dx, every x̂_i depends on x_k directly and
    through μ and σ: ∂μ/∂x_k = 1/N, and since Σ_i (x_i - μ) = 0, ∂σ/∂x_k = (x_k - μ)/(Nσ). So

    .. math::

        \frac{\partial\hat x_i}{\partial x_k}
        = \frac1\sigma\Big(\delta_{ik} - \frac1N\Big) - \frac{x_i-\mu}{\sigma^2}\,\frac{x_k-\mu}{N\sigma}
        = \frac1{N\sigma}\big(N\delta_{ik} - 1 - \hat x_i\hat x_k\big),

    and with dL/dx̂_i = γ·dy_i the chain rule sums over i:

    .. math::

        \frac{\partial L}{\partial x_k} = \frac{\gamma}{N\sigma}
        \Big(N\,dy_k - \sum_i dy_i - \hat x_k\sum_i dy_i\,\hat x_i\Big).

    The two sums are dL/dβ and dL/dγ again. In evaluation mode μ and σ are constants and the layer
    is the affine map y = γ(x - running_mean)/√(running_var + ε) + β, so dL/dx = γ·dy/σ.
    """

    def __init__(self, n_features: int, momentum: float = 0.1, eps: float = 1e-5, dtype=np.float64):
        self.n_features = check_int(n_features, "n_features", low=1)
        self.momentum = check_number(momentum, "momentum", low=0.0, high=1.0)
        self.eps = check_number(eps, "eps", low=0.0, low_open=True)
        dtype = check_dtype(dtype)
        self.gamma = Parameter(np.ones(self.n_features, dtype=dtype), "gamma", regularize=False)
        self.beta = Parameter(np.zeros(self.n_features, dtype=dtype), "beta", regularize=False)
        self.running_mean = np.zeros(self.n_features, dtype=dtype)
        self.running_var = np.ones(self.n_features, dtype=dtype)
        self._cache = None  # (x_hat, sigma, training) from the last forward pass

    def forward(self, x, training: bool = False):
        x = check_batch(x, "x", self.n_features, who=self, dtype=self.gamma.value.dtype)
        if training:
            n = x.shape[0]
            if n < 2:
                raise ValueError(
                    f"{self!r}: training mode needs a batch of at least 2 rows, got {n}: the variance of a "
                    "single row is 0, so there is nothing to normalize by. Fix: use batch_size >= 2 and make "
                    "sure the last mini-batch of an epoch does not have 1 row (or evaluate with training=False)."
                )
            mu = x.mean(axis=0)
            var = x.var(axis=0)  # biased: divided by N
            m = self.momentum
            self.running_mean *= 1 - m  # in place: buffers() hands out these arrays
            self.running_mean += m * mu
            self.running_var *= 1 - m
            self.running_var += m * var * n / (n - 1)  # unbiased: divided by N - 1
        else:
            mu, var = self.running_mean, self.running_var
        sigma = np.sqrt(var + self.eps)
        x_hat = (x - mu) / sigma
        self._cache = (x_hat, sigma, training)
        return self.gamma.value * x_hat + self.beta.value

    def backward(self, grad):
        """Add dL/dγ and dL/dβ into the parameters' grads and return dL/dx (see the class Notes)."""
        x_hat, sigma, training = self._cached(self._cache)
        grad = self._check_grad(grad, x_hat.shape)
        dbeta = grad.sum(axis=0)
        dgamma = (grad * x_hat).sum(axis=0)
        self.beta.grad += dbeta
        self.gamma.grad += dgamma
        if not training:
            return grad * (self.gamma.value / sigma)
        n = grad.shape[0]
        return (self.gamma.value / (n * sigma)) * (n * grad - dbeta - x_hat * dgamma)

    def parameters(self):
        return [self.gamma, self.beta]

    def buffers(self) -> dict[str, np.ndarray]:
        """The running statistics: {"running_mean": ..., "running_var": ...}, each of shape (n_features,).

        These are the layer's own arrays (not copies); the layer updates them in place, so whoever
        holds them (``state_dict`` copies them, loading writes into them) always sees the current values.
        """
        return {"running_mean": self.running_mean, "running_var": self.running_var}

    def __repr__(self):
        extra = "" if (self.momentum, self.eps) == (0.1, 1e-5) else f", momentum={self.momentum:g}, eps={self.eps:g}"
        return f"BatchNorm({self.n_features}{extra})"
