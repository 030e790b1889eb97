"""Weight penalties: ``L1`` and ``L2`` add a penalty λ·Ω(w) on the size of the weights to the loss,
L' = L + λ·Ω(w), which keeps a network from fitting its training data with large, extreme weights.

Pass one to ``fit(..., regularizer=L2(1e-3))``: every training step adds the penalty's gradient to the
weights' gradients before the optimizer's step, and ``fit`` records the penalty in History as
``penalty``, apart from ``loss``. The course's other regularizers live where they act: dropout is a
layer (``layers.Dropout``), early stopping a callback (``callbacks.EarlyStopping``), decoupled weight
decay an optimizer (``optim.AdamW``).

Only parameters with ``regularize=True`` are penalized: the weights W of every Dense layer, never
the biases b (a bias only shifts a unit; shrinking it does not make the function smoother). To
penalize a bias anyway, set ``layer.b.regularize = True``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_parameters, check_bool, check_number
from .layers import Parameter


def _penalized(params):
    return [p for p in as_parameters(params, Parameter) if p.regularize]


class Penalty:
    """Base class of weight penalties: ``loss(params)`` is the penalty, ``backward(params)`` adds its
    gradient into each penalized parameter's ``grad``. Subclasses define ``value(w)`` and ``grad(w)``
    for one weight array."""

    def loss(self, params) -> float:
        """The penalty summed over all penalized parameters."""
        return float(sum(self.value(p.value) for p in _penalized(params)))

    def backward(self, params) -> None:
        """Add d(penalty)/dw to the gradient of every penalized parameter."""
        for p in _penalized(params):
            p.grad += self.grad(p.value)


class L1(Penalty):
    """Lasso penalty λ·Σ|w|, gradient λ·sign(w) (0 at w = 0).

    Its pull toward 0 has the same size λ for small and large weights, so it drives many weights to
    exactly 0 (sparse weights). Keras: ``regularizers.l1(lam)``.

    Parameters
    ----------
    lam : float >= 0
        λ, the strength of the penalty.
    """

    def __init__(self, lam: float):
        self.lam = check_number(lam, "lam", low=0.0)

    def value(self, w):
        return self.lam * np.abs(w).sum()

    def grad(self, w):
        return self.lam * np.sign(w)

    def __repr__(self):
        return f"L1(lam={self.lam})"


class L2(Penalty):
    """Ridge penalty ("weight decay") c·λ·Σw², gradient 2·c·λ·w, with c = 1 or ½ (``half=True``).

    Its pull toward 0 is proportional to the weight: large weights shrink fast, small ones hardly at
    all, so the weights become many and small rather than few and large.

    Parameters
    ----------
    lam : float >= 0
        λ, the strength of the penalty.
    half : bool, default False
        Use (λ/2)·Σw², whose gradient is exactly λ·w.

    Notes
    -----
    The sources scale the penalty differently; all are one of these:

    ==========================================  ==============  ===============  ==========================
    written as                                  penalty         gradient         course_nn
    ==========================================  ==============  ===============  ==========================
    slides 002/003, Keras ``l2(lam)``           λ·Σw²           2λ·w             ``L2(lam)``
    PyTorch ``SGD(weight_decay=lam)``           (λ/2)·Σw²       λ·w              ``L2(lam, half=True)``
    slide 004, N training samples               (λ/2N)·Σw²      (λ/N)·w          ``L2(lam / N, half=True)``
    ==========================================  ==============  ===============  ==========================

    So PyTorch's ``weight_decay=0.01`` is λΣw² with λ = 0.005, not 0.01: the factor 2 matters.
    Slide 004's (λ/2N) goes with its data loss (1/2N)·Σ(f − t)², which is ``MSE(half=True)`` with
    full batches.
    """

    def __init__(self, lam: float, half: bool = False):
        self.lam = check_number(lam, "lam", low=0.0)
        self.half = check_bool(half, "half")

    def value(self, w):
        c = 0.5 if self.half else 1.0
        return c * self.lam * np.sum(w * w)

    def grad(self, w):
        c = 0.5 if self.half else 1.0
        return 2.0 * c * self.lam * w

    def __repr__(self):
        return f"L2(lam={self.lam}, half={self.half})"
