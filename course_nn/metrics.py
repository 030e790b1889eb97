"""Evaluation metrics, written with NumPy and matching scikit-learn's definitions."""
from __future__ import annotations

import numpy as np


def accuracy(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true label: (TP + TN) / (TP + TN + FP + FN) for two classes."""
    y_true, y_pred = np.asarray(y_true).ravel(), np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"accuracy: y_true has {y_true.size} labels but y_pred has {y_pred.size}.")
    return float(np.mean(y_true == y_pred))
