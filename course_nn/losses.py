"""Loss functions: a number that says how wrong the predictions are, and its gradient.

Calling ``loss(pred, y)`` returns the loss as a float and remembers what ``loss.backward()`` needs to
return dL/d(pred), an array of ``pred``'s shape. By default every loss is the *mean* over the batch, so a
step's size does not depend on the batch size; ``reduction="sum"`` gives the summed form the slides also use.

The slides' squared-error variants are all expressible:

==================  =====================================
slide formula       course_nn
==================  =====================================
(1/N) Σ (f - t)²     ``MSE()``
(1/2N) Σ (f - t)²    ``MSE(half=True)``
½ Σ (f - t)²         ``MSE(reduction="sum", half=True)``
Σ (f - t)²           ``MSE(reduction="sum")``
==================  =====================================
"""
from __future__ import annotations

import numpy as np

from ._checks import as_array, check_option
from .activations import sigmoid, softmax


class Loss:
    """Base class. Subclasses set ``task`` and implement ``forward`` and ``backward``."""

    task = None

    def __init__(self, reduction: str = "mean"):
        self.reduction = check_option(reduction, "reduction", ("mean", "sum"))
        self._cache = None

    def __call__(self, pred, y) -> float:
        return self.forward(pred, y)

    def _scale(self, n: int) -> float:
        """1/n for ``reduction="mean"``, 1 for ``"sum"``."""
        return 1.0 / n if self.reduction == "mean" else 1.0

    def _need_forward(self):
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before the loss was computed. "
                               "Fix: call loss(pred, y) first.")

    def _check(self, pred, y, y_dtype=float):
        """Check pred (N, K) and y; y of shape (N,) is accepted for a one-column pred."""
        if not isinstance(pred, np.ndarray) or pred.ndim != 2:
            pred = as_array(pred, "pred", ndim=(1, 2))
            pred = pred.reshape(-1, 1) if pred.ndim == 1 else pred
        elif not np.isfinite(pred).all():
            raise ValueError(f"{type(self).__name__}: pred contains NaN or infinity. If this happened during "
                             "training, the learning rate is probably too large.")
        y = as_array(y, "y", ndim=(1, 2), dtype=y_dtype)
        return pred, y

    def _same_shape(self, pred, y):
        if y.shape != pred.shape:
            if y.size == pred.size and pred.shape[1] == 1:
                y = y.reshape(pred.shape)
            else:
                raise ValueError(f"{type(self).__name__}: pred has shape {pred.shape} but y has shape {y.shape}; "
                                 "expected the same shape (or y of shape (N,) for one output column).")
        return y

    def __repr__(self):
        return f"{type(self).__name__}(reduction={self.reduction!r})"


class MSE(Loss):
    """Squared error: L = c · Σ (pred - y)², with c = 1/(number of entries) for ``reduction="mean"``
    (1 for ``"sum"``), halved when ``half=True``.

    Gradient: dL/dpred = c · 2 (pred - y)  (c · (pred - y) when halved).
    """

    task = "regression"

    def __init__(self, reduction: str = "mean", half: bool = False):
        super().__init__(reduction)
        self.half = bool(half)

    def forward(self, pred, y):
        pred, y = self._check(pred, y)
        y = self._same_shape(pred, y)
        r = pred - y
        c = self._scale(r.size) * (0.5 if self.half else 1.0)
        self._cache = (r, c)
        return float(c * np.sum(r * r))

    def backward(self):
        self._need_forward()
        r, c = self._cache
        return (2.0 * c) * r

    def __repr__(self):
        return f"MSE(reduction={self.reduction!r}, half={self.half})"


