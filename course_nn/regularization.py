"""Regularization: ways to keep a network from memorizing its training data.

- ``L1`` and ``L2`` add a penalty λ·Ω(w) on the size of the weights to the loss, L' = L + λ·Ω(w).
  Pass one to ``fit(..., regularizer=L2(1e-3))``: ``fit`` adds the penalty's gradient to the weights'
  gradients before every step and records the penalty in History as ``penalty``, apart from ``loss``.
- ``EarlyStopping`` stops training when the validation loss stops improving, and goes back to the
  weights of the best epoch.
- Dropout is a layer: ``course_nn.layers.Dropout``.

Only parameters with ``regularize=True`` are penalized: the weights W of every Dense layer, never
the biases b (a bias only shifts a unit; shrinking it does not make the function smoother). To
penalize a bias anyway, set ``layer.b.regularize = True``.
"""
from __future__ import annotations

import numpy as np

from ._checks import check_number
from ._monitor import Monitor


def _penalized(params):
    if hasattr(params, "parameters"):
        params = params.parameters()
    return [p for p in params if p.regularize]


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
        if not isinstance(half, bool):
            raise TypeError(f"half: expected True or False, got {half!r}.")
        self.half = half

    def value(self, w):
        c = 0.5 if self.half else 1.0
        return c * self.lam * np.sum(w * w)

    def grad(self, w):
        c = 0.5 if self.half else 1.0
        return 2.0 * c * self.lam * w

    def __repr__(self):
        return f"L2(lam={self.lam}, half={self.half})"


class EarlyStopping(Monitor):
    """Stop training when the validation loss has not improved for ``patience`` epochs.

    The number of epochs becomes something the data decides: training goes on while the validation
    loss still falls and stops once it has stalled or risen (the network starts to memorize).

    Parameters
    ----------
    monitor : str, default "val_loss"
        The logged value to watch (``fit`` needs ``validation_data`` for ``val_*`` names).
    patience : int >= 0, default 5
        Epochs without improvement before stopping.
    min_delta : float >= 0, default 0
        Improvements this small or smaller do not count.
    restore_best_weights : bool, default True
        At the end of training, load the weights of the best epoch (otherwise the last epoch's
        weights, ``patience`` epochs past the best, are kept).
    mode : {"min", "max"}, default "min"
        ``"max"`` for values where larger is better, such as ``"val_accuracy"``.

    Attributes
    ----------
    best, best_epoch : the best value and its epoch (1, 2, ...).
    stopped_epoch : int or None
        The epoch after which training stopped (None if it ran all epochs).
    """

    def __init__(self, monitor: str = "val_loss", patience: int = 5, min_delta: float = 0.0,
                 restore_best_weights: bool = True, mode: str = "min"):
        super().__init__(monitor, patience, min_delta, mode)
        self.restore_best_weights = bool(restore_best_weights)

    def on_train_begin(self):
        super().on_train_begin()
        self.best_weights = None
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs):
        if self._improved(epoch, logs):
            if self.restore_best_weights:
                self.best_weights = self.model.state_dict()
        elif self.wait >= self.patience:
            self.stop_training = True
            self.stopped_epoch = epoch

    def on_train_end(self):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)

    def __repr__(self):
        return (f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, min_delta={self.min_delta}, "
                f"restore_best_weights={self.restore_best_weights}, mode={self.mode!r})")
