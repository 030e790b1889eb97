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

from ._checks import (
    as_array,
    check_bool,
    check_class_targets,
    check_labels,
    check_option,
    check_probabilities,
    check_ran,
    check_target_shape,
    inputs_checked,
)
from .activations import sigmoid


class Loss:
    """Base class. Subclasses set ``task`` and implement ``forward`` and ``_gradient`` (used by ``backward``).

    ``loss(pred, y)`` (the same as ``loss.forward(pred, y)``) checks ``pred`` and ``y``, returns the loss
    as a float and keeps what ``backward`` needs. Inside ``fit`` the data were checked once before
    training, so the checks are skipped there (see ``course_nn._checks.checked_inputs``).
    """

    task = None

    def __init__(self, reduction: str = "mean"):
        self.reduction = check_option(reduction, "reduction", ("mean", "sum"))
        self._cache = None

    def __call__(self, pred, y) -> float:
        return self.forward(pred, y)

    def forward(self, pred, y) -> float:
        """The loss of predictions ``pred`` (N, K) for targets ``y``."""
        raise NotImplementedError

    def backward(self):
        """dL/d(pred) for the last ``pred`` given to ``forward``, of its shape (a subclass's ``_gradient`` is the
        formula, for ``pred`` as an (N, K) array)."""
        return self._gradient().reshape(self._shape)

    def _scale(self, n: int) -> float:
        """1/n for ``reduction="mean"``, 1 for ``"sum"``."""
        return 1.0 / n if self.reduction == "mean" else 1.0

    def _cached(self):
        return check_ran(self._cache, f"{type(self).__name__}.backward", "call loss(pred, y) first.")

    def _checked(self, pred, y):
        """``pred`` as a 2-D float array and ``y`` as ``check_targets`` returns it (as given inside fit)."""
        if inputs_checked():  # inside fit: pred is the network's (N, K) output
            self._shape = pred.shape
            return pred, y
        pred = as_array(pred, "pred", ndim=(1, 2), dtype=None)
        self._shape = pred.shape  # backward gives the gradient this shape (a 1-D pred is (N, 1) in the formulas)
        pred = pred.reshape(-1, 1) if pred.ndim == 1 else pred
        return pred, self.check_targets(y, pred.shape, pred.dtype)

    def check_targets(self, y, pred_shape, dtype=np.float64, name: str = "y"):
        """Check targets ``y`` for predictions of shape ``pred_shape`` = (N, K) and return them as the
        formula uses them: here, a float array of that shape (y of shape (N,) is accepted for K = 1).
        ``name`` is what the messages call ``y``."""
        return check_target_shape(as_array(y, name, ndim=(1, 2), dtype=dtype), pred_shape, name)

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
        self.half = check_bool(half, "half")

    def forward(self, pred, y):
        pred, y = self._checked(pred, y)
        r = pred - y
        c = self._scale(r.size) * (0.5 if self.half else 1.0)
        self._cache = (r, c)
        return float(c * (r * r).sum())

    def _gradient(self):
        r, c = self._cached()
        return (2.0 * c) * r  # BP1's dL/da for squared error

    def __repr__(self):
        return f"MSE(reduction={self.reduction!r}, half={self.half})"


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
        self.from_logits = check_bool(from_logits, "from_logits")

    def check_targets(self, y, pred_shape, dtype=np.float64, name: str = "y"):
        y = super().check_targets(y, pred_shape, dtype, name)
        return check_labels(y, (0, 1), name, "binary cross-entropy", "for ±1 labels use (y + 1) / 2.")

    def forward(self, pred, y):
        pred, y = self._checked(pred, y)
        c = self._scale(pred.size)
        if self.from_logits:
            z = pred
            losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        else:
            p = check_probabilities(pred, "BinaryCrossEntropy")  # the network's output: checked in fit too
            with np.errstate(divide="ignore"):
                losses = -(y * np.maximum(np.log(p), -100.0) + (1 - y) * np.maximum(np.log1p(-p), -100.0))
        self._cache = (pred, y, c)
        return float(c * losses.sum())

    def _gradient(self):
        pred, y, c = self._cached()
        if self.from_logits:
            return c * (sigmoid(pred) - y)  # BP1 for sigmoid + cross-entropy: δ = ŷ - y
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

    ``y`` is either integer labels of shape (N,) with values 0..K-1 (turned into one-hot rows T), or
    one-hot (probability) rows T of shape (N, K). Gradient from logits: dL/dz = c (P - T).
    """

    task = "multiclass"

    def __init__(self, from_logits: bool = True, reduction: str = "mean"):
        super().__init__(reduction)
        self.from_logits = check_bool(from_logits, "from_logits")

    def check_targets(self, y, pred_shape, dtype=np.float64, name: str = "y"):
        """Integer labels (N,) become one-hot rows T (N, K); one-hot (or probability) rows are checked."""
        return check_class_targets(y, pred_shape, dtype, name)

    def forward(self, pred, T):
        pred, T = self._checked(pred, T)
        c = self._scale(len(pred))
        if self.from_logits:
            shifted = pred - pred.max(axis=1, keepdims=True)  # softmax is unchanged by the shift: no overflow
            e = np.exp(shifted)
            total = e.sum(axis=1, keepdims=True)
            P = e / total  # softmax, kept for backward
            log_P = shifted - np.log(total)  # log-softmax
        else:
            P = check_probabilities(
                pred, "CrossEntropy", rows_sum_to_1=True
            )  # the network's output: checked in fit too
            with np.errstate(divide="ignore"):
                log_P = np.maximum(np.log(P), -100.0)
        self._cache = (P, T, c)
        return float(-c * (T * log_P).sum())

    def _gradient(self):
        P, T, c = self._cached()
        if self.from_logits:
            return c * (P - T)  # BP1 for softmax + cross-entropy: δ = c (P - T)
        return -c * T / np.maximum(P, np.finfo(P.dtype).tiny)  # no division by 0 (tiny: the smallest normal float)

    def __repr__(self):
        return f"CrossEntropy(from_logits={self.from_logits}, reduction={self.reduction!r})"


class PerceptronCriterion(Loss):
    """The perceptron criterion, L = c Σ max(0, -y·s) for scores s and labels y ∈ {-1, +1}.

    A correctly classified point (y·s > 0) costs nothing; a mistake costs how far it is on the wrong
    side. The (sub)gradient is dL/ds = -c·y on mistakes (y·s <= 0) and 0 otherwise, so one SGD step on
    one mistake is Rosenblatt's rule w ← w + lr·y·x.

    One difference at ties: the criterion counts a score of exactly 0 as a mistake for either label,
    while the perceptron's threshold (ŷ = +1 only if s > 0) calls s = 0 a correct -1. From zero
    weights the two therefore take different paths (notebook 01 shows it).
    """

    task = "perceptron"

    def check_targets(self, y, pred_shape, dtype=np.float64, name: str = "y"):
        y = super().check_targets(y, pred_shape, dtype, name)
        return check_labels(y, (-1, 1), name, "the perceptron criterion", "for 0/1 labels use 2*y - 1.")

    def forward(self, pred, y):
        pred, y = self._checked(pred, y)
        margin = y * pred
        c = self._scale(pred.size)
        self._cache = (margin <= 0, y, c)
        return float(c * np.maximum(0.0, -margin).sum())

    def _gradient(self):
        mistakes, y, c = self._cached()
        return np.where(mistakes, -c * y, 0.0)


# one name per loss (``"bce"`` is short for ``"binary_cross_entropy"``)
LOSSES = dict(
    mse=MSE,
    bce=BinaryCrossEntropy,
    binary_cross_entropy=BinaryCrossEntropy,
    cross_entropy=CrossEntropy,
    perceptron=PerceptronCriterion,
)


def get_loss(loss) -> Loss:
    """A loss object from a name (``"mse"``, ``"bce"``, ``"cross_entropy"``, ``"perceptron"``) or a Loss."""
    return loss if isinstance(loss, Loss) else LOSSES[check_option(loss, "loss", LOSSES)]()