def _check_binary_labels(y):
    if not np.isin(y, (0.0, 1.0)).all():
        bad = np.unique(y[~np.isin(y, (0.0, 1.0))])[:5]
        raise ValueError(f"y: binary cross-entropy expects labels 0 or 1, got values {bad.tolist()}. "
                         "Fix: for ±1 labels use (y + 1) / 2.")


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy, L = -c Σ [y log p + (1 - y) log(1 - p)], labels y ∈ {0, 1}.

    Parameters
    ----------
    from_logits : bool, default False
        False: ``pred`` are probabilities p (a Sigmoid output layer). True: ``pred`` are scores z and
        p = σ(z) is applied inside, in the stable form max(z, 0) - z·y + log(1 + e^(-|z|)).
    reduction : "mean" or "sum"

    Notes
    -----
    Gradient from logits: dL/dz = c (σ(z) - y), the slides' "δ = ŷ - y". From probabilities:
    dL/dp = c (p - y) / (p (1 - p)), which the Sigmoid layer's σ' = p(1 - p) turns into the same δ.
    Logs are clamped at -100 (as PyTorch does) so a confident mistake costs 100, not infinity.
    """

    task = "binary"

    def __init__(self, from_logits: bool = False, reduction: str = "mean"):
        super().__init__(reduction)
        self.from_logits = bool(from_logits)

    def forward(self, pred, y):
        pred, y = self._check(pred, y)
        y = self._same_shape(pred, y)
        _check_binary_labels(y)
        c = self._scale(pred.size)
        if self.from_logits:
            z = pred
            losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        else:
            p = pred
            if ((p < 0) | (p > 1)).any():
                raise ValueError("pred: expected probabilities in [0, 1], got values outside. "
                                 "Fix: end the model with Sigmoid, or use BinaryCrossEntropy(from_logits=True).")
            with np.errstate(divide="ignore"):
                losses = -(y * np.maximum(np.log(p), -100.0) + (1 - y) * np.maximum(np.log1p(-p), -100.0))
        self._cache = (pred, y, c)
        return float(c * losses.sum())

    def backward(self):
        self._need_forward()
        pred, y, c = self._cache
        if self.from_logits:
            return c * (sigmoid(pred) - y)
        return c * (pred - y) / np.maximum(pred * (1.0 - pred), 1e-12)

    def __repr__(self):
        return f"BinaryCrossEntropy(from_logits={self.from_logits}, reduction={self.reduction!r})"


class CrossEntropy(Loss):
    """Softmax cross-entropy for K classes, L = -c Σ_n Σ_k t_nk log P_nk.

    Parameters
    ----------
    from_logits : bool, default True
        True: ``pred`` are scores z (a Dense output layer) and P = softmax(z) is applied inside,
        using log-softmax z - max - log Σ e^(z - max) so nothing overflows. False: ``pred`` already are
        probabilities P (a Softmax output layer).
    reduction : "mean" or "sum"

    ``y`` is either integer labels of shape (N,) with values 0..K-1, or one-hot (probability) rows
    of shape (N, K). Gradient from logits: dL/dz = c (P - T).
    """

    task = "multiclass"

    def __init__(self, from_logits: bool = True, reduction: str = "mean"):
        super().__init__(reduction)
        self.from_logits = bool(from_logits)

    def _targets(self, pred, y):
        n, k = pred.shape
        if y.ndim == 1 or y.shape[1] == 1 and k > 1:
            labels = y.reshape(-1)
            if len(labels) != n:
                raise ValueError(f"CrossEntropy: pred has {n} rows but y has {len(labels)} labels.")
            if not (np.equal(np.mod(labels, 1), 0).all() and labels.min() >= 0 and labels.max() < k):
                raise ValueError(f"y: expected integer class labels in 0..{k - 1} (pred has {k} columns), "
                                 f"got values from {labels.min():g} to {labels.max():g}.")
            t = np.zeros_like(pred)
            t[np.arange(n), labels.astype(int)] = 1.0
            return t
        if y.shape != pred.shape:
            raise ValueError(f"CrossEntropy: pred has shape {pred.shape} but one-hot y has shape {y.shape}.")
        if (y < 0).any() or not np.allclose(y.sum(axis=1), 1.0):
            raise ValueError("y: one-hot targets must be non-negative and each row must sum to 1.")
        return y

    def forward(self, pred, y):
        pred, y = self._check(pred, y)
        t = self._targets(pred, y)
        c = self._scale(pred.shape[0])
        if self.from_logits:
            shifted = pred - pred.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        else:
            if ((pred < 0) | (pred > 1)).any():
                raise ValueError("pred: expected probabilities in [0, 1]. "
                                 "Fix: end the model with Softmax, or use CrossEntropy(from_logits=True).")
            with np.errstate(divide="ignore"):
                log_p = np.maximum(np.log(pred), -100.0)
        self._cache = (pred, t, c)
        return float(-c * np.sum(t * log_p))

    def backward(self):
        self._need_forward()
        pred, t, c = self._cache
        if self.from_logits:
            return c * (softmax(pred) - t)
        return -c * t / np.maximum(pred, 1e-300)

    def __repr__(self):
        return f"CrossEntropy(from_logits={self.from_logits}, reduction={self.reduction!r})"


class PerceptronCriterion(Loss):
    """The perceptron criterion, L = c Σ max(0, -y·s) for scores s and labels y ∈ {-1, +1}.

    A correctly classified point (y·s > 0) costs nothing; a mistake costs how far it is on the wrong
    side. The (sub)gradient is dL/ds = -c·y on mistakes (y·s <= 0) and 0 otherwise, so one SGD step on
    one mistake is Rosenblatt's rule w ← w + lr·y·x.
    """

    task = "perceptron"

    def forward(self, pred, y):
        pred, y = self._check(pred, y)
        y = self._same_shape(pred, y)
        if not np.isin(y, (-1.0, 1.0)).all():
            raise ValueError("y: the perceptron criterion expects labels -1 or +1. Fix: for 0/1 labels use 2*y - 1.")
        margin = y * pred
        c = self._scale(pred.size)
        self._cache = (margin <= 0, y, c)
        return float(c * np.maximum(0.0, -margin).sum())

    def backward(self):
        self._need_forward()
        mistakes, y, c = self._cache
        return np.where(mistakes, -c * y, 0.0)


LOSSES = {"mse": MSE, "bce": BinaryCrossEntropy, "binary_cross_entropy": BinaryCrossEntropy,
          "cross_entropy": CrossEntropy, "perceptron": PerceptronCriterion}


def get_loss(loss) -> Loss:
    """A loss object from a name (``"mse"``, ``"bce"``, ``"cross_entropy"``, ``"perceptron"``) or a Loss."""
    if isinstance(loss, Loss):
        return loss
    check_option(loss, "loss", LOSSES)
    return LOSSES[loss]()
